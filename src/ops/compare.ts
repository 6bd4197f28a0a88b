import { ENGINE } from '../core/engine.js';
import { DTypeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { binaryOperands, castTo, runBinary } from './internal.js';

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

export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return ENGINE.runKernel('LogicalAnd', [boolOperand(a, 'a', 'logicalAnd'), boolOperand(b, 'b', 'logicalAnd')], {});
}

export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return ENGINE.runKernel('LogicalOr', [boolOperand(a, 'a', 'logicalOr'), boolOperand(b, 'b', 'logicalOr')], {});
}

export function logicalNot(x: TensorLike): Tensor {
  return ENGINE.runKernel('LogicalNot', [boolOperand(x, 'x', 'logicalNot')], {});
}

/**
 * Picks `a` where `condition` is true and `b` elsewhere; all three broadcast.
 * @example `where(greater(x, 0), x, 0)` // relu
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = boolOperand(condition, 'condition', 'where');
  const [$a, $b] = binaryOperands(a, b, 'where');
  broadcastShapes('where', c.shape, $a.shape, $b.shape);
  return ENGINE.runKernel('Select', [c, castTo($a, $a.dtype), $b], {});
}
