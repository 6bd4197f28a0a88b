import { registerGradient } from '../core/gradient-registry.js';
import type { Tensor } from '../core/tensor.js';
import { mul, sub } from '../ops/arithmetic.js';
import { onesLike, zerosLike } from '../ops/creation.js';
import { activationGrad, penaltyGrad } from '../ops/fused.js';
import { matMul } from '../ops/mat-mul.js';
import { sum } from '../ops/reduction.js';
import { reshape } from '../ops/shape.js';

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
    const dz = activation === 'linear' ? dy : activationGrad(dy, ctx.output(0), activation);
    let da: Tensor | null = null;
    let db: Tensor | null = null;
    if (ctx.needsGradient(0)) {
      da = tA ? matMul(b, dz, tB, true) : matMul(dz, b, false, !tB);
    }
    if (ctx.needsGradient(1)) {
      db = tB ? matMul(dz, a, true, tA) : matMul(a, dz, !tA, false);
    }
    const dBias = ctx.inputShapes.length > 2 && ctx.needsGradient(2) ? sum(dz, 0) : null;
    return [da, db, dBias];
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
