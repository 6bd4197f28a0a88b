import { ShapeError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { div } from './arithmetic.js';
import { im2col, type Padding, patchGeometry } from './conv-patches.js';
import { ones } from './creation.js';
import { scoped } from './internal.js';
import { max, sum } from './reduction.js';
import { reshape } from './shape.js';

/** How a 2-D pooling window moves. */
export interface Pool2dOptions {
  poolSize: readonly [number, number];
  strides: readonly [number, number];
  padding: Padding;
}

function pool2d(mode: 'max' | 'average', x: Tensor, { poolSize, strides, padding }: Pool2dOptions): Tensor {
  const op = mode === 'max' ? 'maxPool2d' : 'avgPool2d';
  return scoped(op, () => {
    if (x.rank !== 4)
      throw new ShapeError(
        `${op}: expected an input of shape [batch, height, width, channels]. Received: ${formatShape(x.shape)}`,
      );
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const geometry = patchGeometry(padding, [h, w], poolSize, strides, [1, 1]);
    const window = poolSize[0] * poolSize[1];
    // NOTE: max pooling's border reads −∞, so a window that overlaps it takes the max of its real cells only.
    const cols = im2col(x, geometry, mode === 'max' ? Number.NEGATIVE_INFINITY : 0);
    const [, outH, outW] = cols.shape as [number, number, number];
    const windows = reshape(cols, [n, outH, outW, window, c]);
    if (mode === 'max') return max(windows, 3);
    const total = sum(windows, 3);
    if (padding === 'valid') return div(total, window);
    // 'same' averages over the real cells of each window only (TensorFlow's rule): count them with a ones image.
    const counts = sum(im2col(ones([1, h, w, 1], x.dtype), geometry), 3, true);
    return div(total, counts);
  });
}

/**
 * Max pooling of an NHWC image: y[n, i, j, c] = max over the window at (i·sh − top, j·sw − left) of x[n, ·, ·, c],
 * taking only the cells inside the image. x: [N, H, W, C] → [N, outH, outW, C].
 * @throws {ShapeError} when x is not rank 4.
 * @example `maxPool2d(x, { poolSize: [2, 2], strides: [2, 2], padding: 'valid' })`
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return pool2d('max', x, options);
}

/**
 * Average pooling of an NHWC image: the mean over each window of the cells inside the image (with 'same', a window
 * that overlaps the border divides by the cells it covers, as TensorFlow does). x: [N, H, W, C] → [N, outH, outW, C].
 * @throws {ShapeError} when x is not rank 4.
 * @example `avgPool2d(x, { poolSize: [2, 2], strides: [2, 2], padding: 'same' })`
 */
export function avgPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return pool2d('average', x, options);
}
