import type { ConfigDict } from '../core/config.js';
import type { Tensor } from '../core/tensor.js';
import { checkOptions } from '../core/validate.js';
import { div, mul } from '../ops/arithmetic.js';
import { less } from '../ops/compare.js';
import { zerosLike } from '../ops/creation.js';
import { randomUniform } from '../ops/random.js';
import { cast } from '../ops/unary.js';
import { Dropout } from './dropout.js';
import { LAYER_KEYS, type LayerArgs, type LayerShape, layerClassName, withPositional } from './layer.js';
import { assertRank, checkDataFormat, type DataFormat } from './reshaping/arguments.js';

export interface SpatialDropoutArgs extends LayerArgs {
  /** Fraction of the feature maps (channels) to drop, in [0, 1]. */
  rate: number;
  /** Makes the sequence of masks reproducible; each call still draws a new mask. */
  seed?: number | null;
  /** Only 'channels_last' (Keras's default); SpatialDropout1D has none, as in Keras. */
  dataFormat?: DataFormat;
}

/**
 * Dropout of whole feature maps: while training, each channel of each sample is zeroed with probability `rate`
 * across all its positions, and the kept ones are scaled by 1/(1 − rate); the mask has shape
 * (batch, 1, …, 1, channels). At inference it is the identity. Adjacent positions of a feature map are strongly
 * correlated, so Dropout of single units barely regularizes a convnet; dropping the whole map does.
 */
export abstract class SpatialDropout extends Dropout {
  /** The rank of the inputs, batch included. */
  protected abstract readonly ndim: number;
  readonly dataFormat: DataFormat;

  constructor(rate: number | SpatialDropoutArgs, args: Omit<SpatialDropoutArgs, 'rate'> = {}) {
    const owner = layerClassName(new.target);
    const all = withPositional<SpatialDropoutArgs>(owner, 'rate', rate, args);
    // Keras's spatial dropouts take no noise shape: it is theirs to set.
    checkOptions(owner, all, [...LAYER_KEYS, 'rate', 'seed', ...(owner === 'SpatialDropout1D' ? [] : ['dataFormat'])]);
    const { dataFormat, ...rest } = all;
    super(rest);
    this.dataFormat = checkDataFormat(owner, dataFormat);
  }

  override build(inputShape: LayerShape): void {
    assertRank(this.name, inputShape, this.ndim);
    super.build(inputShape);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    assertRank(this.name, shape, this.ndim);
  }

  override call(inputs: Tensor, { training }: { training: boolean }): Tensor {
    if (!training || this.rate === 0) return inputs;
    if (this.rate === 1) return zerosLike(inputs);
    const shape = inputs.shape.map((d, i) => (i === 0 || i === inputs.rank - 1 ? d : 1));
    const keep = less(randomUniform(shape, 0, 1, 'float32', this.seedGenerator.nextSeed()), 1 - this.rate);
    return div(mul(inputs, cast(keep, inputs.dtype)), 1 - this.rate);
  }

  /**
   * Keras's keys: rate, seed, name, dtype (and dataFormat for 2D and 3D); no noiseShape, and no `trainable`, which
   * Keras's constructor refuses (a file with it does not load in Keras). A layer without weights loses nothing.
   */
  override getConfig(): ConfigDict {
    const { noiseShape: _set, trainable: _none, ...rest } = super.getConfig();
    return this.ndim === 3 ? rest : { ...rest, dataFormat: this.dataFormat };
  }
}

/**
 * {@link SpatialDropout} for sequences: drops whole channels of [batch, steps, channels] (mask [batch, 1, channels]).
 * @throws {ValueError} for a rate outside [0, 1]; {ShapeError} for an input not of rank 3.
 * @example `new layers.SpatialDropout1D({ rate: 0.2, seed: 1 })`
 */
export class SpatialDropout1D extends SpatialDropout {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static override readonly className: string = 'SpatialDropout1D';
  override readonly className: string = 'SpatialDropout1D';
  protected readonly ndim = 3;
}

/**
 * {@link SpatialDropout} for images: drops whole channels of [batch, rows, cols, channels] (mask [batch, 1, 1, channels]).
 * @throws {ValueError} for a rate outside [0, 1]; {ShapeError} for an input not of rank 4.
 * @example `new layers.SpatialDropout2D(0.25)`
 */
export class SpatialDropout2D extends SpatialDropout {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static override readonly className: string = 'SpatialDropout2D';
  override readonly className: string = 'SpatialDropout2D';
  protected readonly ndim = 4;
}

/**
 * {@link SpatialDropout} for volumes: drops whole channels of [batch, d₁, d₂, d₃, channels] (mask [batch, 1, 1, 1, channels]).
 * @throws {ValueError} for a rate outside [0, 1]; {ShapeError} for an input not of rank 5.
 * @example `new layers.SpatialDropout3D({ rate: 0.1, seed: 7 })`
 */
export class SpatialDropout3D extends SpatialDropout {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static override readonly className: string = 'SpatialDropout3D';
  override readonly className: string = 'SpatialDropout3D';
  protected readonly ndim = 5;
}
