import { allocate, assertDType, type DType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { DTypeError, describe, ValueError } from '../core/errors.js';
import { checkTensorSize } from '../core/memory-limit.js';
import { assertShape, type Shape } from '../core/shape.js';
import type { Tensor, Variable } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { scoped } from './internal.js';

/**
 * A tensor of `shape` with every element `value`.
 * @throws {DTypeError} when `value` does not fit `dtype` (a fraction for int32, anything but 0/1 for bool).
 * @example `fill([2, 3], 0.5)`
 */
export function fill(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
  return filled('fill', shape, value, dtype);
}

/** {@link fill} under the name of the op the user called (`ones`, `zeros`), for messages. */
function filled(op: string, shape: Shape, value: number, dtype: DType): Tensor {
  const s = assertShape(shape, op);
  assertDType(dtype, op);
  checkTensorSize(op, s, dtype);
  if (typeof value !== 'number')
    throw new ValueError(`${op}: \`value\` must be a number. Received: ${describe(value)}`);
  // The typed array would silently truncate 0.5 to 0 (int32) or store 2 in a bool: reject instead, as `tensor` does.
  if (dtype === 'int32' && !(Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31)) {
    throw new DTypeError(
      `${op}: an int32 \`value\` must be an integer in the int32 range. Received: value=${describe(value)}`,
    );
  }
  if (dtype === 'bool' && value !== 0 && value !== 1) {
    throw new DTypeError(`${op}: a bool \`value\` must be 0 or 1. Received: value=${describe(value)}`);
  }
  return ENGINE.runKernel('Fill', [], { shape: s, value, dtype });
}

/** @example `zeros([2, 2])` */
export function zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
  return filled('zeros', shape, 0, dtype);
}

/** @example `ones([3])` */
export function ones(shape: Shape, dtype: DType = 'float32'): Tensor {
  return filled('ones', shape, 1, dtype);
}

export function zerosLike(x: TensorLike): Tensor {
  return scoped('zerosLike', () => {
    const t = convertToTensor(x, 'x', 'zerosLike');
    return fill(t.shape, 0, t.dtype);
  });
}

export function onesLike(x: TensorLike): Tensor {
  return scoped('onesLike', () => {
    const t = convertToTensor(x, 'x', 'onesLike');
    return fill(t.shape, 1, t.dtype);
  });
}

/**
 * Identity matrix (`numColumns` defaults to `numRows`).
 * @example `eye(3)`
 */
export function eye(numRows: number, numColumns: number = numRows, dtype: DType = 'float32'): Tensor {
  assertDType(dtype, 'eye');
  for (const [name, v] of [
    ['numRows', numRows],
    ['numColumns', numColumns],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) {
      throw new ValueError(`eye: \`${name}\` must be a non-negative integer. Received: ${name}=${describe(v)}`);
    }
  }
  checkTensorSize('eye', [numRows, numColumns], dtype);
  const values = allocate(dtype, numRows * numColumns);
  for (let i = 0; i < Math.min(numRows, numColumns); i++) values[i * numColumns + i] = 1;
  return ENGINE.makeTensor(values, [numRows, numColumns], dtype);
}

/**
 * `num` evenly spaced values from `start` to `stop`, both included.
 * @example `linspace(0, 1, 5)` // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num: number): Tensor {
  if (!Number.isInteger(num) || num < 0) {
    throw new ValueError(`linspace: \`num\` must be a non-negative integer. Received: num=${describe(num)}`);
  }
  checkTensorSize('linspace', [num], 'float32');
  const values = allocate('float32', num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) values[i] = start + i * step;
  if (num > 1) values[num - 1] = stop;
  return ENGINE.makeTensor(values, [num], 'float32');
}

/**
 * Values from `start` up to (not including) `stop` by `step`; with one argument, from 0.
 * An empty range (`range(0, 5, -1)`) gives shape [0].
 * @throws {ValueError} for a zero or non-finite step, or non-finite bounds.
 * @throws {DTypeError} for int32 with a non-integer start, stop or step.
 * @example `range(0, 5)` // [0, 1, 2, 3, 4]
 */
export function range(start: number, stop?: number, step = 1, dtype: DType = 'float32'): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  assertDType(dtype, 'range');
  if (step === 0 || !Number.isFinite(step)) {
    throw new ValueError(`range: \`step\` must be a finite non-zero number. Received: step=${describe(step)}`);
  }
  for (const [name, v] of [
    ['start', start],
    ['stop', stop],
    ['step', step],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValueError(`range: \`${name}\` must be a finite number. Received: ${name}=${describe(v)}`);
    }
    if (dtype === 'int32' && !Number.isInteger(v)) {
      throw new DTypeError(`range: an int32 range needs an integer \`${name}\`. Received: ${name}=${describe(v)}`);
    }
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkTensorSize('range', [n], dtype);
  const values = allocate(dtype, n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return ENGINE.makeTensor(values, [n], dtype);
}

/**
 * A trainable (by default) variable holding a copy of `initialValue`.
 * @example
 * ```ts
 * const w = variable(randomNormal([3, 2]), true, 'w');
 * ```
 */
export function variable(initialValue: TensorLike, trainable = true, name?: string, dtype?: DType): Variable {
  // The variable holds its own reference to the storage, so a converted or cast initial value can be freed.
  return scoped('variable', () => {
    let t = convertToTensor(initialValue, 'initialValue', 'variable');
    if (dtype !== undefined && dtype !== t.dtype)
      t = ENGINE.runKernel('Cast', [t], { dtype: assertDType(dtype, 'variable') });
    return ENGINE.makeVariable(t, trainable, name);
  });
}
