import type { ConfigDict } from '../../core/config.js';
import type { Tensor } from '../../core/tensor.js';
import { pad } from '../../ops/shape.js';
import { Layer, type LayerArgs, type LayerShape, layerClassName } from '../layer.js';
import { assertRank, checkDataFormat, type DataFormat, type Pair, scaled, standardizePairs } from './arguments.js';

/** One int (all four sides), `[height, width]` (symmetric), or `[[top, bottom], [left, right]]`. */
export type Padding2D = number | readonly [number, number] | readonly [Pair, Pair];

export interface ZeroPadding2DArgs extends LayerArgs {
  /** Zeros added around the rows and columns. Default 1 on every side. */
  padding?: Padding2D;
  /** Only 'channels_last' (Keras's default). */
  dataFormat?: DataFormat;
}

const KEYS: readonly (keyof ZeroPadding2DArgs)[] = ['padding', 'dataFormat'];

/**
 * Pads rows and columns with zeros: `output[b, i, j, c] = input[b, i − top, j − left, c]`, zero outside the input.
 *
 * Input: [batch, rows, cols, channels]. Output: [batch, top + rows + bottom, left + cols + right, channels].
 * @throws {ValueError} for a padding that is not an int, a pair or a pair of pairs of values ≥ 0, in Keras's words;
 *   {ShapeError} for an input not of rank 4.
 * @example `new layers.ZeroPadding2D([[1, 0], [2, 2]]).apply(Input({ shape: [4, 4, 3] })) // shape [null, 5, 8, 3]`
 */
export class ZeroPadding2D extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'ZeroPadding2D';
  readonly className: string = 'ZeroPadding2D';
  readonly padding: readonly [Pair, Pair];
  readonly dataFormat: DataFormat;

  constructor(padding?: Padding2D | ZeroPadding2DArgs, args: Omit<ZeroPadding2DArgs, 'padding'> = {}) {
    const owner = layerClassName(new.target);
    const all: ZeroPadding2DArgs =
      typeof padding === 'object' && !Array.isArray(padding)
        ? (padding as ZeroPadding2DArgs)
        : { ...args, padding: padding as Padding2D };
    super(all, KEYS);
    this.padding = standardizePairs(owner, all.padding ?? 1, 'padding');
    this.dataFormat = checkDataFormat(owner, all.dataFormat);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    assertRank(this.name, shape, 4);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    assertRank(this.name, inputShape, 4);
    const [[t, b], [l, r]] = this.padding;
    return [
      inputShape[0] ?? null,
      scaled(inputShape[1], 1, t + b),
      scaled(inputShape[2], 1, l + r),
      inputShape[3] ?? null,
    ];
  }

  call(inputs: Tensor): Tensor {
    return pad(inputs, [[0, 0], ...this.padding, [0, 0]]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), padding: this.padding.map((p) => p.slice()), dataFormat: this.dataFormat };
  }
}
