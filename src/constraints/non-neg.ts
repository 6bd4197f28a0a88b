import { tidy } from '../core/api.js';
import type { Tensor } from '../core/tensor.js';
import { checkOptions } from '../core/validate.js';
import { mul } from '../ops/arithmetic.js';
import { greaterEqual } from '../ops/compare.js';
import { Constraint } from './constraint.js';

/**
 * w ← w·(w ≥ 0): negative weights become 0 (Keras's `NonNeg`).
 * NOTE: a product, as in Keras, not a `where`: a NaN weight stays NaN (NaN·0) so divergence is not hidden,
 * and a negative weight becomes −0.
 * @example `new NonNeg().apply(tensor([-1, 0, 2]))` // [-0, 0, 2]
 */
export class NonNeg extends Constraint {
  readonly className: string = 'NonNeg';

  /** @throws {UnknownOptionError} for any option: NonNeg takes none. */
  constructor(options: Readonly<Record<string, unknown>> = {}) {
    super();
    checkOptions('NonNeg', options, []);
  }

  apply(w: Tensor): Tensor {
    return tidy(() => mul(w, greaterEqual(w, 0)));
  }
}

/**
 * A {@link NonNeg} constraint (TensorFlow.js's factory).
 * @example `layers.dense({ units: 4, kernelConstraint: constraints.nonNeg() })`
 */
export function nonNeg(): NonNeg {
  return new NonNeg();
}
