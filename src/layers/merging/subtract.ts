import { ValueError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { sub } from '../../ops/arithmetic.js';
import type { LayerShape } from '../layer.js';
import { formatShapeList, Merge, type MergeArgs, type MergeFunction } from './base-merge.js';

/**
 * Subtracts the second of exactly two inputs from the first: `output = x₀ − x₁`.
 *
 * Input: a list of two tensors whose sample shapes broadcast (see {@link Merge}); output: the broadcast shape.
 * @throws {ValueError} ``A `Subtract` layer should be called on exactly 2 inputs`` for another count, or when not
 *   called on a list; {ShapeError} for shapes that do not broadcast or different batch sizes.
 * @example `new layers.Subtract().apply([a, b])` // a − b
 */
export class Subtract extends Merge {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Subtract';
  readonly className: string = 'Subtract';

  constructor(args: MergeArgs = {}) {
    super(args);
  }

  protected override mergedShape(shapes: readonly LayerShape[]): LayerShape {
    const out = super.mergedShape(shapes);
    if (shapes.length !== 2) {
      throw new ValueError(
        `${this.owner}: a \`Subtract\` layer should be called on exactly 2 inputs. ` +
          `Received: input_shape=${formatShapeList(shapes)}`,
      );
    }
    return out;
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return sub(inputs[0] as Tensor, inputs[1] as Tensor);
  }
}

/**
 * Keras's `keras.layers.subtract(inputs)`: `new Subtract(args).apply(inputs)`.
 * @example `const y = layers.subtract([a, b])`
 */
export const subtract = ((inputs, args) =>
  new Subtract(args).apply(inputs as readonly Tensor[])) as MergeFunction<MergeArgs>;
