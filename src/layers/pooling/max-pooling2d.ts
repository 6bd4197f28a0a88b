import { BasePooling, type PoolingArgs } from './base-pooling.js';

/**
 * 2-D max pooling (Keras's MaxPooling2D): the maximum of each window, per channel: y[…, i, c] = max over the window at i·stride of x[…, ·, c] (cells outside the input are skipped).
 *
 * Input: [batch, height, width, channels]. Output: [batch, outH, outW, channels], outH = ⌊(height − ph)/sh⌋ + 1 for 'valid' and ⌈height/sh⌉ for 'same'.
 * @throws {ValueError} for a poolSize or strides that is not a positive integer or a tuple of 2, or an unknown padding.
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @example `new layers.MaxPooling2D({ poolSize: 2 })`
 */
export class MaxPooling2D extends BasePooling {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'MaxPooling2D';
  readonly className = 'MaxPooling2D';

  constructor(args: PoolingArgs = {}) {
    super(2, 'max', 'MaxPooling2D', args);
  }
}
