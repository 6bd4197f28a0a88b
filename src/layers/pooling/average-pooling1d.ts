import { BasePooling, type PoolingArgs } from './base-pooling.js';

/**
 * 1-D average pooling (Keras's AveragePooling1D): the mean of each window, per channel; with 'same', a window that overlaps the border averages only the cells inside the input (TensorFlow's rule).
 *
 * Input: [batch, steps, channels]. Output: [batch, outSteps, channels], outSteps = ⌊(steps − p)/s⌋ + 1 for 'valid' and ⌈steps/s⌉ for 'same'.
 * @throws {ValueError} for a poolSize or strides that is not a positive integer or a tuple of 1, or an unknown padding.
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @example `new layers.AveragePooling1D({ poolSize: 3, strides: 2, padding: 'same' })`
 */
export class AveragePooling1D extends BasePooling {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'AveragePooling1D';
  readonly className = 'AveragePooling1D';

  constructor(args: PoolingArgs = {}) {
    super(1, 'average', 'AveragePooling1D', args);
  }
}
