import { BaseGlobalPooling, type GlobalPoolingArgs } from './base-global-pooling.js';

/**
 * Global 1-D average pooling (Keras's GlobalAveragePooling1D): y[n, c] = the mean over every spatial position of x[n, …, c].
 *
 * Input: [batch, steps, channels]. Output: [batch, channels], or [batch, 1, channels] with keepdims.
 * @throws {ValueError} for a keepdims that is not a boolean.
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @example `new layers.GlobalAveragePooling1D({ keepdims: true })`
 */
export class GlobalAveragePooling1D extends BaseGlobalPooling {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'GlobalAveragePooling1D';
  readonly className = 'GlobalAveragePooling1D';

  constructor(args: GlobalPoolingArgs = {}) {
    super(1, 'average', 'GlobalAveragePooling1D', args);
  }
}
