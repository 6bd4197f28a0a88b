import { tidy } from '../core/api.js';
import type { Tensor } from '../core/tensor.js';
import { checkNumber, checkOptions, invalidArgument } from '../core/validate.js';
import { add, div, mul } from '../ops/arithmetic.js';
import { sum } from '../ops/reduction.js';
import { clipByValue, sqrt, square } from '../ops/unary.js';
import { Constraint, EPSILON, type NormAxis, nonNegativeNumber, normAxis } from './constraint.js';

/** √Σw² over `axis`, kept as size-1 dimensions so it broadcasts back against w. */
function norms(w: Tensor, axis: NormAxis): Tensor {
  return sqrt(sum(square(w), axis, true));
}

/** The options of {@link MaxNorm}. */
export interface MaxNormArgs {
  /** The largest norm allowed. Default 2. */
  maxValue?: number;
  /**
   * The axis (or axes) the norm runs over. Default 0: for a Dense kernel [inputDim, units], each unit's
   * incoming weight vector; for a Conv2D kernel [h, w, in, out] use [0, 1, 2].
   */
  axis?: NormAxis;
}

/**
 * Caps each weight vector's norm: n = √Σw² over `axis`; w ← w·clip(n, 0, maxValue) / (ε + n), ε = 1e-7.
 * Vectors already within the cap change only by the factor n/(ε + n) ≈ 1.
 * Keras note: Keras accepts any `max_value`; Dendrite refuses one ≤ 0, which would zero every weight.
 * @throws {ValueError} for a maxValue that is not a positive finite number, or an axis that is not an integer (list).
 * @throws {UnknownOptionError} for an option MaxNorm does not take (`max_value`: did you mean `maxValue`?).
 * @example `new MaxNorm({ maxValue: 1 }).apply(tensor([[3], [4]]))` // [[0.6], [0.8]]; `new MaxNorm(1)` is the same
 */
export class MaxNorm extends Constraint {
  readonly className: string = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: NormAxis;

  /** @param options the options, or `maxValue` alone (Keras's positional `MaxNorm(2)`). */
  constructor(options: number | MaxNormArgs = {}) {
    super();
    const all = typeof options === 'number' ? { maxValue: options } : options;
    checkOptions('MaxNorm', all, ['maxValue', 'axis']);
    const { maxValue = 2, axis = 0 } = all;
    this.maxValue = checkNumber('MaxNorm', 'maxValue', maxValue, 0, Number.POSITIVE_INFINITY, 'lo');
    this.axis = normAxis(this.className, axis);
  }

  apply(w: Tensor): Tensor {
    return tidy(() => {
      const n = norms(w, this.axis);
      return mul(w, div(clipByValue(n, 0, this.maxValue), add(n, EPSILON)));
    });
  }

  override getConfig(): { maxValue: number; axis: NormAxis } {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/** The options of {@link UnitNorm}. */
export interface UnitNormArgs {
  /** The axis (or axes) the norm runs over. Default 0. */
  axis?: NormAxis;
}

/**
 * Scales each weight vector to norm 1: w ← w / (ε + √Σw²) over `axis`, ε = 1e-7 (a zero vector stays zero).
 * @throws {ValueError} for an axis that is not an integer (list).
 * @example `new UnitNorm({ axis: 1 }).apply(tensor([[3, 4]]))` // [[0.6, 0.8]]
 */
export class UnitNorm extends Constraint {
  readonly className: string = 'UnitNorm';
  readonly axis: NormAxis;

  constructor(options: UnitNormArgs = {}) {
    super();
    checkOptions('UnitNorm', options, ['axis']);
    const { axis = 0 } = options;
    this.axis = normAxis(this.className, axis);
  }

  apply(w: Tensor): Tensor {
    return tidy(() => div(w, add(norms(w, this.axis), EPSILON)));
  }

  override getConfig(): { axis: NormAxis } {
    return { axis: this.axis };
  }
}

/** The options of {@link MinMaxNorm}. */
export interface MinMaxNormArgs {
  /** The smallest norm allowed. Default 0. */
  minValue?: number;
  /** The largest norm allowed. Default 1. */
  maxValue?: number;
  /**
   * How far to move toward the allowed range each step: 1 (default) projects onto it, 0 < rate < 1 moves
   * part of the way, 0 leaves w unchanged.
   */
  rate?: number;
  /** The axis (or axes) the norm runs over. Default 0. */
  axis?: NormAxis;
}

/**
 * Keeps each weight vector's norm within [minValue, maxValue]: n = √Σw² over `axis`;
 * desired = rate·clip(n, minValue, maxValue) + (1 − rate)·n; w ← w·desired / (ε + n), ε = 1e-7.
 * NOTE: a zero vector stays zero (it has no direction to scale up along), even when minValue > 0.
 * @throws {ValueError} unless 0 ≤ minValue ≤ maxValue (finite) and 0 ≤ rate ≤ 1, or for a bad axis.
 * @example `new MinMaxNorm({ minValue: 1, maxValue: 2 }).apply(tensor([[0.3], [0.4]]))` // [[0.6], [0.8]]
 */
export class MinMaxNorm extends Constraint {
  readonly className: string = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: NormAxis;

  constructor(options: MinMaxNormArgs = {}) {
    super();
    checkOptions('MinMaxNorm', options, ['minValue', 'maxValue', 'rate', 'axis']);
    const { minValue = 0, maxValue = 1, rate = 1, axis = 0 } = options;
    this.minValue = nonNegativeNumber(this.className, 'minValue', minValue);
    this.maxValue = nonNegativeNumber(this.className, 'maxValue', maxValue);
    if (this.minValue > this.maxValue) {
      throw invalidArgument(this.className, 'maxValue', `a number ≥ minValue=${this.minValue}`, maxValue);
    }
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw invalidArgument(this.className, 'rate', 'a number between 0 and 1', rate);
    }
    this.rate = rate;
    this.axis = normAxis(this.className, axis);
  }

  apply(w: Tensor): Tensor {
    return tidy(() => {
      const n = norms(w, this.axis);
      const desired = add(mul(clipByValue(n, this.minValue, this.maxValue), this.rate), mul(n, 1 - this.rate));
      return mul(w, div(desired, add(n, EPSILON)));
    });
  }

  override getConfig(): { minValue: number; maxValue: number; rate: number; axis: NormAxis } {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

/**
 * A {@link MaxNorm} constraint: norm ≤ maxValue (TensorFlow.js's factory).
 * @example `layers.dense({ units: 4, kernelConstraint: constraints.maxNorm({ maxValue: 3 }) })`
 */
export function maxNorm(args?: number | MaxNormArgs): MaxNorm {
  return new MaxNorm(args);
}

/**
 * A {@link UnitNorm} constraint: norm = 1.
 * @example `constraints.unitNorm({ axis: 0 }).apply(w)`
 */
export function unitNorm(args?: UnitNormArgs): UnitNorm {
  return new UnitNorm(args);
}

/**
 * A {@link MinMaxNorm} constraint: minValue ≤ norm ≤ maxValue.
 * @example `constraints.minMaxNorm({ minValue: 0.5, maxValue: 1 }).apply(w)`
 */
export function minMaxNorm(args?: MinMaxNormArgs): MinMaxNorm {
  return new MinMaxNorm(args);
}
