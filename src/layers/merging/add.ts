import type { Tensor } from '../../core/tensor.js';
import { add as addOp } from '../../ops/arithmetic.js';
import { Merge, type MergeArgs, type MergeFunction } from './base-merge.js';

/**
 * Adds a list of inputs elementwise: `output = x₀ + x₁ + … + xₙ₋₁`.
 *
 * Input: a list of tensors whose sample shapes broadcast (see {@link Merge}); output: the broadcast shape.
 * @throws {ShapeError} at build or call for shapes that do not broadcast or different batch sizes;
 *   {ValueError} when not called on a list.
 * @example
 * ```ts
 * const a = Input({ shape: [4] });
 * const b = Input({ shape: [4] });
 * const sum = new layers.Add().apply([a, b]); // shape [null, 4]
 * ```
 */
export class Add extends Merge {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Add';
  readonly className: string = 'Add';

  constructor(args: MergeArgs = {}) {
    super(args);
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.slice(1).reduce<Tensor>((acc, x) => addOp(acc, x), inputs[0] as Tensor);
  }
}

/**
 * Keras's `keras.layers.add(inputs)`: `new Add(args).apply(inputs)`.
 * @example `const y = layers.add([a, b])`
 */
export const add = ((inputs, args) => new Add(args).apply(inputs as readonly Tensor[])) as MergeFunction<MergeArgs>;
