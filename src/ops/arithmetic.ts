import type { Tensor } from '../core/tensor.js';
import type { TensorLike } from './convert.js';
import { runBinary, scoped } from './internal.js';

/**
 * a + b, elementwise with NumPy broadcasting. Numbers take the other operand's dtype.
 * @throws {ShapeError} when the shapes do not broadcast.
 * @example `add(tensor([1, 2]), 10)` // [11, 12]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('Add', a, b, 'add');
}

/** a − b, broadcast. @example `sub(tensor([3, 4]), tensor([1, 1]))` */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('Sub', a, b, 'sub');
}

/** a · b elementwise, broadcast. @example `mul(x, 2)` */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('Mul', a, b, 'mul');
}

/**
 * a / b elementwise, broadcast. Integer operands give float32 (true division, as
 * NumPy and Keras's `ops.divide`); x/0 follows IEEE 754 (±Infinity, NaN for 0/0).
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('Div', a, b, 'div', true);
}

/** a^b elementwise, broadcast. A negative base with a non-integer exponent gives NaN. */
export function pow(base: TensorLike, exp: TensorLike): Tensor {
  return runBinary('Pow', base, exp, 'pow');
}

/** Elementwise maximum; NaN in either operand gives NaN. */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('Maximum', a, b, 'maximum');
}

/** Elementwise minimum; NaN in either operand gives NaN. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('Minimum', a, b, 'minimum');
}

/** (a − b)², broadcast. */
export function squaredDifference(a: TensorLike, b: TensorLike): Tensor {
  return scoped('squaredDifference', () => {
    const d = sub(a, b);
    return mul(d, d);
  });
}
