/**
 * A model's `config.json`: the architecture in Keras 3's dialect, with Keras's `build_config` (the input shape
 * the model was built for) and `compile_config` (optimizer, loss, metrics), and the way back to a model.
 */

import { serialize } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import { Dense } from '../layers/dense.js';
import type { Layer, LayerShape } from '../layers/layer.js';
import { layerRegistry } from '../layers/registry.js';
import { InputLayer } from '../layers/structural.js';
import { getLoss, lossRegistry, serializeLoss } from '../losses/get.js';
import type { Loss } from '../losses/loss.js';
import { getMetric, metricRegistry, serializeMetric } from '../metrics/get.js';
import type { Metric } from '../metrics/metric.js';
import type { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { optimizerRegistry } from '../optimizers/get.js';
import { type ConfigFail, fromKeras, type Json, type KerasObject, toKeras } from './dialect.js';
import { MAX_ELEMENTS } from './format.js';

/**
 * The model in Keras 3's dialect, with `build_config` when built and `compile_config` when compiled.
 * @throws {ValueError} for a model that is not Sequential, or holds a function or an unregistered class.
 */
export function modelToKeras(model: Model): KerasObject {
  if (!(model instanceof Sequential)) {
    throw new ValueError(
      `Cannot save model "${model.name}": only Sequential models can be saved so far. Received: ${describe(model)}`,
    );
  }
  const out = toKeras(serialize(model), 'keras', `model "${model.name}"`);
  if (model.built && model.builtInputShape) out.build_config = { input_shape: model.builtInputShape.slice() };
  const compiled = model.compiledState;
  if (compiled) {
    out.compile_config = {
      // Enclosed by the model's object and compile_config (metrics also by their list).
      optimizer: toKeras(serialize(compiled.optimizer), 'keras.optimizers', 'the compiled optimizer', 2),
      loss: toKeras(serializeLoss(compiled.loss), 'keras.losses', 'the compiled loss', 2),
      metrics: compiled.metrics.map((m) =>
        toKeras(serializeMetric(m.metric), 'keras.metrics', `the compiled metric ${describe(m.name)}`, 3),
      ),
    };
  }
  return out;
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
const SIZE_SLACK = 2 ** 20;

const COMPILE_KEYS = ['optimizer', 'loss', 'metrics'];
/** Keys Keras 3 writes in `compile_config` that Dendrite has no counterpart for; accepted and ignored. */
const IGNORED_COMPILE_KEYS = [
  'loss_weights',
  'weighted_metrics',
  'run_eagerly',
  'steps_per_execution',
  'jit_compile',
  'auto_scale_loss',
];

/**
 * Rebuilds a model from its Keras-dialect JSON: layers looked up in the layer registry, built for
 * `build_config.input_shape`, and compiled from `compile_config` when asked. Every problem is reported through
 * `fail` with its JSON path; nothing is allocated for weights before the sizes have been checked.
 */
export function modelFromKeras(json: unknown, options: RebuildOptions, fail: ConfigFail): Sequential {
  const top = fromKeras(json, 'keras', '$', fail, ['build_config', 'compile_config']);
  const raw = json as Record<string, Json>;
  const config = top.config;
  for (const key of Object.keys(config)) {
    if (!['name', 'layers', 'trainable'].includes(key))
      fail(`$.config.${key}`, 'unexpected key for a Sequential model');
  }
  if (config.name !== undefined && typeof config.name !== 'string') {
    fail('$.config.name', `expected a string. Received: ${describe(config.name)}`);
  }
  if (!Array.isArray(config.layers)) fail('$.config.layers', `expected an array. Received: ${describe(config.layers)}`);
  if (config.trainable !== undefined && typeof config.trainable !== 'boolean') {
    fail('$.config.trainable', `expected a boolean. Received: ${describe(config.trainable)}`);
  }

  // Layers are constructed unbuilt (no weights yet), so their sizes can be checked before anything is allocated.
  const layers: Layer[] = [];
  try {
    config.layers.forEach((obj, i) => {
      try {
        layers.push(layerRegistry.deserialize(obj as never));
      } catch (e) {
        fail(`$.config.layers[${i}]`, `cannot create the layer: ${(e as Error).message}`);
      }
    });
    const inputShape = declaredInputShape(layers) ?? readBuildConfig(raw.build_config, fail);
    if (inputShape) checkSizes(layers, inputShape, options.availableElements, fail);

    const model = new Sequential(typeof config.name === 'string' ? { name: config.name } : {});
    try {
      layers.forEach((layer, i) => {
        try {
          model.add(layer);
        } catch (e) {
          fail(`$.config.layers[${i}]`, `cannot add the layer: ${(e as Error).message}`);
        }
      });
      if (!model.built && inputShape) {
        try {
          model.build(inputShape);
        } catch (e) {
          fail('$.build_config.input_shape', `cannot build the model: ${(e as Error).message}`);
        }
      }
      if (config.trainable === false) model.trainable = false;
      if (options.compile && raw.compile_config !== undefined && raw.compile_config !== null) {
        compileFromConfig(model, raw.compile_config, fail);
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

function declaredInputShape(layers: readonly Layer[]): LayerShape | undefined {
  const first = layers[0];
  return first instanceof InputLayer || first?.batchInputShape ? first.batchInputShape : undefined;
}

function readBuildConfig(value: Json | undefined, fail: ConfigFail): LayerShape | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    fail('$.build_config', `expected an object { input_shape }. Received: ${describe(value)}`);
  }
  for (const key of Object.keys(value)) if (key !== 'input_shape') fail(`$.build_config.${key}`, 'unexpected key');
  const shape = value.input_shape;
  const ok =
    Array.isArray(shape) &&
    shape.length >= 1 &&
    shape.length <= 16 &&
    shape.every((d) => d === null || (Number.isSafeInteger(d) && (d as number) > 0 && (d as number) <= MAX_ELEMENTS));
  if (!ok) {
    fail(
      '$.build_config.input_shape',
      `expected an array of positive integers or null (the batch axis first). Received: ${describe(shape)}`,
    );
  }
  return shape as LayerShape;
}

/**
 * Counts the weights the layers will create, where the layer kind allows it without building (Dense: a kernel
 * of inputDim·units and a bias of units), and rejects a config that would allocate more than one weight may hold
 * or more than the file stores. Layers with no weights count 0; an unknown count is left to the check after build.
 */
function checkSizes(
  layers: readonly Layer[],
  inputShape: LayerShape,
  available: number | undefined,
  fail: ConfigFail,
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
            `$.config.layers[${i}]`,
            `layer "${layer.name}" would need a ${inputDim}×${layer.units} kernel (${kernel} values); at most 2^31 are allowed`,
          );
        }
        total += kernel + (layer.useBias ? layer.units : 0);
      }
    }
    try {
      shape = layer.computeOutputShape(shape);
    } catch {
      return; // the build reports this shape error in the layer's own words
    }
  }
  // The slack lets a small mismatch through to the weight-by-weight check, which names the weights at fault.
  if (available !== undefined && total > available + SIZE_SLACK) {
    fail('$.config.layers', `the layers need at least ${total} weight values but weights.json lists only ${available}`);
  }
}

function compileFromConfig(model: Sequential, value: Json, fail: ConfigFail): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('$.compile_config', `expected an object { optimizer, loss, metrics }. Received: ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!COMPILE_KEYS.includes(key) && !IGNORED_COMPILE_KEYS.includes(key)) {
      fail(`$.compile_config.${key}`, `unexpected key (expected ${COMPILE_KEYS.join(', ')})`);
    }
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
function construct<T>(path: string, fail: ConfigFail, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof ValueError) fail(path, e.message);
    throw e;
  }
}
