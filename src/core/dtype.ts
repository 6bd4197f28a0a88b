import { describe, ValueError } from './errors.js';

/**
 * Element types. `float32` is the default; `float64` exists for numerical checks
 * (gradient checks, golden values); `int32` holds labels and indices; `bool` holds masks.
 */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The typed array that stores each dtype. `bool` is one byte per element, 0 or 1. */
export interface DataTypeMap {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
export type FloatArray = Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

export function assertDType(value: unknown, op: string, arg = 'dtype'): DType {
  if (!isDType(value)) {
    throw new ValueError(
      `${op}: invalid \`${arg}\`. Expected one of ${DTYPES.join(', ')}. Received: ${describe(value)}`,
    );
  }
  return value;
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function bytesPerElement(dtype: DType): number {
  return dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4;
}

/** Allocates a zero-filled typed array for `dtype`. */
export function allocate<D extends DType>(dtype: D, size: number): DataTypeMap[D];
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

/** The dtype a typed array stores, if it is one of ours. */
export function dtypeOfArray(values: ArrayBufferView): DType | undefined {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Uint8Array) return 'bool';
  return undefined;
}

/**
 * The dtype of the result of arithmetic on two dtypes: the wider float wins,
 * any float beats int32, and bool counts as int32.
 */
export function upcast(a: DType, b: DType): DType {
  if (a === 'float64' || b === 'float64') return 'float64';
  if (a === 'float32' || b === 'float32') return 'float32';
  return 'int32';
}
