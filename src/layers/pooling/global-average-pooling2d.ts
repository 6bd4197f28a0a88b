import { BaseGlobalPooling, type GlobalPoolingArgs } from './base-global-pooling.js';

/**
 * Global 2-D average pooling (Keras's GlobalAveragePooling2D): y[n, c] = the mean over every spatial position of x[n, …, c].
 *
 * Input: [batch, height, width, channels]. Output: [batch, channels], or [batch, 1, 1, channels] with keepdims.
 * @throws {ValueError} for a keepdims that is not a boolean.
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @example `new layers.GlobalAveragePooling2D({ keepdims: true })`
 */
export class GlobalAveragePooling2D extends BaseGlobalPooling {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'GlobalAveragePooling2D';
  readonly className = 'GlobalAveragePooling2D';

  constructor(args: GlobalPoolingArgs = {}) {
    super(2, 'average', 'GlobalAveragePooling2D', args);
  }
}
