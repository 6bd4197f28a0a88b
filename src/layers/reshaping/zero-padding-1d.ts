import type { ConfigDict } from '../../core/config.js';
import type { Tensor } from '../../core/tensor.js';
import { pad } from '../../ops/shape.js';
import { Layer, type LayerArgs, type LayerShape, layerClassName } from '../layer.js';
import { assertRank, checkDataFormat, type DataFormat, scaled, standardizeTuple } from './arguments.js';

export interface ZeroPadding1DArgs extends LayerArgs {
  /** Zeros added at the start and end of the steps axis: one int for both, or `[start, end]`. Default 1. */
  padding?: number | readonly [number, number];
  /** Only 'channels_last' (Keras's default). */
  dataFormat?: DataFormat;
}

const KEYS: readonly (keyof ZeroPadding1DArgs)[] = ['padding', 'dataFormat'];

/**
 * Pads the steps axis with zeros: `output[b, i, c] = input[b, i − start, c]`, zero outside the input.
 *
 * Input: [batch, steps, channels]. Output: [batch, start + steps + end, channels].
 * @throws {ValueError} ``The `padding` argument must be a tuple of 2 integers. Received padding=[1, 2, 3]``, or a
 *   negative value; {ShapeError} for an input not of rank 3.
 * @example `new layers.ZeroPadding1D([1, 2]).apply(Input({ shape: [5, 3] })) // shape [null, 8, 3]`
 */
export class ZeroPadding1D extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'ZeroPadding1D';
  readonly className: string = 'ZeroPadding1D';
  readonly padding: readonly [number, number];
  readonly dataFormat: DataFormat;

  constructor(
    padding?: number | readonly [number, number] | ZeroPadding1DArgs,
    args: Omit<ZeroPadding1DArgs, 'padding'> = {},
  ) {
    const owner = layerClassName(new.target);
    const all: ZeroPadding1DArgs =
      typeof padding === 'object' && !Array.isArray(padding)
        ? (padding as ZeroPadding1DArgs)
        : { ...args, padding: padding as number };
    super(all, KEYS);
    this.padding = standardizeTuple(owner, all.padding ?? 1, 2, 'padding', true) as unknown as [number, number];
    this.dataFormat = checkDataFormat(owner, all.dataFormat);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    assertRank(this.name, shape, 3);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    assertRank(this.name, inputShape, 3);
    const [a, b] = this.padding;
    return [inputShape[0] ?? null, scaled(inputShape[1], 1, a + b), inputShape[2] ?? null];
  }

  call(inputs: Tensor): Tensor {
    return pad(inputs, [[0, 0], this.padding, [0, 0]]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), padding: this.padding.slice(), dataFormat: this.dataFormat };
  }
}
