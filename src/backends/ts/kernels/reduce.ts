import type { DType, TypedArray } from '../../../core/dtype.js';
import { sizeOf } from '../../../core/shape.js';
import { registerKernel, type TensorInfo } from '../../backend.js';
import type { TsBackend } from '../ts-backend.js';
import { transposeInto } from './transform.js';

type Reduction = 'Sum' | 'Prod' | 'Max' | 'Min';

/**
 * Puts the reduced axes last (copying only when they are not already a suffix), so
 * every reduction runs over contiguous runs of `inner` elements.
 */
function asOuterInner(
  backend: TsBackend,
  x: TensorInfo,
  axes: readonly number[],
): { values: TypedArray; outer: number; inner: number; outShape: number[]; scratch: boolean } {
  const rank = x.shape.length;
  const kept = [...Array(rank).keys()].filter((a) => !axes.includes(a));
  const outShape = kept.map((a) => x.shape[a] as number);
  const outer = sizeOf(outShape);
  const inner = sizeOf(axes.map((a) => x.shape[a] as number));
  const xv = backend.values(x);
  const isSuffix = axes.every((a, i) => a === rank - axes.length + i);
  if (isSuffix) return { values: xv, outer, inner, outShape, scratch: false };
  const perm = [...kept, ...axes];
  const values = backend.alloc(x.dtype, xv.length);
  transposeInto(xv, x.shape, perm, values);
  return { values, outer, inner, outShape, scratch: true };
}

function sumPrefix(xv: TypedArray, rows: number, inner: number, out: TypedArray): void {
  // Reducing leading axes (a bias gradient): accumulate whole rows, which walks memory in order.
  const acc = new Float64Array(inner);
  for (let r = 0; r < rows; r++) {
    const base = r * inner;
    for (let j = 0; j < inner; j++) acc[j] = (acc[j] as number) + (xv[base + j] as number);
  }
  out.set(acc);
}

function reduce(op: Reduction, x: TensorInfo, axes: readonly number[], backend: TsBackend): TensorInfo {
  const dtype: DType = (op === 'Sum' || op === 'Prod') && x.dtype === 'bool' ? 'int32' : x.dtype;
  const rank = x.shape.length;
  const isPrefix = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  if (op === 'Sum' && isPrefix) {
    const inner = sizeOf(x.shape.slice(axes.length));
    const out = backend.alloc(dtype, inner);
    sumPrefix(backend.values(x), sizeOf(x.shape.slice(0, axes.length)), inner, out);
    return backend.output(out, x.shape.slice(axes.length), dtype);
  }
  const { values, outer, inner, outShape, scratch } = asOuterInner(backend, x, axes);
  const out = backend.alloc(dtype, outer);
  for (let o = 0; o < outer; o++) {
    const base = o * inner;
    const end = base + inner;
    let acc: number;
    switch (op) {
      case 'Sum':
        acc = 0;
        for (let i = base; i < end; i++) acc += values[i] as number;
        break;
      case 'Prod':
        acc = 1;
        for (let i = base; i < end; i++) acc *= values[i] as number;
        break;
      case 'Max':
        // NOTE: NaN wins (as in NumPy): once acc is NaN no comparison replaces it. Empty → -Infinity.
        acc = Number.NEGATIVE_INFINITY;
        for (let i = base; i < end; i++) {
          const v = values[i] as number;
          if (v > acc || v !== v) acc = v;
          if (acc !== acc) break;
        }
        break;
      case 'Min':
        acc = Number.POSITIVE_INFINITY;
        for (let i = base; i < end; i++) {
          const v = values[i] as number;
          if (v < acc || v !== v) acc = v;
          if (acc !== acc) break;
        }
        break;
    }
    out[o] = acc;
  }
  if (scratch) backend.release(values, x.dtype);
  return backend.output(out, outShape, dtype);
}

for (const op of ['Sum', 'Prod', 'Max', 'Min'] as const) {
  registerKernel(op, 'ts', (inputs, { axes }, backend: TsBackend) =>
    reduce(op, inputs[0] as TensorInfo, axes, backend),
  );
}

function argReduce(x: TensorInfo, axis: number, backend: TsBackend, isMax: boolean): TensorInfo {
  const xv = backend.values(x);
  const dim = x.shape[axis] as number;
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const outShape = [...x.shape.slice(0, axis), ...x.shape.slice(axis + 1)];
  const out = backend.alloc('int32', outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * dim * inner + j;
      let best = 0;
      let bestValue = xv[base] as number;
      // NOTE: ties go to the first index; the first NaN wins, as in NumPy.
      for (let k = 1; k < dim && bestValue === bestValue; k++) {
        const v = xv[base + k * inner] as number;
        if (v !== v || (isMax ? v > bestValue : v < bestValue)) {
          best = k;
          bestValue = v;
        }
      }
      out[o * inner + j] = best;
    }
  }
  return backend.output(out, outShape, 'int32');
}

registerKernel('ArgMax', 'ts', (inputs, { axis }, backend: TsBackend) =>
  argReduce(inputs[0] as TensorInfo, axis, backend, true),
);
registerKernel('ArgMin', 'ts', (inputs, { axis }, backend: TsBackend) =>
  argReduce(inputs[0] as TensorInfo, axis, backend, false),
);
