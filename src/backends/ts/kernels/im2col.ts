// Im2Col and Col2Im: the patches of an NHWC image and their adjoint, the two kernels convolution and pooling are
// written with (a convolution is Im2Col then one MatMul; a pooling, Im2Col then a reduction).
import type { Shape } from '../../../core/shape.js';
import { registerKernel, type TensorInfo } from '../../backend.js';
import type { PatchGeometry } from '../../kernel-names.js';
import type { TsBackend } from '../ts-backend.js';

/** The output grid [outH, outW] of `geometry` over an image of height h and width w. */
export function patchGrid(
  h: number,
  w: number,
  { kernelSize, strides, dilations, pads }: PatchGeometry,
): [number, number] {
  const effH = ((kernelSize[0] as number) - 1) * dilations[0] + 1;
  const effW = ((kernelSize[1] as number) - 1) * dilations[1] + 1;
  return [
    Math.max(0, Math.floor((h + pads[0] + pads[1] - effH) / strides[0]) + 1),
    Math.max(0, Math.floor((w + pads[2] + pads[3] - effW) / strides[1]) + 1),
  ];
}

/**
 * Visits every tap of every patch: `visit(col, img)` with `col` the offset of the tap's C channels in the patch
 * matrix and `img` that of the pixel in the image, or −1 for a tap in the border. Both kernels share this walk, so
 * that Col2Im is exactly Im2Col's transpose.
 */
function eachTap(
  [n, h, w, c]: Shape,
  geometry: PatchGeometry,
  visit: (col: number, img: number) => void,
): [number, number] {
  const [kh, kw] = geometry.kernelSize;
  const [sh, sw] = geometry.strides;
  const [dh, dw] = geometry.dilations;
  const [top, , left] = geometry.pads;
  const [outH, outW] = patchGrid(h as number, w as number, geometry);
  const C = c as number;
  const H = h as number;
  const W = w as number;
  let col = 0;
  for (let b = 0; b < (n as number); b++) {
    const imageBase = b * H * W * C;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - top + ky * dh;
          const rowInside = iy >= 0 && iy < H;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - left + kx * dw;
            visit(col, rowInside && ix >= 0 && ix < W ? imageBase + (iy * W + ix) * C : -1);
            col += C;
          }
        }
      }
    }
  }
  return [outH, outW];
}

registerKernel('Im2Col', 'ts', (inputs, attrs, backend: TsBackend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x);
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [outH, outW] = patchGrid(h, w, attrs);
  const depth = attrs.kernelSize[0] * attrs.kernelSize[1] * c;
  const out = backend.alloc(x.dtype, n * outH * outW * depth);
  const pad = attrs.padValue;
  eachTap(x.shape, attrs, (col, img) => {
    if (img < 0) out.fill(pad, col, col + c);
    else for (let k = 0; k < c; k++) out[col + k] = xv[img + k] as number;
  });
  return backend.output(out, [n, outH, outW, depth], x.dtype);
});

registerKernel('Col2Im', 'ts', (inputs, attrs, backend: TsBackend) => {
  const cols = inputs[0] as TensorInfo;
  const cv = backend.values(cols);
  const shape = attrs.shape;
  const c = shape[3];
  const out = backend.zeros(cols.dtype, shape[0] * shape[1] * shape[2] * c);
  // Overlapping patches (stride < window) add into the same pixel: the adjoint of Im2Col's copy.
  eachTap(shape, attrs, (col, img) => {
    if (img >= 0) for (let k = 0; k < c; k++) out[img + k] = (out[img + k] as number) + (cv[col + k] as number);
  });
  return backend.output(out, shape.slice(), cols.dtype);
});
