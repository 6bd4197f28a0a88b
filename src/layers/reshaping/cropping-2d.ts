import type { ConfigDict } from '../../core/config.js';
import { ShapeError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { slice } from '../../ops/shape.js';
import { formatLayerShape, Layer, type LayerArgs, type LayerShape, layerClassName } from '../layer.js';
import { assertRank, checkDataFormat, type DataFormat, type Pair, standardizePairs } from './arguments.js';

/** One int (all four sides), `[height, width]` (symmetric), or `[[top, bottom], [left, right]]`. */
export type Cropping2DValue = number | readonly [number, number] | readonly [Pair, Pair];

export interface Cropping2DArgs extends LayerArgs {
  /** Rows and columns removed from each side. Default 0 on every side. */
  cropping?: Cropping2DValue;
  /** Only 'channels_last' (Keras's default). */
  dataFormat?: DataFormat;
}

const KEYS: readonly (keyof Cropping2DArgs)[] = ['cropping', 'dataFormat'];

/**
 * Crops rows and columns: `output[b, i, j, c] = input[b, top + i, left + j, c]`.
 *
 * Input: [batch, rows, cols, channels]. Output: [batch, rows − top − bottom, cols − left − right, channels].
 * @throws {ValueError} for a cropping that is not an int, a pair or a pair of pairs of values ≥ 0; {ShapeError}
 *   when a cropping leaves nothing (``Values in `cropping` argument should be smaller than the corresponding spatial
 *   dimension of the input``), or for an input not of rank 4.
 * @example `new layers.Cropping2D([[1, 1], [2, 0]]).apply(Input({ shape: [5, 5, 3] })) // shape [null, 3, 3, 3]`
 */
export class Cropping2D extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Cropping2D';
  readonly className: string = 'Cropping2D';
  readonly cropping: readonly [Pair, Pair];
  readonly dataFormat: DataFormat;

  constructor(cropping?: Cropping2DValue | Cropping2DArgs, args: Omit<Cropping2DArgs, 'cropping'> = {}) {
    const owner = layerClassName(new.target);
    const all: Cropping2DArgs =
      typeof cropping === 'object' && !Array.isArray(cropping)
        ? (cropping as Cropping2DArgs)
        : { ...args, cropping: cropping as Cropping2DValue };
    super(all, KEYS);
    this.cropping = standardizePairs(owner, all.cropping ?? 0, 'cropping');
    this.dataFormat = checkDataFormat(owner, all.dataFormat);
  }

  private checkSizes(shape: LayerShape, what: string): void {
    const tooBig = [1, 2].some((axis) => {
      const d = shape[axis];
      const [a, b] = this.cropping[axis - 1] as Pair;
      return d !== null && d !== undefined && a + b >= d;
    });
    if (tooBig) {
      throw new ShapeError(
        `Layer "${this.name}": Values in \`cropping\` argument should be smaller than the corresponding spatial ` +
          `dimension of the input. Received: ${what}=${formatLayerShape(shape)}, cropping=${formatPairs(this.cropping)}`,
      );
    }
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    assertRank(this.name, shape, 4);
    this.checkSizes(shape, 'inputs.shape');
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    assertRank(this.name, inputShape, 4);
    this.checkSizes(inputShape, 'input_shape');
    const crop = (d: number | null | undefined, [a, b]: Pair) => (d === null || d === undefined ? null : d - a - b);
    return [
      inputShape[0] ?? null,
      crop(inputShape[1], this.cropping[0]),
      crop(inputShape[2], this.cropping[1]),
      inputShape[3] ?? null,
    ];
  }

  call(inputs: Tensor): Tensor {
    const [batch, rows, cols, channels] = inputs.shape as [number, number, number, number];
    const [[t, b], [l, r]] = this.cropping;
    return slice(inputs, [0, t, l, 0], [batch, rows - t - b, cols - l - r, channels]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), cropping: this.cropping.map((p) => p.slice()), dataFormat: this.dataFormat };
  }
}

/** Python's rendering of a pair of pairs: ((1, 1), (2, 0)). */
function formatPairs(pairs: readonly [Pair, Pair]): string {
  return `(${pairs.map((p) => `(${p[0]}, ${p[1]})`).join(', ')})`;
}
