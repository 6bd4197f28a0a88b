import { BaseConv, type ConvArgs, convArgs, type SpatialSize } from './base-conv.js';

export type Conv1DArgs = ConvArgs;

/**
 * 1-D convolution layer (Keras's Conv1D): `output = activation(conv1d(x, W) + b)` along the steps of a sequence,
 * with kernels W [k, C/groups, filters] and bias b [filters]. 'causal' padding puts (k − 1)·d zeros before the first
 * step, so output step t sees only inputs up to t.
 *
 * Input: [batch, steps, channels]. Output: [batch, outSteps, filters] (outSteps as Conv2D's, and = steps/stride
 * rounded up for 'causal').
 * @throws {ValueError} as Conv2D (padding may also be 'causal').
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @throws {ShapeError} at build, for an input that is not rank 3 or whose channels groups does not divide.
 * @example `new layers.Conv1D(16, 5, { padding: 'causal', dilationRate: 2 })`
 */
export class Conv1D extends BaseConv {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Conv1D';
  readonly className = 'Conv1D';

  constructor(
    filters: number | Conv1DArgs,
    kernelSize?: SpatialSize | Omit<Conv1DArgs, 'filters'>,
    args: Omit<Conv1DArgs, 'filters' | 'kernelSize'> = {},
  ) {
    super(1, 'Conv1D', convArgs('Conv1D', filters, kernelSize, args));
  }
}
