import { allocate, assertDType, type DType, dtypeOfArray, isFloat, type TypedArray } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { DTypeError, describe, ShapeError, StateError, ValueError } from '../core/errors.js';
import { assertShape, formatShape, type Shape, sizeOf } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';

/** Nested arrays of numbers or booleans. */
export type NestedValues = number | boolean | readonly NestedValues[];

/** Anything an op accepts as a tensor argument. */
export type TensorLike = Tensor | TypedArray | NestedValues;

function inferShape(values: NestedValues, op: string): number[] {
  const shape: number[] = [];
  let v: NestedValues = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0] as NestedValues;
  }
  // Walk every element once to reject ragged input: [[1,2],[3]] has no shape.
  const check = (node: NestedValues, axis: number): void => {
    if (axis === shape.length) {
      if (Array.isArray(node)) throw raggedError(values, op);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[axis]) throw raggedError(values, op);
    for (const c of node) check(c as NestedValues, axis + 1);
  };
  check(values, 0);
  return shape;
}

function raggedError(values: NestedValues, op: string): ValueError {
  return new ShapeError(
    `${op}: nested arrays must be rectangular (every row the same length). Received: ${describe(values)}`,
  );
}

function flatten(values: NestedValues, out: (number | boolean)[]): void {
  if (Array.isArray(values)) for (const v of values) flatten(v as NestedValues, out);
  else out.push(values as number | boolean);
}

function fillTyped(dtype: DType, flat: ArrayLike<number | boolean>, op: string): TypedArray {
  const out = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v === 'boolean') {
      out[i] = v ? 1 : 0;
      continue;
    }
    if (typeof v !== 'number') {
      throw new ValueError(`${op}: values must be numbers or booleans. Received: ${describe(v)} at index ${i}`);
    }
    if (dtype === 'int32' && (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)) {
      throw new DTypeError(
        `${op}: int32 values must be integers in the int32 range. Received: ${describe(v)} at index ${i}`,
      );
    }
    if (dtype === 'bool' && v !== 0 && v !== 1) {
      throw new DTypeError(`${op}: bool values must be true/false or 0/1. Received: ${describe(v)} at index ${i}`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Creates a tensor from nested arrays, a flat array with a shape, or a typed array.
 * Numbers default to `float32`, booleans to `bool`; typed arrays keep their type,
 * except `Float64Array`, which becomes `float32` unless `dtype: 'float64'` is asked
 * for (as in TensorFlow.js). The values are copied.
 *
 * @throws {ShapeError} ragged nested arrays, or a value count that does not match `shape`.
 * @throws {DTypeError} a non-integer value for `int32`, a value other than 0/1 for `bool`.
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]]);                 // float32 [2,2]
 * tensor([1, 2, 3, 4], [2, 2], 'int32');
 * tensor(new Float64Array([0.1]), [1], 'float64');
 * ```
 */
export function tensor(values: TypedArray | NestedValues, shape?: Shape, dtype?: DType): Tensor {
  const op = 'tensor';
  if (dtype !== undefined) assertDType(dtype, op);
  let flatShape: number[];
  let data: TypedArray;
  if (ArrayBuffer.isView(values)) {
    const own = dtypeOfArray(values);
    if (!own) throw new ValueError(`${op}: unsupported typed array. Received: ${describe(values)}`);
    const target = dtype ?? (own === 'float64' ? 'float32' : own);
    flatShape = [values.length];
    // A Uint8Array is bool storage, so its bytes must be 0 or 1 (fillTyped says so); image bytes need dtype 'int32'.
    data = target === own && own !== 'bool' ? values.slice() : fillTyped(target, Array.from(values), op);
    dtype = target;
  } else {
    flatShape = inferShape(values, op);
    const flat: (number | boolean)[] = [];
    flatten(values, flat);
    const inferred: DType = flat.length > 0 && typeof flat[0] === 'boolean' ? 'bool' : 'float32';
    dtype = dtype ?? inferred;
    data = fillTyped(dtype, flat, op);
  }
  let finalShape = flatShape;
  if (shape !== undefined) {
    finalShape = assertShape(shape, op);
    if (sizeOf(finalShape) !== data.length) {
      throw new ShapeError(
        `${op}: shape ${formatShape(finalShape)} needs ${sizeOf(finalShape)} values. Received: ${data.length} values`,
      );
    }
  }
  return ENGINE.makeTensor(data, finalShape, dtype);
}

/** A rank-0 tensor. @example `scalar(3.14)` */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value, [], dtype);
}

/**
 * Converts an op argument to a tensor. Plain numbers and arrays take `dtypeHint`
 * (the other operand's dtype), so `mul(x, 2)` keeps a float64 `x` in float64.
 */
export function convertToTensor(x: TensorLike, arg: string, op: string, dtypeHint?: DType): Tensor {
  if (x instanceof Tensor) {
    if (x.isDisposed) {
      throw new StateError(
        `${op}: argument \`${arg}\` (Tensor ${x.id}, shape ${formatShape(x.shape)}, ${x.dtype}) is disposed; ` +
          'a tensor cannot be used after dispose() or after the tidy() that made it has ended',
      );
    }
    return x;
  }
  if (typeof x === 'number') {
    const dtype = dtypeHint === 'bool' ? 'float32' : (dtypeHint ?? 'float32');
    return tensor(x, [], dtype === 'int32' && !Number.isInteger(x) ? 'float32' : dtype);
  }
  if (typeof x === 'boolean') return tensor(x, [], 'bool');
  if (ArrayBuffer.isView(x) || Array.isArray(x)) {
    // An int32 hint applies only when every value is an integer, as for a plain number: `gather(x, [2, 0])`
    // gives int32 indices, while `add(intTensor, [0.5])` stays float.
    const hint =
      Array.isArray(x) && dtypeHint && (isFloat(dtypeHint) || (dtypeHint === 'int32' && allInt32(x)))
        ? dtypeHint
        : undefined;
    return tensor(x, undefined, hint);
  }
  throw new ValueError(`${op}: argument \`${arg}\` must be a Tensor, a number or an array. Received: ${describe(x)}`);
}

function allInt32(values: NestedValues): boolean {
  if (Array.isArray(values)) return values.every((v) => allInt32(v as NestedValues));
  return typeof values === 'number' && Number.isInteger(values) && values >= -(2 ** 31) && values < 2 ** 31;
}

/** Rejects a tensor whose dtype the op cannot take. */
export function assertFloat(t: Tensor, arg: string, op: string): void {
  if (!isFloat(t.dtype)) {
    throw new DTypeError(`${op}: \`${arg}\` must be float32 or float64. Received: dtype ${t.dtype}`);
  }
}
