import type { Tensor } from '../../core/tensor.js';
import { minimum as minimumOp } from '../../ops/arithmetic.js';
import { Merge, type MergeArgs, type MergeFunction } from './base-merge.js';

/**
 * The elementwise minimum of a list of inputs (NaN in any input gives NaN): `output = min(x₀, x₁, …, xₙ₋₁)`.
 *
 * Input: a list of tensors whose sample shapes broadcast (see {@link Merge}); output: the broadcast shape.
 * @throws {ShapeError} at build or call for shapes that do not broadcast or different batch sizes;
 *   {ValueError} when not called on a list.
 * @example `new layers.Minimum().apply([Input({ shape: [4] }), Input({ shape: [4] })])` // shape [null, 4]
 */
export class Minimum extends Merge {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Minimum';
  readonly className: string = 'Minimum';

  constructor(args: MergeArgs = {}) {
    super(args);
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.slice(1).reduce<Tensor>((acc, x) => minimumOp(acc, x), inputs[0] as Tensor);
  }
}

/**
 * Keras's `keras.layers.minimum(inputs)`: `new Minimum(args).apply(inputs)`.
 * @example `const y = layers.minimum([a, b])`
 */
export const minimum = ((inputs, args) =>
  new Minimum(args).apply(inputs as readonly Tensor[])) as MergeFunction<MergeArgs>;
