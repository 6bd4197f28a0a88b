/**
 * A model's `config.json`: the architecture in Keras 3's dialect, with Keras's `build_config` (the input shape
 * the model was built for) and `compile_config` (optimizer, loss, metrics), and the way back to a model. Sequential
 * models are written and read here; functional ones in functional-config.ts and functional-read.ts.
 */

import { type SerializedObject, serialize } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import { Dense } from '../layers/dense.js';
import { isShapeList, type Layer, type LayerShape, type LayerShapes } from '../layers/layer.js';
import { layerRegistry } from '../layers/registry.js';
import { InputLayer } from '../layers/structural.js';
import { getLoss, lossRegistry, serializeLoss } from '../losses/get.js';
import type { Loss } from '../losses/loss.js';
import { AutoAccuracy } from '../metrics/accuracy.js';
import { getMetric, metricRegistry, serializeMetric } from '../metrics/get.js';
import type { Metric } from '../metrics/metric.js';
import type { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { optimizerRegistry } from '../optimizers/get.js';
import {
  type ConfigFail,
  fromKeras,
  type Json,
  type KerasObject,
  readBuildConfig,
  readShape,
  toKeras,
} from './dialect.js';
import { MAX_ELEMENTS } from './format.js';
import { functionalToKeras, isFunctionalJson } from './functional-config.js';
import { functionalFromKeras } from './functional-read.js';

/**
 * The model in Keras 3's dialect, as Keras's `model.to_json()` writes it: a Sequential model (below) or a functional
 * one (functional-config.ts).
 * @throws {ValueError} for a model that is neither, or holds a function or an unregistered class.
 */
export function modelToKeras(model: Model): KerasObject {
  if (model instanceof Sequential) return sequentialToKeras(model, `model "${model.name}"`);
  if (model.className === 'Functional' && model.outputs.length > 0) return functionalToKeras(model);
  throw new ValueError(
    `Cannot save model "${model.name}": only Sequential and functional models (new Model({ inputs, outputs })) ` +
      `can be saved; a subclass holds code. Received: ${describe(model)}`,
  );
}

/**
 * A Sequential model in Keras 3's dialect: a declared input shape as an InputLayer first (Keras 3's layers take
 * no `batch_input_shape`), the model's `trainable`, `dtype` and `build_input_shape`, a `build_config` on the model
 * and each built layer, and `compile_config` when compiled.
 * Keras note: a model built by its first call (no declared input) gets no InputLayer, only `build_config`, so that
 * loading it back gives the same config; Keras's own Sequential inserts one when it is built.
 * @param name the model, for messages (`model "mlp"`).
 * @param enclosing the arrays and objects of the document around it (a nested model's entry sits deeper).
 */
export function sequentialToKeras(model: Sequential, name: string, enclosing = 0): KerasObject {
  const declared = model.declaredInputShape;
  const inputShape = model.built ? model.builtInputShape : undefined;
  const layers: KerasObject[] = model.layers.map((layer, i) => {
    // Enclosed by the model's object, its config and the list.
    const out = toKeras(serialize(layer), 'keras.layers', `${name}.layers[${i}]`, enclosing + 3);
    // The InputLayer below carries it; only the first layer can hold one (Sequential.add).
    if (declared) delete out.config.batch_input_shape;
    if (layer.built && layer.builtInputShape) out.build_config = { input_shape: copyShapes(layer.builtInputShape) };
    return out;
  });
  if (declared) layers.unshift(inputLayerOf(model, declared));
  const top = toKeras({ className: 'Sequential', config: { name: model.name } }, 'keras', name, enclosing);
  top.config = {
    ...top.config,
    trainable: model.trainable,
    dtype: toKeras({ className: 'Sequential', config: { dtype: model.dtype } }, 'keras', name).config.dtype as Json,
    layers: layers as unknown as Json,
    ...(inputShape ? { build_input_shape: copyShapes(inputShape) } : {}),
  };
  if (inputShape) top.build_config = { input_shape: copyShapes(inputShape) };
  const compiled = compileConfigOf(model);
  if (compiled) top.compile_config = compiled;
  return top;
}

/** Keras's `compile_config` of a compiled model: optimizer, loss and metrics; undefined when not compiled. */
export function compileConfigOf(model: Model): { [key: string]: Json } | undefined {
  const compiled = model.compiledState;
  if (!compiled) return undefined;
  return {
    // Enclosed by the model's object and compile_config (metrics also by their list).
    optimizer: toKeras(serialize(compiled.optimizer), 'keras.optimizers', 'the compiled optimizer', 2),
    loss: toKeras(serializeLoss(compiled.loss), 'keras.losses', 'the compiled loss', 2),
    loss_weights: null,
    // Keras writes null, not [], for a model compiled without metrics.
    metrics: compiled.metrics.length === 0 ? null : compiled.metrics.map((m) => metricToKeras(m.metric)),
    weighted_metrics: null,
  };
}

/**
 * A compiled metric as Keras reads it. An accuracy left for the data to decide (AutoAccuracy, Dendrite's
 * `'accuracy'` beside a loss that does not name one) is written as the string `'accuracy'`, which Keras's compile
 * resolves the same way; Keras has no class for it.
 */
function metricToKeras(metric: Metric): KerasObject | string {
  if (metric instanceof AutoAccuracy && (metric.name === 'accuracy' || metric.name === 'acc')) return metric.name;
  return toKeras(serializeMetric(metric), 'keras.metrics', `the compiled metric ${describe(metric.name)}`, 3);
}

/** Keras's InputLayer for the model's input shape, named `input_layer` unless a layer already is. */
function inputLayerOf(model: Sequential, batchShape: LayerShape): KerasObject {
  const taken = new Set(model.layers.map((l) => l.name));
  let name = 'input_layer';
  for (let i = 1; taken.has(name); i++) name = `input_layer_${i}`;
  return {
    module: 'keras.layers',
    class_name: 'InputLayer',
    config: {
      batch_shape: batchShape.slice(),
      dtype: model.layers[0]?.dtype ?? model.dtype,
      sparse: false,
      ragged: false,
      name,
      optional: false,
    },
    registered_name: null,
  };
}

/** What {@link modelFromKeras} needs besides the JSON. */
export interface RebuildOptions {
  /** Compile the model from `compile_config` when there is one. */
  compile: boolean;
  /**
   * How many weight values the file holds, when it holds weights: a config describing more is rejected before
   * anything is allocated (a damaged or hostile `units: 1e12` would otherwise exhaust memory at build time).
   */
  availableElements?: number;
}

/** Weight values a config may describe beyond what the file holds before it is refused unbuilt (4 MiB of float32). */
export const SIZE_SLACK = 2 ** 20;

const COMPILE_KEYS = ['optimizer', 'loss', 'metrics'];
/**
 * Keys Keras 3 writes in `compile_config` that Dendrite has no counterpart for. Those that would change the
 * loss (`loss_weights`, `weighted_metrics`) are accepted only empty; the rest say how Keras runs the step, not
 * what it computes, and are accepted with any value of the right type.
 */
const OTHER_COMPILE_KEYS: Readonly<Record<string, { expected: string; ok: (v: Json) => boolean }>> = {
  loss_weights: { expected: 'null (a single-output model has one loss)', ok: (v) => v === null },
  weighted_metrics: {
    expected: 'null or [] (Dendrite has no sample-weighted metrics)',
    ok: (v) => v === null || (Array.isArray(v) && v.length === 0),
  },
  run_eagerly: { expected: 'a boolean', ok: (v) => typeof v === 'boolean' },
  steps_per_execution: { expected: 'a positive integer', ok: (v) => Number.isSafeInteger(v) && (v as number) > 0 },
  jit_compile: { expected: 'a boolean or "auto"', ok: (v) => typeof v === 'boolean' || v === 'auto' },
  auto_scale_loss: { expected: 'a boolean', ok: (v) => typeof v === 'boolean' },
};

/**
 * Rebuilds a model from its Keras-dialect JSON, Sequential or functional (by its `class_name`). A Sequential
 * model's layers are looked up in the layer registry, built for
 * `build_config.input_shape`, and compiled from `compile_config` when asked. Every problem is reported through
 * `fail` with its JSON path; nothing is allocated for weights before the sizes have been checked.
 */
export function modelFromKeras(json: unknown, options: RebuildOptions, fail: ConfigFail): Model {
  if (isFunctionalJson(json)) return functionalFromKeras(json, options, fail);
  return sequentialFromKeras(json, options, fail);
}

/** Where a nested model sits in the document: its JSON path, what encloses it, the keys its entry adds. */
export interface NestedAt {
  readonly root: string;
  readonly enclosing: number;
  readonly extraKeys: readonly string[];
}

const TOP: NestedAt = { root: '$', enclosing: 0, extraKeys: [] };

/** {@link modelFromKeras} for a Sequential model, at the top of the document or nested in a functional one. */
export function sequentialFromKeras(
  json: unknown,
  options: RebuildOptions,
  fail: ConfigFail,
  where: NestedAt = TOP,
): Sequential {
  const root = where.root;
  const top = fromKeras(
    json,
    'keras',
    root,
    fail,
    ['build_config', 'compile_config', ...where.extraKeys],
    where.enclosing,
  );
  const raw = json as Record<string, Json>;
  const config = top.config;
  for (const key of Object.keys(config)) {
    if (!['name', 'layers', 'trainable', 'dtype', 'buildInputShape'].includes(key))
      fail(`${root}.config.${key}`, 'unexpected key for a Sequential model');
  }
  if (config.name !== undefined && typeof config.name !== 'string') {
    fail(`${root}.config.name`, `expected a string. Received: ${describe(config.name)}`);
  }
  if (!Array.isArray(config.layers))
    fail(`${root}.config.layers`, `expected an array. Received: ${describe(config.layers)}`);
  if (config.trainable !== undefined && typeof config.trainable !== 'boolean') {
    fail(`${root}.config.trainable`, `expected a boolean. Received: ${describe(config.trainable)}`);
  }

  // Layers are constructed unbuilt (no weights yet), so their sizes can be checked before anything is allocated.
  const layers: Layer[] = [];
  /** Each layer's index in the JSON's list (a folded InputLayer has none of its own). */
  const at: number[] = [];
  try {
    foldInputLayer(config.layers as SerializedObject[], fail, root).forEach((obj, i) => {
      if (obj === null) return;
      try {
        layers.push(layerRegistry.deserialize(obj));
        at.push(i);
      } catch (e) {
        fail(`${root}.config.layers[${i}]`, `cannot create the layer: ${(e as Error).message}`);
      }
    });
    // Both are checked even when an InputLayer declares the shape: a damaged value is an error wherever it sits.
    const built =
      raw.build_config === undefined || raw.build_config === null
        ? undefined
        : oneShape(readBuildConfig(raw.build_config, `${root}.build_config`, fail), `${root}.build_config`, fail);
    const buildInput =
      config.buildInputShape === undefined || config.buildInputShape === null
        ? undefined
        : readShape(config.buildInputShape, `${root}.config.build_input_shape`, fail);
    const inputShape = declaredInputShape(layers) ?? built ?? buildInput;
    if (inputShape) checkSizes(layers, at, inputShape, options.availableElements, fail, root);

    const model = construct(
      `${root}.config`,
      fail,
      () =>
        new Sequential({
          ...(typeof config.name === 'string' ? { name: config.name } : {}),
          ...(config.dtype !== undefined ? { dtype: config.dtype as 'float32' } : {}),
        }),
    );
    try {
      layers.forEach((layer, i) => {
        try {
          model.add(layer);
        } catch (e) {
          fail(`${root}.config.layers[${at[i]}]`, `cannot add the layer: ${(e as Error).message}`);
        }
      });
      if (!model.built && inputShape) {
        try {
          model.build(inputShape);
        } catch (e) {
          fail(`${root}.build_config.input_shape`, `cannot build the model: ${(e as Error).message}`);
        }
      }
      if (config.trainable === false) model.trainable = false;
      // Keras writes `compile_config: {}` for a model never compiled.
      const compileConfig = raw.compile_config;
      const empty = isEmptyObject(compileConfig);
      if (options.compile && compileConfig !== undefined && compileConfig !== null && !empty) {
        compileFromConfig(model, compileConfig, fail);
      }
      return model;
    } catch (e) {
      model.dispose();
      throw e;
    }
  } catch (e) {
    for (const layer of layers) layer.dispose();
    throw e;
  }
}

/**
 * The layer list with a leading InputLayer's shape handed to the layer after it (as `batchInputShape`, the way
 * Dendrite declares an input), so that a model saved with its first layer declaring the input loads back with
 * the same config. The InputLayer keeps its slot (as `null`) so that indices still match the JSON's.
 */
function foldInputLayer(
  list: readonly SerializedObject[],
  fail: ConfigFail,
  root: string,
): (SerializedObject | null)[] {
  const [first, next] = list;
  if (first?.className !== 'InputLayer' || !next || next.className === 'InputLayer') return list.slice();
  // Embedding's `inputDim` is its vocabulary, not the shorthand for an input shape.
  const shapeKeys =
    next.className === 'Embedding' ? ['batchInputShape', 'inputShape'] : ['batchInputShape', 'inputShape', 'inputDim'];
  const declares = shapeKeys.some((k) => next.config[k] !== undefined);
  const key = first.config.batchShape !== undefined ? 'batch_shape' : 'batch_input_shape';
  const shape = first.config.batchShape ?? first.config.batchInputShape;
  if (shape !== undefined) readShape(shape, `${root}.config.layers[0].config.${key}`, fail);
  const keys = Object.keys(first.config).filter((k) => !['batchShape', 'batchInputShape', 'name', 'dtype'].includes(k));
  // Anything else (a `shape` to combine with a batch size, an unknown key) is left to InputLayer to judge.
  if (declares || shape === undefined || keys.length > 0) return list.slice();
  return [null, { className: next.className, config: { ...next.config, batchInputShape: shape } }, ...list.slice(2)];
}

export function isEmptyObject(value: Json | undefined): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** A Sequential model's build shape: one input. */
function oneShape(shape: LayerShapes, path: string, fail: ConfigFail): LayerShape {
  if (isShapeList(shape)) fail(`${path}.input_shape`, 'a Sequential model takes one input, not one shape per input');
  return shape;
}

function declaredInputShape(layers: readonly Layer[]): LayerShape | undefined {
  const first = layers[0];
  return first instanceof InputLayer || first?.batchInputShape ? first.batchInputShape : undefined;
}

/**
 * Counts the weights the layers will create, where the layer kind allows it without building (Dense: a kernel
 * of inputDim·units and a bias of units), and rejects a config that would allocate more than one weight may hold
 * or more than the file stores. Layers with no weights count 0; an unknown count is left to the check after build.
 */
function checkSizes(
  layers: readonly Layer[],
  at: readonly number[],
  inputShape: LayerShape,
  available: number | undefined,
  fail: ConfigFail,
  root: string,
): void {
  let shape = inputShape;
  let total = 0;
  for (const [i, layer] of layers.entries()) {
    if (layer instanceof Dense) {
      const inputDim = shape[shape.length - 1];
      if (typeof inputDim === 'number') {
        const kernel = inputDim * layer.units;
        if (kernel > MAX_ELEMENTS) {
          fail(
            `${root}.config.layers[${at[i]}]`,
            `layer "${layer.name}" would need a ${inputDim}×${layer.units} kernel (${kernel} values); at most 2^31 are allowed`,
          );
        }
        total += kernel + (layer.useBias ? layer.units : 0);
      }
    }
    try {
      shape = layer.computeOutputShape(shape) as LayerShape;
    } catch {
      return; // the build reports this shape error in the layer's own words
    }
  }
  // The slack lets a small mismatch through to the weight-by-weight check, which names the weights at fault.
  if (available !== undefined && total > available + SIZE_SLACK) {
    fail(
      `${root}.config.layers`,
      `the layers need at least ${total} weight values but weights.json lists only ${available}`,
    );
  }
}

export function compileFromConfig(model: Model, value: Json, fail: ConfigFail): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('$.compile_config', `expected an object { optimizer, loss, metrics }. Received: ${describe(value)}`);
  }
  for (const [key, v] of Object.entries(value)) {
    if (COMPILE_KEYS.includes(key)) continue;
    const other = Object.hasOwn(OTHER_COMPILE_KEYS, key) ? OTHER_COMPILE_KEYS[key] : undefined;
    if (!other) fail(`$.compile_config.${key}`, `unexpected key (expected ${COMPILE_KEYS.join(', ')})`);
    if (!other.ok(v)) fail(`$.compile_config.${key}`, `expected ${other.expected}. Received: ${describe(v)}`);
  }
  // Enclosed by the document's root and compile_config (metrics also by their list).
  const optimizerObj = fromKeras(value.optimizer, 'keras.optimizers', '$.compile_config.optimizer', fail, [], 2);
  const optimizer = construct('$.compile_config.optimizer', fail, () => optimizerRegistry.deserialize(optimizerObj));
  const loss: Loss = construct('$.compile_config.loss', fail, () =>
    typeof value.loss === 'string'
      ? getLoss(value.loss)
      : lossRegistry.deserialize(fromKeras(value.loss, 'keras.losses', '$.compile_config.loss', fail, [], 2)),
  );
  const metricsValue = value.metrics ?? [];
  if (!Array.isArray(metricsValue)) {
    fail('$.compile_config.metrics', `expected an array. Received: ${describe(metricsValue)}`);
  }
  const metrics: (Metric | string)[] = metricsValue.map((m, i) => {
    const path = `$.compile_config.metrics[${i}]`;
    if (typeof m === 'string') {
      // A name is checked now (getMetric throws for an unknown one) and resolved by compile against the loss.
      return construct(path, fail, () => getMetric(m) && m);
    }
    return construct(path, fail, () => metricRegistry.deserialize(fromKeras(m, 'keras.metrics', path, fail, [], 3)));
  });
  construct('$.compile_config', fail, () => model.compile({ optimizer, loss, metrics }));
}

/** Runs a constructor, reporting a ValueError it throws as a problem at `path` (a ModelFileError stays as is). */
export function construct<T>(path: string, fail: ConfigFail, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof ValueError) fail(path, e.message);
    throw e;
  }
}

/** A shape, or one per input, as plain JSON arrays. */
export function copyShapes(shapes: LayerShapes): Json {
  return (isShapeList(shapes) ? shapes.map((s) => s.slice()) : shapes.slice()) as Json;
}
