// The fused kernels of the reference backend: the same arithmetic as the separate kernels they replace, in one
// pass. They define the results the native backend's versions are compared with.
import type { FloatArray } from '../../../core/dtype.js';
import { NotImplementedError } from '../../../core/errors.js';
import { getKernel, type KernelFunc, registerKernel, type TensorInfo } from '../../backend.js';
import {
  type FusedActivation,
  type KernelAttrs,
  type KernelName,
  type MatMulProduct,
  matMulGradProducts,
} from '../../kernel-names.js';
import { PhiloxStream } from '../philox.js';
import type { TsBackend } from '../ts-backend.js';
import { matMul } from './mat-mul.js';
import { matMulImpl } from './mat-mul-impl.js';
import { unaryLoop } from './unary.js';

/** y ← act(y + bias) in place, over rows of `n`. */
export function biasActivation(y: FloatArray, bias: FloatArray | undefined, n: number, activation: FusedActivation) {
  const size = y.length;
  if (bias)
    for (let i = 0; i < size; i += n) for (let j = 0; j < n; j++) y[i + j] = (y[i + j] as number) + (bias[j] as number);
  // In place, through the Relu/Sigmoid/Tanh kernels' own loops, so the results are theirs exactly.
  if (activation !== 'linear') unaryLoop(EPILOGUE[activation], y, y);
}

const EPILOGUE = { relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh' } as const;

registerKernel('FusedMatMul', 'ts', (inputs, attrs, backend: TsBackend) => {
  const [a, b, bias] = inputs as [TensorInfo, TensorInfo, TensorInfo | undefined];
  const out = matMul([a, b], attrs, backend, matMulImpl);
  const n = out.shape[1] as number;
  biasActivation(backend.values(out) as FloatArray, bias && (backend.values(bias) as FloatArray), n, attrs.activation);
  return out;
});

/** The kernel `name` of the backend `backend` is: a composite kernel runs its pieces on whichever backend runs it. */
function kernelOf(name: KernelName, backend: TsBackend): KernelFunc<KernelName> {
  const k = getKernel(name, backend.name);
  if (!k) throw new NotImplementedError(`FusedMatMulGrad: backend ${backend.name} lacks kernel ${name}`);
  return k;
}

const one = (r: TensorInfo | TensorInfo[]): TensorInfo => (Array.isArray(r) ? (r[0] as TensorInfo) : r);

// One call for Dense's backward: the epilogue's gradient, then MatMul's gradient products and the bias's column
// sum, each by this backend's own kernel. It saves the engine's
// per-op work (tensors, tape, scopes) of four ops, which is what a small network's step is made of.
registerKernel('FusedMatMulGrad', 'ts', (inputs, attrs, backend: TsBackend) => {
  const [dy, a, b, y] = inputs as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  const { transposeA: tA, transposeB: tB, activation } = attrs;
  const dz = activation === 'linear' ? dy : one(kernelOf('ActivationGrad', backend)([dy, y], { activation }, backend));
  const matMulK = kernelOf('MatMul', backend);
  const product = ([x, y, transposeA, transposeB]: MatMulProduct<TensorInfo>) =>
    one(matMulK([x, y], { transposeA, transposeB }, backend));
  const { da, db } = matMulGradProducts(a, b, dz, tA, tB);
  const outputs: TensorInfo[] = [];
  if (attrs.needA) outputs.push(product(da));
  if (attrs.needB) outputs.push(product(db));
  if (attrs.needBias) outputs.push(one(kernelOf('Sum', backend)([dz], { axes: [0] }, backend)));
  if (dz !== dy) backend.disposeData(dz.dataId);
  return outputs;
});

registerKernel('ActivationGrad', 'ts', (inputs, { activation }, backend: TsBackend) => {
  const [dy, y] = inputs as [TensorInfo, TensorInfo];
  const dv = backend.values(dy) as FloatArray;
  const yv = backend.values(y) as FloatArray;
  const out = backend.alloc(dy.dtype, dv.length) as FloatArray;
  const n = dv.length;
  switch (activation) {
    case 'linear':
      out.set(dv);
      break;
    case 'relu':
      // The subgradient at 0 is 0, as the Relu gradient's (y > 0 exactly when x > 0).
      for (let i = 0; i < n; i++) out[i] = (yv[i] as number) > 0 ? (dv[i] as number) : 0;
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const s = yv[i] as number;
        out[i] = (dv[i] as number) * (s * (1 - s));
      }
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const t = yv[i] as number;
        out[i] = (dv[i] as number) * (1 - t * t);
      }
      break;
  }
  return backend.output(out, dy.shape.slice(), dy.dtype);
});

registerKernel('Dropout', 'ts', (inputs, { rate, seed }, backend: TsBackend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x) as FloatArray;
  const n = xv.length;
  const y = backend.alloc(x.dtype, n) as FloatArray;
  const mask = backend.alloc(x.dtype, n) as FloatArray;
  const stream = new PhiloxStream(seed[0], seed[1]);
  // The comparison `uniform < 1 − rate` of the unfused layer, whose threshold is a float32 scalar tensor.
  const threshold = Math.fround(1 - rate);
  const keepProb = x.dtype === 'float32' ? Math.fround(1 - rate) : 1 - rate;
  const scale = 1 / keepProb;
  for (let i = 0; i < n; i++) {
    const keep = stream.nextFloat32() < threshold;
    // A dropped unit is x·0, as in the unfused x·keep/(1 − rate): −0 for negative x, NaN for NaN and ±Inf.
    y[i] = keep ? (xv[i] as number) / keepProb : (xv[i] as number) * 0;
    mask[i] = keep ? scale : 0;
  }
  return [backend.output(y, x.shape.slice(), x.dtype), backend.output(mask, x.shape.slice(), x.dtype)];
});

registerKernel('Penalty', 'ts', (inputs, { l1, l2 }, backend: TsBackend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x) as FloatArray;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < xv.length; i++) {
    const v = xv[i] as number;
    s1 += Math.abs(v);
    s2 += v * v;
  }
  const out = backend.alloc(x.dtype, 1);
  out[0] = (l1 ? s1 * l1 : 0) + (l2 ? s2 * l2 : 0);
  return backend.output(out, [], x.dtype);
});

registerKernel('PenaltyGrad', 'ts', (inputs, { l1, l2 }, backend: TsBackend) => {
  const [dy, x] = inputs as [TensorInfo, TensorInfo];
  const g = (backend.values(dy) as FloatArray)[0] as number;
  const xv = backend.values(x) as FloatArray;
  const out = backend.alloc(x.dtype, xv.length) as FloatArray;
  const a = g * l1;
  const b = 2 * g * l2;
  // Absent terms are skipped, not multiplied by 0: L1 alone has slope ±l1 at ±Inf, not 0·Inf = NaN.
  for (let i = 0; i < xv.length; i++) {
    const v = xv[i] as number;
    out[i] = (l1 !== 0 ? a * Math.sign(v) : 0) + (l2 !== 0 ? b * v : 0);
  }
  return backend.output(out, x.shape.slice(), x.dtype);
});

/** A fresh output array holding a copy of `info`'s elements. */
function copyOf(backend: TsBackend, info: TensorInfo): FloatArray {
  const out = backend.alloc(info.dtype, (backend.values(info) as FloatArray).length) as FloatArray;
  out.set(backend.values(info) as FloatArray);
  return out;
}

/**
 * An update kernel over any number of variables: `inputs` is consecutive groups of `size` tensors (one variable's
 * w, g and slots), the outputs each group's, in order. One call updates a whole model, which spares the engine's
 * per-op work for every variable.
 */
export function perGroup<A, B extends TsBackend>(
  size: (attrs: A) => number,
  group: (inputs: readonly TensorInfo[], attrs: A, backend: B) => TensorInfo[],
): (inputs: readonly TensorInfo[], attrs: A, backend: B) => TensorInfo[] {
  return (inputs, attrs, backend) => {
    const n = size(attrs);
    const outputs: TensorInfo[] = [];
    for (let i = 0; i < inputs.length; i += n) outputs.push(...group(inputs.slice(i, i + n), attrs, backend));
    return outputs;
  };
}

/** Tensors per variable of SgdUpdate (w, g[, velocity]) and AdamUpdate (w, g, m, v[, vHat]). */
export const SGD_GROUP = (a: { momentum: number }): number => (a.momentum === 0 ? 2 : 3);
export const ADAM_GROUP = (a: { amsgrad: boolean }): number => (a.amsgrad ? 5 : 4);

function sgdGroup(
  inputs: readonly TensorInfo[],
  { lr, momentum, nesterov, decay }: KernelAttrs['SgdUpdate'],
  backend: TsBackend,
): TensorInfo[] {
  const [w, g, velocity] = inputs as [TensorInfo, TensorInfo, TensorInfo | undefined];
  const wv = copyOf(backend, w);
  const gv = backend.values(g) as FloatArray;
  const n = wv.length;
  if (decay > 0) for (let i = 0; i < n; i++) wv[i] = (wv[i] as number) - (wv[i] as number) * decay;
  if (!velocity) {
    for (let i = 0; i < n; i++) wv[i] = (wv[i] as number) - (gv[i] as number) * lr;
    return [backend.output(wv, w.shape.slice(), w.dtype)];
  }
  const vv = copyOf(backend, velocity);
  for (let i = 0; i < n; i++) {
    const step = (gv[i] as number) * lr;
    const v = (vv[i] as number) * momentum - step;
    vv[i] = v;
    const vStored = vv[i] as number;
    wv[i] = (wv[i] as number) + (nesterov ? vStored * momentum - step : vStored);
  }
  return [backend.output(wv, w.shape.slice(), w.dtype), backend.output(vv, velocity.shape.slice(), velocity.dtype)];
}

registerKernel('SgdUpdate', 'ts', perGroup(SGD_GROUP, sgdGroup));

function adamGroup(
  inputs: readonly TensorInfo[],
  { alpha, beta1, beta2, epsilon, amsgrad, decay }: KernelAttrs['AdamUpdate'],
  backend: TsBackend,
): TensorInfo[] {
  const [w, g, m, v, vHat] = inputs as [TensorInfo, TensorInfo, TensorInfo, TensorInfo, TensorInfo | undefined];
  const wv = copyOf(backend, w);
  const gv = backend.values(g) as FloatArray;
  const mv = copyOf(backend, m);
  const vv = copyOf(backend, v);
  const hv = amsgrad && vHat ? copyOf(backend, vHat) : undefined;
  const n = wv.length;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  for (let i = 0; i < n; i++) {
    let wi = wv[i] as number;
    if (decay > 0) {
      wv[i] = wi - wi * decay;
      wi = wv[i] as number;
    }
    const gi = gv[i] as number;
    mv[i] = (mv[i] as number) + (gi - (mv[i] as number)) * c1;
    vv[i] = (vv[i] as number) + (gi * gi - (vv[i] as number)) * c2;
    let denominator = vv[i] as number;
    if (hv) {
      hv[i] = Math.max(hv[i] as number, denominator);
      denominator = hv[i] as number;
    }
    wv[i] = wi - ((mv[i] as number) * alpha) / (Math.sqrt(denominator) + epsilon);
  }
  const outputs = [
    backend.output(wv, w.shape.slice(), w.dtype),
    backend.output(mv, m.shape.slice(), m.dtype),
    backend.output(vv, v.shape.slice(), v.dtype),
  ];
  if (hv && vHat) outputs.push(backend.output(hv, vHat.shape.slice(), vHat.dtype));
  return outputs;
}

registerKernel('AdamUpdate', 'ts', perGroup(ADAM_GROUP, adamGroup));

registerKernel('CrossEntropy', 'ts', (inputs, { kind, lo, hi }, backend: TsBackend) => {
  const [t, p] = inputs as [TensorInfo, TensorInfo];
  const tv = backend.values(t) as FloatArray;
  const pv = backend.values(p) as FloatArray;
  const c = p.shape[p.shape.length - 1] as number;
  const rows = c === 0 ? 0 : pv.length / c;
  const out = backend.alloc(p.dtype, rows) as FloatArray;
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    let acc = 0;
    if (kind === 'binaryLogits') {
      // max(x, 0) − x·y + log(1 + e^{−|x|}): exact for any logit.
      for (let j = base; j < base + c; j++) {
        const x = pv[j] as number;
        acc += (x > 0 ? x : 0) - x * (tv[j] as number) + Math.log1p(Math.exp(-Math.abs(x)));
      }
      out[r] = acc / c;
    } else if (kind === 'categoricalLogits') {
      // Σ t·(logΣe^x − x), the log-sum-exp shifted by the row's maximum.
      let m = pv[base] as number;
      for (let j = base + 1; j < base + c; j++) m = Math.max(m, pv[j] as number);
      let s = 0;
      for (let j = base; j < base + c; j++) s += Math.exp((pv[j] as number) - m);
      const lse = m + Math.log(s);
      for (let j = base; j < base + c; j++) acc += (tv[j] as number) * (lse - (pv[j] as number));
      out[r] = acc;
    } else if (kind === 'binary') {
      for (let j = base; j < base + c; j++) {
        const v = pv[j] as number;
        const q = v < lo ? lo : v > hi ? hi : v;
        const y = tv[j] as number;
        acc -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
      }
      out[r] = acc / c;
    } else {
      let s = 0;
      for (let j = base; j < base + c; j++) s += pv[j] as number;
      for (let j = base; j < base + c; j++) {
        const v = (pv[j] as number) / s;
        const q = v < lo ? lo : v > hi ? hi : v;
        acc -= (tv[j] as number) * Math.log(q);
      }
      out[r] = acc;
    }
  }
  return backend.output(out, p.shape.slice(0, -1), p.dtype);
});

registerKernel('CrossEntropyGrad', 'ts', (inputs, { kind, lo, hi }, backend: TsBackend) => {
  const [dy, t, p] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const dv = backend.values(dy) as FloatArray;
  const tv = backend.values(t) as FloatArray;
  const pv = backend.values(p) as FloatArray;
  const c = p.shape[p.shape.length - 1] as number;
  const rows = c === 0 ? 0 : pv.length / c;
  const out = backend.alloc(p.dtype, pv.length) as FloatArray;
  const a = new Float64Array(kind === 'categorical' ? c : 0);
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    const g = dv[r] as number;
    if (kind === 'binaryLogits') {
      // (sigmoid(x) − y)/c, sigmoid written so that neither branch overflows.
      for (let j = base; j < base + c; j++) {
        const x = pv[j] as number;
        const s = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        out[j] = (g * (s - (tv[j] as number))) / c;
      }
    } else if (kind === 'categoricalLogits') {
      // softmax(x)·Σt − t.
      let m = pv[base] as number;
      for (let j = base + 1; j < base + c; j++) m = Math.max(m, pv[j] as number);
      let s = 0;
      let st = 0;
      for (let j = base; j < base + c; j++) {
        s += Math.exp((pv[j] as number) - m);
        st += tv[j] as number;
      }
      for (let j = base; j < base + c; j++) {
        out[j] = g * ((Math.exp((pv[j] as number) - m) / s) * st - (tv[j] as number));
      }
    } else if (kind === 'binary') {
      // d/dq of −(t·log q + (1 − t)·log(1 − q)), over c; zero where the clip is active (outside [lo, hi]).
      for (let j = base; j < base + c; j++) {
        const q = pv[j] as number;
        const y = tv[j] as number;
        out[j] = q >= lo && q <= hi ? (g * (-y / q + (1 - y) / (1 - q))) / c : 0;
      }
    } else {
      // With s = Σp and r = p/s: dL/dr_j = −t_j/r_j inside the clip; dL/dp_k = (a_k − Σ_j a_j·r_j)/s.
      let s = 0;
      for (let j = base; j < base + c; j++) s += pv[j] as number;
      let dot = 0;
      for (let j = 0; j < c; j++) {
        const v = (pv[base + j] as number) / s;
        a[j] = v >= lo && v <= hi ? -(tv[base + j] as number) / v : 0;
        dot += (a[j] as number) * v;
      }
      for (let j = 0; j < c; j++) out[base + j] = (g * ((a[j] as number) - dot)) / s;
    }
  }
  return backend.output(out, p.shape.slice(), p.dtype);
});
