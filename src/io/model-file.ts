/**
 * Saving and loading whole models and their weights (docs/file-format.md): the archive's four entries are
 * assembled and checked here; the container, the config dialect and the manifest each live in their own file.
 */

import { describe, ValueError } from '../core/errors.js';
import type { Tensor, Variable } from '../core/tensor.js';
import type { Model, SaveOptions } from '../models/model.js';
import { tensor } from '../ops/convert.js';
import { formatJson, type Json } from './dialect.js';
import { ModelFileError } from './errors.js';
import { DENDRITE_VERSION, ENTRIES, FORMAT, FORMAT_VERSION, type Metadata } from './format.js';
import { parseJson } from './json.js';
import { modelFromKeras, modelToKeras } from './model-config.js';
import { MAX_MODEL_FILE_SIZE, storeFor } from './store.js';
import {
  decodeEntry,
  elementCount,
  formatManifest,
  type Manifest,
  type RandomState,
  readManifest,
  type WeightEntry,
  WeightWriter,
} from './weights.js';
import { ARCHIVE, buildZip, readZip } from './zip.js';

const encoder = new TextEncoder();

/** Options of {@link loadModel}. */
export interface LoadOptions {
  /** Compile the model with the saved optimizer, loss and metrics, and restore the optimizer state. Default true. */
  compile?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Saving

/** Where a model file comes from: a path or URL (a store reads it), or its bytes. */
export type ModelSource = string | Uint8Array | ArrayBuffer;

function randomStateOf(model: Model): RandomState {
  return {
    shuffleSeed: model.shuffleSeed,
    layers: model.layers.map((l) => ({ name: l.name, state: l.getRandomState() })),
  };
}

/** The archive's chunks: metadata, then config (unless weights only), manifest and values. */
function buildArchive(model: Model, config: Json | undefined, optimizerWeights: readonly Tensor[] | undefined) {
  const writer = new WeightWriter();
  const manifest: Manifest = {
    weights: model.weights.map((v) => writer.add(v.name, v)),
    ...(optimizerWeights
      ? {
          optimizerWeights: optimizerWeights.map((t, i) =>
            writer.add(i === 0 ? 'optimizer/iterations' : `optimizer/vars/${i}`, t),
          ),
        }
      : {}),
    randomState: randomStateOf(model),
  };
  const now = new Date();
  const metadata: Metadata & Json = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    dendriteVersion: DENDRITE_VERSION,
    savedAt: now.toISOString(),
  };
  const json = (value: Json) => [encoder.encode(`${formatJson(value)}\n`)];
  try {
    return buildZip(
      [
        { name: ENTRIES.metadata, chunks: json(metadata) },
        ...(config === undefined ? [] : [{ name: ENTRIES.config, chunks: json(config) }]),
        { name: ENTRIES.manifest, chunks: [encoder.encode(formatManifest(manifest))] },
        { name: ENTRIES.weights, chunks: writer.chunks },
      ],
      now,
    );
  } catch (e) {
    if (e instanceof RangeError) throw new ValueError(`Cannot save model "${model.name}": ${e.message}`);
    throw e;
  }
}

/** `model.save()`: see {@link Model.save}. */
export async function saveModel(model: Model, path: string, options: SaveOptions = {}): Promise<void> {
  const store = storeFor(path, 'Model.save');
  const { includeOptimizer = true, overwrite = true, ...rest } = options ?? {};
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw new ValueError(`Model.save: unknown option ${describe(unknown[0])}. Expected includeOptimizer, overwrite`);
  }
  // Everything is gathered and checked before the file is touched: a model that cannot be saved leaves it as it was.
  const config = modelToKeras(model) as unknown as Json;
  const optimizer = includeOptimizer ? model.compiledState?.optimizer : undefined;
  const optimizerWeights = optimizer?.getWeights();
  let chunks: Uint8Array[];
  try {
    chunks = buildArchive(model, config, optimizerWeights);
  } finally {
    for (const t of optimizerWeights ?? []) t.dispose();
  }
  await store.write(path, chunks, { overwrite });
}

/** `model.saveWeights()`: the weights and random state, without `config.json`. */
export async function saveWeights(model: Model, path: string): Promise<void> {
  const store = storeFor(path, 'Model.saveWeights');
  await store.write(path, buildArchive(model, undefined, undefined), { overwrite: true });
}

/** `model.toJSON()` in Keras's sense: the architecture (and build and compile settings) as Keras-dialect JSON. */
export function modelToJSON(model: Model): string {
  return formatJson(modelToKeras(model) as unknown as Json, null);
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

interface OpenedFile {
  /** The source's name in messages. */
  readonly file: string;
  readonly entries: Map<string, Uint8Array>;
  readonly manifest: Manifest;
  readonly fail: (entry: string, detail: string) => never;
}

function parseEntry(file: string, entries: Map<string, Uint8Array>, entry: string): unknown {
  const bytes = entries.get(entry);
  if (!bytes) throw new ModelFileError(file, entry, 'the entry is missing');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ModelFileError(file, entry, 'not valid UTF-8 text');
  }
  return parseJson(text, (path, detail) => {
    throw new ModelFileError(file, entry, path === '$' ? detail : `${path}: ${detail}`);
  });
}

/** How a source is named in messages: its path or URL, or `Uint8Array(N)` for bytes. */
function sourceName(source: ModelSource): string {
  return typeof source === 'string' ? source : describe(source);
}

/** The file's bytes, from a store or as given; nothing else is accepted. */
async function readSource(source: ModelSource, owner: string, fail: (detail: string) => never): Promise<Uint8Array> {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : source;
    if (bytes.length > MAX_MODEL_FILE_SIZE) fail(`the file is ${bytes.length} bytes; a model file is under 4 GiB`);
    return bytes;
  }
  if (typeof source !== 'string' || source.length === 0) {
    throw new ValueError(
      `${owner}: expected a file path, a URL, or the file's bytes (Uint8Array or ArrayBuffer). Received: ${describe(source)}`,
    );
  }
  return storeFor(source, owner).read(source, fail);
}

/** Reads the archive and checks everything that does not depend on the model: container, metadata, manifest. */
async function openModelFile(source: ModelSource, owner: string): Promise<OpenedFile> {
  const file = sourceName(source);
  const fail = (entry: string, detail: string): never => {
    throw new ModelFileError(file, entry, detail);
  };
  const bytes = await readSource(source, owner, (detail) => fail(ARCHIVE, detail));
  const entries = readZip(bytes, fail);
  const known: string[] = Object.values(ENTRIES);
  for (const name of entries.keys()) {
    if (!known.includes(name)) fail(name, `unexpected entry (a model file holds ${known.join(', ')})`);
  }
  checkMetadata(parseEntry(file, entries, ENTRIES.metadata), fail);
  const bin = entries.get(ENTRIES.weights) ?? fail(ENTRIES.weights, 'the entry is missing');
  const manifest = readManifest(parseEntry(file, entries, ENTRIES.manifest), bin.length, (path, detail) =>
    fail(ENTRIES.manifest, path ? `${path}: ${detail}` : detail),
  );
  return { file, entries, manifest, fail };
}

function checkMetadata(raw: unknown, fail: (entry: string, detail: string) => never): void {
  const where = ENTRIES.metadata;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail(where, `expected an object { format, formatVersion, … }. Received: ${describe(raw)}`);
  }
  const { format, formatVersion, dendriteVersion, savedAt } = raw as Record<string, unknown>;
  if (format !== FORMAT) fail(where, `unknown format ${describe(format)}. Expected "${FORMAT}"`);
  if (!Number.isSafeInteger(formatVersion) || (formatVersion as number) < 1) {
    fail(where, `formatVersion must be a positive integer. Received: ${describe(formatVersion)}`);
  }
  if (typeof dendriteVersion !== 'string' || typeof savedAt !== 'string') {
    fail(
      where,
      `dendriteVersion and savedAt must be strings. Received: ${describe(dendriteVersion)}, ${describe(savedAt)}`,
    );
  }
  if ((formatVersion as number) > FORMAT_VERSION) {
    fail(
      where,
      `the file has format version ${formatVersion}, written by a newer Dendrite; this one (${DENDRITE_VERSION}) reads up to version ${FORMAT_VERSION}`,
    );
  }
}

/** Checks the manifest's entries one by one against the variables (or tensors) they will fill. */
function checkAgainst(
  entries: readonly WeightEntry[],
  targets: readonly { name: string; shape: readonly number[]; dtype: string }[],
  what: string,
  matchNames: boolean,
  fail: (detail: string) => never,
): void {
  if (entries.length !== targets.length) {
    const listed = entries.map((e) => e.name);
    const expected = targets.map((t) => t.name);
    const missing = expected.filter((n) => !listed.includes(n));
    const extra = listed.filter((n) => !expected.includes(n));
    fail(
      `${what}: expected ${targets.length} weights, the file lists ${entries.length}` +
        (matchNames && missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
        (matchNames && extra.length > 0 ? `; extra: ${extra.join(', ')}` : ''),
    );
  }
  entries.forEach((e, i) => {
    const t = targets[i] as (typeof targets)[number];
    if (matchNames && e.name !== t.name) {
      fail(`${what}: weight ${i} should be ${JSON.stringify(t.name)}. Received: ${JSON.stringify(e.name)}`);
    }
    if (e.shape.length !== t.shape.length || e.shape.some((d, j) => d !== t.shape[j])) {
      fail(
        `${what}: weight ${JSON.stringify(e.name)} has shape [${e.shape.join(',')}]; the model's ${JSON.stringify(t.name)} has [${t.shape.join(',')}]`,
      );
    }
    if (e.dtype !== t.dtype) {
      fail(
        `${what}: weight ${JSON.stringify(e.name)} is ${e.dtype}; the model's ${JSON.stringify(t.name)} is ${t.dtype}`,
      );
    }
  });
}

function checkRandomState(model: Model, state: RandomState, fail: (detail: string) => never): void {
  const layers = model.layers;
  if (state.layers.length !== layers.length) {
    fail(`randomState lists ${state.layers.length} layers; the model has ${layers.length}`);
  }
  layers.forEach((layer, i) => {
    const saved = (state.layers[i] as RandomState['layers'][number]).state;
    const streams = layer.getRandomState().length;
    if (saved.length !== streams) {
      fail(
        `randomState.layers[${i}]: layer "${layer.name}" has ${streams} random streams; the file lists ${saved.length}`,
      );
    }
  });
}

/** One entry's values as a tensor (the caller disposes it). */
function decodeTensor(bin: Uint8Array, entry: WeightEntry, fail: (detail: string) => never): Tensor {
  const values = decodeEntry(bin, entry);
  if (typeof values === 'string') fail(`weight ${JSON.stringify(entry.name)}: ${values}`);
  return tensor(values, entry.shape, entry.dtype);
}

/** Decodes every entry and checks it before `use` sees any, so a damaged value changes nothing. */
function withDecoded(
  bin: Uint8Array,
  entries: readonly WeightEntry[],
  fail: (detail: string) => never,
  use: (tensors: Tensor[]) => void,
): void {
  const tensors: Tensor[] = [];
  try {
    for (const e of entries) tensors.push(decodeTensor(bin, e, fail));
    use(tensors);
  } finally {
    for (const t of tensors) t.dispose();
  }
}

function restoreRandomState(model: Model, state: RandomState): void {
  model.shuffleSeed = state.shuffleSeed;
  model.layers.forEach((layer, i) => {
    layer.setRandomState((state.layers[i] as RandomState['layers'][number]).state);
  });
}

/**
 * Loads a model saved by `model.save()`: the architecture rebuilt from the registries, the weights, the random
 * state and (with `compile`, the default) the compile settings and optimizer state, so that `fit` continues
 * exactly where the saved run stood.
 *
 * The source is a file path (under Node), `indexeddb://name` (in a page), an `https://` URL or, in a page, a URL
 * relative to it (both through `fetch`), or the file's bytes. Every source gets the same checks: at most 4 GiB,
 * every offset, size and CRC verified, and nothing in the file is ever run as code.
 * @throws {ModelFileError} naming the file (path, URL, or `Uint8Array(N)`) and the entry for anything wrong with it.
 * @throws {ValueError} for a scheme no store handles.
 * @example
 * ```ts
 * const model = await loadModel('model.dendrite'); // or 'indexeddb://digits', '/models/digits.dendrite', bytes
 * await model.fit(x, y, { epochs: 10, initialEpoch: 5 });
 * ```
 */
export async function loadModel(source: ModelSource, options: LoadOptions = {}): Promise<Model> {
  const { compile = true, ...rest } = options ?? {};
  if (Object.keys(rest).length > 0 || typeof compile !== 'boolean') {
    throw new ValueError(
      `loadModel: expected options { compile?: boolean }. Received: ${describe(Object.keys(rest)[0] ?? compile)}`,
    );
  }
  const { file, entries, manifest, fail } = await openModelFile(source, 'loadModel');
  if (!entries.has(ENTRIES.config)) {
    fail(
      ENTRIES.config,
      'the entry is missing: this file holds weights only (model.saveWeights); load it with model.loadWeights',
    );
  }
  const configFail = (jsonPath: string, detail: string): never => fail(ENTRIES.config, `${jsonPath}: ${detail}`);
  const model = modelFromKeras(
    parseEntry(file, entries, ENTRIES.config),
    { compile, availableElements: elementCount(manifest.weights) },
    configFail,
  );
  try {
    const manifestFail = (detail: string): never => fail(ENTRIES.manifest, detail);
    const variables = model.weights;
    checkAgainst(manifest.weights, variables, 'weights', true, manifestFail);
    checkRandomState(model, manifest.randomState, manifestFail);
    const optimizer = model.compiledState?.optimizer;
    const saved = optimizer ? manifest.optimizerWeights : undefined;
    if (optimizer && saved && saved.length > 1) optimizer.build(model.trainableWeights);
    let current: Tensor[] = [];
    if (optimizer && saved) {
      current = optimizer.getWeights();
      try {
        checkAgainst(
          saved,
          current.map((t, i) => ({ name: saved[i]?.name ?? `optimizer/vars/${i}`, shape: t.shape, dtype: t.dtype })),
          'optimizerWeights',
          false,
          manifestFail,
        );
      } finally {
        for (const t of current) t.dispose();
      }
    }

    const bin = entries.get(ENTRIES.weights) as Uint8Array;
    manifest.weights.forEach((e, i) => {
      const t = decodeTensor(bin, e, manifestFail);
      try {
        (variables[i] as Variable).assign(t);
      } finally {
        t.dispose();
      }
    });
    if (optimizer && saved) withDecoded(bin, saved, manifestFail, (values) => optimizer.setWeights(values));
    restoreRandomState(model, manifest.randomState);
    return model;
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/** `model.loadWeights()`: weights matched by position (Keras order), shapes and dtypes checked first. */
export async function loadWeights(model: Model, path: string): Promise<void> {
  const { entries, manifest, fail } = await openModelFile(path, 'Model.loadWeights');
  const manifestFail = (detail: string): never =>
    fail(ENTRIES.manifest, model.built ? detail : `${detail} (model "${model.name}" is not built yet)`);
  const variables = model.weights;
  checkAgainst(manifest.weights, variables, `weights for model "${model.name}"`, false, manifestFail);
  checkRandomState(model, manifest.randomState, manifestFail);
  const bin = entries.get(ENTRIES.weights) as Uint8Array;
  // Decoded and checked before any variable changes, so a damaged value leaves the model as it was.
  withDecoded(bin, manifest.weights, manifestFail, (values) => {
    values.forEach((t, i) => {
      (variables[i] as Variable).assign(t);
    });
  });
  restoreRandomState(model, manifest.randomState);
}

/**
 * Rebuilds a model from {@link modelToJSON}'s output (or Keras-dialect JSON), uncompiled, as Keras's
 * `model_from_json`; built when the JSON has a `build_config`. Weights are freshly initialized.
 * @throws {ModelFileError} for malformed JSON or anything the registries do not know.
 * @example `const copy = modelFromJSON(modelToJSON(model))`
 */
export function modelFromJSON(json: string): Model {
  const fail = (jsonPath: string, detail: string): never => {
    throw new ModelFileError(null, jsonPath, detail);
  };
  if (typeof json !== 'string') fail('$', `expected a JSON string. Received: ${describe(json)}`);
  return modelFromKeras(parseJson(json, fail), { compile: false }, fail);
}
