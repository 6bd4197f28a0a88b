import { BasePooling, type PoolingArgs } from './base-pooling.js';

/**
 * 1-D max pooling (Keras's MaxPooling1D): the maximum of each window, per channel: y[…, i, c] = max over the window at i·stride of x[…, ·, c] (cells outside the input are skipped).
 *
 * Input: [batch, steps, channels]. Output: [batch, outSteps, channels], outSteps = ⌊(steps − p)/s⌋ + 1 for 'valid' and ⌈steps/s⌉ for 'same'.
 * @throws {ValueError} for a poolSize or strides that is not a positive integer or a tuple of 1, or an unknown padding.
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @example `new layers.MaxPooling1D({ poolSize: 3, strides: 2, padding: 'same' })`
 */
export class MaxPooling1D extends BasePooling {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'MaxPooling1D';
  readonly className = 'MaxPooling1D';

  constructor(args: PoolingArgs = {}) {
    super(1, 'max', 'MaxPooling1D', args);
  }
}
