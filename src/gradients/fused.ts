import { matMulGradProducts } from '../backends/kernel-names.js';
import { ENGINE } from '../core/engine.js';
import { registerGradient } from '../core/gradient-registry.js';
import type { Tensor } from '../core/tensor.js';
import { sigmoid } from '../ops/activations.js';
import { div, mul, sub } from '../ops/arithmetic.js';
import { greaterEqual, lessEqual, logicalAnd, where } from '../ops/compare.js';
import { onesLike, zerosLike } from '../ops/creation.js';
import { activationGrad } from '../ops/fused.js';
import { matMul } from '../ops/mat-mul.js';
import { penaltyGrad } from '../ops/penalty.js';
import { sum } from '../ops/reduction.js';
import { expandDims, reshape } from '../ops/shape.js';
import { logSoftmax, softmax } from '../ops/softmax.js';
import { clipByValue, log, neg } from '../ops/unary.js';

registerGradient({
  kernelName: 'FusedMatMul',
  inputsToSave: [0, 1],
  outputsToSave: [0],
  // Through the epilogue first (dz = dy·act′, from the saved output), then MatMul's two products and the bias's
  // column sum. Every piece is an op with a gradient of its own, so higher derivatives still work.
  gradFunc: (dy, ctx) => {
    const { transposeA: tA, transposeB: tB, activation } = ctx.attrs;
    const a = ctx.input(0);
    const b = ctx.input(1);
    const needA = ctx.needsGradient(0);
    const needB = ctx.needsGradient(1);
    const needBias = ctx.inputShapes.length > 2 && ctx.needsGradient(2);
    // Not being differentiated itself (the usual case): the whole backward as one kernel, where the backend has it.
    if (!ENGINE.recording && ENGINE.hasKernel('FusedMatMulGrad')) {
      const attrs = { transposeA: tA, transposeB: tB, activation, needA, needB, needBias };
      const outs = ENGINE.runKernel('FusedMatMulGrad', [dy, a, b, ctx.output(0)], attrs, true);
      let i = 0;
      return [
        needA ? (outs[i++] as Tensor) : null,
        needB ? (outs[i++] as Tensor) : null,
        needBias ? (outs[i] as Tensor) : null,
      ];
    }
    const dz = activation === 'linear' ? dy : activationGrad(dy, ctx.output(0), activation);
    const { da, db } = matMulGradProducts(a, b, dz, tA, tB);
    return [needA ? matMul(...da) : null, needB ? matMul(...db) : null, needBias ? sum(dz, 0) : null];
  },
});

registerGradient({
  kernelName: 'ActivationGrad',
  inputsToSave: [0, 1],
  // out = dy·f(y) with f = 1[y > 0], y(1 − y) or 1 − y²: linear in dy, and f′(y) = 0, 1 − 2y or −2y.
  gradFunc: (g, ctx) => {
    const { activation } = ctx.attrs;
    const dy = ctx.input(0);
    const y = ctx.input(1);
    const dDy = ctx.needsGradient(0) ? activationGrad(g, y, activation) : null;
    if (!ctx.needsGradient(1)) return [dDy, null];
    const gdy = mul(g, dy);
    const dY =
      activation === 'sigmoid'
        ? mul(gdy, sub(1, mul(y, 2)))
        : activation === 'tanh'
          ? mul(gdy, mul(y, -2))
          : zerosLike(y);
    return [dDy, dY];
  },
});

registerGradient({
  kernelName: 'Dropout',
  outputsToSave: [1],
  gradFunc: (dy, ctx) => [mul(dy, ctx.output(1))],
});

registerGradient({
  kernelName: 'Penalty',
  inputsToSave: [0],
  gradFunc: (dy, ctx) => {
    const { l1, l2 } = ctx.attrs;
    return [penaltyGrad(dy, ctx.input(0), l1, l2)];
  },
});

registerGradient({
  kernelName: 'PenaltyGrad',
  inputsToSave: [0, 1],
  // out = dy·(l1·sign(x) + 2·l2·x): linear in the scalar dy (its gradient is Σ g·(l1·sign(x) + 2·l2·x)), and
  // 2·l2·dy·g in x (sign has zero derivative away from 0).
  gradFunc: (g, ctx) => {
    const { l1, l2 } = ctx.attrs;
    const dy = ctx.input(0);
    const x = ctx.input(1);
    const dDy = ctx.needsGradient(0) ? reshape(sum(mul(g, penaltyGrad(onesLike(dy), x, l1, l2))), dy.shape) : null;
    const dX = ctx.needsGradient(1) ? mul(mul(g, dy), 2 * l2) : null;
    return [dDy, dX];
  },
});

registerGradient({
  kernelName: 'CrossEntropy',
  inputsToSave: [0, 1],
  // dp in one kernel, unless this backward pass is itself being recorded (a second derivative) or the backend lacks
  // the kernel: then the same formula in differentiable ops. dt (soft labels being trained) always in ops.
  gradFunc: (dy, ctx) => {
    const { kind, lo, hi } = ctx.attrs;
    const t = ctx.input(0);
    const p = ctx.input(1);
    const c = p.shape[p.rank - 1] as number;
    const g = expandDims(dy, -1);
    const inside = (v: Tensor) => logicalAnd(greaterEqual(v, lo), lessEqual(v, hi));
    let dp: Tensor | null = null;
    if (ctx.needsGradient(1)) {
      if (!ENGINE.recording && ENGINE.hasKernel('CrossEntropyGrad'))
        dp = ENGINE.runKernel('CrossEntropyGrad', [dy, t, p], { kind, lo, hi });
      else if (kind === 'binaryLogits') dp = div(mul(g, sub(sigmoid(p), t)), c);
      else if (kind === 'categoricalLogits') dp = mul(g, sub(mul(softmax(p, -1), sum(t, -1, true)), t));
      else if (kind === 'binary') {
        dp = where(inside(p), div(mul(g, sub(div(sub(1, t), sub(1, p)), div(t, p))), c), 0);
      } else {
        const s = sum(p, -1, true);
        const r = div(p, s);
        const a = where(inside(r), neg(div(t, r)), 0);
        dp = div(mul(g, sub(a, sum(mul(a, r), -1, true))), s);
      }
    }
    let dt: Tensor | null = null;
    if (ctx.needsGradient(0)) {
      if (kind === 'binaryLogits') dt = div(mul(g, neg(p)), c);
      else if (kind === 'categoricalLogits') dt = mul(g, neg(logSoftmax(p, -1)));
      else if (kind === 'binary') {
        const q = clipByValue(p, lo, hi);
        dt = div(mul(g, sub(log(sub(1, q)), log(q))), c);
      } else {
        dt = neg(mul(g, log(clipByValue(div(p, sum(p, -1, true)), lo, hi))));
      }
    }
    return [dt, dp];
  },
});
