import { ClassRegistry, type ConfigDict, type SerializedObject, serialize, toCamelCase } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import { Constant, Identity, Ones, Zeros } from './constant.js';
import { Initializer } from './initializer.js';
import { Orthogonal } from './orthogonal.js';
import { RandomNormal, RandomUniform, TruncatedNormal } from './random.js';
import {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  VarianceScaling,
} from './variance-scaling.js';

// Each class takes its own options; a config read from a file is checked by the constructor itself.
type InitializerClass = new (config: ConfigDict) => Initializer;

/** The classes by Keras class name. */
const CLASSES: Record<string, InitializerClass> = {
  Zeros,
  Ones,
  Constant,
  Identity,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
  GlorotUniform,
  GlorotNormal,
  HeUniform,
  HeNormal,
  LecunUniform,
  LecunNormal,
  Orthogonal,
};

/**
 * Class name → factory, for `deserialize`. Keras 3 saves Orthogonal and Identity under
 * `OrthogonalInitializer` and `IdentityInitializer`, so those names load too.
 */
export const initializerRegistry = new ClassRegistry<Initializer>('initializer');
for (const [name, cls] of Object.entries(CLASSES)) initializerRegistry.register(name, (config) => new cls(config));
initializerRegistry.register('OrthogonalInitializer', (config) => new Orthogonal(config));
initializerRegistry.register('IdentityInitializer', (config) => new Identity(config));

/** camelCase identifier → class: TensorFlow.js's identifiers and Keras's aliases ('normal', 'one', …). */
const BY_NAME = {
  zeros: Zeros,
  zero: Zeros,
  ones: Ones,
  one: Ones,
  constant: Constant,
  identity: Identity,
  randomNormal: RandomNormal,
  normal: RandomNormal,
  randomUniform: RandomUniform,
  uniform: RandomUniform,
  truncatedNormal: TruncatedNormal,
  varianceScaling: VarianceScaling,
  glorotUniform: GlorotUniform,
  glorotNormal: GlorotNormal,
  heUniform: HeUniform,
  heNormal: HeNormal,
  lecunUniform: LecunUniform,
  lecunNormal: LecunNormal,
  leCunUniform: LecunUniform,
  leCunNormal: LecunNormal,
  orthogonal: Orthogonal,
} as const satisfies Record<string, InitializerClass>;

/** The camelCase initializer names (TensorFlow.js's identifiers plus Keras's aliases). */
export type InitializerName = keyof typeof BY_NAME;

/** Keras's snake_case spellings of the names that have one. */
export type SnakeCaseInitializerName =
  | 'random_normal'
  | 'random_uniform'
  | 'truncated_normal'
  | 'variance_scaling'
  | 'glorot_uniform'
  | 'glorot_normal'
  | 'he_uniform'
  | 'he_normal'
  | 'lecun_uniform'
  | 'lecun_normal';

/**
 * Every string {@link getInitializer} accepts: 'glorotUniform', Keras's 'glorot_uniform' and the class
 * name 'GlorotUniform' all name the same initializer.
 */
export type InitializerString = InitializerName | SnakeCaseInitializerName | Capitalize<InitializerName>;

/** What a layer option such as `kernelInitializer` takes: a name, an Initializer, or a serialized one. */
export type InitializerIdentifier = InitializerString | Initializer | SerializedObject;

/** The camelCase names, for error messages and for modules that list the choices. */
export const INITIALIZER_NAMES: readonly InitializerName[] = Object.keys(BY_NAME) as InitializerName[];

/**
 * Resolves a name (camelCase, snake_case or class name), a serialized `{ className, config }` or an
 * Initializer (returned as is) to an Initializer. A name builds the class with its default options.
 * @throws {ValueError} for an unknown name or class name, or an identifier of another type.
 * @example `getInitializer('glorot_uniform').apply([3, 2])` // same distribution as new GlorotUniform()
 */
export function getInitializer(identifier: InitializerIdentifier): Initializer {
  if (identifier instanceof Initializer) return identifier;
  if (typeof identifier === 'string') {
    const camel = toCamelCase(identifier);
    const key = camel.charAt(0).toLowerCase() + camel.slice(1);
    if (Object.hasOwn(BY_NAME, key)) return new BY_NAME[key as InitializerName]();
    throw new ValueError(
      `Unknown initializer. Expected one of ${INITIALIZER_NAMES.join(', ')} (or the snake_case or class name). ` +
        `Received: ${describe(identifier)}`,
    );
  }
  if (identifier !== null && typeof identifier === 'object' && typeof identifier.className === 'string') {
    return initializerRegistry.deserialize(identifier);
  }
  throw new ValueError(
    'Could not interpret initializer identifier. Expected a name, an Initializer or { className, config }. ' +
      `Received: ${describe(identifier)}`,
  );
}

/**
 * `{ className, config }` of an initializer, the form stored in a model file.
 * @example `serializeInitializer(new HeNormal({ seed: 1 }))` // { className: 'HeNormal', config: { seed: 1 } }
 */
export function serializeInitializer(initializer: Initializer): SerializedObject {
  return serialize(initializer);
}

/**
 * Rebuilds an initializer from `{ className, config }`.
 * @throws {ValueError} for an unknown class name, or a config its constructor rejects.
 * @example `deserializeInitializer({ className: 'Constant', config: { value: 2 } })`
 */
export function deserializeInitializer(obj: SerializedObject): Initializer {
  return initializerRegistry.deserialize(obj);
}
