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
    let da: Tensor;
    let db: Tensor;
    if (!tA && !tB) {
      da = matMul(dy, b, false, true);
      db = matMul(a, dy, true, false);
    } else if (!tA && tB) {
      da = matMul(dy, b, false, false);
      db = matMul(dy, a, true, false);
    } else if (tA && !tB) {
      da = matMul(b, dy, false, true);
      db = matMul(a, dy, false, false);
    } else {
      da = matMul(b, dy, true, true);
      db = matMul(dy, a, true, true);
    }
    // Broadcast batch axes: sum the gradient over them.
    return [unbroadcast(da, ctx.inputShapes[0] as Shape), unbroadcast(db, ctx.inputShapes[1] as Shape)];
  },
});
