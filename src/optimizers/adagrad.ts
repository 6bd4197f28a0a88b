import type { ConfigDict } from '../core/config.js';
import type { Tensor, Variable } from '../core/tensor.js';
import { add, div, mul, sub } from '../ops/arithmetic.js';
import { sqrt, square } from '../ops/unary.js';
import { Optimizer, type OptimizerOptions, option } from './optimizer.js';
import { checkNonNegative } from './validation.js';

/** Options of {@link Adagrad}. */
export interface AdagradOptions extends OptimizerOptions {
  /** Starting value of the accumulator, ≥ 0. Default 0.1. */
  initialAccumulatorValue?: number;
  /** Added to the accumulator under the square root. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adagrad: per-element steps divided by the root of all squared gradients seen so far, so often-updated
 * parameters slow down. Defaults: `learningRate` 0.001, `initialAccumulatorValue` 0.1, `epsilon` 1e-7.
 *
 * ```
 * acc ← acc + g²                 (acc starts at initialAccumulatorValue)
 * w ← w − lr · g / √(acc + ε)
 * ```
 *
 * @throws {ValueError} for a negative `initialAccumulatorValue` or epsilon, or an invalid common option.
 * @example
 * ```ts
 * const opt = new optimizers.Adagrad({ learningRate: 0.1 });
 * ```
 */
export class Adagrad extends Optimizer<'accumulator'> {
  static readonly className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(options: AdagradOptions = {}) {
    super(options, { learningRate: 0.001, name: 'adagrad' }, ['initialAccumulatorValue', 'epsilon']);
    const owner = this.className;
    this.initialAccumulatorValue = checkNonNegative(
      owner,
      'initialAccumulatorValue',
      option(options.initialAccumulatorValue, 0.1),
    );
    this.epsilon = checkNonNegative(owner, 'epsilon', option(options.epsilon, 1e-7));
  }

  protected slotNames(): readonly 'accumulator'[] {
    return ['accumulator'];
  }

  protected override slotInitialValue(): number {
    return this.initialAccumulatorValue;
  }

  protected updateStep(g: Tensor, w: Variable, lr: number, slots: Readonly<Record<'accumulator', Variable>>): void {
    const acc = slots.accumulator;
    acc.assign(add(acc, square(g)));
    w.assign(sub(w, div(mul(lr, g), sqrt(add(acc, this.epsilon)))));
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
