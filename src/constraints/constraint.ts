import { type ConfigDict, fromConfigOf, type Serializable } from '../core/config.js';
import type { Tensor } from '../core/tensor.js';
import { invalidArgument } from '../core/validate.js';

/**
 * A projection applied to a weight after every optimizer step: `w ← constraint.apply(w)` (Keras's
 * `kernel_constraint`). Subclasses return their options from `getConfig()` and register their class name.
 *
 * @example
 * ```ts
 * const w = new MaxNorm({ maxValue: 2 }).apply(kernel); // every column's norm ≤ 2
 * ```
 */
export abstract class Constraint implements Serializable {
  /**
   * Rebuilds an instance from what `getConfig()` returned (Keras's `from_config`).
   * @example `constraints.MaxNorm.fromConfig({ maxValue: 3, axis: 0 })`
   */
  static fromConfig<T extends Constraint>(this: { prototype: T }, config: ConfigDict): T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass it is called on (Dense.fromConfig builds a Dense).
    return fromConfigOf(this, config);
  }

  /** The registered class name (Keras's `class_name`), e.g. `'MaxNorm'`. */
  abstract readonly className: string;

  /** The projected weight, a new tensor of w's shape and dtype. */
  abstract apply(w: Tensor): Tensor;

  /** The constructor options; constraints without options return `{}`. */
  getConfig(): ConfigDict {
    return {};
  }
}

/**
 * Keras's fuzz factor (`backend.epsilon()`): added to a norm before dividing by it, so a zero column stays zero
 * instead of becoming 0/0 = NaN.
 */
export const EPSILON = 1e-7;

/** The axis or axes a norm is taken over. */
export type NormAxis = number | readonly number[];

/** `value` when it is a finite number ≥ 0, else a ValueError naming `arg`. */
export function nonNegativeNumber(className: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(className, arg, 'a non-negative finite number', value);
  }
  return value;
}

/**
 * The axis as given, checked to be an integer or a non-empty list of integers. Its range depends on the
 * weight's rank, so that is checked at `apply` (by the reduction).
 */
export function normAxis(className: string, axis: unknown): NormAxis {
  const isInt = (a: unknown): a is number => typeof a === 'number' && Number.isInteger(a);
  if (isInt(axis)) return axis;
  if (Array.isArray(axis) && axis.length > 0 && axis.every(isInt)) return [...axis];
  throw invalidArgument(className, 'axis', 'an integer or a non-empty array of integers', axis);
}
