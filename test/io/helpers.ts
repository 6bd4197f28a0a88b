import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { buildZip, readZip } from '../../src/io/zip.js';
import { layers, type Model, Sequential, setRandomSeed, type TypedArray, tensor } from '../../src/node.js';

/** A fresh directory under the system's temporary directory, removed when the test file ends. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dendrite-io-'));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The small model the damaged-file tests start from (Dense 4→3, Dropout, Dense 3→2, Adam after one step, so
 * optimizer state is saved too), saved to `dir/good.dendrite`.
 */
export async function savedSmallModel(dir: string, seed: number): Promise<{ model: Sequential; good: string }> {
  setRandomSeed(seed);
  const model = new Sequential({
    layers: [new layers.Dense(3, { inputDim: 4 }), new layers.Dropout(0.5), new layers.Dense(2)],
  });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  model.trainOnBatch(tensor([[1, 2, 3, 4]]), tensor([[1, 0]]));
  const good = join(dir, 'good.dendrite');
  await model.save(good);
  return { model, good };
}

/** Copies of every weight's values, in Keras order. */
export function valuesOf(model: Model): TypedArray[] {
  return model.weights.map((v) => v.dataSync());
}

function bytes(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Same dtypes and the same bits (NaN payloads and −0 included). */
export function assertBitwiseEqual(
  actual: readonly TypedArray[],
  expected: readonly TypedArray[],
  what = 'values',
): void {
  assert.equal(actual.length, expected.length, `${what}: count`);
  actual.forEach((a, i) => {
    const e = expected[i] as TypedArray;
    assert.equal(a.constructor, e.constructor, `${what}[${i}]: type`);
    assert.ok(Buffer.compare(bytes(a), bytes(e)) === 0, `${what}[${i}]: bits differ`);
  });
}

/** Reads a model file's entries (CRC-checked). */
export async function entriesOf(path: string): Promise<Map<string, Uint8Array>> {
  const data = new Uint8Array(await readFile(path));
  return readZip(data, (entry, detail) => {
    throw new Error(`${entry}: ${detail}`);
  });
}

/**
 * Rewrites a model file with some entries replaced (and valid CRCs), as a hand-edited file would be.
 * `edit` gets each entry's bytes and returns the new bytes, or null to drop the entry.
 */
export async function rewriteEntries(
  path: string,
  edit: (name: string, data: Uint8Array) => Uint8Array | null,
  out = path,
): Promise<void> {
  const entries = await entriesOf(path);
  const kept = [...entries].flatMap(([name, data]) => {
    const next = edit(name, data);
    return next === null ? [] : [{ name, chunks: [next] }];
  });
  const chunks = buildZip(kept, new Date(0));
  await writeFile(out, Buffer.concat(chunks));
}

/** Edits parsed JSON in place or returns a replacement; the tests reach into it freely. */
// biome-ignore lint/suspicious/noExplicitAny: a hand edit of arbitrary JSON, as a user with a text editor would make
export type JsonEdit = (json: any) => unknown;

/** Rewrites one JSON entry through `edit`. */
export async function editJsonEntry(path: string, entry: string, edit: JsonEdit, out = path): Promise<void> {
  await rewriteEntries(
    path,
    (name, data) =>
      name === entry
        ? new TextEncoder().encode(JSON.stringify(edit(JSON.parse(new TextDecoder().decode(data)))))
        : data,
    out,
  );
}
