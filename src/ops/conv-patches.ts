// The patches of an NHWC image (Im2Col) and their adjoint (Col2Im), and Keras's padding rule: what convolution and
// pooling are built on (ops/conv.ts, ops/pooling.ts).
import type { PatchGeometry } from '../backends/kernel-names.js';
import { ENGINE } from '../core/engine.js';
import type { Tensor } from '../core/tensor.js';

/** Keras's padding modes: 'valid' adds no border; 'same' adds enough that outSize = ⌈inSize / stride⌉. */
export type Padding = 'valid' | 'same';

/**
 * The border [before, after] along one axis of size `size` for a window `kernel` with `stride` and `dilation`.
 * 'same' pads total = max((⌈size/stride⌉ − 1)·stride + (kernel − 1)·dilation + 1 − size, 0), with
 * before = ⌊total/2⌋: TensorFlow's rule, which puts the odd cell at the end (the right and bottom).
 */
export function paddingOf(
  padding: Padding,
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
): [number, number] {
  if (padding === 'valid') return [0, 0];
  const effective = (kernel - 1) * dilation + 1;
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + effective - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Output size along one axis: ⌊(size − effective)/stride⌋ + 1 for 'valid' (0 when the window does not fit), ⌈size/stride⌉ for 'same'. */
export function outputSize(padding: Padding, size: number, kernel: number, stride: number, dilation: number): number {
  if (padding === 'same') return Math.ceil(size / stride);
  const effective = (kernel - 1) * dilation + 1;
  return Math.max(0, Math.floor((size - effective) / stride) + 1);
}

/** The geometry of a 2-D window over an image of height h and width w. */
export function patchGeometry(
  padding: Padding,
  [h, w]: readonly [number, number],
  kernelSize: readonly [number, number],
  strides: readonly [number, number],
  dilations: readonly [number, number],
): PatchGeometry {
  const [top, bottom] = paddingOf(padding, h, kernelSize[0], strides[0], dilations[0]);
  const [left, right] = paddingOf(padding, w, kernelSize[1], strides[1], dilations[1]);
  return { kernelSize, strides, dilations, pads: [top, bottom, left, right] };
}

/**
 * The patches of x [N, H, W, C] → [N, outH, outW, kh·kw·C], each laid out (ky, kx, c); border taps read
 * `padValue`. Differentiable: its gradient is {@link col2im} of the incoming gradient.
 */
export function im2col(x: Tensor, geometry: PatchGeometry, padValue = 0): Tensor {
  return ENGINE.runKernel('Im2Col', [x], { ...geometry, padValue });
}

/** Im2Col's adjoint: each entry of cols [N, outH, outW, kh·kw·C] added back into a zero image of `shape`. */
export function col2im(
  cols: Tensor,
  geometry: PatchGeometry,
  shape: readonly [number, number, number, number],
): Tensor {
  return ENGINE.runKernel('Col2Im', [cols], { ...geometry, shape });
}
