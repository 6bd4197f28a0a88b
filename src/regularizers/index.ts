import { checkOptions } from '../core/validate.js';
import { L1, L1L2, L2 } from './regularizer.js';

export { getRegularizer as get, type RegularizerIdentifier, regularizerRegistry } from './get.js';
export { type OrthogonalMode, OrthogonalRegularizer } from './orthogonal.js';
export { L1, L1L2, L2, Regularizer } from './regularizer.js';

/**
 * L1 penalty `l1 · Σ|w|` (default 0.01).
 * @example `regularizers.l1(0.01)` or `regularizers.l1({ l1: 0.01 })`
 */
export function l1(config: number | { l1?: number } = 0.01): L1 {
  return new L1(config);
}

/**
 * L2 penalty `l2 · Σw²` (default 0.01; no ½, so it equals PyTorch's weight_decay = 2·l2).
 * @example `regularizers.l2(1e-4)` or `regularizers.l2({ l2: 1e-4 })`
 */
export function l2(config: number | { l2?: number } = 0.01): L2 {
  return new L2(config);
}

/**
 * `l1 · Σ|w| + l2 · Σw²`, both 0.01 by default (tf.keras 2 and TensorFlow.js).
 * Keras note: Keras 3's `l1_l2(0.01)` means l1 = 0.01, l2 = 0; ours means l1 = l2 = 0.01, as tf.keras 2.
 * @example `regularizers.l1l2(0.01)`, `regularizers.l1l2(0.01, 0.001)`, `regularizers.l1l2({ l1: 0.01, l2: 0.001 })`
 */
export function l1l2(config: number | { l1?: number; l2?: number } = 0.01, l2Value = 0.01): L1L2 {
  if (typeof config === 'object' && config !== null) {
    checkOptions('regularizers.l1l2', config, ['l1', 'l2']);
    return new L1L2({ l1: config.l1 ?? 0.01, l2: config.l2 ?? 0.01 });
  }
  return new L1L2({ l1: config, l2: l2Value });
}

/** Keras's spelling of {@link l1l2}. */
export const l1_l2 = l1l2;
