import type { DType, TypedArray } from '../../core/dtype.js';
import { type allocate, bytesPerElement } from '../../core/dtype.js';
import { outOfMemory } from '../../core/memory-limit.js';
import type { Shape } from '../../core/shape.js';
import { getKernel, type KernelFunc, kernelsOf, registerKernel } from '../backend.js';
import type { KernelName } from '../kernel-names.js';
import { matMul } from '../ts/kernels/mat-mul.js';
import { matMulImpl } from '../ts/kernels/mat-mul-impl.js';
import { TsBackend } from '../ts/register.js';
import { registerElementwiseKernels } from './elementwise.js';
import { registerFusedKernels } from './fused.js';
import type { NativeAddon } from './load.js';

type Constructor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => TypedArray;

const CONSTRUCTORS: Record<DType, Constructor> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
};

/**
 * The native CPU backend: tensor storage in native memory (external ArrayBuffers from the addon, outside the JS
 * heap, freed when the engine disposes them and returns them to the pool, or by their finalizer once unreachable)
 * and native kernels where they exist. Every other kernel is the TypeScript backend's, which works unchanged on
 * typed-array views of native memory.
 */
export class NativeBackend extends TsBackend {
  override readonly name: string = 'native';
  override readonly capabilities;
  /** Buffers this backend allocated: `write()` adopts those and copies anything else into native memory. */
  private readonly own = new WeakSet<ArrayBufferLike>();

  constructor(readonly addon: NativeAddon) {
    super();
    // Every native allocation crosses Node-API and registers a finalizer (~5 µs, more than a small kernel): every
    // size is pooled, and deep enough for all the same-sized tensors one training step holds at once.
    this.poolMinBytes = 0;
    this.poolMaxPerSize = 256;
    this.capabilities = {
      dtypes: ['float32', 'float64', 'int32', 'bool'] as const,
      get threads(): number {
        return addon.getNumThreads();
      },
      memory: 'native' as const,
    };
  }

  override write(values: TypedArray, shape: Shape, dtype: DType): object {
    if (this.own.has(values.buffer) && values.byteOffset === 0 && values.byteLength === values.buffer.byteLength) {
      return super.write(values, shape, dtype);
    }
    const copy = this.alloc(dtype, values.length);
    copy.set(values);
    return super.write(copy, shape, dtype);
  }

  protected override allocateFresh<D extends DType>(dtype: D, size: number): ReturnType<typeof allocate<D>> {
    let buffer: ArrayBuffer;
    try {
      buffer = this.addon.alloc(size * bytesPerElement(dtype));
    } catch (e) {
      throw outOfMemory(`${this.name} backend`, size, dtype, e);
    }
    this.own.add(buffer);
    return new CONSTRUCTORS[dtype](buffer, 0, size) as ReturnType<typeof allocate<D>>;
  }

  /** matMulImpl's contract: float products in the native GEMM, int32 in the TypeScript loop. */
  readonly matMulImpl: typeof matMulImpl = (a, aOff, b, bOff, out, outOff, m, n, k, transA, transB) => {
    if (out instanceof Int32Array || a instanceof Int32Array || b instanceof Int32Array) {
      matMulImpl(a, aOff, b, bOff, out, outOff, m, n, k, transA, transB);
    } else {
      this.addon.matmul(a, aOff, b, bOff, out, outOff, m, n, k, transA, transB);
    }
  };
}

// Every kernel of the TypeScript backend, under 'native'; then the native ones replace theirs.
for (const name of kernelsOf('ts') as KernelName[]) {
  registerKernel(name, 'native', getKernel(name, 'ts') as KernelFunc<KernelName>);
}
registerKernel('MatMul', 'native', (inputs, attrs, backend: NativeBackend) =>
  matMul(inputs, attrs, backend, backend.matMulImpl),
);
// After the defaults above, so that the native kernels replace them.
registerElementwiseKernels();
registerFusedKernels();
