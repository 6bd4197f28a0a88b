import { isFloat } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { DTypeError, ValueError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { add, mul } from './arithmetic.js';
import { zeros, zerosLike } from './creation.js';
import { scoped } from './internal.js';
import { sum } from './reduction.js';
import { reshape } from './shape.js';
import { abs, sign, square } from './unary.js';

/**
 * The L1/L2 weight penalty `l1·Σ|x| + l2·Σx²`, a scalar of x's float dtype: what the L1, L2 and L1L2 regularizers
 * add to the loss. A term whose coefficient is 0 is left out, not multiplied by 0 (as Keras does: an L1 penalty on
 * an infinite weight is infinite, not NaN). One pass over x where the backend has the Penalty kernel.
 * @throws {DTypeError} for an integer x.
 * @example `penalty(tensor([1, -2, 3]), 0.01, 0.1)` // 0.06 + 1.4 = 1.46
 */
export function penalty(x: Tensor, l1: number, l2: number): Tensor {
  if (!isFloat(x.dtype)) throw new DTypeError(`penalty: x must be a float tensor. Received dtype ${x.dtype}`);
  if (ENGINE.hasKernel('Penalty')) return ENGINE.runKernel('Penalty', [x], { l1, l2 });
  return scoped('penalty', () => {
    const l1Term = l1 !== 0 ? mul(l1, sum(abs(x))) : undefined;
    const l2Term = l2 !== 0 ? mul(l2, sum(square(x))) : undefined;
    if (l1Term && l2Term) return add(l1Term, l2Term);
    return l1Term ?? l2Term ?? zeros([], x.dtype);
  });
}

/**
 * `dy·(l1·sign(x) + 2·l2·x)`: the gradient of {@link penalty} for a scalar dy, absent terms left out.
 * NOTE: sign(0) = 0, so the L1 subgradient at 0 is 0 (Keras's and TensorFlow Playground's choice).
 * @throws {ValueError} when dy is not one value of x's float dtype.
 */
export function penaltyGrad(dy: Tensor, x: Tensor, l1: number, l2: number): Tensor {
  if (dy.size !== 1 || dy.dtype !== x.dtype || !isFloat(x.dtype)) {
    throw new ValueError(
      `penaltyGrad: dy must be one value of x's float dtype. Received: dy of shape ${formatShape(dy.shape)} and dtype ${dy.dtype}, x of dtype ${x.dtype}`,
    );
  }
  if (ENGINE.hasKernel('PenaltyGrad')) return ENGINE.runKernel('PenaltyGrad', [dy, x], { l1, l2 });
  return scoped('penaltyGrad', () => {
    const l1Term = l1 !== 0 ? mul(sign(x), l1) : undefined;
    const l2Term = l2 !== 0 ? mul(x, 2 * l2) : undefined;
    const slope = l1Term && l2Term ? add(l1Term, l2Term) : (l1Term ?? l2Term);
    return slope ? mul(slope, reshape(dy, [])) : zerosLike(x);
  });
}
