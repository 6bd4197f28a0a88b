/**
 * Which logits a probability tensor came from (Keras's `_keras_logits`, TensorFlow backend and tf.keras). The
 * sigmoid and softmax ops record their input on their output; the crossentropies then compute from those logits,
 * exactly as Keras does, instead of clipping the probabilities: a saturated sigmoid output of 1 − 1e-13 gives the
 * loss its logit implies (30.03), not the clip's −log ε ≈ 16.1, and the gradient does not vanish at the clip.
 */

import { Tensor } from '../core/tensor.js';

export type LogitsActivation = 'sigmoid' | 'softmax';

interface LogitsSource {
  readonly activation: LogitsActivation;
  /** The softmax's axis (normalised); -1 for the elementwise sigmoid. */
  readonly axis: number;
  readonly logits: Tensor;
}

// A WeakMap, not a field: the record dies with the output tensor and never keeps its logits alive.
const sources = new WeakMap<Tensor, LogitsSource>();

/** @internal Records that `output` is `activation(logits)` (along `axis` for softmax). */
export function recordLogits(output: Tensor, activation: LogitsActivation, logits: unknown, axis = -1): Tensor {
  if (logits instanceof Tensor && output !== logits) sources.set(output, { activation, axis, logits });
  return output;
}

/**
 * The logits `probabilities` were computed from by `activation` (along `axis` for softmax), while they are still
 * alive; `undefined` for any other tensor, a different activation, or disposed logits.
 */
export function logitsOf(probabilities: unknown, activation: LogitsActivation, axis = -1): Tensor | undefined {
  if (!(probabilities instanceof Tensor)) return undefined;
  const source = sources.get(probabilities);
  if (!source || source.activation !== activation || source.logits.isDisposed) return undefined;
  if (activation === 'softmax' && source.axis !== axis) return undefined;
  if (source.logits.dtype !== probabilities.dtype) return undefined;
  return source.logits;
}
