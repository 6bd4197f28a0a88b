import type { ConfigDict } from '../../core/config.js';
import { NotImplementedError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { checkChoice } from '../../core/validate.js';
import { repeat } from '../../ops/repeat.js';
import { Layer, type LayerArgs, type LayerShape, layerClassName } from '../layer.js';
import { assertRank, checkDataFormat, type DataFormat, scaled, standardizeTuple } from './arguments.js';

/** Keras's interpolations; only 'nearest' is implemented. */
export const UP_SAMPLING_INTERPOLATIONS = ['nearest', 'bilinear', 'bicubic', 'lanczos3', 'lanczos5', 'area'] as const;
export type UpSamplingInterpolation = (typeof UP_SAMPLING_INTERPOLATIONS)[number];

export interface UpSampling2DArgs extends LayerArgs {
  /** Factors for rows and columns: one int for both, or `[rows, cols]`. Default 2. */
  size?: number | readonly [number, number];
  /** Only 'channels_last' (Keras's default). */
  dataFormat?: DataFormat;
  /** Default 'nearest', the only one implemented. */
  interpolation?: UpSamplingInterpolation;
}

const KEYS: readonly (keyof UpSampling2DArgs)[] = ['size', 'dataFormat', 'interpolation'];

/**
 * Nearest-neighbour upsampling: each row is repeated `size[0]` times and each column `size[1]` times,
 * `output[b, i, j, c] = input[b, ⌊i / size[0]⌋, ⌊j / size[1]⌋, c]`.
 *
 * Input: [batch, rows, cols, channels]. Output: [batch, rows·size[0], cols·size[1], channels].
 * @throws {ValueError} for a size that is not an int or a pair of positive ints, or an unknown interpolation;
 *   {NotImplementedError} for an interpolation other than 'nearest' (Keras note: Keras also has bilinear, bicubic,
 *   lanczos3, lanczos5 and area); {ShapeError} for an input not of rank 4.
 * @example `new layers.UpSampling2D([2, 3]).apply(Input({ shape: [4, 4, 1] })) // shape [null, 8, 12, 1]`
 */
export class UpSampling2D extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'UpSampling2D';
  readonly className: string = 'UpSampling2D';
  readonly size: readonly [number, number];
  readonly dataFormat: DataFormat;
  readonly interpolation: 'nearest';

  constructor(size?: number | readonly [number, number] | UpSampling2DArgs, args: Omit<UpSampling2DArgs, 'size'> = {}) {
    const owner = layerClassName(new.target);
    const all: UpSampling2DArgs =
      typeof size === 'object' && !Array.isArray(size) ? (size as UpSampling2DArgs) : { ...args, size: size as number };
    super(all, KEYS);
    this.size = standardizeTuple(owner, all.size ?? 2, 2, 'size', false) as unknown as [number, number];
    this.dataFormat = checkDataFormat(owner, all.dataFormat);
    const interpolation = checkChoice(
      owner,
      'interpolation',
      all.interpolation ?? 'nearest',
      UP_SAMPLING_INTERPOLATIONS,
    );
    if (interpolation !== 'nearest') {
      throw new NotImplementedError(`${owner}: interpolation '${interpolation}' is not implemented; use 'nearest'`);
    }
    this.interpolation = interpolation;
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    assertRank(this.name, shape, 4);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    assertRank(this.name, inputShape, 4);
    return [
      inputShape[0] ?? null,
      scaled(inputShape[1], this.size[0]),
      scaled(inputShape[2], this.size[1]),
      inputShape[3] ?? null,
    ];
  }

  call(inputs: Tensor): Tensor {
    return repeat(repeat(inputs, this.size[0], 1), this.size[1], 2);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      size: this.size.slice(),
      dataFormat: this.dataFormat,
      interpolation: this.interpolation,
    };
  }
}
