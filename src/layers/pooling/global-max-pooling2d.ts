import { BaseGlobalPooling, type GlobalPoolingArgs } from './base-global-pooling.js';

/**
 * Global 2-D max pooling (Keras's GlobalMaxPooling2D): y[n, c] = max over every spatial position of x[n, …, c].
 *
 * Input: [batch, height, width, channels]. Output: [batch, channels], or [batch, 1, 1, channels] with keepdims.
 * @throws {ValueError} for a keepdims that is not a boolean.
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @example `new layers.GlobalMaxPooling2D({ keepdims: true })`
 */
export class GlobalMaxPooling2D extends BaseGlobalPooling {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'GlobalMaxPooling2D';
  readonly className = 'GlobalMaxPooling2D';

  constructor(args: GlobalPoolingArgs = {}) {
    super(2, 'max', 'GlobalMaxPooling2D', args);
  }
}
