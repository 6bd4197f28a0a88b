// The transposed 2-D convolution: the adjoint of conv2d (ops/conv.ts), written as one matrix product then Col2Im,
// with Keras's output-size and padding rules (keras/src/backend/common/backend_utils.py).
import { ShapeError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { add } from './arithmetic.js';
import { col2im, type Padding } from './conv-patches.js';
import { castTo, scoped } from './internal.js';
import { matMul } from './mat-mul.js';
import { pad, reshape } from './shape.js';

/** How a transposed 2-D convolution's window moves (Keras's arguments, as pairs). */
export interface Conv2dTransposeOptions {
  strides: readonly [number, number];
  padding: Padding;
  /** Extra rows/columns at the end (bottom, right) of the output, each < its stride; null: Keras's default. */
  outputPadding?: readonly [number, number] | null;
  dilations: readonly [number, number];
  /** Added to every output pixel: length F. */
  bias?: Tensor | null;
}

/**
 * Output size along one axis of a transposed convolution (Keras's `_get_output_shape_given_tf_padding`), with
 * e = (kernel − 1)·dilation + 1 the window's extent:
 * 'valid': (size − 1)·stride + e + outputPadding, outputPadding defaulting to max(e, stride) − e;
 * 'same': size·stride, or (size − 1)·stride + e mod 2 + outputPadding when outputPadding is given.
 */
export function transposeOutputSize(
  padding: Padding,
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
  outputPadding: number | null,
): number {
  const e = (kernel - 1) * dilation + 1;
  if (padding === 'valid') return (size - 1) * stride + e + (outputPadding ?? Math.max(e, stride) - e);
  return outputPadding === null ? size * stride : (size - 1) * stride + (e % 2) + outputPadding;
}

/**
 * Where the output of a transposed convolution sits in the full one, of size (size − 1)·stride + e (every tap of
 * every input pixel, no border): [before, after] cells cropped from its start and end; `after` < 0 means −after
 * zero cells appended instead. Keras's JAX rule (`_convert_conv_transpose_padding_args_from_keras_to_jax`) pads
 * the stride-dilated input by [left, right], left = min(⌈total/2⌉, e − 1); so before = e − 1 − left and
 * after = e − 1 − right.
 */
export function transposeCrop(
  padding: Padding,
  kernel: number,
  stride: number,
  dilation: number,
  outputPadding: number | null,
): [number, number] {
  const e = (kernel - 1) * dilation + 1;
  let left: number;
  let right: number;
  if (padding === 'valid') {
    left = e - 1;
    right = e - 1 + (outputPadding ?? Math.max(e, stride) - e);
  } else {
    const total = outputPadding === null ? stride + e - 2 : e + (e % 2) - 2 + outputPadding;
    left = Math.min(Math.floor(total / 2) + (total % 2), e - 1);
    right = total - left;
  }
  return [e - 1 - left, e - 1 - right];
}

/**
 * Transposed 2-D convolution of an NHWC image, as Keras's Conv2DTranspose computes it: the adjoint of conv2d with
 * the same kernel, so each input pixel spreads its kernel-weighted copy over the output,
 * y[n, i·sh + ky·dh − top, j·sw + kx·dw − left, f] += Σ_c x[n, i, j, c] · w[ky, kx, f, c] (+ b[f]),
 * with [top, left] from {@link transposeCrop}. Computed as one matrix product x·Wᵀ (every pixel's patch
 * contribution) then Col2Im (each patch added into the image); its gradient is Im2Col and a product, by autodiff.
 *
 * x: [N, H, W, C]; kernel: [kh, kw, F, C] (Keras's layout) → [N, outH, outW, F], outH from
 * {@link transposeOutputSize}.
 * @throws {ShapeError} when x is not rank 4 or its channels are not the kernel's last axis.
 * @example `conv2dTranspose(x, w, { strides: [2, 2], padding: 'same', dilations: [1, 1] })` doubles H and W.
 */
export function conv2dTranspose(x: Tensor, kernel: Tensor, options: Conv2dTransposeOptions): Tensor {
  return scoped('conv2dTranspose', () => {
    const { strides, padding, dilations, outputPadding = null, bias = null } = options;
    const [kh, kw, f, c] = kernel.shape as [number, number, number, number];
    if (x.rank !== 4 || x.shape[3] !== c) {
      throw new ShapeError(
        `conv2dTranspose: expected an input of shape [batch, height, width, ${c}] for a kernel of shape ` +
          `${formatShape(kernel.shape)}. Received: ${formatShape(x.shape)}`,
      );
    }
    const $x = castTo(x, kernel.dtype);
    const [n, h, w] = $x.shape as [number, number, number];
    const op = outputPadding ?? [null, null];
    const [top, bottom] = transposeCrop(padding, kh, strides[0], dilations[0], op[0]);
    const [left, right] = transposeCrop(padding, kw, strides[1], dilations[1], op[1]);
    const outH = transposeOutputSize(padding, h, kh, strides[0], dilations[0], op[0]);
    const outW = transposeOutputSize(padding, w, kw, strides[1], dilations[1], op[1]);
    // Each input pixel's patch of the output, laid out (ky, kx, f) as Im2Col lays out a patch.
    const cols = reshape(matMul(reshape($x, [n * h * w, c]), reshape(kernel, [kh * kw * f, c]), false, true), [
      n,
      h,
      w,
      kh * kw * f,
    ]);
    // Col2Im with the border [top, bottom, left, right] is the adjoint of conv2d's Im2Col with that border: it
    // drops the taps that fall in it. Cells past the full output (a negative crop) receive no tap: zeros, padded
    // on afterwards so that the patch grid stays exactly H × W.
    const geometry = {
      kernelSize: [kh, kw] as const,
      strides,
      dilations,
      pads: [top, Math.max(bottom, 0), left, Math.max(right, 0)] as const,
    };
    const extraH = Math.max(-bottom, 0);
    const extraW = Math.max(-right, 0);
    let y = col2im(cols, geometry, [n, outH - extraH, outW - extraW, f]);
    if (extraH > 0 || extraW > 0) {
      y = pad(y, [
        [0, 0],
        [0, extraH],
        [0, extraW],
        [0, 0],
      ]);
    }
    return bias ? add(y, bias) : y;
  });
}
