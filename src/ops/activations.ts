import { ENGINE } from '../core/engine.js';
import { describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { add, div, mul } from './arithmetic.js';
import type { TensorLike } from './convert.js';
import { floatOperand, runUnary, scoped } from './internal.js';
import { recordLogits } from './logits.js';
import { abs, clipByValue } from './unary.js';

/**
 * max(x, 0).
 * NOTE: the gradient at exactly 0 is 0 (TensorFlow and PyTorch agree).
 */
export function relu(x: TensorLike): Tensor {
  return runUnary('Relu', x, 'relu', false);
}

/** min(max(x, 0), 6). Gradient 1 on (0, 6), 0 elsewhere (0 at both kinks). */
export function relu6(x: TensorLike): Tensor {
  return runUnary('Relu6', x, 'relu6', false);
}

/**
 * x for x ≥ 0, alpha·x otherwise (Keras's default alpha is 0.3; TensorFlow.js's op default 0.2 — we use 0.2 here
 * and Keras's 0.3 in the layer).
 */
export function leakyRelu(x: TensorLike, alpha = 0.2): Tensor {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) {
    throw new ValueError(`leakyRelu: \`alpha\` must be a finite number. Received: alpha=${describe(alpha)}`);
  }
  return scoped('leakyRelu', () => ENGINE.runKernel('LeakyRelu', [floatOperand(x, 'x', 'leakyRelu')], { alpha }));
}

/** x for x > 0, eˣ − 1 otherwise (alpha = 1). */
export function elu(x: TensorLike): Tensor {
  return runUnary('Elu', x, 'elu');
}

/** scale·elu(x, alpha) with Klambauer et al.'s constants (scale ≈ 1.0507, alpha ≈ 1.6733). */
export function selu(x: TensorLike): Tensor {
  return runUnary('Selu', x, 'selu');
}

/**
 * Gaussian error linear unit: x·Φ(x) with Φ the standard normal CDF. `approximate`
 * uses 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))). Keras's default is exact.
 */
export function gelu(x: TensorLike, approximate = false): Tensor {
  return scoped('gelu', () => ENGINE.runKernel('Gelu', [floatOperand(x, 'x', 'gelu')], { approximate }));
}

/** 1 / (1 + e^{−x}), computed without overflow for large |x|. */
export function sigmoid(x: TensorLike): Tensor {
  // The crossentropies compute from x when they receive this output (Keras's `_keras_logits`).
  return recordLogits(runUnary('Sigmoid', x, 'sigmoid'), 'sigmoid', x);
}

export function tanh(x: TensorLike): Tensor {
  return runUnary('Tanh', x, 'tanh');
}

/** log(1 + eˣ), exact for large |x|. */
export function softplus(x: TensorLike): Tensor {
  return runUnary('Softplus', x, 'softplus');
}

/** x / (1 + |x|). */
export function softsign(x: TensorLike): Tensor {
  return scoped('softsign', () => {
    const t = floatOperand(x, 'x', 'softsign');
    return div(t, add(abs(t), 1));
  });
}

/** x·sigmoid(x) (also called swish). */
export function silu(x: TensorLike): Tensor {
  return scoped('silu', () => {
    const t = floatOperand(x, 'x', 'silu');
    return mul(t, sigmoid(t));
  });
}

/** x·tanh(softplus(x)). */
export function mish(x: TensorLike): Tensor {
  return scoped('mish', () => {
    const t = floatOperand(x, 'x', 'mish');
    return mul(t, tanh(softplus(t)));
  });
}

/**
 * Piecewise-linear sigmoid: clip(x/6 + 0.5, 0, 1) — Keras 3's definition (Keras 2 used 0.2x + 0.5).
 */
export function hardSigmoid(x: TensorLike): Tensor {
  return scoped('hardSigmoid', () => {
    const t = floatOperand(x, 'x', 'hardSigmoid');
    return clipByValue(add(div(t, 6), 0.5), 0, 1);
  });
}
