import { ClassRegistry, type SerializedObject } from '../core/config.js';
import { invalidArgument } from '../core/validate.js';
import { Adagrad, type AdagradOptions } from './adagrad.js';
import { Adam, type AdamOptions } from './adam.js';
import { AdamW } from './adamw.js';
import { Optimizer } from './optimizer.js';
import { RMSprop, type RMSpropOptions } from './rmsprop.js';
import { SGD, type SGDOptions } from './sgd.js';

/**
 * Class name → optimizer, for optimizers read back from a configuration (`{ className, config }`).
 * Register a custom optimizer here to make `getOptimizer` and model loading know it.
 */
export const optimizerRegistry = new ClassRegistry<Optimizer>('optimizer');
optimizerRegistry.register('SGD', (c) => new SGD(c as SGDOptions));
optimizerRegistry.register('Adam', (c) => new Adam(c as AdamOptions));
optimizerRegistry.register('AdamW', (c) => new AdamW(c as AdamOptions));
optimizerRegistry.register('RMSprop', (c) => new RMSprop(c as RMSpropOptions));
optimizerRegistry.register('Adagrad', (c) => new Adagrad(c as AdagradOptions));

/** Lower-case identifier → registered class name. */
const IDENTIFIERS: Readonly<Record<string, string>> = {
  sgd: 'SGD',
  adam: 'Adam',
  adamw: 'AdamW',
  rmsprop: 'RMSprop',
  adagrad: 'Adagrad',
};

/** What `model.compile({ optimizer })` accepts: an optimizer, a name such as `'adam'`, or `{ className, config }`. */
export type OptimizerIdentifier = string | Optimizer | SerializedObject;

/**
 * Resolves what `model.compile({ optimizer })` accepts: an optimizer (returned as is), a name
 * (`'sgd'`, `'adam'`, `'adamw'`, `'rmsprop'`, `'adagrad'`, in any case: a new optimizer with Keras's
 * defaults), or a serialized `{ className, config }`.
 *
 * @throws {ValueError} for an unknown name, listing the valid ones.
 * @example
 * ```ts
 * optimizers.getOptimizer('adam');                                             // new Adam()
 * optimizers.getOptimizer({ className: 'SGD', config: { learningRate: 0.1 } });
 * ```
 */
export function getOptimizer(identifier: OptimizerIdentifier): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === 'string') {
    const className = IDENTIFIERS[identifier.toLowerCase()];
    if (className === undefined) throw invalidIdentifier(identifier);
    return optimizerRegistry.deserialize({ className, config: {} });
  }
  if (typeof identifier === 'object' && identifier !== null && typeof identifier.className === 'string') {
    const className = IDENTIFIERS[identifier.className.toLowerCase()] ?? identifier.className;
    return optimizerRegistry.deserialize({ className, config: identifier.config ?? {} });
  }
  throw invalidIdentifier(identifier);
}

function invalidIdentifier(identifier: unknown) {
  const names = Object.keys(IDENTIFIERS)
    .map((n) => `'${n}'`)
    .join(', ');
  return invalidArgument(
    'getOptimizer',
    'identifier',
    `an Optimizer, { className, config } or one of ${names}`,
    identifier,
  );
}
