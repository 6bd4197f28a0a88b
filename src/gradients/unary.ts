import { isFloat } from '../core/dtype.js';
import { registerGradient } from '../core/gradient-registry.js';
import { sigmoid, tanh } from '../ops/activations.js';
import { add, div, mul, sub } from '../ops/arithmetic.js';
import { greater, greaterEqual, less, lessEqual, logicalAnd, where } from '../ops/compare.js';
import { zerosLike } from '../ops/creation.js';
import { activationGrad } from '../ops/fused.js';
import { castTo } from '../ops/internal.js';
import { cast, erf, exp, neg, sign, square } from '../ops/unary.js';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

registerGradient({ kernelName: 'Neg', gradFunc: (dy) => [neg(dy)] });

registerGradient({
  kernelName: 'Abs',
  inputsToSave: [0],
  // NOTE: d|x|/dx = sign(x), so the subgradient at 0 is 0 (TensorFlow and PyTorch agree).
  gradFunc: (dy, ctx) => [mul(dy, castTo(sign(ctx.input(0)), dy.dtype))],
});

registerGradient({ kernelName: 'Sign', gradFunc: (dy) => [zerosLike(dy)] });
registerGradient({ kernelName: 'Floor', gradFunc: (dy) => [zerosLike(dy)] });
registerGradient({ kernelName: 'Ceil', gradFunc: (dy) => [zerosLike(dy)] });
registerGradient({ kernelName: 'Round', gradFunc: (dy) => [zerosLike(dy)] });
registerGradient({ kernelName: 'IsNaN', gradFunc: () => [null] });
registerGradient({ kernelName: 'IsFinite', gradFunc: () => [null] });
registerGradient({ kernelName: 'LogicalNot', gradFunc: () => [null] });

registerGradient({ kernelName: 'Square', inputsToSave: [0], gradFunc: (dy, ctx) => [mul(dy, mul(ctx.input(0), 2))] });
registerGradient({ kernelName: 'Sqrt', outputsToSave: [0], gradFunc: (dy, ctx) => [div(dy, mul(ctx.output(0), 2))] });
// d/dx x^{-1/2} = −½ x^{-3/2} = −½ y³
registerGradient({
  kernelName: 'Rsqrt',
  outputsToSave: [0],
  gradFunc: (dy, ctx) => {
    const y = ctx.output(0);
    return [mul(dy, mul(mul(y, square(y)), -0.5))];
  },
});
registerGradient({
  kernelName: 'Reciprocal',
  outputsToSave: [0],
  gradFunc: (dy, ctx) => [neg(mul(dy, square(ctx.output(0))))],
});
registerGradient({ kernelName: 'Exp', outputsToSave: [0], gradFunc: (dy, ctx) => [mul(dy, ctx.output(0))] });
registerGradient({ kernelName: 'Expm1', inputsToSave: [0], gradFunc: (dy, ctx) => [mul(dy, exp(ctx.input(0)))] });
registerGradient({ kernelName: 'Log', inputsToSave: [0], gradFunc: (dy, ctx) => [div(dy, ctx.input(0))] });
registerGradient({ kernelName: 'Log1p', inputsToSave: [0], gradFunc: (dy, ctx) => [div(dy, add(ctx.input(0), 1))] });

registerGradient({
  kernelName: 'Relu',
  outputsToSave: [0],
  // dy·1[x > 0], read from the output (y > 0 exactly when x > 0): one ActivationGrad kernel where the backend has it,
  // and a second derivative of 0 rather than none, as TensorFlow's. NOTE: the subgradient at x = 0 is 0 (TensorFlow
  // and PyTorch agree).
  gradFunc: (dy, ctx) => {
    const y = ctx.output(0);
    // An int32 relu (relu keeps integers) has no float epilogue kernel: its gradient stays the plain product.
    return [isFloat(y.dtype) ? activationGrad(dy, y, 'relu') : mul(dy, cast(greater(y, 0), dy.dtype))];
  },
});
registerGradient({
  kernelName: 'Relu6',
  inputsToSave: [0],
  // NOTE: 0 at both kinks (x = 0 and x = 6), as TensorFlow.
  gradFunc: (dy, ctx) => {
    const x = ctx.input(0);
    return [mul(dy, cast(logicalAnd(greater(x, 0), less(x, 6)), dy.dtype))];
  },
});
registerGradient({
  kernelName: 'LeakyRelu',
  inputsToSave: [0],
  // NOTE: at x = 0 the slope is alpha (the x > 0 branch is strict), as TensorFlow.
  gradFunc: (dy, ctx) => [where(greater(ctx.input(0), 0), dy, mul(dy, ctx.attrs.alpha))],
});
registerGradient({
  kernelName: 'Sigmoid',
  outputsToSave: [0],
  gradFunc: (dy, ctx) => {
    const y = ctx.output(0);
    return [mul(dy, mul(y, sub(1, y)))];
  },
});
registerGradient({
  kernelName: 'Tanh',
  outputsToSave: [0],
  gradFunc: (dy, ctx) => [mul(dy, sub(1, square(ctx.output(0))))],
});
registerGradient({
  kernelName: 'Softplus',
  inputsToSave: [0],
  gradFunc: (dy, ctx) => [mul(dy, sigmoid(ctx.input(0)))],
});
registerGradient({
  kernelName: 'Elu',
  inputsToSave: [0],
  outputsToSave: [0],
  // For x ≤ 0, d/dx (eˣ − 1) = eˣ = y + 1.
  gradFunc: (dy, ctx) => [where(greater(ctx.input(0), 0), dy, mul(dy, add(ctx.output(0), 1)))],
});
registerGradient({
  kernelName: 'Selu',
  inputsToSave: [0],
  outputsToSave: [0],
  // For x ≤ 0, d/dx scale·alpha·(eˣ − 1) = y + scale·alpha.
  gradFunc: (dy, ctx) => [
    where(greater(ctx.input(0), 0), mul(dy, SELU_SCALE), mul(dy, add(ctx.output(0), SELU_SCALE * SELU_ALPHA))),
  ],
});
registerGradient({
  kernelName: 'Erf',
  inputsToSave: [0],
  gradFunc: (dy, ctx) => [mul(dy, mul(exp(neg(square(ctx.input(0)))), TWO_OVER_SQRT_PI))],
});
registerGradient({
  kernelName: 'Gelu',
  inputsToSave: [0],
  gradFunc: (dy, ctx) => {
    const x = ctx.input(0);
    if (!ctx.attrs.approximate) {
      // d/dx x·Φ(x) = Φ(x) + x·φ(x)
      const cdf = mul(add(erf(div(x, Math.SQRT2)), 1), 0.5);
      const pdf = mul(exp(mul(square(x), -0.5)), INV_SQRT_2PI);
      return [mul(dy, add(cdf, mul(x, pdf)))];
    }
    // y = ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³): y' = ½(1 + tanh u) + ½x(1 − tanh²u)·u'
    const u = mul(add(x, mul(mul(x, square(x)), 0.044715)), SQRT_2_OVER_PI);
    const t = tanh(u);
    const du = mul(add(mul(square(x), 3 * 0.044715), 1), SQRT_2_OVER_PI);
    return [mul(dy, add(mul(add(t, 1), 0.5), mul(mul(mul(x, 0.5), sub(1, square(t))), du)))];
  },
});
registerGradient({
  kernelName: 'ClipByValue',
  inputsToSave: [0],
  // The gradient passes where min ≤ x ≤ max (boundaries included, as TensorFlow).
  gradFunc: (dy, ctx) => {
    const x = ctx.input(0);
    const inside = logicalAnd(greaterEqual(x, ctx.attrs.min), lessEqual(x, ctx.attrs.max));
    return [where(inside, dy, zerosLike(dy))];
  },
});
registerGradient({
  kernelName: 'Cast',
  // Differentiable only between float types; an integer input has no gradient.
  gradFunc: (dy, ctx) => [isFloat(ctx.inputDtypes[0] ?? 'int32') ? castTo(dy, ctx.inputDtypes[0] ?? 'float32') : null],
});
