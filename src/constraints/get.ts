import { ClassRegistry, type SerializedObject, serialize, toCamelCase } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { Constraint } from './constraint.js';
import { NonNeg } from './non-neg.js';
import { MaxNorm, MinMaxNorm, UnitNorm } from './norm-constraints.js';

/**
 * A plain function used as a constraint (Keras accepts any callable). It works in training but cannot be
 * saved by name: its config is empty and its class is not registered, so loading it reports an unknown class.
 * @example `getConstraint((w) => clipByValue(w, -1, 1))`
 */
export class FunctionConstraint extends Constraint {
  readonly className: string = 'FunctionConstraint';

  constructor(readonly fn: (w: Tensor) => Tensor) {
    super();
  }

  apply(w: Tensor): Tensor {
    return this.fn(w);
  }
}

/** Class name → factory, for `deserialize`. A config read from a file is checked by the constructor itself. */
export const constraintRegistry = new ClassRegistry<Constraint>('constraint');
constraintRegistry.register('MaxNorm', (config) => new MaxNorm(config));
constraintRegistry.register('NonNeg', (config) => new NonNeg(config));
constraintRegistry.register('UnitNorm', (config) => new UnitNorm(config));
constraintRegistry.register('MinMaxNorm', (config) => new MinMaxNorm(config));

/** camelCase identifier → class (TensorFlow.js's identifiers). */
const BY_NAME = {
  maxNorm: MaxNorm,
  nonNeg: NonNeg,
  unitNorm: UnitNorm,
  minMaxNorm: MinMaxNorm,
} as const;

/** The camelCase constraint names. */
export type ConstraintName = keyof typeof BY_NAME;

/**
 * Every string {@link getConstraint} accepts: camelCase, Keras's snake_case, or the class name.
 */
export type ConstraintString =
  | ConstraintName
  | 'max_norm'
  | 'non_neg'
  | 'unit_norm'
  | 'min_max_norm'
  | Capitalize<ConstraintName>;

/**
 * What a layer option such as `kernelConstraint` takes: a name, a Constraint, a function, or a serialized one.
 */
export type ConstraintIdentifier = ConstraintString | Constraint | ((w: Tensor) => Tensor) | SerializedObject;

/** The camelCase names, for error messages and for modules that list the choices. */
export const CONSTRAINT_NAMES: readonly ConstraintName[] = Object.keys(BY_NAME) as ConstraintName[];

/**
 * Resolves a constraint identifier; `null`/`undefined` mean "no constraint" and give `undefined`. A name builds
 * the class with its default options; a Constraint is returned as is; a function is wrapped.
 * @throws {ValueError} for an unknown name or class name, or an identifier of another type.
 * @example `getConstraint('max_norm')` // MaxNorm with maxValue 2, axis 0
 */
export function getConstraint(identifier: ConstraintIdentifier | null | undefined): Constraint | undefined {
  if (identifier === null || identifier === undefined) return undefined;
  if (identifier instanceof Constraint) return identifier;
  if (typeof identifier === 'function') return new FunctionConstraint(identifier);
  if (typeof identifier === 'string') {
    const camel = toCamelCase(identifier);
    const key = camel.charAt(0).toLowerCase() + camel.slice(1);
    if (Object.hasOwn(BY_NAME, key)) return new BY_NAME[key as ConstraintName]();
    throw new ValueError(
      `Unknown constraint. Expected one of ${CONSTRAINT_NAMES.join(', ')} (or the snake_case or class name). ` +
        `Received: ${describe(identifier)}`,
    );
  }
  if (typeof identifier === 'object' && typeof identifier.className === 'string') {
    return constraintRegistry.deserialize(identifier);
  }
  throw new ValueError(
    'Could not interpret constraint identifier. Expected a name, a Constraint, a function or { className, config }. ' +
      `Received: ${describe(identifier)}`,
  );
}

/**
 * `{ className, config }` of a constraint, the form stored in a model file.
 * @example `serializeConstraint(new MaxNorm({ maxValue: 3 }))` // { className: 'MaxNorm', config: { maxValue: 3, axis: 0 } }
 */
export function serializeConstraint(constraint: Constraint): SerializedObject {
  return serialize(constraint);
}

/**
 * Rebuilds a constraint from `{ className, config }`.
 * @throws {ValueError} for an unknown class name, or a config its constructor rejects.
 * @example `deserializeConstraint({ className: 'UnitNorm', config: { axis: 1 } })`
 */
export function deserializeConstraint(obj: SerializedObject): Constraint {
  return constraintRegistry.deserialize(obj);
}
