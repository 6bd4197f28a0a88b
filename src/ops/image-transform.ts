import { describe, ShapeError, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { add, mul } from './arithmetic.js';
import { tensor } from './convert.js';
import { scoped } from './internal.js';
import { sum } from './reduction.js';
import { gather, reshape } from './shape.js';

/** How a transform reads outside the image (Keras's `fill_mode`). */
export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';
/** How it reads between pixels. */
export type Interpolation = 'bilinear' | 'nearest';

export interface AffineTransformOptions {
  interpolation?: Interpolation;
  /** 'reflect' (d c b a | a b c d | d c b a), 'wrap' (a b c d | a b c d), 'constant' (fillValue), 'nearest' (a a | a b c d | d d). */
  fillMode?: FillMode;
  fillValue?: number;
}

/** Index `i` of an axis of length `n` under a fill mode, or −1 for "the fill value". */
function mapIndex(i: number, n: number, mode: FillMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'wrap':
      return ((i % n) + n) % n;
    case 'reflect': {
      // Symmetric about the edges, period 2n: … b a | a b … y z | z y …
      const m = ((i % (2 * n)) + 2 * n) % (2 * n);
      return m < n ? m : 2 * n - 1 - m;
    }
  }
}

/**
 * Applies one projective transform per image (Keras's `ops.image.affine_transform`, channels last): output pixel
 * (x, y) reads the input at ((a0·x + a1·y + a2)/k, (b0·x + b1·y + b2)/k), k = c0·x + c1·y + 1, for each
 * transform `[a0, a1, a2, b0, b1, b2, c0, c1]`. Between pixels it interpolates (bilinear: the four neighbours
 * weighted by distance); outside the image it reads by `fillMode`.
 *
 * The transforms are plain numbers, drawn on the host by the augmentation layers, so the sampling positions are
 * computed here and the image is read with one gather: nothing is read back from the backend, and the result is
 * differentiable with respect to the images.
 * @throws {ShapeError} for images not of rank 4, {ValueError} for a transform count ≠ batch or of length ≠ 8.
 * @example `affineTransform(images, [[1, 0, -2, 0, 1, 0, 0, 0]], { fillMode: 'constant' })` // shift right by 2
 */
export function affineTransform(
  images: Tensor,
  transforms: readonly (readonly number[])[],
  { interpolation = 'bilinear', fillMode = 'reflect', fillValue = 0 }: AffineTransformOptions = {},
): Tensor {
  if (images.rank !== 4) {
    throw new ShapeError(
      `affineTransform: images must be (batch, height, width, channels). Received: shape [${images.shape.join(', ')}]`,
    );
  }
  const [batch, height, width, channels] = images.shape as [number, number, number, number];
  if (transforms.length !== batch || transforms.some((t) => t.length !== 8 || !t.every(Number.isFinite))) {
    throw new ValueError(
      `affineTransform: expected ${batch} transforms of 8 finite numbers, one per image. Received: ${describe(transforms)}`,
    );
  }
  const corners = interpolation === 'bilinear' ? 4 : 1;
  const pixels = batch * height * width;
  const index = new Int32Array(pixels * corners);
  const weight = new Float32Array(pixels * corners);
  const outside = new Float32Array(pixels);
  let p = 0;
  for (let b = 0; b < batch; b++) {
    const [a0, a1, a2, b0, b1, b2, c0, c1] = transforms[b] as number[];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++, p++) {
        const k = (c0 as number) * x + (c1 as number) * y + 1;
        const sx = ((a0 as number) * x + (a1 as number) * y + (a2 as number)) / k;
        const sy = ((b0 as number) * x + (b1 as number) * y + (b2 as number)) / k;
        const put = (slot: number, yi: number, xi: number, w: number) => {
          const my = mapIndex(yi, height, fillMode);
          const mx = mapIndex(xi, width, fillMode);
          if (my < 0 || mx < 0) outside[p] = (outside[p] as number) + w;
          else {
            index[p * corners + slot] = (b * height + my) * width + mx;
            weight[p * corners + slot] = w;
          }
        };
        if (corners === 1) put(0, Math.round(sy), Math.round(sx), 1);
        else {
          const y0 = Math.floor(sy);
          const x0 = Math.floor(sx);
          const fy = sy - y0;
          const fx = sx - x0;
          put(0, y0, x0, (1 - fy) * (1 - fx));
          put(1, y0, x0 + 1, (1 - fy) * fx);
          put(2, y0 + 1, x0, fy * (1 - fx));
          put(3, y0 + 1, x0 + 1, fy * fx);
        }
      }
    }
  }
  return scoped('affineTransform', () => {
    const rows = reshape(images, [pixels, channels]);
    const picked = gather(rows, tensor(index, [pixels * corners], 'int32'));
    const w = tensor(weight, [pixels * corners, 1], images.dtype === 'float64' ? 'float64' : 'float32');
    let out = sum(reshape(mul(picked, w), [pixels, corners, channels]), 1);
    if (fillValue !== 0 && outside.some((v) => v > 0)) {
      out = add(out, mul(tensor(outside, [pixels, 1], w.dtype), fillValue));
    }
    return reshape(out, [batch, height, width, channels]);
  });
}
