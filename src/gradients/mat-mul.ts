import { matMulGradProducts } from '../backends/kernel-names.js';
import { registerGradient } from '../core/gradient-registry.js';
import type { Shape } from '../core/shape.js';
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
    const { da: pa, db: pb } = matMulGradProducts(a, b, dy, ctx.attrs.transposeA, ctx.attrs.transposeB);
    // Only the products that lead back to differentiated tensors: dX of the data batch is never needed.
    const da = ctx.needsGradient(0) ? matMul(...pa) : null;
    const db = ctx.needsGradient(1) ? matMul(...pb) : null;
    // Broadcast batch axes: sum the gradient over them.
    return [da && unbroadcast(da, ctx.inputShapes[0] as Shape), db && unbroadcast(db, ctx.inputShapes[1] as Shape)];
  },
});
