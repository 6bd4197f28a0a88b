import { normalizeAxes } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { add, mul, sub } from './arithmetic.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { scoped } from './internal.js';
import { mean } from './reduction.js';
import { rsqrt, square } from './unary.js';

/**
 * Mean and variance over `axes` (Keras's `ops.moments`): mean = Σx/n, variance = Σ(x − mean)²/n, the biased
 * (population) variance, which is what Keras feeds both to the normalization and to the moving variance.
 * NOTE: the variance is taken from the centred values, not as E[x²] − E[x]², which cancels catastrophically in
 * float32 when |mean| ≫ std, and which Keras also avoids.
 * @throws {ValueError} for an axis out of range.
 * @example `const { mean, variance } = moments(tensor([[1, 2], [3, 6]]), [0]); // [2, 4], [1, 4]`
 */
export function moments(
  x: TensorLike,
  axes: number | readonly number[],
  keepDims = false,
): { mean: Tensor; variance: Tensor } {
  return scoped('moments', () => {
    const $x = convertToTensor(x, 'x', 'moments');
    const ax = normalizeAxes(axes, $x.rank, 'moments');
    const m = mean($x, ax, true);
    const variance = mean(square(sub($x, m)), ax, keepDims);
    return { mean: keepDims ? m : mean($x, ax, false), variance };
  });
}

/**
 * Normalizes with given statistics (Keras's `ops.batch_normalization`):
 * `y = (x − mean) · rsqrt(variance + ε) · scale + offset`, each statistic broadcast against x.
 * `scale` and `offset` are optional (null: 1 and 0).
 * @example `normalize(x, mean, variance, { epsilon: 1e-3, scale: gamma, offset: beta })`
 */
export function normalize(
  x: TensorLike,
  meanOf: TensorLike,
  variance: TensorLike,
  { epsilon, scale = null, offset = null }: { epsilon: number; scale?: Tensor | null; offset?: Tensor | null },
): Tensor {
  return scoped('normalize', () => {
    let inv = rsqrt(add(variance, epsilon));
    if (scale) inv = mul(inv, scale);
    // x·inv + (offset − mean·inv): the form Keras computes, so float32 rounding follows it closely.
    let shift = mul(meanOf, inv);
    shift = offset ? sub(offset, shift) : mul(shift, -1);
    return add(mul(x, inv), shift);
  });
}
