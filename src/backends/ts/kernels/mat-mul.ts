import type { FloatArray } from '../../../core/dtype.js';
import { ShapeError } from '../../../core/errors.js';
import { broadcastShapes, formatShape, sizeOf, stridesOf } from '../../../core/shape.js';
import { registerKernel, type TensorInfo } from '../../backend.js';
import type { KernelAttrs } from '../../kernel-names.js';
import type { TsBackend } from '../ts-backend.js';
import { matMulImpl } from './mat-mul-impl.js';

/** One matrix product with {@link matMulImpl}'s contract: the piece a backend swaps for its own GEMM. */
export type MatMulImpl = typeof matMulImpl;

/**
 * The MatMul kernel around a single-matrix `impl`: shapes, batch broadcasting and output allocation, shared by every
 * backend whose storage is typed arrays.
 */
export function matMul(
  inputs: readonly TensorInfo[],
  { transposeA, transposeB }: KernelAttrs['MatMul'],
  backend: TsBackend,
  impl: MatMulImpl,
): TensorInfo {
  const [a, b] = inputs as [TensorInfo, TensorInfo];
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = a.shape[transposeA ? ra - 1 : ra - 2] as number;
  const k = a.shape[transposeA ? ra - 2 : ra - 1] as number;
  const n = b.shape[transposeB ? rb - 2 : rb - 1] as number;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  let batchShape: number[];
  try {
    batchShape = broadcastShapes('matMul', batchA, batchB);
  } catch {
    throw new ShapeError(
      `matMul: batch dimensions must broadcast; received a with shape ${formatShape(a.shape)} and b with shape ${formatShape(b.shape)}`,
    );
  }
  const batch = sizeOf(batchShape);
  const out = backend.alloc(a.dtype, batch * m * n);
  const av = backend.values(a) as FloatArray;
  const bv = backend.values(b) as FloatArray;
  const ov = out as FloatArray;
  if (batch === 1) impl(av, 0, bv, 0, ov, 0, m, n, k, transposeA, transposeB);
  else {
    // Offsets of batch element `i` in each operand, honouring broadcast (stride 0) batch axes.
    const outStrides = stridesOf(batchShape);
    const stridesFor = (shape: readonly number[]): number[] => {
      const own = stridesOf(shape);
      const offset = batchShape.length - shape.length;
      return batchShape.map((_, i) => (i < offset || shape[i - offset] === 1 ? 0 : (own[i - offset] as number)));
    };
    const sa = stridesFor(batchA);
    const sb = stridesFor(batchB);
    for (let i = 0; i < batch; i++) {
      let oa = 0;
      let ob = 0;
      let rest = i;
      for (let d = 0; d < batchShape.length; d++) {
        const idx = Math.floor(rest / (outStrides[d] as number));
        rest -= idx * (outStrides[d] as number);
        oa += idx * (sa[d] as number);
        ob += idx * (sb[d] as number);
      }
      impl(av, oa * m * k, bv, ob * k * n, ov, i * m * n, m, n, k, transposeA, transposeB);
    }
  }
  return backend.output(out, [...batchShape, m, n], a.dtype);
}

registerKernel('MatMul', 'ts', (inputs, attrs, backend: TsBackend) => matMul(inputs, attrs, backend, matMulImpl));
