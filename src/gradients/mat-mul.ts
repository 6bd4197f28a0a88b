import { registerGradient } from '../core/gradient-registry.js';
import type { Shape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { matMul } from '../ops/mat-mul.js';
import { unbroadcast } from './unbroadcast.js';

registerGradient({
  kernelName: 'MatMul',
  inputsToSave: [0, 1],
  // For C = op(A)·op(B): dA and dB are products of dC with the other operand, each written
  // with transpose flags so no transposed copy is ever materialised.
  gradFunc: (dy, ctx) => {
    const a = ctx.input(0);
    const b = ctx.input(1);
    const { transposeA: tA, transposeB: tB } = ctx.attrs;
    // Only the products that lead back to differentiated tensors: dX of the data batch is never needed.
    const wantA = ctx.needsGradient(0);
    const wantB = ctx.needsGradient(1);
    let da: Tensor | null = null;
    let db: Tensor | null = null;
    if (!tA && !tB) {
      if (wantA) da = matMul(dy, b, false, true);
      if (wantB) db = matMul(a, dy, true, false);
    } else if (!tA && tB) {
      if (wantA) da = matMul(dy, b, false, false);
      if (wantB) db = matMul(dy, a, true, false);
    } else if (tA && !tB) {
      if (wantA) da = matMul(b, dy, false, true);
      if (wantB) db = matMul(a, dy, false, false);
    } else {
      if (wantA) da = matMul(b, dy, true, true);
      if (wantB) db = matMul(dy, a, true, true);
    }
    // Broadcast batch axes: sum the gradient over them.
    return [da && unbroadcast(da, ctx.inputShapes[0] as Shape), db && unbroadcast(db, ctx.inputShapes[1] as Shape)];
  },
});
