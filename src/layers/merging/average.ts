import type { Tensor } from '../../core/tensor.js';
import { add, div } from '../../ops/arithmetic.js';
import { Merge, type MergeArgs, type MergeFunction } from './base-merge.js';

/**
 * Averages a list of inputs elementwise: `output = (x₀ + x₁ + … + xₙ₋₁) / n`.
 *
 * Input: a list of tensors whose sample shapes broadcast (see {@link Merge}); output: the broadcast shape.
 * @throws {ShapeError} at build or call for shapes that do not broadcast or different batch sizes;
 *   {ValueError} when not called on a list.
 * @example `new layers.Average().apply([Input({ shape: [4] }), Input({ shape: [4] })])` // shape [null, 4]
 */
export class Average extends Merge {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Average';
  readonly className: string = 'Average';

  constructor(args: MergeArgs = {}) {
    super(args);
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    // The sum, then one division, as Keras: not a running mean, which rounds differently.
    const total = inputs.slice(1).reduce<Tensor>((acc, x) => add(acc, x), inputs[0] as Tensor);
    return div(total, inputs.length);
  }
}

/**
 * Keras's `keras.layers.average(inputs)`: `new Average(args).apply(inputs)`.
 * @example `const y = layers.average([a, b])`
 */
export const average = ((inputs, args) =>
  new Average(args).apply(inputs as readonly Tensor[])) as MergeFunction<MergeArgs>;
