import type { Tensor } from '../../core/tensor.js';
import { mul } from '../../ops/arithmetic.js';
import { Merge, type MergeArgs, type MergeFunction } from './base-merge.js';

/**
 * Multiplies a list of inputs elementwise: `output = x₀ · x₁ · … · xₙ₋₁`.
 *
 * Input: a list of tensors whose sample shapes broadcast (see {@link Merge}); output: the broadcast shape.
 * @throws {ShapeError} at build or call for shapes that do not broadcast or different batch sizes;
 *   {ValueError} when not called on a list.
 * @example `new layers.Multiply().apply([Input({ shape: [4] }), Input({ shape: [4] })])` // shape [null, 4]
 */
export class Multiply extends Merge {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Multiply';
  readonly className: string = 'Multiply';

  constructor(args: MergeArgs = {}) {
    super(args);
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.slice(1).reduce<Tensor>((acc, x) => mul(acc, x), inputs[0] as Tensor);
  }
}

/**
 * Keras's `keras.layers.multiply(inputs)`: `new Multiply(args).apply(inputs)`.
 * @example `const y = layers.multiply([a, b])`
 */
export const multiply = ((inputs, args) =>
  new Multiply(args).apply(inputs as readonly Tensor[])) as MergeFunction<MergeArgs>;
