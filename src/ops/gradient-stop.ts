import { ENGINE } from '../core/engine.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from './convert.js';

/**
 * The same values, seen by differentiation as a constant: no gradient flows back
 * through the result. (TensorFlow's `stop_gradient`; PyTorch's `detach`.)
 * @example
 * ```ts
 * grad((x) => mul(x, stopGradient(x)))(tensor(3)); // 3, not 6
 * ```
 */
export function stopGradient(x: TensorLike): Tensor {
  // A clone is made outside any kernel, so no tape records a path through it.
  return ENGINE.cloneTensor(convertToTensor(x, 'x', 'stopGradient'));
}
