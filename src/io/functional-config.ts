/**
 * Functional models (`new Model({ inputs, outputs })`) in Keras 3's `Functional` config: what it is, and writing
 * it (functional-read.ts reads it). Each layer's
 * entry adds its `name` and `inbound_nodes` — one per call of the layer in this model, each call's arguments as
 * `__keras_tensor__` objects whose `keras_history` is `[layer, node index, tensor index]` — and the model's
 * `input_layers` and `output_layers` name its ends the same way.
 *
 * Node indices count a layer's calls in this model only: a layer shared with another model has calls there too,
 * which Keras leaves out and re-indexes around (keras/src/models/functional.py, `get_config`).
 */

import { serialize } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import type { Layer } from '../layers/layer.js';
import type { Node } from '../layers/node.js';
import { InputLayer } from '../layers/structural.js';
import type { SymbolicTensor } from '../layers/symbolic-tensor.js';
import { Model } from '../models/model.js';
import { modelNodes } from '../models/model-nodes.js';
import { Sequential } from '../models/sequential.js';
import { type Json, type KerasObject, toKeras } from './dialect.js';
import { MAX_JSON_DEPTH } from './json.js';
import { compileConfigOf, copyShapes, sequentialToKeras } from './model-config.js';

/** The module Keras 3 writes for its Functional class (it is not exported under `keras`). */
export const FUNCTIONAL_MODULE = 'keras.src.models.functional';
/** Modules a Functional may name: Keras's own, and the public spellings a hand-written file might use. */
export const FUNCTIONAL_MODULES = [FUNCTIONAL_MODULE, 'keras', 'keras.models'];
export const KERAS_TENSOR = '__keras_tensor__';
/**
 * Arrays and objects from a model's entry down to a `keras_history` (config, layers, entry, inbound_nodes, node,
 * args, list, tensor, its config): a model nested deeper than the depth limit allows cannot be written or read.
 */
export const MODEL_DEPTH = 11;
/**
 * Built-in layers with no build step of their own: Keras 3 records no `build_config` for them, and neither does
 * this file (Keras note: a Sequential model's file from Dendrite still writes one for every built layer).
 */
const NO_BUILD_CONFIG = new Set([
  'InputLayer',
  'Dropout',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'ActivityRegularization',
  'Activation',
]);

export function isPlainObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A functional model, as opposed to a Sequential one or a subclass with its own `call`. */
function isFunctional(layer: Layer): layer is Model {
  return layer instanceof Model && !(layer instanceof Sequential) && layer.className === 'Functional';
}

/** Whether a parsed document describes a functional model (its `class_name`). */
export function isFunctionalJson(json: unknown): boolean {
  return isPlainObject(json) && json.class_name === 'Functional';
}

function cannotSave(path: string, detail: string): never {
  throw new ValueError(`Cannot save ${path}: ${detail}`);
}

/** A tensor's node index among the calls of its layer that belong to the model (Keras's re-indexing). */
function ownIndex(t: SymbolicTensor, own: ReadonlySet<Node>): number {
  const nodes = t.history.layer.inboundNodes;
  let index = 0;
  for (let i = 0; i < t.history.nodeIndex; i++) if (own.has(nodes[i] as Node)) index++;
  return index;
}

function tensorJson(t: SymbolicTensor, own: ReadonlySet<Node>): Json {
  return {
    class_name: KERAS_TENSOR,
    config: {
      shape: t.shape.slice(),
      dtype: t.dtype,
      keras_history: [t.history.layer.name, ownIndex(t, own), t.history.tensorIndex],
    },
  };
}

/** One call as Keras writes it: `args` holds the one positional argument (a tensor, or a list); `kwargs` the rest. */
function nodeJson(node: Node, own: ReadonlySet<Node>): Json {
  const tensors = node.inputs.map((t) => tensorJson(t, own));
  const kwargs: { [key: string]: Json } = {};
  if (node.training !== undefined) kwargs.training = node.training;
  // Keras's Model.call takes a mask, and Keras records it for a nested model's call.
  if (node.layer instanceof Model) kwargs.mask = null;
  return { args: [node.calledOnList ? tensors : (tensors[0] as Json)], kwargs };
}

/** Keras 3's InputLayer config: `batch_shape` and `dtype`, with its sparse/ragged/optional flags off. */
function inputLayerJson(layer: InputLayer): KerasObject {
  return {
    module: 'keras.layers',
    class_name: 'InputLayer',
    config: {
      batch_shape: (layer.batchInputShape ?? []).slice(),
      dtype: layer.dtype,
      sparse: false,
      ragged: false,
      name: layer.name,
      optional: false,
    },
    registered_name: null,
  };
}

function layerJson(layer: Layer, own: ReadonlySet<Node>, path: string, enclosing: number): KerasObject {
  let entry: KerasObject;
  if (layer instanceof Sequential) {
    entry = sequentialToKeras(layer, path, enclosing);
    // Keras writes one for every model; a nested model's own compile settings are not part of the outer one.
    entry.compile_config = {};
  } else if (isFunctional(layer)) {
    entry = functionalToKeras(layer, path, enclosing);
    entry.compile_config = {};
  } else if (layer instanceof Model) {
    cannotSave(path, `model ${describe(layer.name)} of class ${layer.className} holds code (its own call)`);
  } else if (layer instanceof InputLayer) {
    entry = inputLayerJson(layer);
  } else {
    entry = toKeras(serialize(layer), 'keras.layers', path, enclosing);
    // The graph's Inputs declare the shapes; Keras 3's layers take no batch_input_shape.
    delete entry.config.batch_input_shape;
    if (layer.built && layer.builtInputShape && !NO_BUILD_CONFIG.has(layer.className)) {
      entry.build_config = { input_shape: copyShapes(layer.builtInputShape) };
    }
  }
  const calls = layer.inboundNodes.filter((n) => own.has(n) && n.inputs.length > 0);
  return { ...entry, name: layer.name, inbound_nodes: calls.map((n) => nodeJson(n, own)) };
}

/**
 * A functional model as Keras 3.15's `model.to_json()` writes it: `{ module: 'keras.src.models.functional',
 * class_name: 'Functional', config: { name, trainable, layers, input_layers, output_layers }, registered_name,
 * build_config, compile_config }`, each layer entry with its `name` and `inbound_nodes`.
 * Keras note: in `input_layers` / `output_layers` Keras counts a nested functional model's calls from 1, not 0
 * (its `get_config` keeps a slot for a node Keras 3 no longer makes); so does this file, to load in Keras.
 * @param name the model, for messages. @param enclosing the arrays and objects around it in the document.
 * @throws {ValueError} for a layer that could not be loaded back (a function, an unregistered class, a subclassed
 *   model) or models nested too deeply.
 */
export function functionalToKeras(model: Model, name = `model "${model.name}"`, enclosing = 0): KerasObject {
  if (enclosing + MODEL_DEPTH > MAX_JSON_DEPTH) cannotSave(name, 'its models are nested too deeply');
  const own = new Set(modelNodes(model.inputs, model.outputs));
  const layers = model.layers.map((layer, i) => layerJson(layer, own, `${name}.layers[${i}]`, enclosing + 3));
  const end = (t: SymbolicTensor): Json => [
    t.history.layer.name,
    ownIndex(t, own) + (isFunctional(t.history.layer) ? 1 : 0),
    t.history.tensorIndex,
  ];
  const ends = (list: readonly SymbolicTensor[], asList: boolean): Json =>
    asList || list.length !== 1 ? list.map(end) : end(list[0] as SymbolicTensor);
  return {
    module: FUNCTIONAL_MODULE,
    class_name: 'Functional',
    config: {
      name: model.name,
      trainable: model.trainable,
      layers: layers as unknown as Json,
      input_layers: ends(model.inputs, model.inputsAreList),
      output_layers: ends(model.outputs, model.outputsAreList),
    },
    registered_name: 'Functional',
    build_config: { input_shape: null },
    compile_config: compileConfigOf(model) ?? {},
  };
}
