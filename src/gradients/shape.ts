import { ENGINE } from '../core/engine.js';
import { registerGradient } from '../core/gradient-registry.js';
import type { Shape } from '../core/shape.js';
import { sum } from '../ops/reduction.js';
import { gather, pad, reshape, slice, transpose } from '../ops/shape.js';

registerGradient({ kernelName: 'Reshape', gradFunc: (dy, ctx) => [reshape(dy, ctx.inputShapes[0] as Shape)] });

registerGradient({
  kernelName: 'Transpose',
  gradFunc: (dy, ctx) => {
    const perm = ctx.attrs.perm;
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => {
      inverse[p] = i;
    });
    return [transpose(dy, inverse)];
  },
});

registerGradient({
  kernelName: 'Concat',
  gradFunc: (dy, ctx) => {
    const axis = ctx.attrs.axis;
    let offset = 0;
    return ctx.inputShapes.map((s) => {
      const begin = s.map((_, i) => (i === axis ? offset : 0));
      offset += s[axis] as number;
      return slice(dy, begin, s);
    });
  },
});

registerGradient({
  kernelName: 'Slice',
  gradFunc: (dy, ctx) => {
    const { begin, size } = ctx.attrs;
    const shape = ctx.inputShapes[0] as Shape;
    return [
      pad(
        dy,
        shape.map((d, i) => [begin[i] as number, d - (begin[i] as number) - (size[i] as number)] as [number, number]),
      ),
    ];
  },
});

registerGradient({
  kernelName: 'Gather',
  inputsToSave: [1],
  // Rows picked several times receive the sum of their gradients.
  gradFunc: (dy, ctx) => [
    ENGINE.runKernel('ScatterAdd', [ctx.input(1), dy], { shape: ctx.inputShapes[0] as Shape, axis: ctx.attrs.axis }),
    null,
  ],
});

registerGradient({
  kernelName: 'ScatterAdd',
  inputsToSave: [0],
  gradFunc: (dy, ctx) => [null, gather(dy, ctx.input(0), ctx.attrs.axis)],
});

registerGradient({ kernelName: 'OneHot', gradFunc: () => [null] });

registerGradient({
  kernelName: 'Tile',
  // View dy as [reps₀, d₀, reps₁, d₁, …] and sum over every reps axis.
  gradFunc: (dy, ctx) => {
    const shape = ctx.inputShapes[0] as Shape;
    const reps = ctx.attrs.reps;
    const split: number[] = [];
    shape.forEach((d, i) => {
      split.push(reps[i] as number, d);
    });
    const axes = shape.map((_, i) => 2 * i);
    return [reshape(sum(reshape(dy, split), axes), shape)];
  },
});

registerGradient({
  kernelName: 'Pad',
  gradFunc: (dy, ctx) => [
    slice(
      dy,
      ctx.attrs.paddings.map((p) => p[0]),
      ctx.inputShapes[0] as Shape,
    ),
  ],
});
