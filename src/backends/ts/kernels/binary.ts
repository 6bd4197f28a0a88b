import type { DType, TypedArray } from '../../../core/dtype.js';
import { broadcastShapes, shapesEqual, sizeOf } from '../../../core/shape.js';
import { registerKernel, type TensorInfo } from '../../backend.js';
import { BINARY_KERNELS, type BinaryKernelName, COMPARISON_KERNELS } from '../../kernel-names.js';
import type { TsBackend } from '../ts-backend.js';
import { forEachBroadcastRow } from './broadcast.js';

const COMPARISONS: ReadonlySet<BinaryKernelName> = new Set(COMPARISON_KERNELS);

/**
 * a^b as C's pow and NumPy define it.
 * NOTE: JavaScript's `**` gives NaN for 1^NaN, 1^±Infinity and (−1)^±Infinity; C99 (and so NumPy and
 * TensorFlow) gives 1 for all of them.
 */
function pow(a: number, b: number): number {
  const r = a ** b;
  if (r === r) return r;
  return a === 1 || (a === -1 && (b === Number.POSITIVE_INFINITY || b === Number.NEGATIVE_INFINITY)) ? 1 : r;
}

/**
 * out[o + i] = a[ia] ∘ b[ib] for i < n, with ia and ib stepping by their strides
 * (0 for a broadcast operand). One loop per op, chosen once per row.
 */
function binaryRow(
  op: BinaryKernelName,
  a: TypedArray,
  ia: number,
  sa: number,
  b: TypedArray,
  ib: number,
  sb: number,
  out: TypedArray,
  o: number,
  n: number,
): void {
  const end = o + n;
  switch (op) {
    case 'Add':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = (a[ia] as number) + (b[ib] as number);
      return;
    case 'Sub':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = (a[ia] as number) - (b[ib] as number);
      return;
    case 'Mul':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = (a[ia] as number) * (b[ib] as number);
      return;
    case 'Div':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = (a[ia] as number) / (b[ib] as number);
      return;
    case 'Pow':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = pow(a[ia] as number, b[ib] as number);
      return;
    case 'Maximum':
      // NOTE: NaN in either operand gives NaN, as Math.max and NumPy's maximum do.
      for (; o < end; o++, ia += sa, ib += sb) out[o] = Math.max(a[ia] as number, b[ib] as number);
      return;
    case 'Minimum':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = Math.min(a[ia] as number, b[ib] as number);
      return;
    case 'Equal':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] === b[ib] ? 1 : 0;
      return;
    case 'NotEqual':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] !== b[ib] ? 1 : 0;
      return;
    case 'Less':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = (a[ia] as number) < (b[ib] as number) ? 1 : 0;
      return;
    case 'LessEqual':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = (a[ia] as number) <= (b[ib] as number) ? 1 : 0;
      return;
    case 'Greater':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = (a[ia] as number) > (b[ib] as number) ? 1 : 0;
      return;
    case 'GreaterEqual':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = (a[ia] as number) >= (b[ib] as number) ? 1 : 0;
      return;
    case 'LogicalAnd':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] && b[ib] ? 1 : 0;
      return;
    case 'LogicalOr':
      for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] || b[ib] ? 1 : 0;
      return;
  }
}

function binary(op: BinaryKernelName) {
  return (inputs: readonly TensorInfo[], _attrs: unknown, backend: TsBackend): TensorInfo => {
    const a = inputs[0] as TensorInfo;
    const b = inputs[1] as TensorInfo;
    const dtype: DType = COMPARISONS.has(op) ? 'bool' : a.dtype;
    const av = backend.values(a);
    const bv = backend.values(b);
    if (shapesEqual(a.shape, b.shape)) {
      const out = backend.alloc(dtype, av.length);
      binaryRow(op, av, 0, 1, bv, 0, 1, out, 0, av.length);
      return backend.output(out, a.shape, dtype);
    }
    const shape = broadcastShapes(op, a.shape, b.shape);
    const out = backend.alloc(dtype, sizeOf(shape));
    if (bv.length === 1) binaryRow(op, av, 0, 1, bv, 0, 0, out, 0, out.length);
    else if (av.length === 1) binaryRow(op, av, 0, 0, bv, 0, 1, out, 0, out.length);
    else {
      forEachBroadcastRow(shape, [a.shape, b.shape], (offsets, inner, o, n) => {
        binaryRow(
          op,
          av,
          offsets[0] as number,
          inner[0] as number,
          bv,
          offsets[1] as number,
          inner[1] as number,
          out,
          o,
          n,
        );
      });
    }
    return backend.output(out, shape, dtype);
  };
}

for (const op of BINARY_KERNELS) registerKernel(op, 'ts', binary(op));

registerKernel('Select', 'ts', (inputs, _attrs, backend: TsBackend) => {
  const [c, a, b] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const shape = broadcastShapes('where', c.shape, a.shape, b.shape);
  const cv = backend.values(c);
  const av = backend.values(a);
  const bv = backend.values(b);
  const out = backend.alloc(a.dtype, sizeOf(shape));
  forEachBroadcastRow(shape, [c.shape, a.shape, b.shape], (offsets, inner, o, n) => {
    let ic = offsets[0] as number;
    let ia = offsets[1] as number;
    let ib = offsets[2] as number;
    const sc = inner[0] as number;
    const sa = inner[1] as number;
    const sb = inner[2] as number;
    for (let i = 0; i < n; i++, ic += sc, ia += sa, ib += sb)
      out[o + i] = cv[ic] ? (av[ia] as number) : (bv[ib] as number);
  });
  return backend.output(out, shape, a.dtype);
});
