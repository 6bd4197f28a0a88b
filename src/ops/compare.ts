import { ENGINE } from '../core/engine.js';
import { DTypeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { binaryOperands, runBinary, scoped } from './internal.js';

/** a == b elementwise (bool). NaN equals nothing, itself included. */
export function equal(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('Equal', a, b, 'equal');
}

export function notEqual(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('NotEqual', a, b, 'notEqual');
}

export function less(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('Less', a, b, 'less');
}

export function lessEqual(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('LessEqual', a, b, 'lessEqual');
}

export function greater(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('Greater', a, b, 'greater');
}

export function greaterEqual(a: TensorLike, b: TensorLike): Tensor {
  return runBinary('GreaterEqual', a, b, 'greaterEqual');
}

function boolOperand(x: TensorLike, arg: string, op: string): Tensor {
  const t = convertToTensor(x, arg, op);
  if (t.dtype !== 'bool') throw new DTypeError(`${op}: \`${arg}\` must be bool. Received: dtype ${t.dtype}`);
  return t;
}

function logicalBinary(kernel: 'LogicalAnd' | 'LogicalOr', a: TensorLike, b: TensorLike, op: string): Tensor {
  return scoped(op, () => {
    const $a = boolOperand(a, 'a', op);
    const $b = boolOperand(b, 'b', op);
    broadcastShapes(op, $a.shape, $b.shape);
    return ENGINE.runKernel(kernel, [$a, $b], {});
  });
}

/** a AND b elementwise on bool tensors, broadcast. */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return logicalBinary('LogicalAnd', a, b, 'logicalAnd');
}

/** a OR b elementwise on bool tensors, broadcast. */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return logicalBinary('LogicalOr', a, b, 'logicalOr');
}

/** NOT x elementwise on a bool tensor. */
export function logicalNot(x: TensorLike): Tensor {
  return scoped('logicalNot', () => ENGINE.runKernel('LogicalNot', [boolOperand(x, 'x', 'logicalNot')], {}));
}

/**
 * Picks `a` where `condition` is true and `b` elsewhere; all three broadcast. `a` and `b` are brought to
 * one dtype as in arithmetic, except that two bool operands stay bool.
 * @throws {DTypeError} when `condition` is not bool.
 * @example `where(greater(x, 0), x, 0)` // relu
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  return scoped('where', () => {
    const c = boolOperand(condition, 'condition', 'where');
    const $a0 = convertToTensor(a, 'a', 'where', b instanceof Tensor ? b.dtype : undefined);
    const $b0 = convertToTensor(b, 'b', 'where', $a0.dtype);
    const bothBool = $a0.dtype === 'bool' && $b0.dtype === 'bool';
    const [$a, $b] = bothBool ? [$a0, $b0] : binaryOperands($a0, $b0, 'where');
    broadcastShapes('where', c.shape, $a.shape, $b.shape);
    return ENGINE.runKernel('Select', [c, $a, $b], {});
  });
}
