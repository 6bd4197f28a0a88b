import type { FusedActivation } from '../backends/kernel-names.js';
import { ShapeError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { relu, sigmoid, tanh } from './activations.js';
import { add } from './arithmetic.js';
import { im2col, type Padding, patchGeometry } from './conv-patches.js';
import { fusedMatMul } from './fused.js';
import { castTo, scoped } from './internal.js';
import { matMul } from './mat-mul.js';
import { reshape, transpose } from './shape.js';

/** How a 2-D convolution's window moves (Keras's arguments, as pairs). */
export interface Conv2dOptions {
  strides: readonly [number, number];
  padding: Padding;
  dilations: readonly [number, number];
  /** Channels and filters split into this many independent groups (1: an ordinary convolution). */
  groups: number;
  /** Added to every output pixel: length F. */
  bias?: Tensor | null;
  /** Applied in the product's epilogue where the backend fuses it (groups 1); after the bias otherwise. */
  activation?: FusedActivation;
}

/**
 * 2-D convolution of an NHWC image, as Keras's Conv2D computes it (a cross-correlation):
 * y[n, i, j, f] = Σ_{ky, kx, c} x[n, i·sh + ky·dh − top, j·sw + kx·dw − left, g·Cg + c] · w[ky, kx, c, f]
 * (+ b[f]), with g = ⌊f / (F/groups)⌋ the filter's group and Cg = C/groups; taps outside the image read 0.
 * Computed as Im2Col then one matrix product (a batched one per group).
 *
 * x: [N, H, W, C]; kernel: [kh, kw, C/groups, F] → [N, outH, outW, F].
 * @throws {ShapeError} when x is not rank 4 or its channels are not kernel's in-channels × groups.
 * @example `conv2d(x, w, { strides: [1, 1], padding: 'same', dilations: [1, 1], groups: 1 })`
 */
export function conv2d(x: Tensor, kernel: Tensor, options: Conv2dOptions): Tensor {
  return scoped('conv2d', () => {
    const { strides, padding, dilations, groups, bias = null, activation = 'linear' } = options;
    const [kh, kw, cg, f] = kernel.shape as [number, number, number, number];
    if (x.rank !== 4 || x.shape[3] !== cg * groups) {
      throw new ShapeError(
        `conv2d: expected an input of shape [batch, height, width, ${cg * groups}] for a kernel of shape ` +
          `${formatShape(kernel.shape)} and groups=${groups}. Received: ${formatShape(x.shape)}`,
      );
    }
    const $x = castTo(x, kernel.dtype);
    const [n, h, w] = $x.shape as [number, number, number];
    const geometry = patchGeometry(padding, [h, w], [kh, kw], strides, dilations);
    const cols = im2col($x, geometry);
    const [, outH, outW, depth] = cols.shape as [number, number, number, number];
    const m = n * outH * outW;
    if (groups === 1) {
      const y = fusedMatMul({ a: reshape(cols, [m, depth]), b: reshape(kernel, [depth, f]), bias, activation });
      return reshape(y, [n, outH, outW, f]);
    }
    // Per group: its channels of every patch times its filters' kernel, as one batched product over the groups.
    const fg = f / groups;
    const groupCols = reshape(transpose(reshape(cols, [m, kh * kw, groups, cg]), [2, 0, 1, 3]), [
      groups,
      m,
      kh * kw * cg,
    ]);
    const groupKernel = transpose(reshape(kernel, [kh * kw * cg, groups, fg]), [1, 0, 2]);
    let y = reshape(transpose(matMul(groupCols, groupKernel), [1, 0, 2]), [n, outH, outW, f]);
    if (bias) y = add(y, bias);
    return activation === 'linear' ? y : ACTIVATIONS[activation](y);
  });
}

const ACTIVATIONS: Record<Exclude<FusedActivation, 'linear'>, (y: Tensor) => Tensor> = { relu, sigmoid, tanh };

/**
 * Depthwise 2-D convolution: each input channel c convolved with its own m kernels,
 * y[n, i, j, c·m + k] = Σ_{ky, kx} x[n, i·sh + ky·dh − top, j·sw + kx·dw − left, c] · w[ky, kx, c, k] (+ b[c·m + k]).
 * A conv2d with groups = C underneath.
 *
 * x: [N, H, W, C]; kernel: [kh, kw, C, m] (Keras's depthwise layout) → [N, outH, outW, C·m].
 * @throws {ShapeError} when x is not rank 4 or its channels are not the kernel's third axis.
 * @example `depthwiseConv2d(x, w, { strides: [1, 1], padding: 'same', dilations: [1, 1] })`
 */
export function depthwiseConv2d(x: Tensor, kernel: Tensor, options: Omit<Conv2dOptions, 'groups'>): Tensor {
  const [kh, kw, c, m] = kernel.shape as [number, number, number, number];
  // [kh, kw, C, m] → [kh, kw, 1, C·m]: filter c·m + k belongs to group c, as a grouped convolution lays them out.
  return conv2d(x, reshape(kernel, [kh, kw, 1, c * m]), { ...options, groups: c });
}
