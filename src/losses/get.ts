/**
 * Resolving a loss from what `compile({ loss })` accepts: a name, a Loss, or a per-sample function; and
 * rebuilding a saved loss from `{ className, config }`.
 */

import { ClassRegistry, type ConfigDict, type SerializedObject, toCamelCase } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  Hinge,
  Huber,
  KLDivergence,
  Loss,
  type LossFunction,
  LossFunctionWrapper,
  MeanAbsoluteError,
  MeanSquaredError,
  SparseCategoricalCrossentropy,
} from './loss.js';

/** The built-in loss classes by class name. */
const CLASSES: Readonly<Record<string, new (config: ConfigDict) => Loss>> = {
  MeanSquaredError,
  MeanAbsoluteError,
  BinaryCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  Huber,
  Hinge,
  KLDivergence,
};

/** Loss class name → factory from a config. Loading a model looks losses up here; nothing is executed. */
export const lossRegistry = new ClassRegistry<Loss>('loss');
for (const [name, LossClass] of Object.entries(CLASSES)) lossRegistry.register(name, (config) => new LossClass(config));

/**
 * Keras's string identifiers (snake_case, with its short aliases in both cases) → class name. Each is also accepted in
 * camelCase (`'mean_squared_error'` → `'meanSquaredError'`), as is each class name.
 */
const ALIASES: Readonly<Record<string, string>> = {
  mse: 'MeanSquaredError',
  mean_squared_error: 'MeanSquaredError',
  mae: 'MeanAbsoluteError',
  mean_absolute_error: 'MeanAbsoluteError',
  bce: 'BinaryCrossentropy',
  binary_crossentropy: 'BinaryCrossentropy',
  categorical_crossentropy: 'CategoricalCrossentropy',
  sparse_categorical_crossentropy: 'SparseCategoricalCrossentropy',
  huber: 'Huber',
  huber_loss: 'Huber',
  hinge: 'Hinge',
  kld: 'KLDivergence',
  kl_divergence: 'KLDivergence',
  kullback_leibler_divergence: 'KLDivergence',
  MSE: 'MeanSquaredError',
  MAE: 'MeanAbsoluteError',
  BCE: 'BinaryCrossentropy',
  KLD: 'KLDivergence',
};

const NAMES: ReadonlyMap<string, string> = new Map([
  ...Object.entries(ALIASES),
  ...Object.entries(ALIASES).map(([k, v]) => [toCamelCase(k), v] as [string, string]),
  ...lossRegistry.names().map((n) => [n, n] as [string, string]),
]);

/** Every string {@link getLoss} accepts. */
export function lossNames(): string[] {
  return [...NAMES.keys()];
}

/** What `compile({ loss })` accepts. */
export type LossIdentifier = string | Loss | LossFunction;

/**
 * The Loss an identifier names: a Loss is returned as is; a string names a class with default options
 * (`'mse'`, `'mean_squared_error'`, `'meanSquaredError'`, `'MeanSquaredError'` are one loss); a function
 * `(yTrue, yPred) => per-sample losses` is wrapped in a {@link LossFunctionWrapper} named after it.
 * @throws {ValueError} for an unknown name or any other value, listing the valid names.
 * @example `getLoss('sparse_categorical_crossentropy')` // SparseCategoricalCrossentropy
 */
export function getLoss(identifier: LossIdentifier): Loss {
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === 'function') return new LossFunctionWrapper(identifier);
  const className = typeof identifier === 'string' ? NAMES.get(identifier) : undefined;
  if (className === undefined) {
    throw new ValueError(
      'Invalid loss identifier. Expected a Loss, a function (yTrue, yPred) => Tensor, or one of ' +
        `${lossNames().join(', ')}. Received: loss=${describe(identifier)}`,
    );
  }
  return lossRegistry.deserialize({ className, config: {} });
}

/** `{ className, config }` for saving a loss. */
export function serializeLoss(loss: Loss): SerializedObject {
  return { className: loss.className, config: loss.getConfig() };
}

/**
 * Rebuilds a loss saved by {@link serializeLoss}.
 * @throws {ValueError} for a class name that is not registered (a {@link LossFunctionWrapper} never is).
 */
export function deserializeLoss(obj: SerializedObject): Loss {
  return lossRegistry.deserialize(obj);
}
