/**
 * Dendrite's configs (camelCase keys, nested `{ className, config }`) ↔ Keras 3's serialization dialect
 * (snake_case keys, every object as `{ module, class_name, config, registered_name }`).
 *
 * Reading is strict: each nested object must sit where its kind belongs (`kernel_initializer` holds an
 * initializer), name its module, and name a class registered for that module. Nothing is looked up anywhere
 * else, so a file can name no code to run.
 */

import { getActivation } from '../activations/get.js';
import { constraintRegistry } from '../constraints/get.js';
import { type ConfigDict, type ConfigValue, type SerializedObject, toCamelCase } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import { initializerRegistry } from '../initializers/get.js';
import { layerRegistry } from '../layers/registry.js';
import { lossRegistry } from '../losses/get.js';
import { metricRegistry } from '../metrics/get.js';
import { optimizerRegistry } from '../optimizers/get.js';
import { scheduleRegistry } from '../optimizers/schedules.js';
import { regularizerRegistry } from '../regularizers/get.js';
import { MAX_ELEMENTS } from './format.js';
import { MAX_JSON_DEPTH } from './json.js';
import { dropKerasOnlyKeys } from './keras-only.js';

/** A JSON value as stored in `config.json`. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One object in Keras 3's dialect. */
export interface KerasObject {
  module: string;
  class_name: string;
  config: { [key: string]: Json };
  registered_name: string | null;
  [extra: string]: Json;
}

/** The model classes a file may name (module `keras`). Sequential is the only one so far. */
const MODEL_CLASSES: readonly string[] = ['Sequential'];

/** What reading and writing need of a registry: which class names it knows. */
interface ClassNames {
  readonly kind: string;
  names(): string[];
  has(className: string): boolean;
}

/** Keras module → the registry of its classes. */
const MODULES: ReadonlyMap<string, ClassNames> = new Map<string, ClassNames>([
  ['keras', { kind: 'model', names: () => MODEL_CLASSES.slice(), has: (n) => MODEL_CLASSES.includes(n) }],
  ['keras.layers', layerRegistry],
  ['keras.initializers', initializerRegistry],
  ['keras.regularizers', regularizerRegistry],
  ['keras.constraints', constraintRegistry],
  ['keras.optimizers', optimizerRegistry],
  ['keras.optimizers.schedules', scheduleRegistry],
  ['keras.losses', lossRegistry],
  ['keras.metrics', metricRegistry],
]);

/** Keys Keras spells other than by the plain camelCase → snake_case rule. */
const SNAKE_EXCEPTIONS = new Map([
  ['beta1', 'beta_1'],
  ['beta2', 'beta_2'],
  ['clipNorm', 'clipnorm'],
  ['clipValue', 'clipvalue'],
  ['globalClipNorm', 'global_clipnorm'],
]);
const CAMEL_EXCEPTIONS = new Map([...SNAKE_EXCEPTIONS].map(([camel, snake]) => [snake, camel]));

/** Keys that could reach an object's prototype machinery; never valid in a config. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const SNAKE_KEY = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** `useBias` → `use_bias`, `beta1` → `beta_1`, `clipNorm` → `clipnorm` (Keras's spellings). */
export function toSnakeCase(key: string): string {
  return SNAKE_EXCEPTIONS.get(key) ?? key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The inverse of {@link toSnakeCase}. */
export function fromSnakeCase(key: string): string {
  return CAMEL_EXCEPTIONS.get(key) ?? toCamelCase(key);
}

/** The module whose objects a (camelCase) config key holds, if any. */
function moduleOfKey(key: string): string | undefined {
  // A wrapper's layers (Bidirectional's `layer` and `backward_layer`) are whole layer objects too.
  if (key === 'layers' || key === 'layer' || key === 'backwardLayer') return 'keras.layers';
  if (key === 'learningRate') return 'keras.optimizers.schedules';
  if (key.endsWith('Initializer')) return 'keras.initializers';
  if (key.endsWith('Regularizer')) return 'keras.regularizers';
  if (key.endsWith('Constraint')) return 'keras.constraints';
  return undefined;
}

/**
 * The classes whose `dtype` Keras 3 writes as a dtype policy object rather than a string: models and layers,
 * except InputLayer (whose `dtype` is the input's, a plain string).
 */
function takesDTypePolicy(module: string, className: string): boolean {
  return module === 'keras' || (module === 'keras.layers' && className !== 'InputLayer');
}

/** Keras 3's dtype policy for a plain dtype: `{ module: 'keras', class_name: 'DTypePolicy', config: { name } }`. */
function dtypePolicy(dtype: string): KerasObject {
  return { module: 'keras', class_name: 'DTypePolicy', config: { name: dtype }, registered_name: null };
}

/**
 * The plain dtype a Keras dtype policy stands for. Keras 3.0–3.3 wrote `FloatDTypePolicy`, later ones
 * `DTypePolicy`; a mixed policy (`mixed_float16`) names a dtype pair the layer's own check then refuses.
 */
function readDTypePolicy(value: unknown, path: string, fail: ConfigFail): unknown {
  if (!isPlainObject(value)) return value;
  for (const key of Object.keys(value)) {
    if (!['module', 'class_name', 'config', 'registered_name'].includes(key)) {
      fail(`${path}.${key}`, 'unexpected key (expected module, class_name, config, registered_name)');
    }
  }
  if (value.module !== 'keras') fail(`${path}.module`, `expected "keras" here. Received: ${describe(value.module)}`);
  if (value.class_name !== 'DTypePolicy' && value.class_name !== 'FloatDTypePolicy') {
    fail(`${path}.class_name`, `expected "DTypePolicy" here. Received: ${describe(value.class_name)}`);
  }
  if (
    value.registered_name !== undefined &&
    value.registered_name !== null &&
    value.registered_name !== value.class_name
  ) {
    fail(`${path}.registered_name`, `expected null (a built-in class). Received: ${describe(value.registered_name)}`);
  }
  const config = value.config;
  if (!isPlainObject(config) || typeof config.name !== 'string' || Object.keys(config).some((k) => k !== 'name')) {
    fail(`${path}.config`, `expected { name: "float32" } or another dtype name. Received: ${describe(config)}`);
  }
  return config.name;
}

/**
 * Checks a `build_config` (`{ input_shape: [null, 784] }`: the shape a model or layer was built for, batch
 * axis first; one per input, `[[null, 5], [null, 3]]`, for a layer called on a list) and returns it.
 * @param path the JSON path of the `build_config` itself.
 */
export function readBuildConfig(
  value: unknown,
  path: string,
  fail: ConfigFail,
): (number | null)[] | (number | null)[][] {
  if (!isPlainObject(value)) fail(path, `expected an object { input_shape }. Received: ${describe(value)}`);
  for (const key of Object.keys(value)) if (key !== 'input_shape') fail(`${path}.${key}`, 'unexpected key');
  const shape = value.input_shape;
  if (Array.isArray(shape) && shape.length > 0 && shape.every(Array.isArray)) {
    return shape.map((s, i) => readShape(s, `${path}.input_shape[${i}]`, fail));
  }
  return readShape(shape, `${path}.input_shape`, fail);
}

/** An input shape as Keras writes it: 1 to 16 positive integers or null (the batch axis first). */
export function readShape(shape: unknown, path: string, fail: ConfigFail): (number | null)[] {
  const ok =
    Array.isArray(shape) &&
    shape.length >= 1 &&
    shape.length <= 16 &&
    shape.every((d) => d === null || (Number.isSafeInteger(d) && (d as number) > 0 && (d as number) <= MAX_ELEMENTS));
  if (!ok) {
    fail(path, `expected an array of positive integers or null (the batch axis first). Received: ${describe(shape)}`);
  }
  return shape as (number | null)[];
}

/** Keys whose string values are Keras enumerations written in snake_case (`'leaky_relu'`, `'fan_in'`). */
const SNAKE_VALUED_KEYS = new Set(['activation', 'mode', 'distribution']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSerialized(value: unknown): value is SerializedObject {
  return isPlainObject(value) && typeof value.className === 'string' && isPlainObject(value.config);
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

function cannotSave(path: string, detail: string): never {
  throw new ValueError(
    `Cannot save ${path}: ${detail}. A model file holds no code; ` +
      'save the weights alone with saveWeights() and rebuild the model in code',
  );
}

/**
 * One object in Keras's dialect, checked to be loadable: its class is registered under `module` and every
 * nested object's too. @throws {ValueError} for a function or an unregistered class (it could not be loaded back).
 * @param path where the object sits, for messages (`'model.layers[0].kernelRegularizer'`).
 * @param enclosing how many arrays and objects of the whole document enclose this one: the depth limit counts from
 *   the document's root, not from the nearest Keras object, so a config that refers to itself ends at the limit.
 */
export function toKeras(obj: SerializedObject, module: string, path: string, enclosing = 0): KerasObject {
  const registry = MODULES.get(module);
  if (!registry) throw new RangeError(`unknown Keras module ${module}`);
  if (enclosing + 2 > MAX_JSON_DEPTH) cannotSave(path, 'the config is nested too deeply');
  if (!registry.has(obj.className)) {
    cannotSave(
      path,
      `its ${registry.kind} class ${describe(obj.className)} is not registered (registered: ${registry.names().join(', ')})`,
    );
  }
  const config = writeDict(obj.config, path, enclosing + 1);
  if (takesDTypePolicy(module, obj.className) && typeof config.dtype === 'string') {
    config.dtype = dtypePolicy(config.dtype);
  }
  return { module, class_name: obj.className, config, registered_name: null };
}

/** `enclosing`: the arrays and objects around `dict` (it is one more). */
function writeDict(dict: ConfigDict, path: string, enclosing: number): { [key: string]: Json } {
  const out: [string, Json][] = [];
  for (const [key, value] of Object.entries(dict)) {
    if (value === undefined) continue;
    const snake = toSnakeCase(key);
    if (fromSnakeCase(snake) !== key || !SNAKE_KEY.test(snake)) {
      // A programming error in a getConfig(): the key would not read back as itself.
      throw new RangeError(`config key ${key} of ${path} has no faithful snake_case spelling`);
    }
    out.push([snake, writeValue(key, value, `${path}.${key}`, enclosing + 1)]);
  }
  return Object.fromEntries(out);
}

function writeValue(key: string, value: ConfigValue, path: string, enclosing: number): Json {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    // JSON would turn NaN and ±Infinity into null without a word.
    if (!Number.isFinite(value)) cannotSave(path, `the value ${describe(value)} has no JSON form`);
    return value;
  }
  if (typeof value === 'string') {
    if (key === 'activation') {
      try {
        getActivation(value as Parameters<typeof getActivation>[0]);
      } catch {
        cannotSave(path, `the activation ${describe(value)} is a function, not a built-in activation name`);
      }
    }
    return SNAKE_VALUED_KEYS.has(key) ? toSnakeCase(value) : value;
  }
  if (enclosing + 1 > MAX_JSON_DEPTH) cannotSave(path, 'the config is nested too deeply');
  const module = moduleOfKey(key);
  if (Array.isArray(value)) {
    return value.map((v, i) =>
      module && isSerialized(v)
        ? toKeras(v, module, `${path}[${i}]`, enclosing + 1)
        : writeValue('', v, `${path}[${i}]`, enclosing + 1),
    );
  }
  if (module && isSerialized(value)) return toKeras(value, module, path, enclosing);
  if (isSerialized(value)) cannotSave(path, `an object of class ${describe(value.className)} sits where none belongs`);
  return writeDict(value as ConfigDict, path, enclosing);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** Reports a problem at a JSON path (`$.config.layers[0].class_name`); the caller throws its typed error. */
export type ConfigFail = (path: string, detail: string) => never;

/**
 * Reads one object of Keras's dialect back into `{ className, config }` with camelCase keys, checking it
 * belongs to `module` and names a class registered there (nested objects likewise). Keras's additions are
 * read as well: a dtype policy becomes its dtype name, the keys of features Dendrite lacks are dropped when they
 * hold their "off" value (keras-only.ts), and a layer's `build_config` is checked and left to the model's build.
 * @param extraKeys top-level keys allowed besides the four of the dialect (`compile_config`, …); they are ignored here.
 * @param enclosing how many arrays and objects of the document enclose `value`: the depth limit
 *   ({@link MAX_JSON_DEPTH}) counts from the document's root, across nested Keras objects.
 */
export function fromKeras(
  value: unknown,
  module: string,
  path: string,
  fail: ConfigFail,
  extraKeys: readonly string[] = [],
  enclosing = 0,
): SerializedObject {
  if (!isPlainObject(value)) {
    fail(path, `expected an object { module, class_name, config, registered_name }. Received: ${describe(value)}`);
  }
  // Keras writes a build_config for each built model and layer; the model rebuilds its layers from its own.
  const allowed = ['module', 'class_name', 'config', 'registered_name', ...extraKeys];
  if (module === 'keras' || module === 'keras.layers') allowed.push('build_config');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      fail(`${path}.${key}`, 'unexpected key (expected module, class_name, config, registered_name)');
    }
  }
  if (value.build_config !== undefined) readBuildConfig(value.build_config, `${path}.build_config`, fail);
  const registry = MODULES.get(module);
  if (!registry) throw new RangeError(`unknown Keras module ${module}`);
  if (value.module !== module) {
    fail(`${path}.module`, `expected ${describe(module)} here. Received: ${describe(value.module)}`);
  }
  const className = value.class_name;
  if (typeof className !== 'string' || !registry.has(className)) {
    fail(
      `${path}.class_name`,
      `unknown ${registry.kind} class ${describe(className)}. Expected one of ${registry.names().join(', ')}`,
    );
  }
  const registered = value.registered_name;
  if (registered !== undefined && registered !== null && registered !== className) {
    fail(`${path}.registered_name`, `expected null (a built-in class). Received: ${describe(registered)}`);
  }
  if (!isPlainObject(value.config)) fail(`${path}.config`, `expected an object. Received: ${describe(value.config)}`);
  if (enclosing + 2 > MAX_JSON_DEPTH) fail(`${path}.config`, `nested more than ${MAX_JSON_DEPTH} levels deep`);
  const config = dropKerasOnlyKeys(module, className, value.config, `${path}.config`, fail);
  if (takesDTypePolicy(module, className) && config.dtype !== undefined) {
    config.dtype = readDTypePolicy(config.dtype, `${path}.config.dtype`, fail);
  }
  return { className, config: readDict(config, `${path}.config`, fail, enclosing + 1) };
}

/** `enclosing`: the arrays and objects around `dict` (it is one more). */
function readDict(dict: Record<string, unknown>, path: string, fail: ConfigFail, enclosing: number): ConfigDict {
  const out: [string, ConfigValue][] = [];
  for (const [key, value] of Object.entries(dict)) {
    const camel = fromSnakeCase(key);
    if (FORBIDDEN_KEYS.has(key) || FORBIDDEN_KEYS.has(camel) || !SNAKE_KEY.test(key) || toSnakeCase(camel) !== key) {
      fail(`${path}.${key}`, 'not a config key (expected a snake_case identifier such as use_bias)');
    }
    out.push([camel, readValue(camel, value, `${path}.${key}`, fail, enclosing + 1)]);
  }
  return Object.fromEntries(out);
}

function readValue(key: string, value: unknown, path: string, fail: ConfigFail, enclosing: number): ConfigValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return SNAKE_VALUED_KEYS.has(key) ? toCamelCase(value) : value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(path, `expected a finite number. Received: ${describe(value)}`);
    return value;
  }
  if (enclosing + 1 > MAX_JSON_DEPTH) fail(path, `nested more than ${MAX_JSON_DEPTH} levels deep`);
  const module = moduleOfKey(key);
  if (Array.isArray(value)) {
    return value.map((v, i) =>
      module && isPlainObject(v)
        ? fromKeras(v, module, `${path}[${i}]`, fail, [], enclosing + 1)
        : readValue('', v, `${path}[${i}]`, fail, enclosing + 1),
    );
  }
  if (!isPlainObject(value)) fail(path, `expected a JSON value. Received: ${describe(value)}`);
  if (module) return fromKeras(value, module, path, fail, [], enclosing);
  if ('class_name' in value) {
    fail(`${path}.class_name`, `an object (class ${describe(value.class_name)}) where none belongs`);
  }
  return readDict(value, path, fail, enclosing);
}

/**
 * Keys whose numbers Keras's constructors require to be Python floats (`SGD` refuses `momentum=0`, every optimizer
 * `learning_rate=1`), and the other float options beside them; an integral value is written `0.0` there, as
 * Keras writes it. JSON has one number type, so this changes nothing for a JSON reader but Python's.
 */
const FLOAT_KEYS = new Set([
  'learning_rate',
  'initial_learning_rate',
  'decay_rate',
  'momentum',
  'rho',
  'epsilon',
  'beta_1',
  'beta_2',
  'weight_decay',
  'clipnorm',
  'clipvalue',
  'global_clipnorm',
  'initial_accumulator_value',
  'l1',
  'l2',
  'factor',
  'rate',
  'stddev',
]);

function formatNumber(key: string | undefined, value: number): string {
  const text = JSON.stringify(value);
  return key !== undefined && FLOAT_KEYS.has(key) && /^-?\d+$/.test(text) ? `${text}.0` : text;
}

function formatScalar(key: string | undefined, value: Json): string {
  return typeof value === 'number' ? formatNumber(key, value) : JSON.stringify(value);
}

/**
 * JSON indented by two spaces, with arrays of plain values kept on one line (`"input_shape": [null, 784]`), or on
 * one line altogether with `indent` null; integral floats under {@link FLOAT_KEYS} are written `1.0`.
 */
export function formatJson(value: Json, indent: string | null = '', key?: string): string {
  if (value === null || typeof value !== 'object') return formatScalar(key, value);
  const inner = indent === null ? null : `${indent}  `;
  const [open, sep, close] = inner === null ? ['', ',', ''] : [`\n${inner}`, `,\n${inner}`, `\n${indent}`];
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object'))
      return `[${value.map((v) => formatScalar(key, v)).join(inner === null ? ',' : ', ')}]`;
    return `[${open}${value.map((v) => formatJson(v, inner, key)).join(sep)}${close}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const colon = inner === null ? ':' : ': ';
  return `{${open}${entries.map(([k, v]) => `${JSON.stringify(k)}${colon}${formatJson(v, inner, k)}`).join(sep)}${close}}`;
}
