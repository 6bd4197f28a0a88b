/**
 * Reading Keras 3's `Functional` config (functional-config.ts describes it) back into a model: each layer from the
 * registry, then every call replayed on symbolic tensors in Keras's order, each reference checked first.
 */

import { describe } from '../core/errors.js';
import { Dense } from '../layers/dense.js';
import type { Layer } from '../layers/layer.js';
import { layerRegistry } from '../layers/registry.js';
import { InputLayer } from '../layers/structural.js';
import type { SymbolicTensor } from '../layers/symbolic-tensor.js';
import { Model } from '../models/model.js';
import { type ConfigFail, fromKeras, type Json, readShape } from './dialect.js';
import { ModelFileError } from './errors.js';
import { MAX_ELEMENTS } from './format.js';
import {
  FUNCTIONAL_MODULE,
  FUNCTIONAL_MODULES,
  isPlainObject,
  KERAS_TENSOR,
  MODEL_DEPTH,
} from './functional-config.js';
import { MAX_JSON_DEPTH } from './json.js';
import {
  compileFromConfig,
  construct,
  isEmptyObject,
  type RebuildOptions,
  SIZE_SLACK,
  sequentialFromKeras,
} from './model-config.js';

/** Weight values the layers made so far may hold, against what the file stores. */
interface Budget {
  readonly available: number | undefined;
  used: number;
}

/** A `keras_history` read from the file. */
interface TensorRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;
  /** The JSON path of the `keras_history`. */
  readonly path: string;
}

interface Call {
  readonly refs: readonly TensorRef[];
  readonly onList: boolean;
  readonly training: boolean | undefined;
  readonly path: string;
}

interface Entry {
  readonly layer: Layer;
  readonly path: string;
  calls: readonly Call[];
  done: number;
}

/**
 * Rebuilds a functional model from Keras's config: each layer from the layer registry (nested Sequential and
 * functional models from their own configs), then every call replayed on symbolic tensors in Keras's order — a
 * layer's calls in turn, each once the calls it depends on are made — and compiled from `compile_config` when asked.
 * Every problem is reported through `fail` with its JSON path; a Dense layer's weights are checked against the
 * size limits and the file's weights before they are allocated.
 */
export function functionalFromKeras(json: unknown, options: RebuildOptions, fail: ConfigFail): Model {
  const model = readFunctional(json, '$', 0, [], { available: options.availableElements, used: 0 }, fail);
  try {
    const compileConfig = (json as Record<string, Json>).compile_config;
    if (options.compile && compileConfig !== undefined && compileConfig !== null && !isEmptyObject(compileConfig)) {
      compileFromConfig(model, compileConfig, fail);
    }
    return model;
  } catch (e) {
    model.dispose();
    throw e;
  }
}

function readFunctional(
  value: unknown,
  path: string,
  enclosing: number,
  extraKeys: readonly string[],
  budget: Budget,
  fail: ConfigFail,
): Model {
  if (!isPlainObject(value)) {
    fail(path, `expected an object { module, class_name, config, registered_name }. Received: ${describe(value)}`);
  }
  const allowed = ['module', 'class_name', 'config', 'registered_name', 'build_config', 'compile_config', ...extraKeys];
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, `unexpected key (expected ${allowed.join(', ')})`);
  }
  if (typeof value.module !== 'string' || !FUNCTIONAL_MODULES.includes(value.module)) {
    fail(`${path}.module`, `expected "${FUNCTIONAL_MODULE}" here. Received: ${describe(value.module)}`);
  }
  if (value.registered_name !== undefined && value.registered_name !== null && value.registered_name !== 'Functional') {
    fail(`${path}.registered_name`, `expected "Functional" or null. Received: ${describe(value.registered_name)}`);
  }
  checkBuildConfig(value.build_config, `${path}.build_config`, fail);
  const compileConfig = value.compile_config;
  if (compileConfig !== undefined && compileConfig !== null && !isPlainObject(compileConfig)) {
    fail(`${path}.compile_config`, `expected an object. Received: ${describe(compileConfig)}`);
  }
  if (enclosing + MODEL_DEPTH > MAX_JSON_DEPTH) fail(path, `models nested more than ${MAX_JSON_DEPTH} levels deep`);
  const config = value.config;
  if (!isPlainObject(config)) fail(`${path}.config`, `expected an object. Received: ${describe(config)}`);
  const keys = ['name', 'trainable', 'layers', 'input_layers', 'output_layers'];
  for (const key of Object.keys(config)) {
    if (!keys.includes(key))
      fail(`${path}.config.${key}`, `unexpected key for a Functional model (expected ${keys.join(', ')})`);
  }
  if (config.name !== undefined && (typeof config.name !== 'string' || config.name.length === 0)) {
    fail(`${path}.config.name`, `expected a non-empty string. Received: ${describe(config.name)}`);
  }
  if (config.trainable !== undefined && config.trainable !== null && typeof config.trainable !== 'boolean') {
    fail(`${path}.config.trainable`, `expected a boolean. Received: ${describe(config.trainable)}`);
  }
  const list = config.layers;
  if (!Array.isArray(list) || list.length === 0) {
    fail(`${path}.config.layers`, `expected a non-empty array. Received: ${describe(list)}`);
  }

  const entries = new Map<string, Entry>();
  try {
    list.forEach((raw, i) => {
      const at = `${path}.config.layers[${i}]`;
      const layer = createLayer(raw, at, enclosing + 3, budget, fail);
      const name = (raw as Record<string, Json>).name;
      const other = entries.get(layer.name);
      if (other) {
        layer.dispose();
        fail(`${at}.name`, `the name "${layer.name}" is used by ${other.path.slice(path.length + 1)} too`);
      }
      entries.set(layer.name, { layer, path: at, calls: [], done: 0 });
      if (name !== layer.name) {
        fail(`${at}.name`, `expected "${layer.name}" (the layer's config.name). Received: ${describe(name)}`);
      }
    });
    list.forEach((raw, i) => {
      const at = `${path}.config.layers[${i}]`;
      const entry = entries.get((raw as Record<string, Json>).name as string) as Entry;
      entry.calls = readCalls((raw as Record<string, Json>).inbound_nodes, entry, at, fail);
    });
    for (const entry of entries.values()) {
      for (const call of entry.calls) for (const ref of call.refs) checkRef(ref, entry, entries, fail);
    }
    replayCalls(entries, budget, fail);
    const inputs = readEnds(config.input_layers, `${path}.config.input_layers`, entries, list, true, fail);
    const outputs = readEnds(config.output_layers, `${path}.config.output_layers`, entries, list, false, fail);
    const model = construct(
      `${path}.config`,
      fail,
      () =>
        new Model({
          inputs: inputs.asList ? inputs.tensors : (inputs.tensors[0] as SymbolicTensor),
          outputs: outputs.asList ? outputs.tensors : (outputs.tensors[0] as SymbolicTensor),
          ...(typeof config.name === 'string' ? { name: config.name } : {}),
        }),
    );
    if (config.trainable === false) model.trainable = false;
    return model;
  } catch (e) {
    for (const entry of entries.values()) entry.layer.dispose();
    throw e;
  }
}

/** Keras writes `{ input_shape: null }` for a functional model (it is built from its Inputs). */
function checkBuildConfig(value: Json | undefined, path: string, fail: ConfigFail): void {
  if (value === undefined || value === null) return;
  if (!isPlainObject(value)) fail(path, `expected an object { input_shape }. Received: ${describe(value)}`);
  for (const key of Object.keys(value)) if (key !== 'input_shape') fail(`${path}.${key}`, 'unexpected key');
  const shape = value.input_shape;
  if (shape === null || shape === undefined) return;
  if (Array.isArray(shape) && shape.length > 0 && shape.every(Array.isArray)) {
    shape.forEach((s, i) => {
      readShape(s, `${path}.input_shape[${i}]`, fail);
    });
  } else readShape(shape, `${path}.input_shape`, fail);
}

/** One entry of `config.layers` as a layer, unbuilt unless it is a nested model. */
function createLayer(raw: unknown, at: string, enclosing: number, budget: Budget, fail: ConfigFail): Layer {
  if (!isPlainObject(raw)) fail(at, `expected a layer object { module, class_name, config, name, inbound_nodes }`);
  if (typeof raw.name !== 'string' || raw.name.length === 0) {
    fail(`${at}.name`, `expected the layer's name (a non-empty string). Received: ${describe(raw.name)}`);
  }
  if (!Array.isArray(raw.inbound_nodes)) {
    fail(`${at}.inbound_nodes`, `expected an array of calls. Received: ${describe(raw.inbound_nodes)}`);
  }
  const extraKeys = ['name', 'inbound_nodes'];
  if (raw.class_name === 'Functional') return readFunctional(raw, at, enclosing, extraKeys, budget, fail);
  if (raw.class_name === 'Sequential') {
    const remaining = budget.available === undefined ? undefined : Math.max(0, budget.available - budget.used);
    const model = sequentialFromKeras(
      raw,
      { compile: false, ...(remaining === undefined ? {} : { availableElements: remaining }) },
      fail,
      { root: at, enclosing, extraKeys },
    );
    budget.used += model.countParams();
    return model;
  }
  const obj = fromKeras(raw, 'keras.layers', at, fail, extraKeys, enclosing);
  try {
    return layerRegistry.deserialize(obj);
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    fail(at, `cannot create the layer: ${(e as Error).message}`);
  }
}

function readCalls(raw: Json | undefined, entry: Entry, at: string, fail: ConfigFail): Call[] {
  const list = raw as Json[];
  if (entry.layer instanceof InputLayer && list.length > 0) {
    fail(`${at}.inbound_nodes`, `an InputLayer is not called on anything: expected []. Received ${list.length} calls`);
  }
  return list.map((node, j) => readCall(node, `${at}.inbound_nodes[${j}]`, entry.layer.name, fail));
}

/** One `inbound_nodes` element: `{ args: [tensor or [tensors]], kwargs: { training?, mask? } }`. */
function readCall(node: Json, path: string, layer: string, fail: ConfigFail): Call {
  if (!isPlainObject(node)) {
    fail(
      path,
      `expected a call { args, kwargs } of layer "${layer}" (Keras 3's format; Keras 2's lists are not read). Received: ${describe(node)}`,
    );
  }
  for (const key of Object.keys(node)) {
    if (key !== 'args' && key !== 'kwargs') fail(`${path}.${key}`, 'unexpected key (expected args, kwargs)');
  }
  const args = node.args;
  if (!Array.isArray(args) || args.length !== 1) {
    fail(
      `${path}.args`,
      `expected one argument, the input of layer "${layer}" (a tensor or a list of tensors). Received: ${describe(args)}`,
    );
  }
  const first = args[0] as Json;
  const onList = Array.isArray(first);
  const tensors = onList ? first : [first];
  if (tensors.length === 0) fail(`${path}.args[0]`, `layer "${layer}" is called on an empty list`);
  const refs = tensors.map((t, k) => readTensor(t, onList ? `${path}.args[0][${k}]` : `${path}.args[0]`, fail));
  const kwargs = node.kwargs ?? {};
  if (!isPlainObject(kwargs)) fail(`${path}.kwargs`, `expected an object. Received: ${describe(kwargs)}`);
  let training: boolean | undefined;
  for (const [key, v] of Object.entries(kwargs)) {
    if (key === 'training' && (v === null || typeof v === 'boolean')) training = v ?? undefined;
    else if (key === 'mask' && v === null) continue;
    else if (key === 'training' || key === 'mask') {
      fail(
        `${path}.kwargs.${key}`,
        `expected ${key === 'mask' ? 'null' : 'a boolean or null'}. Received: ${describe(v)}`,
      );
    } else fail(`${path}.kwargs.${key}`, `layer "${layer}" is called with an argument Dendrite has no counterpart for`);
  }
  return { refs, onList, training, path };
}

function readTensor(value: Json, path: string, fail: ConfigFail): TensorRef {
  if (!isPlainObject(value) || value.class_name !== KERAS_TENSOR || !isPlainObject(value.config)) {
    fail(path, `expected a tensor { class_name: "${KERAS_TENSOR}", config }. Received: ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'class_name' && key !== 'config')
      fail(`${path}.${key}`, 'unexpected key (expected class_name, config)');
  }
  const config = value.config as Record<string, Json>;
  for (const key of Object.keys(config)) {
    if (!['shape', 'dtype', 'keras_history'].includes(key)) {
      fail(`${path}.config.${key}`, 'unexpected key (expected shape, dtype, keras_history)');
    }
  }
  const shape = config.shape;
  const okShape =
    Array.isArray(shape) &&
    shape.length <= 16 &&
    shape.every((d) => d === null || (Number.isSafeInteger(d) && (d as number) >= 0 && (d as number) <= MAX_ELEMENTS));
  if (!okShape) fail(`${path}.config.shape`, `expected an array of sizes or null. Received: ${describe(shape)}`);
  if (typeof config.dtype !== 'string')
    fail(`${path}.config.dtype`, `expected a dtype name. Received: ${describe(config.dtype)}`);
  return readHistory(config.keras_history, `${path}.config.keras_history`, fail);
}

/** `[layer name, node index, tensor index]`. */
function readHistory(value: Json | undefined, path: string, fail: ConfigFail): TensorRef {
  const index = (v: Json | undefined) => Number.isSafeInteger(v) && (v as number) >= 0;
  if (
    !Array.isArray(value) ||
    value.length !== 3 ||
    typeof value[0] !== 'string' ||
    !index(value[1]) ||
    !index(value[2])
  ) {
    fail(path, `expected [layer name, node index, tensor index]. Received: ${describe(value)}`);
  }
  return { layer: value[0] as string, node: value[1] as number, tensor: value[2] as number, path };
}

/** How many calls a layer will have once the model is rebuilt: an InputLayer its one, others those listed. */
function callCount(entry: Entry): number {
  return entry.layer instanceof InputLayer ? 1 : entry.calls.length;
}

function checkRef(ref: TensorRef, by: Entry, entries: ReadonlyMap<string, Entry>, fail: ConfigFail): void {
  const source = entries.get(ref.layer);
  if (!source) {
    fail(ref.path, `layer "${by.layer.name}" is called on a tensor of layer "${ref.layer}", which is not in the model`);
  }
  if (ref.node >= callCount(source)) {
    fail(
      ref.path,
      `node index ${ref.node} is out of range: layer "${ref.layer}" has ${callCount(source)} call(s) in the model`,
    );
  }
}

/** The symbolic tensor a reference names, once its call is made; undefined before. */
function resolve(ref: TensorRef, entries: ReadonlyMap<string, Entry>, fail: ConfigFail): SymbolicTensor | undefined {
  const node = (entries.get(ref.layer) as Entry).layer.inboundNodes[ref.node];
  if (!node) return undefined;
  const t = node.outputs[ref.tensor];
  if (!t) {
    fail(
      ref.path,
      `tensor index ${ref.tensor} is out of range: call ${ref.node} of layer "${ref.layer}" has ${node.outputs.length} output(s)`,
    );
  }
  return t;
}

/**
 * Keras's `functional_from_config` loop: in layer order, each layer's calls in turn as far as their inputs exist;
 * repeated until all are made. A pass that makes none means the calls wait on each other: a cycle.
 */
function replayCalls(entries: ReadonlyMap<string, Entry>, budget: Budget, fail: ConfigFail): void {
  let pending = [...entries.values()].some((e) => e.done < e.calls.length);
  while (pending) {
    let progress = false;
    for (const entry of entries.values()) {
      while (entry.done < entry.calls.length) {
        const call = entry.calls[entry.done] as Call;
        const tensors = call.refs.map((r) => resolve(r, entries, fail));
        if (tensors.some((t) => t === undefined)) break;
        makeCall(entry.layer, call, tensors as SymbolicTensor[], budget, fail);
        entry.done++;
        progress = true;
      }
    }
    const stuck = [...entries.values()].filter((e) => e.done < e.calls.length);
    pending = stuck.length > 0;
    if (pending && !progress) {
      const first = stuck[0] as Entry;
      const waits = (first.calls[first.done] as Call).refs.find((r) => resolve(r, entries, fail) === undefined);
      fail(
        (first.calls[first.done] as Call).path,
        `the calls cannot be ordered: layer "${first.layer.name}" waits on call ${waits?.node} of layer ` +
          `"${waits?.layer}", which waits in turn on it (the graph has a cycle). Layers left: ` +
          stuck.map((e) => e.layer.name).join(', '),
      );
    }
  }
}

function makeCall(layer: Layer, call: Call, tensors: SymbolicTensor[], budget: Budget, fail: ConfigFail): void {
  const input = call.onList ? tensors : (tensors[0] as SymbolicTensor);
  if (layer instanceof Dense && !layer.built) checkDenseSize(layer, input, call.path, budget, fail);
  try {
    layer.applyToList(input, call.training === undefined ? {} : { training: call.training });
  } catch (e) {
    if (e instanceof ModelFileError || !(e instanceof Error)) throw e;
    fail(call.path, `cannot call layer "${layer.name}": ${e.message}`);
  }
}

/** Refuses a Dense whose kernel would pass the size limit, or that would need more values than the file holds. */
function checkDenseSize(
  layer: Dense,
  input: SymbolicTensor | SymbolicTensor[],
  path: string,
  budget: Budget,
  fail: ConfigFail,
): void {
  if (Array.isArray(input)) return; // Dense refuses a list itself
  const inputDim = input.shape[input.shape.length - 1];
  if (typeof inputDim !== 'number') return;
  const kernel = inputDim * layer.units;
  if (kernel > MAX_ELEMENTS) {
    fail(
      path,
      `layer "${layer.name}" would need a ${inputDim}×${layer.units} kernel (${kernel} values); at most 2^31 are allowed`,
    );
  }
  budget.used += kernel + (layer.useBias ? layer.units : 0);
  // The slack lets a small mismatch through to the weight-by-weight check, which names the weights at fault.
  if (budget.available !== undefined && budget.used > budget.available + SIZE_SLACK) {
    fail(
      path,
      `layer "${layer.name}" brings the weights to at least ${budget.used} values but weights.json lists only ${budget.available}`,
    );
  }
}

/** `input_layers` / `output_layers`: one `[layer, node, tensor]`, or a list of them. */
function readEnds(
  value: Json | undefined,
  path: string,
  entries: ReadonlyMap<string, Entry>,
  list: readonly Json[],
  inputs: boolean,
  fail: ConfigFail,
): { tensors: SymbolicTensor[]; asList: boolean } {
  const single = Array.isArray(value) && value.length === 3 && typeof value[0] === 'string';
  if (!Array.isArray(value) || (!single && (value.length === 0 || !value.every(Array.isArray)))) {
    fail(
      path,
      `expected [layer name, node index, tensor index] or a non-empty list of them. Received: ${describe(value)}`,
    );
  }
  const triples = single ? [value] : (value as Json[]);
  const tensors = triples.map((raw, i) => {
    const at = single ? path : `${path}[${i}]`;
    const ref = readHistory(raw, at, fail);
    const entry = entries.get(ref.layer);
    if (!entry) fail(at, `names layer "${ref.layer}", which is not in the model`);
    if (inputs && !(entry.layer instanceof InputLayer)) {
      fail(at, `names layer "${ref.layer}", a ${entry.layer.className}: a model's inputs are InputLayers`);
    }
    // Keras counts a nested functional model's calls from 1 here (see functionalToKeras).
    const kerasClass = (list.find((l) => isPlainObject(l) && l.name === ref.layer) as Record<string, Json>).class_name;
    const node = kerasClass === 'Functional' ? ref.node - 1 : ref.node;
    const calls = entry.layer.inboundNodes.length;
    if (node < 0 || node >= calls) {
      fail(at, `node index ${ref.node} is out of range: layer "${ref.layer}" has ${calls} call(s) in the model`);
    }
    return resolve({ ...ref, node }, entries, fail) as SymbolicTensor;
  });
  return { tensors, asList: !single };
}
