/**
 * `weights.json` (the manifest) and `weights.bin` (the raw values): writing them from tensors, and reading them
 * back with every offset, size, shape and dtype checked before a single value is decoded.
 */

import { bytesPerElement, type DType, isDType, type TypedArray } from '../core/dtype.js';
import { describe } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { MAX_ELEMENTS } from './format.js';

/** Where one tensor's values lie in `weights.bin`. */
export interface WeightEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Byte offset in `weights.bin`. */
  readonly offset: number;
  /** = product(shape) × bytes per element (4 for float32/int32, 8 for float64, 1 for bool). */
  readonly byteLength: number;
}

/** The position of every random stream, so a resumed run draws what the uninterrupted one would have. */
export interface RandomState {
  /** `model.shuffleSeed`. */
  readonly shuffleSeed: number;
  /** One entry per layer of the model, in order: its `getRandomState()` (empty for most layers). */
  readonly layers: readonly { readonly name: string; readonly state: readonly (readonly [number, number])[] }[];
}

/** The content of `weights.json`. */
export interface Manifest {
  /** The model's weights in Keras order (layer by layer; kernel before bias). */
  readonly weights: readonly WeightEntry[];
  /** The optimizer's `getWeights()`: the iteration count, then each variable's slots. Absent when not saved. */
  readonly optimizerWeights?: readonly WeightEntry[];
  readonly randomState: RandomState;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the bytes of each `width`-byte element in place (big-endian hosts only). */
function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

/** Lays tensors end to end into `weights.bin` chunks and their manifest entries. */
export class WeightWriter {
  readonly chunks: Uint8Array[] = [];
  private offset = 0;

  /** Appends one tensor's values (little-endian) and returns its manifest entry. */
  add(name: string, tensor: Tensor): WeightEntry {
    const values = tensor.dataSync();
    let bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    if (!LITTLE_ENDIAN && values.BYTES_PER_ELEMENT > 1) {
      bytes = bytes.slice();
      swapBytes(bytes, values.BYTES_PER_ELEMENT);
    }
    const entry: WeightEntry = {
      name,
      shape: tensor.shape.slice(),
      dtype: tensor.dtype,
      offset: this.offset,
      byteLength: bytes.length,
    };
    this.chunks.push(bytes);
    this.offset += bytes.length;
    return entry;
  }
}

/**
 * `weights.json`'s text: one line per weight and per layer's random state, so the manifest reads (and diffs)
 * at a glance; numbers are exact (seeds stay below 2⁵³).
 */
export function formatManifest(manifest: Manifest): string {
  const list = (items: readonly unknown[]) =>
    items.length === 0 ? '[]' : `[\n${items.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`;
  const parts = [`  "weights": ${list(manifest.weights)}`];
  if (manifest.optimizerWeights) parts.push(`  "optimizerWeights": ${list(manifest.optimizerWeights)}`);
  const { shuffleSeed, layers } = manifest.randomState;
  const state = layers.map((l) => `      ${JSON.stringify(l)}`).join(',\n');
  parts.push(
    `  "randomState": {\n    "shuffleSeed": ${JSON.stringify(shuffleSeed)},\n    "layers": ${layers.length === 0 ? '[]' : `[\n${state}\n    ]`}\n  }`,
  );
  return `{\n${parts.join(',\n')}\n}\n`;
}

/** Reports a problem at a path inside `weights.json`; the caller throws its typed error. */
export type ManifestFail = (path: string, detail: string) => never;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string, fail: ManifestFail): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key))
      fail(`${path}${path ? '.' : ''}${key}`, `unexpected key (expected ${allowed.join(', ')})`);
  }
}

function checkEntry(raw: unknown, path: string, fail: ManifestFail): WeightEntry {
  if (!isPlainObject(raw))
    fail(path, `expected { name, shape, dtype, offset, byteLength }. Received: ${describe(raw)}`);
  checkKeys(raw, ['name', 'shape', 'dtype', 'offset', 'byteLength'], path, fail);
  const { name, shape, dtype, offset, byteLength } = raw;
  if (typeof name !== 'string' || name.length === 0) {
    fail(`${path}.name`, `expected a non-empty string. Received: ${describe(name)}`);
  }
  const where = `${path} (${JSON.stringify(name)})`;
  if (!Array.isArray(shape) || shape.length > 32 || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(`${where}.shape`, `expected an array of non-negative integers. Received: ${describe(shape)}`);
  }
  // Multiplied with an early exit, so an absurd shape is reported rather than overflowing.
  let elements = 1;
  for (const d of shape as number[]) {
    elements *= d;
    if (elements > MAX_ELEMENTS) {
      fail(`${where}.shape`, `the shape [${shape.join(',')}] has more than 2^31 elements`);
    }
  }
  if (!isDType(dtype)) {
    fail(`${where}.dtype`, `expected one of float32, float64, int32, bool. Received: ${describe(dtype)}`);
  }
  if (!Number.isSafeInteger(offset) || (offset as number) < 0) {
    fail(`${where}.offset`, `expected a non-negative integer. Received: ${describe(offset)}`);
  }
  const expected = elements * bytesPerElement(dtype);
  if (byteLength !== expected) {
    fail(
      `${where}.byteLength`,
      `shape [${shape.join(',')}] of ${dtype} takes ${expected} bytes. Received: byteLength=${describe(byteLength)}`,
    );
  }
  return { name, shape: shape as number[], dtype, offset: offset as number, byteLength: expected };
}

function checkEntries(raw: unknown, key: string, fail: ManifestFail): WeightEntry[] {
  if (!Array.isArray(raw)) fail(key, `expected an array. Received: ${describe(raw)}`);
  return raw.map((e, i) => checkEntry(e, `${key}[${i}]`, fail));
}

function checkRandomState(raw: unknown, fail: ManifestFail): RandomState {
  if (!isPlainObject(raw)) fail('randomState', `expected { shuffleSeed, layers }. Received: ${describe(raw)}`);
  checkKeys(raw, ['shuffleSeed', 'layers'], 'randomState', fail);
  if (!Number.isSafeInteger(raw.shuffleSeed)) {
    fail('randomState.shuffleSeed', `expected an integer. Received: ${describe(raw.shuffleSeed)}`);
  }
  if (!Array.isArray(raw.layers)) fail('randomState.layers', `expected an array. Received: ${describe(raw.layers)}`);
  const layers = raw.layers.map((layer, i) => {
    const path = `randomState.layers[${i}]`;
    if (!isPlainObject(layer)) fail(path, `expected { name, state }. Received: ${describe(layer)}`);
    checkKeys(layer, ['name', 'state'], path, fail);
    if (typeof layer.name !== 'string') fail(`${path}.name`, `expected a string. Received: ${describe(layer.name)}`);
    const ok =
      Array.isArray(layer.state) &&
      layer.state.every(
        (s) =>
          Array.isArray(s) &&
          s.length === 2 &&
          Number.isSafeInteger(s[0]) &&
          Number.isSafeInteger(s[1]) &&
          (s[1] as number) >= 0,
      );
    if (!ok) {
      fail(`${path}.state`, `expected a list of [seed, counter] integer pairs. Received: ${describe(layer.state)}`);
    }
    return { name: layer.name, state: layer.state as [number, number][] };
  });
  return { shuffleSeed: raw.shuffleSeed as number, layers };
}

/**
 * Checks a parsed `weights.json` against the size of `weights.bin`: every entry well formed, its byte length
 * equal to its shape's, inside the file, no two overlapping, no byte of the file unaccounted for, and names
 * unique. Nothing is allocated from the manifest's numbers before this passes.
 */
export function readManifest(raw: unknown, binLength: number, fail: ManifestFail): Manifest {
  if (!isPlainObject(raw)) fail('', `expected an object { weights, randomState }. Received: ${describe(raw)}`);
  checkKeys(raw, ['weights', 'optimizerWeights', 'randomState'], '', fail);
  const weights = checkEntries(raw.weights, 'weights', fail);
  const optimizerWeights =
    raw.optimizerWeights === undefined ? undefined : checkEntries(raw.optimizerWeights, 'optimizerWeights', fail);
  const randomState = checkRandomState(raw.randomState, fail);

  const all = [...weights, ...(optimizerWeights ?? [])];
  const names = new Set<string>();
  for (const e of all) {
    if (names.has(e.name)) fail(`weight ${JSON.stringify(e.name)}`, 'the name is listed twice');
    names.add(e.name);
    if (e.offset + e.byteLength > binLength) {
      fail(
        `weight ${JSON.stringify(e.name)}`,
        `bytes ${e.offset}–${e.offset + e.byteLength} lie outside weights.bin (${binLength} bytes)`,
      );
    }
  }
  const sorted = all.filter((e) => e.byteLength > 0).sort((a, b) => a.offset - b.offset);
  let covered = 0;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i] as WeightEntry;
    const prev = sorted[i - 1];
    if (prev && e.offset < prev.offset + prev.byteLength) {
      fail(
        `weight ${JSON.stringify(e.name)}`,
        `bytes ${e.offset}–${e.offset + e.byteLength} overlap weight ${JSON.stringify(prev.name)} ` +
          `(bytes ${prev.offset}–${prev.offset + prev.byteLength})`,
      );
    }
    covered += e.byteLength;
  }
  if (covered !== binLength) {
    fail('weights', `the entries account for ${covered} bytes but weights.bin holds ${binLength}`);
  }
  return { weights, ...(optimizerWeights ? { optimizerWeights } : {}), randomState };
}

/** The number of values the entries hold. */
export function elementCount(entries: readonly WeightEntry[]): number {
  return entries.reduce((n, e) => n + e.byteLength / bytesPerElement(e.dtype), 0);
}

/**
 * One entry's values as a fresh typed array (copied out of the archive, so aligned, and byte-swapped on a
 * big-endian host). @returns a message instead when a bool holds something other than 0 or 1.
 */
export function decodeEntry(bin: Uint8Array, entry: WeightEntry): TypedArray | string {
  const bytes = bin.slice(entry.offset, entry.offset + entry.byteLength);
  const width = bytesPerElement(entry.dtype);
  if (!LITTLE_ENDIAN && width > 1) swapBytes(bytes, width);
  switch (entry.dtype) {
    case 'float32':
      return new Float32Array(bytes.buffer);
    case 'float64':
      return new Float64Array(bytes.buffer);
    case 'int32':
      return new Int32Array(bytes.buffer);
    case 'bool': {
      const bad = bytes.findIndex((b) => b > 1);
      return bad >= 0 ? `bool value ${bytes[bad]} at index ${bad} (expected 0 or 1)` : bytes;
    }
  }
}
