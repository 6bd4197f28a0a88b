import { BasePooling, type PoolingArgs } from './base-pooling.js';

/**
 * 2-D average pooling (Keras's AveragePooling2D): the mean of each window, per channel; with 'same', a window that overlaps the border averages only the cells inside the input (TensorFlow's rule).
 *
 * Input: [batch, height, width, channels]. Output: [batch, outH, outW, channels], outH = ⌊(height − ph)/sh⌋ + 1 for 'valid' and ⌈height/sh⌉ for 'same'.
 * @throws {ValueError} for a poolSize or strides that is not a positive integer or a tuple of 2, or an unknown padding.
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @example `new layers.AveragePooling2D({ poolSize: 2 })`
 */
export class AveragePooling2D extends BasePooling {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'AveragePooling2D';
  readonly className = 'AveragePooling2D';

  constructor(args: PoolingArgs = {}) {
    super(2, 'average', 'AveragePooling2D', args);
  }
}
