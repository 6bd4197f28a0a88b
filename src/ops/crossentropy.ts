import type { CrossEntropyKind } from '../backends/kernel-names.js';
import { isFloat } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ShapeError } from '../core/errors.js';
import { formatShape, normalizeAxis, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { add, div, mul, sub } from './arithmetic.js';
import { greaterEqual, where } from './compare.js';
import { scoped } from './internal.js';
import { mean, sum } from './reduction.js';
import { logSoftmax } from './softmax.js';
import { clipByValue, exp, log, log1p, neg } from './unary.js';

/**
 * Keras's crossentropy per sample over `axis` (default the last), labels `t` and predictions `p` of one shape.
 * Of probabilities: 'binary' is the mean of −(t·log q + (1 − t)·log(1 − q)), 'categorical' is −Σ t·log q after
 * dividing p by its sum; q is p clipped to [epsilon, 1 − epsilon]. Of logits x (`p` holds them): 'binaryLogits' is
 * the mean of max(x, 0) − x·t + log(1 + e^{−|x|}), 'categoricalLogits' is −Σ t·logSoftmax(x). Over the last axis of
 * one dtype, one CrossEntropy kernel call where the backend has it; otherwise these formulas in ops.
 * @throws {ShapeError} when t and p differ in shape or are not float, or p has no axis (rank 0).
 * @example `crossEntropy(tensor([[0, 1]]), tensor([[0.5, 0.5]]), 'categorical', 1e-7)` // [0.6931…]
 */
export function crossEntropy(t: Tensor, p: Tensor, kind: CrossEntropyKind, epsilon: number, axis = -1): Tensor {
  if (!shapesEqual(t.shape, p.shape) || !isFloat(t.dtype) || !isFloat(p.dtype)) {
    throw new ShapeError(
      `crossEntropy: operands must share one shape and be float. Received: ${t.dtype}${formatShape(t.shape)}, ${p.dtype}${formatShape(p.shape)}`,
    );
  }
  if (p.rank === 0) throw new ShapeError('crossEntropy: p must have a class axis (rank ≥ 1). Received: shape []');
  const a = normalizeAxis(axis, p.rank, 'crossEntropy');
  if (a === p.rank - 1 && t.dtype === p.dtype && ENGINE.hasKernel('CrossEntropy')) {
    // [ε, 1 − ε] as the composite's clip sees them: float32 scalars for float32 predictions.
    const [lo, hi] = p.dtype === 'float32' ? [Math.fround(epsilon), Math.fround(1 - epsilon)] : [epsilon, 1 - epsilon];
    return ENGINE.runKernel('CrossEntropy', [t, p], { kind, lo, hi });
  }
  return scoped('crossEntropy', () => {
    if (kind === 'binaryLogits') return mean(sigmoidCrossEntropyWithLogits(t, p), a);
    if (kind === 'binary') return mean(clippedBinaryCrossEntropy(t, p, epsilon), a);
    if (kind === 'categoricalLogits') return neg(sum(mul(t, logSoftmax(p, a)), a));
    const normalised = div(p, sum(p, a, true));
    return neg(sum(mul(t, log(clipByValue(normalised, epsilon, 1 - epsilon))), a));
  });
}

/**
 * max(x, 0) − x·y + log(1 + e^{−|x|}) elementwise (TensorFlow's `sigmoid_cross_entropy_with_logits`).
 * NOTE: max(x, 0) and −|x| are written as `where(x ≥ 0, …)` on one shared condition rather than with
 * `maximum` and `abs`: at x = 0 their subgradients (1 and −1) then add up to the true derivative
 * sigmoid(0) − y = 0.5 − y. With abs's subgradient 0 at 0 it would be 1 − y, and a zero-initialised
 * output layer would start with the wrong gradient.
 */
function sigmoidCrossEntropyWithLogits(y: Tensor, x: Tensor): Tensor {
  const nonNegative = greaterEqual(x, 0);
  const reluX = where(nonNegative, x, 0);
  const negAbsX = where(nonNegative, neg(x), x);
  return add(sub(reluX, mul(x, y)), log1p(exp(negAbsX)));
}

/** −(y·log q + (1 − y)·log(1 − q)) elementwise, q being p clipped to [ε, 1 − ε]. */
function clippedBinaryCrossEntropy(y: Tensor, p: Tensor, epsilon: number): Tensor {
  const q = clipByValue(p, epsilon, 1 - epsilon);
  return neg(add(mul(y, log(q)), mul(sub(1, y), log(sub(1, q)))));
}
