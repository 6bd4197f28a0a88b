/**
 * Activation functions (Keras 3's `keras.activations`) and `getActivation`, which resolves the names layers take
 * (`activation: 'relu'`). The package root exports this module as the `activations` namespace.
 *
 * @example
 * ```ts
 * import { activations, tensor } from 'dendrite';
 * activations.relu(tensor([-1, 2])); // [0, 2]
 * activations.getActivation('leaky_relu').name; // 'leakyRelu'
 * ```
 * @module
 */

export {
  elu,
  exponential,
  gelu,
  hardSigmoid,
  leakyRelu,
  linear,
  logSoftmax,
  mish,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  softsign,
  swish,
  tanh,
} from './activations.js';
export {
  ACTIVATION_IDENTIFIERS,
  ACTIVATION_NAMES,
  type Activation,
  type ActivationIdentifier,
  type ActivationName,
  getActivation,
} from './get.js';
