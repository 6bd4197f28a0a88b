import { BaseConv, type ConvArgs, convArgs, type SpatialSize } from './base-conv.js';

export type Conv2DArgs = ConvArgs & { padding?: 'valid' | 'same' };

/**
 * 2-D convolution layer (Keras's Conv2D): `output = activation(conv2d(x, W) + b)`, a cross-correlation of the image
 * with `filters` kernels W [kh, kw, C/groups, filters], plus the bias b [filters].
 *
 * Input: [batch, height, width, channels] (channels last). Output: [batch, outH, outW, filters], with
 * outH = ⌊(height − (kh − 1)·dh − 1)/sh⌋ + 1 for 'valid' and ⌈height/sh⌉ for 'same' (likewise outW).
 * @throws {ValueError} for filters or groups that are not positive integers, filters not divisible by groups, a bad
 *   kernelSize/strides/dilationRate, an unknown padding, strides > 1 together with dilationRate > 1 (as Keras).
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @throws {ShapeError} at build, for an input that is not rank 4 or whose channels groups does not divide.
 * @example
 * ```ts
 * new layers.Conv2D(32, 3, { activation: 'relu' });
 * new layers.Conv2D({ filters: 8, kernelSize: [3, 3], strides: 2, padding: 'same' });
 * ```
 */
export class Conv2D extends BaseConv {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Conv2D';
  readonly className = 'Conv2D';

  constructor(
    filters: number | Conv2DArgs,
    kernelSize?: SpatialSize | Omit<Conv2DArgs, 'filters'>,
    args: Omit<Conv2DArgs, 'filters' | 'kernelSize'> = {},
  ) {
    super(2, 'Conv2D', convArgs('Conv2D', filters, kernelSize, args));
  }
}
