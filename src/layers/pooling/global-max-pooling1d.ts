import { BaseGlobalPooling, type GlobalPoolingArgs } from './base-global-pooling.js';

/**
 * Global 1-D max pooling (Keras's GlobalMaxPooling1D): y[n, c] = max over every spatial position of x[n, …, c].
 *
 * Input: [batch, steps, channels]. Output: [batch, channels], or [batch, 1, channels] with keepdims.
 * @throws {ValueError} for a keepdims that is not a boolean.
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @example `new layers.GlobalMaxPooling1D({ keepdims: true })`
 */
export class GlobalMaxPooling1D extends BaseGlobalPooling {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'GlobalMaxPooling1D';
  readonly className = 'GlobalMaxPooling1D';

  constructor(args: GlobalPoolingArgs = {}) {
    super(1, 'max', 'GlobalMaxPooling1D', args);
  }
}
