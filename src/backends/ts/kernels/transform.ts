import type { TypedArray } from '../../../core/dtype.js';
import { ValueError } from '../../../core/errors.js';
import { type Shape, sizeOf, stridesOf } from '../../../core/shape.js';
import { registerKernel, type TensorInfo } from '../../backend.js';
import type { TsBackend } from '../ts-backend.js';

/** Writes `x` (of `shape`) permuted by `perm` into `out`. */
export function transposeInto(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void {
  const rank = shape.length;
  const n = x.length;
  if (rank === 2 && perm[0] === 1) {
    // Blocked 2-D transpose: both arrays are walked in cache-sized tiles.
    const rows = shape[0] as number;
    const cols = shape[1] as number;
    const B = 32;
    for (let i0 = 0; i0 < rows; i0 += B) {
      const i1 = Math.min(i0 + B, rows);
      for (let j0 = 0; j0 < cols; j0 += B) {
        const j1 = Math.min(j0 + B, cols);
        for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * rows + i] = x[i * cols + j] as number;
      }
    }
    return;
  }
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p] as number);
  // For each output axis, the input stride it walks.
  const walk = perm.map((p) => inStrides[p] as number);
  const counter = new Int32Array(rank);
  let src = 0;
  for (let o = 0; o < n; o++) {
    out[o] = x[src] as number;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const c = (counter[axis] as number) + 1;
      if (c < (outShape[axis] as number)) {
        counter[axis] = c;
        src += walk[axis] as number;
        break;
      }
      counter[axis] = 0;
      src -= (c - 1) * (walk[axis] as number);
    }
  }
}

registerKernel('Reshape', 'ts', (inputs, { shape }) => {
  const x = inputs[0] as TensorInfo;
  // Elements are immutable, so the new tensor shares the input's storage (the engine counts the reference).
  return { dataId: x.dataId, shape: shape.slice(), dtype: x.dtype };
});

registerKernel('Transpose', 'ts', (inputs, { perm }, backend: TsBackend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x);
  const out = backend.alloc(x.dtype, xv.length);
  transposeInto(xv, x.shape, perm, out);
  return backend.output(
    out,
    perm.map((p) => x.shape[p] as number),
    x.dtype,
  );
});

registerKernel('Concat', 'ts', (inputs, { axis }, backend: TsBackend) => {
  const first = inputs[0] as TensorInfo;
  const shape = first.shape.slice();
  shape[axis] = inputs.reduce((s, t) => s + (t.shape[axis] as number), 0);
  const out = backend.alloc(first.dtype, sizeOf(shape));
  const outer = sizeOf(shape.slice(0, axis));
  const outRow = sizeOf(shape.slice(axis));
  let col = 0;
  for (const t of inputs) {
    const v = backend.values(t);
    const row = sizeOf(t.shape.slice(axis));
    for (let o = 0; o < outer; o++) out.set(v.subarray(o * row, (o + 1) * row), o * outRow + col);
    col += row;
  }
  return backend.output(out, shape, first.dtype);
});

registerKernel('Slice', 'ts', (inputs, { begin, size }, backend: TsBackend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x);
  const rank = x.shape.length;
  const out = backend.alloc(x.dtype, sizeOf(size));
  if (out.length === 0) return backend.output(out, size.slice(), x.dtype);
  const strides = stridesOf(x.shape);
  const row = rank === 0 ? 1 : (size[rank - 1] as number);
  const rows = out.length / row;
  const counter = new Int32Array(Math.max(rank - 1, 0));
  let src = 0;
  for (let a = 0; a < rank; a++) src += (begin[a] as number) * (strides[a] as number);
  for (let r = 0; r < rows; r++) {
    out.set(xv.subarray(src, src + row), r * row);
    for (let axis = rank - 2; axis >= 0; axis--) {
      const c = (counter[axis] as number) + 1;
      if (c < (size[axis] as number)) {
        counter[axis] = c;
        src += strides[axis] as number;
        break;
      }
      counter[axis] = 0;
      src -= (c - 1) * (strides[axis] as number);
    }
  }
  return backend.output(out, size.slice(), x.dtype);
});

function checkIndex(index: number, position: number, dim: number, axis: number, op: string): void {
  if (index < 0 || index >= dim) {
    throw new ValueError(
      `${op}: \`indices\` out of range. Expected values in [0, ${dim}) for axis ${axis} of size ${dim}. ` +
        `Received: ${index} at position ${position}`,
    );
  }
}

registerKernel('Gather', 'ts', (inputs, { axis }, backend: TsBackend) => {
  const [params, indices] = inputs as [TensorInfo, TensorInfo];
  const pv = backend.values(params);
  const iv = backend.values(indices);
  const dim = params.shape[axis] as number;
  const outer = sizeOf(params.shape.slice(0, axis));
  const inner = sizeOf(params.shape.slice(axis + 1));
  const shape = [...params.shape.slice(0, axis), ...indices.shape, ...params.shape.slice(axis + 1)];
  const out = backend.alloc(params.dtype, sizeOf(shape));
  const nIdx = iv.length;
  for (let j = 0; j < nIdx; j++) checkIndex(iv[j] as number, j, dim, axis, 'gather');
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < nIdx; j++) {
      const src = (o * dim + (iv[j] as number)) * inner;
      out.set(pv.subarray(src, src + inner), (o * nIdx + j) * inner);
    }
  }
  return backend.output(out, shape, params.dtype);
});

registerKernel('ScatterAdd', 'ts', (inputs, { shape, axis }, backend: TsBackend) => {
  const [indices, updates] = inputs as [TensorInfo, TensorInfo];
  const iv = backend.values(indices);
  const uv = backend.values(updates);
  const dim = shape[axis] as number;
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  const out = backend.zeros(updates.dtype, sizeOf(shape));
  const nIdx = iv.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < nIdx; j++) {
      const idx = iv[j] as number;
      checkIndex(idx, j, dim, axis, 'scatterAdd');
      const dst = (o * dim + idx) * inner;
      const src = (o * nIdx + j) * inner;
      for (let k = 0; k < inner; k++) out[dst + k] = (out[dst + k] as number) + (uv[src + k] as number);
    }
  }
  return backend.output(out, shape.slice(), updates.dtype);
});

registerKernel('OneHot', 'ts', (inputs, { depth, onValue, offValue, dtype }, backend: TsBackend) => {
  const indices = inputs[0] as TensorInfo;
  const iv = backend.values(indices);
  const out = backend.alloc(dtype, iv.length * depth);
  out.fill(offValue);
  // NOTE: an index outside [0, depth) gives a row of offValue, as in TensorFlow (so -1 can mean "no class").
  for (let i = 0; i < iv.length; i++) {
    const idx = iv[i] as number;
    if (idx >= 0 && idx < depth) out[i * depth + idx] = onValue;
  }
  return backend.output(out, [...indices.shape, depth], dtype);
});

registerKernel('Tile', 'ts', (inputs, { reps }, backend: TsBackend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x);
  const shape = x.shape.map((d, i) => d * (reps[i] as number));
  const out = backend.alloc(x.dtype, sizeOf(shape));
  if (xv.length === 1) {
    // Broadcasting a scalar (the gradient of a full sum) is a fill: no index arithmetic per element.
    out.fill(xv[0] as number);
    return backend.output(out, shape, x.dtype);
  }
  const rank = shape.length;
  const inStrides = stridesOf(x.shape);
  const counter = new Int32Array(rank);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let a = 0; a < rank; a++) src += ((counter[a] as number) % (x.shape[a] as number)) * (inStrides[a] as number);
    out[o] = xv[src] as number;
    for (let a = rank - 1; a >= 0; a--) {
      const c = (counter[a] as number) + 1;
      if (c < (shape[a] as number)) {
        counter[a] = c;
        break;
      }
      counter[a] = 0;
    }
  }
  return backend.output(out, shape, x.dtype);
});

registerKernel('Pad', 'ts', (inputs, { paddings, value }, backend: TsBackend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x);
  const shape = x.shape.map(
    (d, i) => d + ((paddings[i] as readonly [number, number])[0] + (paddings[i] as readonly [number, number])[1]),
  );
  const out = backend.alloc(x.dtype, sizeOf(shape));
  out.fill(value);
  const rank = x.shape.length;
  if (xv.length === 0) return backend.output(out, shape, x.dtype);
  const outStrides = stridesOf(shape);
  const counter = new Int32Array(rank);
  for (let i = 0; i < xv.length; i++) {
    let dst = 0;
    for (let a = 0; a < rank; a++) {
      dst += ((counter[a] as number) + (paddings[a] as readonly [number, number])[0]) * (outStrides[a] as number);
    }
    out[dst] = xv[i] as number;
    for (let a = rank - 1; a >= 0; a--) {
      const c = (counter[a] as number) + 1;
      if (c < (x.shape[a] as number)) {
        counter[a] = c;
        break;
      }
      counter[a] = 0;
    }
  }
  return backend.output(out, shape, x.dtype);
});
