import type { Tensor } from '../core/tensor.js';
import { silu } from '../ops/activations.js';
import { exp } from '../ops/unary.js';

// Keras 3's `keras.activations` functions that are ops as they stand: same formula and same defaults
// (softmax and logSoftmax over the last axis, leakyRelu's slope 0.2, exact gelu, hardSigmoid = clip(x/6 + 0.5, 0, 1)).
export {
  elu,
  gelu,
  hardSigmoid,
  leakyRelu,
  mish,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softplus,
  softsign,
  tanh,
} from '../ops/activations.js';
export { logSoftmax, softmax } from '../ops/softmax.js';

/**
 * linear(x) = x: no activation. Returns the very tensor it was given (no copy), as Keras does.
 * @example `linear(x) === x` // true
 */
export function linear(x: Tensor): Tensor {
  return x;
}

/**
 * exponential(x) = eˣ.
 * @example `exponential(tensor([0, 1]))` // [1, 2.718…]
 */
export function exponential(x: Tensor): Tensor {
  return exp(x);
}

/**
 * swish(x) = x·sigmoid(x): Keras's other name for {@link silu} (the same function).
 * @example `swish(tensor([0, 1]))` // [0, 0.731…]
 */
export const swish = silu;
