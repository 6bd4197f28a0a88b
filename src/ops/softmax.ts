import { normalizeAxes, normalizeAxis, reducedShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { add, div, sub } from './arithmetic.js';
import { where } from './compare.js';
import type { TensorLike } from './convert.js';
import { stopGradient } from './gradient-stop.js';
import { floatOperand, scoped } from './internal.js';
import { recordLogits } from './logits.js';
import { max, sum } from './reduction.js';
import { reshape } from './shape.js';
import { exp, isFinite, log } from './unary.js';

/**
 * log Σ exp(x) over `axis`, computed as m + log Σ exp(x − m) with m = max(x): no
 * overflow for large inputs. m is a constant for differentiation (its gradient
 * cancels analytically), so ties in the max never disturb the gradient.
 * @example `logSumExp(tensor([1000, 1000]))` // 1000.6931…
 */
export function logSumExp(x: TensorLike, axis: number | readonly number[] | null = null, keepDims = false): Tensor {
  return scoped('logSumExp', () => {
    const $x = floatOperand(x, 'logits', 'logSumExp');
    const axes = normalizeAxes(axis, $x.rank, 'logSumExp');
    const m = stopGradient(max($x, axes, true));
    // NOTE: where a slice is all −Infinity (or holds +Infinity), x − m would be NaN; shift by 0 there instead,
    // which gives −Infinity (or +Infinity) as the exact answer.
    const finiteM = where(isFinite(m), m, 0);
    const shifted = sub($x, finiteM);
    const s = add(log(sum(exp(shifted), axes, true)), finiteM);
    return keepDims ? s : reshape(s, reducedShape($x.shape, axes, false));
  });
}

function shiftedByMax(x: Tensor, axis: number): Tensor {
  const m = stopGradient(max(x, axis, true));
  return sub(x, where(isFinite(m), m, 0));
}

/**
 * log softmax(x) = (x − m) − log Σ exp(x − m) over `axis` (default: last), with m the
 * max: stable for large inputs, and exact where one logit dominates.
 * @example `logSoftmax(tensor([[0, 0]]))` // [[-0.693…, -0.693…]]
 */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  return scoped('logSoftmax', () => {
    const $x = floatOperand(logits, 'logits', 'logSoftmax');
    const shifted = shiftedByMax($x, normalizeAxis(axis, $x.rank, 'logSoftmax'));
    return sub(shifted, log(sum(exp(shifted), axis, true)));
  });
}

/**
 * eˣ / Σ eˣ over `axis` (default: last), computed as exp(x − m) / Σ exp(x − m) with m
 * the max: no overflow for large inputs.
 * @example `softmax(tensor([1000, 1000]))` // [0.5, 0.5]
 */
export function softmax(logits: TensorLike, axis = -1): Tensor {
  return scoped('softmax', () => {
    const $x = floatOperand(logits, 'logits', 'softmax');
    const a = normalizeAxis(axis, $x.rank, 'softmax');
    const e = exp(shiftedByMax($x, a));
    // The crossentropies compute from the logits when they receive this output (Keras's `_keras_logits`).
    return recordLogits(div(e, sum(e, axis, true)), 'softmax', $x === logits ? logits : undefined, a);
  });
}
