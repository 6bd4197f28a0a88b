/**
 * Weight constraints (Keras's `keras.constraints`, TensorFlow.js's factory names): projections applied to a
 * weight after every optimizer step. The package root exports this module as the `constraints` namespace.
 *
 * @example
 * ```ts
 * import { constraints } from 'dendrite';
 * const c = constraints.maxNorm({ maxValue: 3 }); // w ← w·clip(‖w‖, 0, 3)/(ε + ‖w‖), per column
 * ```
 * @module
 */

export { Constraint, EPSILON, type NormAxis } from './constraint.js';
export {
  CONSTRAINT_NAMES,
  type ConstraintIdentifier,
  type ConstraintName,
  type ConstraintString,
  constraintRegistry,
  deserializeConstraint,
  FunctionConstraint,
  getConstraint,
  serializeConstraint,
} from './get.js';
export { NonNeg, nonNeg } from './non-neg.js';
export {
  MaxNorm,
  type MaxNormArgs,
  MinMaxNorm,
  type MinMaxNormArgs,
  maxNorm,
  minMaxNorm,
  UnitNorm,
  type UnitNormArgs,
  unitNorm,
} from './norm-constraints.js';
