import { COMPARISON_KERNELS } from '../backends/kernel-names.js';
import { registerGradient } from '../core/gradient-registry.js';
import type { Shape } from '../core/shape.js';
import { add, div, mul, pow } from '../ops/arithmetic.js';
import { greater, greaterEqual, lessEqual, where } from '../ops/compare.js';
import { zerosLike } from '../ops/creation.js';
import { log, neg, square } from '../ops/unary.js';
import { unbroadcast } from './unbroadcast.js';

const shapes = (ctx: { inputShapes: readonly Shape[] }): [Shape, Shape] => [
  ctx.inputShapes[0] as Shape,
  ctx.inputShapes[1] as Shape,
];

registerGradient({
  kernelName: 'Add',
  gradFunc: (dy, ctx) => {
    const [sa, sb] = shapes(ctx);
    return [unbroadcast(dy, sa), unbroadcast(dy, sb)];
  },
});
registerGradient({
  kernelName: 'Sub',
  gradFunc: (dy, ctx) => {
    const [sa, sb] = shapes(ctx);
    return [unbroadcast(dy, sa), ctx.needsGradient(1) ? unbroadcast(neg(dy), sb) : null];
  },
});
registerGradient({
  kernelName: 'Mul',
  inputsToSave: [0, 1],
  gradFunc: (dy, ctx) => {
    const [sa, sb] = shapes(ctx);
    // Only the sides that lead back to differentiated tensors (a constant factor gets no gradient).
    return [
      ctx.needsGradient(0) ? unbroadcast(mul(dy, ctx.input(1)), sa) : null,
      ctx.needsGradient(1) ? unbroadcast(mul(dy, ctx.input(0)), sb) : null,
    ];
  },
});
registerGradient({
  kernelName: 'Div',
  inputsToSave: [0, 1],
  gradFunc: (dy, ctx) => {
    const [sa, sb] = shapes(ctx);
    const a = ctx.input(0);
    const b = ctx.input(1);
    return [
      ctx.needsGradient(0) ? unbroadcast(div(dy, b), sa) : null,
      ctx.needsGradient(1) ? unbroadcast(neg(div(mul(dy, a), square(b))), sb) : null,
    ];
  },
});
registerGradient({
  kernelName: 'Pow',
  inputsToSave: [0, 1],
  outputsToSave: [0],
  gradFunc: (dy, ctx) => {
    const [sa, sb] = shapes(ctx);
    const a = ctx.input(0);
    const b = ctx.input(1);
    const da = mul(dy, mul(b, pow(a, add(b, -1))));
    // NOTE: d/db aᵇ = aᵇ·log a is defined only for a > 0; elsewhere the gradient is 0 (TensorFlow's choice).
    const logA = where(greater(a, 0), log(a), zerosLike(a));
    const db = mul(dy, mul(ctx.output(0), logA));
    return [unbroadcast(da, sa), unbroadcast(db, sb)];
  },
});
registerGradient({
  kernelName: 'Maximum',
  inputsToSave: [0, 1],
  // NOTE: on a tie the gradient goes to a (TensorFlow's convention).
  gradFunc: (dy, ctx) => {
    const [sa, sb] = shapes(ctx);
    const aWins = greaterEqual(ctx.input(0), ctx.input(1));
    const zero = zerosLike(dy);
    return [unbroadcast(where(aWins, dy, zero), sa), unbroadcast(where(aWins, zero, dy), sb)];
  },
});
registerGradient({
  kernelName: 'Minimum',
  inputsToSave: [0, 1],
  gradFunc: (dy, ctx) => {
    const [sa, sb] = shapes(ctx);
    const aWins = lessEqual(ctx.input(0), ctx.input(1));
    const zero = zerosLike(dy);
    return [unbroadcast(where(aWins, dy, zero), sa), unbroadcast(where(aWins, zero, dy), sb)];
  },
});
for (const kernelName of COMPARISON_KERNELS) {
  registerGradient({ kernelName, gradFunc: () => [null, null] });
}
registerGradient({
  kernelName: 'Select',
  inputsToSave: [0],
  gradFunc: (dy, ctx) => {
    const c = ctx.input(0);
    const zero = zerosLike(dy);
    return [
      null,
      unbroadcast(where(c, dy, zero), ctx.inputShapes[1] as Shape),
      unbroadcast(where(c, zero, dy), ctx.inputShapes[2] as Shape),
    ];
  },
});
