import type { DType, TypedArray } from '../../../core/dtype.js';
import { registerKernel, type TensorInfo } from '../../backend.js';
import { PREDICATE_KERNELS, UNARY_KERNELS, type UnaryKernelName } from '../../kernel-names.js';
import type { TsBackend } from '../ts-backend.js';
import { erf, erfc } from './erf.js';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

function outputDType(op: UnaryKernelName, dtype: DType): DType {
  return PREDICATE_KERNELS.has(op) ? 'bool' : dtype;
}

/** Round half to even, as TensorFlow and NumPy do (Math.round rounds half up). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// One loop per op inside one switch: each loop is monomorphic in its function, which V8 compiles
// far better than a shared loop calling a per-op closure for every element.
export function unaryLoop(op: UnaryKernelName, x: TypedArray, y: TypedArray): void {
  const n = x.length;
  switch (op) {
    case 'Neg':
      for (let i = 0; i < n; i++) y[i] = -(x[i] as number);
      return;
    case 'Abs':
      for (let i = 0; i < n; i++) y[i] = Math.abs(x[i] as number);
      return;
    case 'Sign':
      // NOTE: sign(0) = 0 and sign(NaN) = NaN, as in NumPy; Math.sign(-0) = -0, which compares equal to 0.
      for (let i = 0; i < n; i++) y[i] = Math.sign(x[i] as number);
      return;
    case 'Square':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        y[i] = v * v;
      }
      return;
    case 'Sqrt':
      for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i] as number);
      return;
    case 'Rsqrt':
      for (let i = 0; i < n; i++) y[i] = 1 / Math.sqrt(x[i] as number);
      return;
    case 'Reciprocal':
      for (let i = 0; i < n; i++) y[i] = 1 / (x[i] as number);
      return;
    case 'Exp':
      for (let i = 0; i < n; i++) y[i] = Math.exp(x[i] as number);
      return;
    case 'Expm1':
      for (let i = 0; i < n; i++) y[i] = Math.expm1(x[i] as number);
      return;
    case 'Log':
      for (let i = 0; i < n; i++) y[i] = Math.log(x[i] as number);
      return;
    case 'Log1p':
      for (let i = 0; i < n; i++) y[i] = Math.log1p(x[i] as number);
      return;
    case 'Relu':
      // NOTE: branch-free, because a sign test on random activations mispredicts half the time (5× slower).
      // (v + |v|)/2 is exact for v ≥ 0, gives +0 for v ≤ 0 and keeps NaN. It is not finite only for NaN, for
      // v > 8.9e307 (overflow: the answer is v) and for v = −Infinity (−∞ + ∞ = NaN: the answer is 0); that rare,
      // well-predicted branch sorts them out.
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        const r = (v + Math.abs(v)) * 0.5;
        y[i] = r - r === 0 ? r : v > 0 ? v : v < 0 ? 0 : r;
      }
      return;
    case 'Relu6':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        y[i] = v < 0 ? 0 : v > 6 ? 6 : v;
      }
      return;
    case 'Sigmoid':
      // NOTE: two branches keep exp's argument ≤ 0, so neither overflows for large |x|.
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        if (v >= 0) y[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          y[i] = e / (1 + e);
        }
      }
      return;
    case 'Tanh':
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i] as number);
      return;
    case 'Softplus':
      // NOTE: log(1 + e^x) = max(x, 0) + log1p(e^-|x|): exact for large |x| where e^x overflows.
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        y[i] = (v > 0 ? v : 0) + Math.log1p(Math.exp(-Math.abs(v)));
      }
      return;
    case 'Elu':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        y[i] = v > 0 ? v : Math.expm1(v);
      }
      return;
    case 'Selu':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        y[i] = v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v);
      }
      return;
    case 'Erf':
      for (let i = 0; i < n; i++) y[i] = erf(x[i] as number);
      return;
    case 'Floor':
      for (let i = 0; i < n; i++) y[i] = Math.floor(x[i] as number);
      return;
    case 'Ceil':
      for (let i = 0; i < n; i++) y[i] = Math.ceil(x[i] as number);
      return;
    case 'Round':
      for (let i = 0; i < n; i++) y[i] = roundHalfEven(x[i] as number);
      return;
    case 'IsNaN':
      for (let i = 0; i < n; i++) y[i] = Number.isNaN(x[i] as number) ? 1 : 0;
      return;
    case 'IsFinite':
      for (let i = 0; i < n; i++) y[i] = Number.isFinite(x[i] as number) ? 1 : 0;
      return;
    case 'LogicalNot':
      for (let i = 0; i < n; i++) y[i] = x[i] ? 0 : 1;
      return;
  }
}

function unary(op: UnaryKernelName) {
  return (inputs: readonly TensorInfo[], _attrs: unknown, backend: TsBackend): TensorInfo => {
    const x = inputs[0] as TensorInfo;
    const dtype = outputDType(op, x.dtype);
    const xv = backend.values(x);
    const y = backend.alloc(dtype, xv.length);
    unaryLoop(op, xv, y);
    return backend.output(y, x.shape, dtype);
  };
}

for (const op of UNARY_KERNELS) registerKernel(op, 'ts', unary(op));

registerKernel('LeakyRelu', 'ts', (inputs, { alpha }, backend: TsBackend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x);
  const y = backend.alloc(x.dtype, xv.length);
  for (let i = 0; i < xv.length; i++) {
    const v = xv[i] as number;
    y[i] = v < 0 ? alpha * v : v;
  }
  return backend.output(y, x.shape, x.dtype);
});

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

registerKernel('Gelu', 'ts', (inputs, { approximate }, backend: TsBackend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x);
  const y = backend.alloc(x.dtype, xv.length);
  // NOTE: both forms are written so that nothing cancels for negative x, where 1 + tanh(z) and 1 + erf(z) lose
  // every digit (gelu(−8) ≈ −5.0e−15 would come out 2% off, gelu(−10) as 0): 0.5(1 + tanh z) = 1/(1 + e^{−2z})
  // and 0.5(1 + erf z) = 0.5·erfc(−z). The limit at −Infinity is 0, not the NaN that −Infinity·0 would give.
  if (approximate) {
    for (let i = 0; i < xv.length; i++) {
      const v = xv[i] as number;
      const z = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v);
      y[i] = v === Number.NEGATIVE_INFINITY ? -0 : v / (1 + Math.exp(-2 * z));
    }
  } else {
    for (let i = 0; i < xv.length; i++) {
      const v = xv[i] as number;
      y[i] = v === Number.NEGATIVE_INFINITY ? -0 : 0.5 * v * erfc(-v / Math.SQRT2);
    }
  }
  return backend.output(y, x.shape, x.dtype);
});

registerKernel('ClipByValue', 'ts', (inputs, { min, max }, backend: TsBackend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x);
  const y = backend.alloc(x.dtype, xv.length);
  for (let i = 0; i < xv.length; i++) {
    const v = xv[i] as number;
    y[i] = v < min ? min : v > max ? max : v;
  }
  return backend.output(y, x.shape, x.dtype);
});

registerKernel('Cast', 'ts', (inputs, { dtype }, backend: TsBackend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x);
  const y = backend.alloc(dtype, xv.length);
  if (dtype === 'bool') for (let i = 0; i < xv.length; i++) y[i] = xv[i] !== 0 ? 1 : 0;
  // NOTE: float → int32 truncates toward zero (as TensorFlow's cast); NaN becomes 0 by ToInt32.
  else y.set(xv);
  return backend.output(y, x.shape, dtype);
});
