import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/io/index.js';
import { tempDir, valuesOf } from './helpers.js';
import { makeModel, weightSet } from './save-loop.js';

const KILLS = 24;
const script = fileURLToPath(new URL('./save-loop.js', import.meta.url));

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return (
    Buffer.compare(
      Buffer.from(a.buffer, a.byteOffset, a.byteLength),
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ) === 0
  );
}

/** Starts the saving child and kills it with SIGKILL `delay` ms after it is ready (its first save begins). */
async function runAndKill(path: string, delay: number): Promise<void> {
  const child = fork(script, [path], {
    env: { ...process.env, DENDRITE_SAVE_LOOP: '1' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the child exited (${code}) before it was ready`)));
  });
  await new Promise((resolve) => setTimeout(resolve, delay));
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
}

test(`a process killed mid-save (${KILLS} times) always leaves a complete file`, async (t) => {
  const dir = await tempDir();
  const path = join(dir, 'model.dendrite');
  const model = makeModel();
  const sets = [0, 1].map((k) => weightSet(model, k));
  await model.save(path); // the initial weights: neither set, and a valid file from the start
  const initial = valuesOf(model) as Float32Array[];
  const seen = [0, 0, 0];
  let temporariesSeen = 0;
  for (let i = 0; i < KILLS; i++) {
    // Mostly within the first saves (each takes tens of milliseconds), sometimes several saves in.
    const delay = Math.floor(Math.random() * (i % 4 === 3 ? 400 : 80));
    await runAndKill(path, delay);
    const temporaries = (await readdir(dir)).filter((n) => n.startsWith('.model.dendrite.tmp-'));
    // A kill leaves at most its own temporary file: the next save removes those of dead processes.
    assert.ok(temporaries.length <= 1, `temporary files accumulate: ${temporaries.join(', ')}`);
    temporariesSeen += temporaries.length;
    const loaded = await loadModel(path);
    const values = valuesOf(loaded) as Float32Array[];
    const match = [initial, ...sets].findIndex((set) => set.every((v, j) => sameBits(values[j] as Float32Array, v)));
    assert.ok(match >= 0, `after kill ${i} (at ${delay} ms) the file holds neither weight set`);
    seen[match] = (seen[match] ?? 0) + 1;
    loaded.dispose();
  }
  // The runs must have been interrupted mid-write sometimes, and must have completed some saves.
  assert.ok(temporariesSeen > 0, 'no kill landed while a temporary file was being written');
  assert.ok((seen[1] ?? 0) + (seen[2] ?? 0) > 0, `no save ever completed: ${seen}`);
  t.diagnostic(
    `files found: initial ${seen[0]}, set A ${seen[1]}, set B ${seen[2]}; temporary files left ${temporariesSeen}`,
  );
  await model.save(path);
  assert.deepEqual(
    (await readdir(dir)).filter((n) => n.includes('.tmp-')),
    [],
    'a save from a live process removes what killed ones left',
  );
});
