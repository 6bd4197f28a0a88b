import type { ConfigDict } from '../../core/config.js';
import { ShapeError, ValueError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { checkChoice } from '../../core/validate.js';
import { outputSize } from '../../ops/conv-patches.js';
import { avgPool2d, maxPool2d } from '../../ops/pooling.js';
import { reshape } from '../../ops/shape.js';
import { checkDataFormat, standardizeTuple } from '../convolutional/tuples.js';
import { formatLayerShape, Layer, type LayerArgs, type LayerShape } from '../layer.js';

export interface PoolingArgs extends LayerArgs {
  /** The window: [ph, pw] (2-D), [p] (1-D), or one integer for every axis (default 2 for max pooling; required for average pooling, as in Keras). */
  poolSize?: number | readonly number[];
  /** Step of the window; default: poolSize (windows that tile the input). */
  strides?: number | readonly number[] | null;
  /** 'valid' (default) or 'same' (outSize = ⌈inSize/stride⌉, the extra cell at the end). */
  padding?: 'valid' | 'same';
  /** 'channels_last' only, for now. */
  dataFormat?: 'channels_last' | 'channels_first';
}

const POOLING_KEYS: readonly (keyof PoolingArgs)[] = ['poolSize', 'strides', 'padding', 'dataFormat'];

/**
 * What the max and average pooling layers share (Keras's BasePooling): the max or the mean over each window of
 * `rank` spatial axes of a channels-last input, per channel. Computed over Im2Col's patches (ops/pooling.ts), so
 * the gradient comes from the reduction's.
 */
export abstract class BasePooling extends Layer {
  readonly rank: 1 | 2;
  readonly mode: 'max' | 'average';
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly dataFormat: 'channels_last';

  protected constructor(rank: 1 | 2, mode: 'max' | 'average', owner: string, args: PoolingArgs) {
    super(args, POOLING_KEYS);
    this.rank = rank;
    this.mode = mode;
    // Keras defaults poolSize to 2 for max pooling and requires it for average pooling.
    if (args.poolSize === undefined && mode === 'average') {
      throw new ValueError(
        `${owner}: the argument \`poolSize\` is required (an integer or a tuple of ${rank} integers)`,
      );
    }
    this.poolSize = standardizeTuple(owner, 'poolSize', args.poolSize ?? 2, rank);
    this.strides =
      args.strides === undefined || args.strides === null
        ? this.poolSize.slice()
        : standardizeTuple(owner, 'strides', args.strides, rank);
    this.padding = checkChoice(owner, 'padding', args.padding ?? 'valid', ['valid', 'same'] as const);
    this.dataFormat = checkDataFormat(owner, args.dataFormat);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    if (shape.length !== this.rank + 2) {
      throw new ShapeError(
        `Input 0 of layer "${this.name}" is incompatible with the layer: expected ndim=${this.rank + 2}, found ndim=${shape.length}. Full shape received: ${formatLayerShape(shape)}`,
      );
    }
  }

  call(inputs: Tensor): Tensor {
    const pool = this.mode === 'max' ? maxPool2d : avgPool2d;
    const padding = this.padding;
    if (this.rank === 2) {
      return pool(inputs, {
        poolSize: this.poolSize as [number, number],
        strides: this.strides as [number, number],
        padding,
      });
    }
    // 1-D pooling is 2-D pooling of an image of height 1.
    const [n, steps, c] = inputs.shape as [number, number, number];
    const y = pool(reshape(inputs, [n, 1, steps, c]), {
      poolSize: [1, this.poolSize[0] as number],
      strides: [1, this.strides[0] as number],
      padding,
    });
    return reshape(y, [n, y.shape[2] as number, c]);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const spatial = inputShape
      .slice(1, 1 + this.rank)
      .map((size, i) =>
        size === null ? null : outputSize(this.padding, size, this.poolSize[i] as number, this.strides[i] as number, 1),
      );
    return [inputShape[0] ?? null, ...spatial, inputShape[inputShape.length - 1] ?? null];
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      poolSize: this.poolSize.slice(),
      strides: this.strides.slice(),
      padding: this.padding,
      dataFormat: this.dataFormat,
    };
  }
}
