import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const child = join(dirname(fileURLToPath(import.meta.url)), 'kill-resume-child.js');

/** Runs the child in `mode`; with `killOn`, SIGKILLs it when it reports that message. */
function run(mode: string, dir: string, killOn?: string): Promise<'done' | 'killed'> {
  return new Promise((resolve, reject) => {
    const proc = fork(child, [mode, dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    proc.on('message', (m) => {
      if (m === killOn) proc.kill('SIGKILL');
    });
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('done');
      else reject(new Error(`child ${mode} exited with ${code ?? signal}`));
    });
  });
}

test('fit with ModelCheckpoint, SIGKILLed mid-epoch and resumed with initialEpoch, ends with the uninterrupted weights', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dendrite-resume-'));
  try {
    assert.equal(await run('full', dir), 'done');
    assert.equal(await run('interrupted', dir, 'mid-epoch'), 'killed');
    assert.equal(await run('resume', dir), 'done');
    const full = JSON.parse(readFileSync(join(dir, 'weights-full.json'), 'utf8')) as number[][];
    const resumed = JSON.parse(readFileSync(join(dir, 'weights-resume.json'), 'utf8')) as number[][];
    assert.equal(resumed.length, full.length);
    // Bitwise: same backend, same seeds, same optimizer state, same dropout streams, same shuffles.
    assert.deepEqual(resumed, full);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loading a file that does not exist names the path in a ModelFileError', async () => {
  const { loadModel, ModelFileError } = await import('../../src/node.js');
  const path = join(tmpdir(), 'dendrite-no-such-model.dendrite');
  await assert.rejects(
    loadModel(path),
    (e: unknown) =>
      e instanceof ModelFileError && e.message === `Invalid model file "${path}", ZIP archive: no such file`,
  );
});

test('model.toJSON() is modelToJSON(model), and modelFromJSON rebuilds the same architecture', async () => {
  const { Sequential, layers, modelFromJSON, modelToJSON, regularizers } = await import('../../src/node.js');
  const model = new Sequential({
    layers: [new layers.Dense(3, { inputDim: 4, kernelRegularizer: regularizers.l2(0.01) }), new layers.Dropout(0.2)],
  });
  const json = model.toJSON();
  assert.equal(json, modelToJSON(model));
  assert.match(json, /"class_name":"Dense"/);
  assert.match(json, /"kernel_regularizer":\{"module":"keras.regularizers","class_name":"L2"/);
  const back = modelFromJSON(json);
  assert.equal(back.toJSON().replace(/"name":"[^"]*"/g, ''), json.replace(/"name":"[^"]*"/g, ''));
  model.dispose();
  back.dispose();
});
