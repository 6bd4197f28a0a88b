import type { BinaryKernelName, UnaryKernelName } from '../backends/kernel-names.js';
import { type DType, upcast } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { broadcastShapes } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from './convert.js';

/** Casts when needed; `cast` to the same dtype is free. */
export function castTo(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : ENGINE.runKernel('Cast', [t], { dtype });
}

/** Converts both operands, checks broadcasting (naming `op`) and brings them to one dtype. */
export function binaryOperands(a: TensorLike, b: TensorLike, op: string, floatOnly = false): [Tensor, Tensor] {
  const $a = convertToTensor(a, 'a', op, b instanceof Tensor ? b.dtype : undefined);
  const $b = convertToTensor(b, 'b', op, $a.dtype);
  broadcastShapes(op, $a.shape, $b.shape);
  let dtype = upcast($a.dtype, $b.dtype);
  if (floatOnly && dtype === 'int32') dtype = 'float32';
  return [castTo($a, dtype), castTo($b, dtype)];
}

export function runBinary(
  kernel: BinaryKernelName,
  a: TensorLike,
  b: TensorLike,
  op: string,
  floatOnly = false,
): Tensor {
  const [$a, $b] = binaryOperands(a, b, op, floatOnly);
  return ENGINE.runKernel(kernel, [$a, $b], {});
}

/** Runs an elementwise kernel; integer and bool inputs become float32 when the function is not integral. */
export function runUnary(kernel: UnaryKernelName, x: TensorLike, op: string, floatOnly = true): Tensor {
  const $x = convertToTensor(x, 'x', op);
  const input = floatOnly && ($x.dtype === 'int32' || $x.dtype === 'bool') ? castTo($x, 'float32') : $x;
  return ENGINE.runKernel(kernel, [input], {});
}
