import { describe, ValueError } from '../core/errors.js';
import { normalizeAxes } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { pow } from './arithmetic.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { scoped } from './internal.js';
import { max, min, sum } from './reduction.js';
import { abs, sqrt, square } from './unary.js';

export type NormOrder = number | 'euclidean' | 'fro';

/**
 * Vector norm over `axis` (all elements by default): 'euclidean'/'fro'/2 → √Σx²,
 * 1 → Σ|x|, Infinity → max|x|, −Infinity → min|x|, any p > 0 → (Σ|x|^p)^{1/p}.
 * Matrix norms of a 2-D `axis` pair use the same element-wise formulas (so 'fro' is the Frobenius norm).
 * NOTE: the gradient of the 2-norm at x = 0 is NaN (0/0), as in TensorFlow.js.
 * @example `norm(tensor([3, 4]))` // 5
 */
export function norm(
  x: TensorLike,
  ord: NormOrder = 'euclidean',
  axis: number | readonly number[] | null = null,
  keepDims = false,
): Tensor {
  return scoped('norm', () => {
    const $x = convertToTensor(x, 'x', 'norm');
    const axes = normalizeAxes(axis, $x.rank, 'norm');
    if (ord === 'euclidean' || ord === 'fro' || ord === 2) return sqrt(sum(square($x), axes, keepDims));
    if (ord === 1) return sum(abs($x), axes, keepDims);
    if (ord === Number.POSITIVE_INFINITY) return max(abs($x), axes, keepDims);
    if (ord === Number.NEGATIVE_INFINITY) return min(abs($x), axes, keepDims);
    if (typeof ord === 'number' && ord > 0 && Number.isFinite(ord)) {
      return pow(sum(pow(abs($x), ord), axes, keepDims), 1 / ord);
    }
    throw new ValueError(
      `norm: unsupported \`ord\`. Expected 'euclidean', 'fro', a positive number or ±Infinity. Received: ord=${describe(ord)}`,
    );
  });
}
