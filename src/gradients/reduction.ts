import { registerGradient } from '../core/gradient-registry.js';
import { reducedShape, type Shape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { div, mul } from '../ops/arithmetic.js';
import { equal, where } from '../ops/compare.js';
import { fill, zerosLike } from '../ops/creation.js';
import { prod, sum } from '../ops/reduction.js';
import { broadcastTo, reshape } from '../ops/shape.js';
import { cast } from '../ops/unary.js';

/** dy of a reduction, reshaped with the reduced axes kept as size 1 and broadcast back to the input's shape. */
function expand(dy: Tensor, inShape: Shape, axes: readonly number[]): Tensor {
  return broadcastTo(reshape(dy, reducedShape(inShape, axes, true)), inShape);
}

registerGradient({
  kernelName: 'Sum',
  gradFunc: (dy, ctx) => [expand(dy, ctx.inputShapes[0] as Shape, ctx.attrs.axes)],
});

function extremumGradient(dy: Tensor, x: Tensor, y: Tensor, axes: readonly number[]): Tensor {
  // NOTE: tied extrema share the gradient equally (TensorFlow's rule), so the total passed back is dy.
  const kept = reducedShape(x.shape, axes, true);
  const isExtremum = cast(equal(x, reshape(y, kept)), dy.dtype);
  const count = sum(isExtremum, axes, true);
  return mul(div(isExtremum, count), reshape(dy, kept));
}

registerGradient({
  kernelName: 'Max',
  inputsToSave: [0],
  outputsToSave: [0],
  gradFunc: (dy, ctx) => [extremumGradient(dy, ctx.input(0), ctx.output(0), ctx.attrs.axes)],
});
registerGradient({
  kernelName: 'Min',
  inputsToSave: [0],
  outputsToSave: [0],
  gradFunc: (dy, ctx) => [extremumGradient(dy, ctx.input(0), ctx.output(0), ctx.attrs.axes)],
});

registerGradient({
  kernelName: 'Prod',
  inputsToSave: [0],
  // ∂/∂xᵢ Π x = Π_{j≠i} xⱼ. Dividing y by xᵢ fails at zeros, so count them: with no zero it is
  // y/xᵢ; with one zero only that element gets the product of the others; with two or more all get 0.
  gradFunc: (dy, ctx) => {
    const x = ctx.input(0);
    const axes = ctx.attrs.axes;
    const isZero = equal(x, 0);
    const nonZero = where(isZero, fill(x.shape, 1, x.dtype), x);
    const prodNonZero = prod(nonZero, axes, true);
    const zeroCount = sum(cast(isZero, 'int32'), axes, true);
    const zero = zerosLike(x);
    const atZero = where(equal(zeroCount, 1), broadcastTo(prodNonZero, x.shape), zero);
    const elsewhere = where(equal(zeroCount, 0), div(prodNonZero, nonZero), zero);
    const g = where(isZero, atZero, elsewhere);
    return [mul(g, reshape(dy, reducedShape(x.shape, axes, true)))];
  },
});

registerGradient({ kernelName: 'ArgMax', gradFunc: () => [null] });
registerGradient({ kernelName: 'ArgMin', gradFunc: () => [null] });
