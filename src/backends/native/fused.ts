// The native fused kernels (native/src/fused.cc), registered under 'native' over the reference versions in
// src/backends/ts/kernels/fused.ts, whose arithmetic they mirror.
import type { FloatArray } from '../../core/dtype.js';
import { registerKernel, type TensorInfo } from '../backend.js';
import { CROSS_ENTROPY_KINDS, type FusedActivation, type KernelAttrs } from '../kernel-names.js';
import { ADAM_GROUP, perGroup, SGD_GROUP } from '../ts/kernels/fused.js';
import type { NativeBackend } from './native-backend.js';

type Floats = Float32Array | Float64Array;

/** The addon functions behind the fused kernels; each checks its arrays' types and lengths before touching them. */
export interface FusedAddon {
  fusedMatMul(
    a: Floats,
    b: Floats,
    bias: Floats | null,
    out: Floats,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
    activation: number,
  ): void;
  activationGrad(dy: Floats, y: Floats, out: Floats, activation: number): void;
  dropout(x: Floats, y: Floats, mask: Floats, rate: number, key0: number, key1: number): void;
  /** `kind`: the index of the kind in CROSS_ENTROPY_KINDS. */
  crossEntropy(t: Floats, p: Floats, out: Floats, c: number, kind: number, lo: number, hi: number): void;
  crossEntropyGrad(
    dy: Floats,
    t: Floats,
    p: Floats,
    out: Floats,
    c: number,
    kind: number,
    lo: number,
    hi: number,
  ): void;
  penalty(x: Floats, l1: number, l2: number): number;
  penaltyGrad(g: number, x: Floats, out: Floats, l1: number, l2: number): void;
  sgdUpdate(
    w: Floats,
    g: Floats,
    velocity: Floats | null,
    wOut: Floats,
    velocityOut: Floats | null,
    lr: number,
    momentum: number,
    nesterov: boolean,
    decay: number,
  ): void;
  adamUpdate(
    w: Floats,
    g: Floats,
    m: Floats,
    v: Floats,
    vHat: Floats | null,
    wOut: Floats,
    mOut: Floats,
    vOut: Floats,
    vHatOut: Floats | null,
    alpha: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    decay: number,
  ): void;
}

const ACTIVATION_CODES: Record<FusedActivation, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };

const addonOf = (backend: NativeBackend) => backend.addon as unknown as FusedAddon;
const floats = (backend: NativeBackend, info: TensorInfo) => backend.values(info) as Floats;
/** A fresh output array shaped like `info`. */
const like = (backend: NativeBackend, info: TensorInfo) =>
  backend.alloc(info.dtype, floats(backend, info).length) as FloatArray as Floats;

/** Registers the native fused kernels; native-backend.ts calls it after copying the TypeScript kernels. */
export function registerFusedKernels(): void {
  registerKernel('FusedMatMul', 'native', (inputs, { transposeA, transposeB, activation }, backend: NativeBackend) => {
    const [a, b, bias] = inputs as [TensorInfo, TensorInfo, TensorInfo | undefined];
    const m = a.shape[transposeA ? 1 : 0] as number;
    const k = a.shape[transposeA ? 0 : 1] as number;
    const n = b.shape[transposeB ? 0 : 1] as number;
    const out = backend.alloc(a.dtype, m * n) as FloatArray as Floats;
    addonOf(backend).fusedMatMul(
      floats(backend, a),
      floats(backend, b),
      bias ? floats(backend, bias) : null,
      out,
      m,
      n,
      k,
      transposeA,
      transposeB,
      ACTIVATION_CODES[activation],
    );
    return backend.output(out, [m, n], a.dtype);
  });

  registerKernel('ActivationGrad', 'native', (inputs, { activation }, backend: NativeBackend) => {
    const [dy, y] = inputs as [TensorInfo, TensorInfo];
    const out = like(backend, dy);
    addonOf(backend).activationGrad(floats(backend, dy), floats(backend, y), out, ACTIVATION_CODES[activation]);
    return backend.output(out, dy.shape.slice(), dy.dtype);
  });

  registerKernel('Dropout', 'native', (inputs, { rate, seed }, backend: NativeBackend) => {
    const x = inputs[0] as TensorInfo;
    const y = like(backend, x);
    const mask = like(backend, x);
    addonOf(backend).dropout(floats(backend, x), y, mask, rate, seed[0] >>> 0, seed[1] >>> 0);
    return [backend.output(y, x.shape.slice(), x.dtype), backend.output(mask, x.shape.slice(), x.dtype)];
  });

  registerKernel('CrossEntropy', 'native', (inputs, { kind, lo, hi }, backend: NativeBackend) => {
    const [t, p] = inputs as [TensorInfo, TensorInfo];
    const c = p.shape[p.shape.length - 1] as number;
    const pv = floats(backend, p);
    const rows = c === 0 ? 0 : pv.length / c;
    const out = backend.alloc(p.dtype, rows) as FloatArray as Floats;
    if (rows > 0) {
      addonOf(backend).crossEntropy(floats(backend, t), pv, out, c, CROSS_ENTROPY_KINDS.indexOf(kind), lo, hi);
    }
    return backend.output(out, p.shape.slice(0, -1), p.dtype);
  });

  registerKernel('CrossEntropyGrad', 'native', (inputs, { kind, lo, hi }, backend: NativeBackend) => {
    const [dy, t, p] = inputs as [TensorInfo, TensorInfo, TensorInfo];
    const c = p.shape[p.shape.length - 1] as number;
    const pv = floats(backend, p);
    const out = like(backend, p);
    if (pv.length > 0) {
      addonOf(backend).crossEntropyGrad(
        floats(backend, dy),
        floats(backend, t),
        pv,
        out,
        c,
        CROSS_ENTROPY_KINDS.indexOf(kind),
        lo,
        hi,
      );
    }
    return backend.output(out, p.shape.slice(), p.dtype);
  });

  registerKernel('Penalty', 'native', (inputs, { l1, l2 }, backend: NativeBackend) => {
    const x = inputs[0] as TensorInfo;
    const out = backend.alloc(x.dtype, 1);
    out[0] = addonOf(backend).penalty(floats(backend, x), l1, l2);
    return backend.output(out, [], x.dtype);
  });

  registerKernel('PenaltyGrad', 'native', (inputs, { l1, l2 }, backend: NativeBackend) => {
    const [dy, x] = inputs as [TensorInfo, TensorInfo];
    const out = like(backend, x);
    addonOf(backend).penaltyGrad(floats(backend, dy)[0] as number, floats(backend, x), out, l1, l2);
    return backend.output(out, x.shape.slice(), x.dtype);
  });

  registerKernel(
    'SgdUpdate',
    'native',
    perGroup<KernelAttrs['SgdUpdate'], NativeBackend>(
      SGD_GROUP,
      (inputs, { lr, momentum, nesterov, decay }, backend: NativeBackend) => {
        const [w, g, velocity] = inputs as [TensorInfo, TensorInfo, TensorInfo | undefined];
        const wOut = like(backend, w);
        const vOut = velocity ? like(backend, velocity) : null;
        addonOf(backend).sgdUpdate(
          floats(backend, w),
          floats(backend, g),
          velocity ? floats(backend, velocity) : null,
          wOut,
          vOut,
          lr,
          momentum,
          nesterov,
          decay,
        );
        const outputs = [backend.output(wOut, w.shape.slice(), w.dtype)];
        if (velocity && vOut) outputs.push(backend.output(vOut, velocity.shape.slice(), velocity.dtype));
        return outputs;
      },
    ),
  );

  registerKernel(
    'AdamUpdate',
    'native',
    perGroup<KernelAttrs['AdamUpdate'], NativeBackend>(ADAM_GROUP, (inputs, attrs, backend: NativeBackend) => {
      const [w, g, m, v, vHat] = inputs as [TensorInfo, TensorInfo, TensorInfo, TensorInfo, TensorInfo | undefined];
      const hat = attrs.amsgrad ? vHat : undefined;
      const wOut = like(backend, w);
      const mOut = like(backend, m);
      const vOut = like(backend, v);
      const hOut = hat ? like(backend, hat) : null;
      addonOf(backend).adamUpdate(
        floats(backend, w),
        floats(backend, g),
        floats(backend, m),
        floats(backend, v),
        hat ? floats(backend, hat) : null,
        wOut,
        mOut,
        vOut,
        hOut,
        attrs.alpha,
        attrs.beta1,
        attrs.beta2,
        attrs.epsilon,
        attrs.decay,
      );
      const outputs = [
        backend.output(wOut, w.shape.slice(), w.dtype),
        backend.output(mOut, m.shape.slice(), m.dtype),
        backend.output(vOut, v.shape.slice(), v.dtype),
      ];
      if (hat && hOut) outputs.push(backend.output(hOut, hat.shape.slice(), hat.dtype));
      return outputs;
    }),
  );
}
