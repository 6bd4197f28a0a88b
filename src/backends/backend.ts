import type { DType, TypedArray } from '../core/dtype.js';
import type { Shape } from '../core/shape.js';
import type { KernelAttrs, KernelName } from './kernel-names.js';

/**
 * A handle to a backend's storage for one tensor's elements. Opaque above the
 * backend: only the backend that made it knows whether the bytes live in a JS
 * typed array, native memory or a WebAssembly heap.
 */
export type DataId = object;

/** What a kernel sees of a tensor: its storage handle, shape and dtype. */
export interface TensorInfo {
  readonly dataId: DataId;
  readonly shape: Shape;
  readonly dtype: DType;
}

export interface BackendCapabilities {
  readonly dtypes: readonly DType[];
  /** Threads the backend's kernels may use. */
  readonly threads: number;
  /** Where tensor storage lives; `'native'` and `'wasm'` memory is invisible to the JS garbage collector's heap size. */
  readonly memory: 'js-heap' | 'native' | 'wasm';
}

export interface BackendMemory {
  /** Live storage buffers: the number a leak test watches. */
  readonly numBuffers: number;
  readonly numBytes: number;
}

/**
 * Storage plus capabilities. Kernels are registered separately per (kernel, backend)
 * with {@link registerKernel}; the engine never touches elements itself. A backend registers every kernel of
 * PRIMITIVE_KERNELS and any of FUSED_KERNELS (kernel-names.ts; docs/backends.md shows how to write one).
 */
export interface Backend {
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  /** Stores `values` (the backend may keep the array itself: callers hand it over and never touch it again). */
  write(values: TypedArray, shape: Shape, dtype: DType): DataId;
  /**
   * The elements, once the kernels that write them are done: the read every backend provides. The result may alias
   * storage: callers copy before handing it to users.
   */
  read(dataId: DataId): Promise<TypedArray>;
  /**
   * The elements, synchronously: optional, for a backend whose storage the CPU can reach at once (a GPU backend's
   * cannot without stalling). Without it `Tensor.dataSync()` and `arraySync()` throw, and `data()` / `array()` read.
   */
  readSync?(dataId: DataId): TypedArray;
  /** Frees the storage. Called exactly once per `DataId`, when no tensor refers to it any more. */
  disposeData(dataId: DataId): void;
  memory(): BackendMemory;
}

/** A kernel: inputs and attributes in, new tensors out. It must not modify its inputs. */
export type KernelFunc<K extends KernelName = KernelName, B extends Backend = Backend> = (
  inputs: readonly TensorInfo[],
  attrs: KernelAttrs[K],
  backend: B,
) => TensorInfo | TensorInfo[];

// backend name → kernel name → kernel: two lookups and no string building on the path every op takes.
const kernels = new Map<string, Map<string, KernelFunc<KernelName>>>();

/** Registers `kernelFunc` as `kernelName` on the backend named `backendName`. */
export function registerKernel<K extends KernelName, B extends Backend>(
  kernelName: K,
  backendName: string,
  kernelFunc: KernelFunc<K, B>,
): void {
  let table = kernels.get(backendName);
  if (!table) {
    table = new Map();
    kernels.set(backendName, table);
  }
  table.set(kernelName, kernelFunc as unknown as KernelFunc<KernelName>);
}

export function getKernel(kernelName: KernelName, backendName: string): KernelFunc<KernelName> | undefined {
  return kernels.get(backendName)?.get(kernelName);
}

/** Kernel names registered for a backend: a conformance suite uses it to find gaps. */
export function kernelsOf(backendName: string): string[] {
  return [...(kernels.get(backendName)?.keys() ?? [])];
}
