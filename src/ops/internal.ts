import type { BinaryKernelName, UnaryKernelName } from '../backends/kernel-names.js';
import { type DType, isFloat, upcast } from '../core/dtype.js';
import { ENGINE, type TensorContainer } from '../core/engine.js';
import { broadcastShapes } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from './convert.js';

/**
 * Runs an op's body in its own scope, as TensorFlow.js's op wrapper does: tensors the op makes
 * along the way (a converted `2` in `add(x, 2)`, a cast, the max inside `softmax`) are disposed
 * when it returns or throws, so an op adds exactly its outputs to `memory().numTensors`.
 */
export function scoped<T extends TensorContainer>(op: string, fn: () => T): T {
  return ENGINE.tidy(fn, op);
}

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
  const run = (): Tensor => {
    const [$a, $b] = binaryOperands(a, b, op, floatOnly);
    return ENGINE.runKernel(kernel, [$a, $b], {});
  };
  // Two tensors that need no cast leave nothing for a scope to free: skip its cost on the common path.
  const direct =
    a instanceof Tensor &&
    b instanceof Tensor &&
    a.dtype === b.dtype &&
    (isFloat(a.dtype) || (a.dtype === 'int32' && !floatOnly));
  return direct ? run() : scoped(op, run);
}

/**
 * Runs an elementwise kernel. Integer and bool inputs become float32 when the function is not
 * integral (`floatOnly`); otherwise bool becomes int32, as in arithmetic (`neg(true)` is −1, not byte 255).
 */
export function runUnary(kernel: UnaryKernelName, x: TensorLike, op: string, floatOnly = true): Tensor {
  const run = (): Tensor => {
    const $x = convertToTensor(x, 'x', op);
    let input = $x;
    if (floatOnly && ($x.dtype === 'int32' || $x.dtype === 'bool')) input = castTo($x, 'float32');
    else if ($x.dtype === 'bool' && kernel !== 'IsNaN' && kernel !== 'IsFinite') input = castTo($x, 'int32');
    return ENGINE.runKernel(kernel, [input], {});
  };
  const direct = x instanceof Tensor && (isFloat(x.dtype) || (x.dtype === 'int32' && !floatOnly));
  return direct ? run() : scoped(op, run);
}

/** Converts an argument and promotes int32/bool to float32, for functions defined only on reals. */
export function floatOperand(x: TensorLike, arg: string, op: string): Tensor {
  const t = convertToTensor(x, arg, op);
  return t.dtype === 'int32' || t.dtype === 'bool' ? castTo(t, 'float32') : t;
}
