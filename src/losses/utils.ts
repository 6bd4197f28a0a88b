import { checkOptions, invalidArgument } from '../core/validate.js';
/**
 * Helpers shared by the losses and the metrics: bringing labels and predictions to one float dtype and one
 * rank (Keras's `squeeze_or_expand_to_same_rank`), broadcasting sample weights, and validating options.
 */

import { isFloat } from '../core/dtype.js';
import { ShapeError } from '../core/errors.js';
import { formatShape, type Shape, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { div } from '../ops/arithmetic.js';
import { equal, where } from '../ops/compare.js';
import { convertToTensor, type TensorLike } from '../ops/convert.js';
import { expandDims, reshape, squeeze } from '../ops/shape.js';
import { cast } from '../ops/unary.js';

/**
 * Keras's fuzz factor `backend.epsilon()`: probabilities are clipped to [ε, 1 − ε] before a logarithm.
 * NOTE: in float32, 1 − 1e-7 rounds to 0.99999988; the clip is what keeps log(1 − p) finite either way.
 */
export const EPSILON = 1e-7;

/** Converts to a tensor, casting int32 and bool to float32 (float64 stays float64). */
export function toFloat(x: TensorLike, arg: string, op: string, dtypeHint?: Tensor['dtype']): Tensor {
  const t = convertToTensor(x, arg, op, dtypeHint);
  return isFloat(t.dtype) ? t : cast(t, 'float32');
}

/** yPred as a float tensor and yTrue cast to its dtype (Keras: `y_true = ops.cast(y_true, y_pred.dtype)`). */
export function floatPair(yTrue: TensorLike, yPred: TensorLike, op: string): [Tensor, Tensor] {
  const p = toFloat(yPred, 'yPred', op);
  const t = convertToTensor(yTrue, 'yTrue', op, p.dtype);
  return [t.dtype === p.dtype ? t : cast(t, p.dtype), p];
}

/**
 * Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by exactly one and the longer shape ends
 * in 1, that axis is squeezed — or, when the shorter one is rank 1 and `expandRank1`, the shorter gains a
 * trailing 1 instead. So labels [n] meet predictions [n, 1]. Any other pair is returned unchanged.
 */
export function squeezeOrExpandToSameRank(x1: Tensor, x2: Tensor, expandRank1 = true): [Tensor, Tensor] {
  const r1 = x1.rank;
  const r2 = x2.rank;
  if (r1 === r2 + 1 && x1.shape[r1 - 1] === 1) {
    return r2 === 1 && expandRank1 ? [x1, expandDims(x2, -1)] : [squeeze(x1, -1), x2];
  }
  if (r2 === r1 + 1 && x2.shape[r2 - 1] === 1) {
    return r1 === 1 && expandRank1 ? [expandDims(x1, -1), x2] : [x1, squeeze(x2, -1)];
  }
  return [x1, x2];
}

/** The ShapeError every loss and metric throws for labels and predictions that do not pair up. */
export function shapeMismatch(op: string, yTrue: Shape, yPred: Shape, expected = 'the same shape'): ShapeError {
  return new ShapeError(
    `${op}: \`yTrue\` and \`yPred\` must have ${expected}. ` +
      `Received: yTrue.shape=${formatShape(yTrue)}, yPred.shape=${formatShape(yPred)}`,
  );
}

/**
 * {@link floatPair}, then {@link squeezeOrExpandToSameRank}, then a check that the shapes are equal.
 * Keras would broadcast, e.g. labels [n, 3] against predictions [n, 1]; that is nearly always a bug, so
 * it is an error here.
 * @throws {ShapeError} naming `op` and both original shapes.
 */
export function matchedPair(yTrue: TensorLike, yPred: TensorLike, op: string): [Tensor, Tensor] {
  const [t0, p0] = floatPair(yTrue, yPred, op);
  const [t, p] = squeezeOrExpandToSameRank(t0, p0);
  if (!shapesEqual(t.shape, p.shape)) throw shapeMismatch(op, t0.shape, p0.shape);
  return [t, p];
}

/**
 * Brings per-sample weights to the shape of `values` for an elementwise product: a trailing axis of size 1
 * is squeezed ([n, 1] against [n]); a lower rank gains trailing axes of size 1 (weights [n] against
 * values [n, t] weigh whole samples, as Keras 2's `broadcast_weights`); then each axis must be 1 or match.
 * @throws {ShapeError} when the weights cannot weigh `values` without enlarging it.
 */
export function alignWeights(weights: Tensor, shape: Shape, op: string): Tensor {
  let w = weights;
  if (w.rank === shape.length + 1 && w.shape[w.rank - 1] === 1) w = squeeze(w, -1);
  if (w.rank < shape.length) w = reshape(w, [...w.shape, ...new Array<number>(shape.length - w.rank).fill(1)]);
  if (w.rank !== shape.length || !w.shape.every((d, i) => d === 1 || d === shape[i])) {
    throw new ShapeError(
      `${op}: \`sampleWeight\` must weigh samples along the leading axes of the values it weights. ` +
        `Expected a shape that broadcasts to ${formatShape(shape)}. Received: sampleWeight.shape=${formatShape(weights.shape)}`,
    );
  }
  return w;
}

/**
 * total / divisor, or 0 where the divisor is 0 (Keras's `divide_no_nan`).
 * NOTE: the divisor is replaced by 1 before dividing where it is 0, so neither the value nor the gradient
 * of the branch that `where` discards can be NaN (0 · (1/0) would poison the gradient).
 */
export function divideNoNan(total: Tensor, divisor: Tensor): Tensor {
  const isZero = equal(divisor, 0);
  return where(isZero, 0, div(total, where(isZero, 1, divisor)));
}

// ---------------------------------------------------------------------------------------------------------
// Option validation: messages say what, expected, received (Keras style).

const invalid = invalidArgument;

/** Rejects option keys the callee does not take (see {@link checkOptions}). */
export const checkKeys: (op: string, options: object | undefined, allowed: readonly string[]) => void = checkOptions;

export function boolOption(op: string, arg: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalid(op, arg, 'a boolean', value);
  return value;
}

/** A number in [lo, hi] (`exclusiveLo`: in (lo, hi]). */
export function numberOption(
  op: string,
  arg: string,
  value: unknown,
  fallback: number,
  lo: number,
  hi: number,
  exclusiveLo = false,
): number {
  if (value === undefined) return fallback;
  const ok = typeof value === 'number' && (exclusiveLo ? value > lo : value >= lo) && value <= hi;
  if (!ok) {
    const range = `${exclusiveLo ? '(' : '['}${lo}, ${hi}]`;
    throw invalid(op, arg, hi === Number.POSITIVE_INFINITY ? `a number > ${lo}` : `a number in ${range}`, value);
  }
  return value;
}

export function integerOption(op: string, arg: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalid(op, arg, min === Number.MIN_SAFE_INTEGER ? 'an integer' : `an integer ≥ ${min}`, value);
  }
  return value;
}

export function choiceOption<T extends string>(
  op: string,
  arg: string,
  value: unknown,
  fallback: T,
  choices: readonly T[],
): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly unknown[]).includes(value)) {
    throw invalid(op, arg, `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`, value);
  }
  return value as T;
}

export function nameOption(op: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) throw invalid(op, 'name', 'a non-empty string', value);
  return value;
}
