import { ENGINE } from '../core/engine.js';
import { normalizeAxes, normalizeAxis, reducedShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { div } from './arithmetic.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { castTo } from './internal.js';
import { reshape } from './shape.js';

type Axis = number | readonly number[] | null;
type ReduceKernel = 'Sum' | 'Prod' | 'Max' | 'Min';

function reduce(kernel: ReduceKernel, x: TensorLike, axis: Axis | undefined, keepDims: boolean, op: string): Tensor {
  const $x = convertToTensor(x, 'x', op);
  const axes = normalizeAxes(axis, $x.rank, op);
  const y = ENGINE.runKernel(kernel, [$x], { axes });
  return keepDims ? reshape(y, reducedShape($x.shape, axes, true)) : y;
}

/**
 * Σ over `axis` (all axes by default). bool sums to int32.
 * @example `sum(tensor([[1, 2], [3, 4]]), 0)` // [4, 6]
 */
export function sum(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Sum', x, axis, keepDims, 'sum');
}

/** Product over `axis`; the gradient is exact also where x contains zeros. */
export function prod(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Prod', x, axis, keepDims, 'prod');
}

/** Maximum over `axis`; NaN wins. The gradient is shared equally among tied maxima (as TensorFlow). */
export function max(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Max', x, axis, keepDims, 'max');
}

/** Minimum over `axis`; NaN wins. */
export function min(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Min', x, axis, keepDims, 'min');
}

/**
 * Arithmetic mean over `axis`; integers average to float32. The mean of zero elements is NaN.
 * @example `mean(tensor([1, 2, 3, 4]))` // 2.5
 */
export function mean(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  let $x = convertToTensor(x, 'x', 'mean');
  if ($x.dtype === 'int32' || $x.dtype === 'bool') $x = castTo($x, 'float32');
  const axes = normalizeAxes(axis, $x.rank, 'mean');
  let count = 1;
  for (const a of axes) count *= $x.shape[a] as number;
  return div(sum($x, axes, keepDims), count);
}

/** Index of the maximum along `axis` (int32); ties go to the first. */
export function argMax(x: TensorLike, axis = 0): Tensor {
  const $x = convertToTensor(x, 'x', 'argMax');
  return ENGINE.runKernel('ArgMax', [$x], { axis: normalizeAxis(axis, $x.rank, 'argMax') });
}

/** Index of the minimum along `axis` (int32); ties go to the first. */
export function argMin(x: TensorLike, axis = 0): Tensor {
  const $x = convertToTensor(x, 'x', 'argMin');
  return ENGINE.runKernel('ArgMin', [$x], { axis: normalizeAxis(axis, $x.rank, 'argMin') });
}
