import type { DType, TypedArray } from '../../core/dtype.js';
import { allocate, bytesPerElement } from '../../core/dtype.js';
import { StateError } from '../../core/errors.js';
import { checkStorageSize, outOfMemory } from '../../core/memory-limit.js';
import type { Shape } from '../../core/shape.js';
import type { Backend, BackendCapabilities, BackendMemory, DataId, TensorInfo } from '../backend.js';

/** Storage of the TypeScript backend: the typed array itself is the handle. */
export class TsBuffer {
  constructor(
    public values: TypedArray,
    readonly dtype: DType,
  ) {}
}

// Arrays below this many bytes come from V8's young generation cheaply; pooling them costs more than it saves.
const POOL_MIN_BYTES = 16 * 1024;
const POOL_MAX_BYTES = 512 * 1024 * 1024;
const POOL_MAX_PER_SIZE = 16;

/**
 * The pure-TypeScript reference backend: storage in JS typed arrays, kernels in
 * plain loops. Freed arrays of common sizes are kept in a pool and handed to the
 * next kernel that needs that size, because touching fresh memory pages costs
 * more than the arithmetic of a small layer (see PERF-NOTES).
 */
export class TsBackend implements Backend {
  readonly name: string = 'ts';
  readonly capabilities: BackendCapabilities = {
    dtypes: ['float32', 'float64', 'int32', 'bool'],
    threads: 1,
    memory: 'js-heap',
  };
  private live = 0;
  private bytes = 0;
  /** dtype → element count → freed arrays (numeric keys: no key string per allocation). */
  private readonly pool = new Map<DType, Map<number, TypedArray[]>>();
  private pooledBytes = 0;
  /** Arrays below this many bytes are not pooled (a backend whose allocations cost more lowers it). */
  protected poolMinBytes = POOL_MIN_BYTES;
  /** Freed arrays kept per size (a backend whose allocations cost more raises it; the byte cap still holds). */
  protected poolMaxPerSize = POOL_MAX_PER_SIZE;

  write(values: TypedArray, _shape: Shape, dtype: DType): DataId {
    this.live++;
    this.bytes += values.byteLength;
    return new TsBuffer(values, dtype);
  }

  readSync(dataId: DataId): TypedArray {
    return this.buffer(dataId).values;
  }

  async read(dataId: DataId): Promise<TypedArray> {
    return this.buffer(dataId).values;
  }

  disposeData(dataId: DataId): void {
    const buf = this.buffer(dataId);
    this.live--;
    this.bytes -= buf.values.byteLength;
    this.release(buf.values, buf.dtype);
    buf.values = EMPTY;
  }

  memory(): BackendMemory {
    return { numBuffers: this.live, numBytes: this.bytes };
  }

  private buffer(dataId: DataId): TsBuffer {
    if (!(dataId instanceof TsBuffer) || dataId.values === EMPTY) {
      throw new StateError('ts backend: storage handle is not live in this backend');
    }
    return dataId;
  }

  // ---- helpers for kernels ------------------------------------------------------------------------------------

  /** The elements of a kernel input. */
  values(info: TensorInfo): TypedArray {
    return this.buffer(info.dataId).values;
  }

  /**
   * An array for a kernel's output. Contents are unspecified (possibly a recycled
   * array): kernels that accumulate must use {@link zeros}.
   */
  alloc<D extends DType>(dtype: D, size: number): ReturnType<typeof allocate<D>> {
    const bytes = size * bytesPerElement(dtype);
    if (bytes >= this.poolMinBytes) {
      const list = this.pool.get(dtype)?.get(size);
      const reused = list?.pop();
      if (reused) {
        this.pooledBytes -= bytes;
        return reused as ReturnType<typeof allocate<D>>;
      }
    }
    // Every kernel's output passes here: the size guard catches what no op could foresee (a broadcast of
    // [1e5, 1] against [1, 1e5]) before the memory is asked for.
    checkStorageSize(`${this.name} backend`, size, dtype);
    return this.allocateFresh(dtype, size);
  }

  /** A new zero-filled array: where storage comes from. A backend with its own memory (native) overrides this. */
  protected allocateFresh<D extends DType>(dtype: D, size: number): ReturnType<typeof allocate<D>> {
    try {
      return allocate(dtype, size);
    } catch (e) {
      // V8's RangeError ("Array buffer allocation failed", "Invalid typed array length"), in our terms.
      throw outOfMemory(`${this.name} backend`, size, dtype, e);
    }
  }

  zeros<D extends DType>(dtype: D, size: number): ReturnType<typeof allocate<D>> {
    const a = this.alloc(dtype, size);
    a.fill(0);
    return a;
  }

  /** Wraps a freshly computed array as a kernel output. */
  output(values: TypedArray, shape: Shape, dtype: DType): TensorInfo {
    return { dataId: this.write(values, shape, dtype), shape, dtype };
  }

  /** Returns a scratch array (one a kernel allocated and did not output) to the pool. */
  release(values: TypedArray, dtype: DType): void {
    const bytes = values.byteLength;
    // Only whole arrays we could have allocated: a view into a larger buffer is not ours to reuse.
    if (bytes < this.poolMinBytes || values.byteOffset !== 0 || values.buffer.byteLength !== bytes) return;
    if (this.pooledBytes + bytes > POOL_MAX_BYTES) return;
    let bySize = this.pool.get(dtype);
    if (!bySize) {
      bySize = new Map();
      this.pool.set(dtype, bySize);
    }
    let list = bySize.get(values.length);
    if (!list) {
      list = [];
      bySize.set(values.length, list);
    }
    if (list.length >= this.poolMaxPerSize) return;
    list.push(values);
    this.pooledBytes += bytes;
  }
}

const EMPTY = new Float32Array(0);
