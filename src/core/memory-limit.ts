/**
 * The size guard: one limit on the bytes of any one tensor, checked before its storage is allocated, so that a
 * mistyped shape (`new Dense(3e8, { inputDim: 4 })`, `ones([2 ** 28, 8])`) or a hostile model file fails at once
 * with a typed error instead of touching gigabytes of memory, taking minutes, and then failing with the runtime's
 * own words (or not at all, swapping the machine to a halt).
 */

import { bytesPerElement, type DType } from './dtype.js';
import { ResourceExhaustedError } from './errors.js';
import { formatShape, type Shape } from './shape.js';
import { checkInteger } from './validate.js';

/**
 * The default limit: 4 GiB (2^32 bytes) per tensor. It is what Node 20 can hold in one buffer anyway (the native
 * backend's ArrayBuffers stop at 2^32 bytes, the TypeScript backend's typed arrays at 2^32 elements), and the
 * most a weight can take in a model file (the ZIP container has no ZIP64).
 */
export const DEFAULT_MAX_TENSOR_BYTES = 2 ** 32;

let maxTensorBytes = DEFAULT_MAX_TENSOR_BYTES;

/**
 * Sets the largest tensor, in bytes, that any op, layer or backend may allocate (default
 * {@link DEFAULT_MAX_TENSOR_BYTES}, 4 GiB). A smaller limit makes a runaway shape fail sooner on a small machine;
 * a larger one only helps on a runtime whose buffers can be larger.
 * @throws {ValueError} when `bytes` is not a positive integer.
 * @example `setMaxTensorBytes(2 ** 30) // 1 GiB`
 */
export function setMaxTensorBytes(bytes: number): void {
  maxTensorBytes = checkInteger('setMaxTensorBytes', 'bytes', bytes);
}

/** The limit {@link setMaxTensorBytes} set. */
export function getMaxTensorBytes(): number {
  return maxTensorBytes;
}

/** `4800000000` → `4.8 GB` (powers of 1000, three significant digits), for messages. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return unit === 0 ? `${size} bytes` : `${Number(size.toPrecision(3))} ${units[unit]}`;
}

function overLimit(owner: string, what: string, dtype: DType, bytes: number): ResourceExhaustedError {
  const exact = Number.isSafeInteger(bytes) ? String(bytes) : bytes.toPrecision(3);
  return new ResourceExhaustedError(
    `${owner}: cannot allocate ${what} (${dtype}, ${exact} bytes = ${formatBytes(bytes)}): over the limit of ` +
      `${maxTensorBytes} bytes (${formatBytes(maxTensorBytes)}) per tensor. setMaxTensorBytes() raises the limit`,
    bytes,
    maxTensorBytes,
  );
}

/**
 * The error for an allocation within the limit that the system refused anyway (the machine has less memory free).
 * @param cause what the runtime or the native addon threw.
 */
export function outOfMemory(owner: string, elements: number, dtype: DType, cause: unknown): ResourceExhaustedError {
  const bytes = elements * bytesPerElement(dtype);
  return new ResourceExhaustedError(
    `${owner}: cannot allocate storage for ${elements} elements (${dtype}, ${bytes} bytes = ${formatBytes(bytes)}): ` +
      `the system refused the memory (${cause instanceof Error ? cause.message : String(cause)})`,
    bytes,
    maxTensorBytes,
  );
}

/**
 * Checks that a tensor of `shape` and `dtype` fits the limit, before anything is allocated.
 * @param owner who allocates, as messages name it (`'ones'`, `'Layer "dense" weight "kernel"'`).
 * @throws {ResourceExhaustedError} naming the shape, the bytes and the limit.
 */
export function checkTensorSize(owner: string, shape: Shape, dtype: DType): void {
  // A product of doubles: exact up to 2^53, and huge or Infinity past it, which is just as much over the limit.
  let bytes = bytesPerElement(dtype);
  for (const d of shape) bytes *= d;
  if (bytes > maxTensorBytes) throw overLimit(owner, `a tensor of shape ${formatShape(shape)}`, dtype, bytes);
}

/**
 * {@link checkTensorSize} for storage known only by its element count (a backend's allocation for a kernel's
 * output): the last line of defence under the ops' own checks.
 */
export function checkStorageSize(owner: string, elements: number, dtype: DType): void {
  const bytes = elements * bytesPerElement(dtype);
  if (bytes > maxTensorBytes) throw overLimit(owner, `storage for ${elements} elements`, dtype, bytes);
}
