import { registerGradient } from '../core/gradient-registry.js';
import type { Shape } from '../core/shape.js';
import { col2im, im2col } from '../ops/conv-patches.js';

const geometryOf = ({ kernelSize, strides, dilations, pads }: Parameters<typeof col2im>[1]) => ({
  kernelSize,
  strides,
  dilations,
  pads,
});

// Im2Col copies each pixel into every patch that covers it, so its adjoint adds those copies back: Col2Im. Border
// taps read a constant and pass no gradient on.
registerGradient({
  kernelName: 'Im2Col',
  gradFunc: (dy, ctx) => [
    col2im(dy, geometryOf(ctx.attrs), ctx.inputShapes[0] as Shape as [number, number, number, number]),
  ],
});

// And Col2Im's adjoint is Im2Col with a zero border.
registerGradient({
  kernelName: 'Col2Im',
  gradFunc: (dy, ctx) => [im2col(dy, geometryOf(ctx.attrs), 0)],
});
