import { ENGINE } from '../core/engine.js';
import { describe, ValueError } from '../core/errors.js';
import { formatShape, normalizeAxes, normalizeAxis, reducedShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { div } from './arithmetic.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { castTo, scoped } from './internal.js';
import { reshape } from './shape.js';

type Axis = number | readonly number[] | null;
type ReduceKernel = 'Sum' | 'Prod' | 'Max' | 'Min';

/**
 * Sorted unique non-negative axes to reduce.
 * NOTE: a scalar accepts axis 0 or −1 (as if it were one element long) and has nothing to reduce; without
 * this, a kernel would be asked to reduce an axis the tensor does not have.
 */
function reductionAxes(axis: Axis | undefined, rank: number, op: string): number[] {
  const axes = normalizeAxes(axis, rank, op);
  return rank === 0 ? [] : axes;
}

function reduce(kernel: ReduceKernel, x: TensorLike, axis: Axis | undefined, keepDims: boolean, op: string): Tensor {
  return scoped(op, () => {
    const $x = convertToTensor(x, 'x', op);
    const axes = reductionAxes(axis, $x.rank, op);
    const y = ENGINE.runKernel(kernel, [$x], { axes });
    return keepDims ? reshape(y, reducedShape($x.shape, axes, true)) : y;
  });
}

/**
 * Σ over `axis` (all axes by default). bool sums to int32. The sum of zero elements is 0.
 * @example `sum(tensor([[1, 2], [3, 4]]), 0)` // [4, 6]
 */
export function sum(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Sum', x, axis, keepDims, 'sum');
}

/** Product over `axis`; the gradient is exact also where x contains zeros. The product of zero elements is 1. */
export function prod(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Prod', x, axis, keepDims, 'prod');
}

/**
 * Maximum over `axis`; NaN wins. The gradient is shared equally among tied maxima (as TensorFlow).
 * NOTE: the maximum of zero elements is −Infinity, the identity of max (as TensorFlow; NumPy raises).
 */
export function max(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Max', x, axis, keepDims, 'max');
}

/** Minimum over `axis`; NaN wins. The minimum of zero elements is +Infinity. */
export function min(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return reduce('Min', x, axis, keepDims, 'min');
}

/**
 * Arithmetic mean over `axis`; integers average to float32. The mean of zero elements is NaN.
 * @example `mean(tensor([1, 2, 3, 4]))` // 2.5
 */
export function mean(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return scoped('mean', () => {
    let $x = convertToTensor(x, 'x', 'mean');
    if ($x.dtype === 'int32' || $x.dtype === 'bool') $x = castTo($x, 'float32');
    const axes = reductionAxes(axis, $x.rank, 'mean');
    let count = 1;
    for (const a of axes) count *= $x.shape[a] as number;
    return div(sum($x, axes, keepDims), count);
  });
}

function argReduce(kernel: 'ArgMax' | 'ArgMin', x: TensorLike, axis: number, op: string): Tensor {
  return scoped(op, () => {
    const $x = convertToTensor(x, 'x', op);
    const a = normalizeAxis(axis, $x.rank, op);
    // An empty axis has no index to return; NumPy raises too (TensorFlow.js would return garbage indices).
    if ($x.rank > 0 && $x.shape[a] === 0 && $x.shape.every((d, i) => i === a || d > 0)) {
      throw new ValueError(
        `${op}: cannot take the index of an extremum along an empty axis. Received: axis=${describe(axis)} of a ` +
          `tensor of shape ${formatShape($x.shape)}`,
      );
    }
    return ENGINE.runKernel(kernel, [$x], { axis: a });
  });
}

/** Index of the maximum along `axis` (int32); ties go to the first, and the first NaN wins. */
export function argMax(x: TensorLike, axis = 0): Tensor {
  return argReduce('ArgMax', x, axis, 'argMax');
}

/** Index of the minimum along `axis` (int32); ties go to the first, and the first NaN wins. */
export function argMin(x: TensorLike, axis = 0): Tensor {
  return argReduce('ArgMin', x, axis, 'argMin');
}
