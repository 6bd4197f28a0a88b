import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { LambdaCallback, Sequential, StateError, ValueError } from '../../src/node.js';
import { type CallbackModel, ModelCheckpoint } from '../../src/training/callbacks/node.js';
import { drive, FakeModel, linearProblem, tempDir, weightValues } from './helpers.js';

const saved = (model: FakeModel) => model.saves.map((s) => s.path);

describe('ModelCheckpoint', () => {
  test('fills {epoch} (1-based) and log keys with Python format specs', () => {
    const checkpoint = new ModelCheckpoint('ckpt/{epoch:02d}-{val_loss:.2f}-{loss:.4e}.keras');
    assert.equal(
      checkpoint.filePathFor(2, null, { loss: 0.0123456, val_loss: 0.41234 }),
      'ckpt/03-0.41-1.2346e-02.keras',
    );
    assert.equal(new ModelCheckpoint('w-{epoch}.bin').filePathFor(0, null, {}), 'w-1.bin');
  });

  test('an unknown placeholder is a ValueError naming it and the available keys', () => {
    const checkpoint = new ModelCheckpoint('ckpt/{epoch}-{val_acc:.2f}.keras');
    assert.throws(
      () => checkpoint.filePathFor(0, null, { loss: 1, val_loss: 2 }),
      (e: Error) =>
        e instanceof ValueError &&
        e.message.startsWith('ModelCheckpoint: Failed to format "ckpt/{epoch}-{val_acc:.2f}.keras"') &&
        e.message.includes('no value named "val_acc". Available keys: epoch, loss, val_loss'),
    );
  });

  test('saves the full model with its optimizer every epoch by default', async () => {
    const model = new FakeModel();
    await drive(new ModelCheckpoint('m-{epoch}.keras'), model, [3, 2, 4]);
    assert.deepEqual(
      model.saves,
      [1, 2, 3].map((e) => ({
        method: 'save',
        path: `m-${e}.keras`,
        options: { includeOptimizer: true, overwrite: true },
      })),
    );
  });

  test('saveBestOnly writes only on improvement (min, max, and an initial threshold)', async () => {
    const min = new FakeModel();
    await drive(new ModelCheckpoint('{epoch}', { saveBestOnly: true }), min, [1, 0.8, 0.9, 0.8, 0.7]);
    assert.deepEqual(saved(min), ['1', '2', '5']);
    const max = new FakeModel();
    await drive(
      new ModelCheckpoint('{epoch}', { saveBestOnly: true, monitor: 'val_accuracy' }),
      max,
      [0.5, 0.4, 0.6],
      'val_accuracy',
    );
    assert.deepEqual(saved(max), ['1', '3']);
    const threshold = new FakeModel();
    const checkpoint = new ModelCheckpoint('{epoch}', { saveBestOnly: true, initialValueThreshold: 0.75 });
    await drive(checkpoint, threshold, [1, 0.8, 0.9, 0.7]);
    assert.deepEqual(saved(threshold), ['4']);
    assert.equal(checkpoint.best, 0.7);
  });

  test('saveWeightsOnly calls saveWeights', async () => {
    const model = new FakeModel();
    await drive(new ModelCheckpoint('w{epoch}.weights', { saveWeightsOnly: true }), model, [1, 2]);
    assert.deepEqual(model.saves, [
      { method: 'saveWeights', path: 'w1.weights' },
      { method: 'saveWeights', path: 'w2.weights' },
    ]);
  });

  test('saveFreq counts batches across epochs and fills {batch}', async () => {
    const model = new FakeModel();
    const checkpoint = new ModelCheckpoint('{epoch}-{batch}', { saveFreq: 2 });
    checkpoint.setModel(model);
    await checkpoint.onTrainBegin({});
    for (let epoch = 0; epoch < 2; epoch++) {
      await checkpoint.onEpochBegin(epoch, {});
      for (let batch = 0; batch < 5; batch++) await checkpoint.onBatchEnd(batch, { loss: 1 });
      await checkpoint.onEpochEnd(epoch, { loss: 1 });
    }
    assert.deepEqual(saved(model), ['1-2', '1-4', '2-1', '2-3', '2-5']);
  });

  test('verbose prints Keras messages', async (t) => {
    const log = t.mock.method(console, 'log', () => {});
    await drive(new ModelCheckpoint('b.keras', { saveBestOnly: true, verbose: 1 }), new FakeModel(), [0.5, 0.6]);
    assert.deepEqual(
      log.mock.calls.map((c) => c.arguments[0]),
      [
        'Epoch 1: val_loss improved from inf to 0.50000, saving model to b.keras',
        'Epoch 1: finished saving model to b.keras',
        'Epoch 2: val_loss did not improve from 0.50000',
      ],
    );
  });

  test('saveBestOnly with a missing monitor warns and saves anyway, as Keras', async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    const model = new FakeModel();
    await drive(new ModelCheckpoint('{epoch}', { saveBestOnly: true }), model, [1, 2], 'loss');
    assert.deepEqual(saved(model), ['1', '2']);
    assert.deepEqual(
      warn.mock.calls.map((c) => c.arguments[0]),
      ['Can save best model only with val_loss available.'],
    );
  });

  test('creates the folder of the checkpoint', async () => {
    const dir = tempDir();
    const model = new FakeModel();
    model.save = async (p: string) => fs.writeFileSync(p, 'model');
    const file = path.join(dir, 'a', 'b', 'ckpt-{epoch}.keras');
    await drive(new ModelCheckpoint(file), model, [1]);
    assert.equal(fs.readFileSync(path.join(dir, 'a', 'b', 'ckpt-1.keras'), 'utf8'), 'model');
  });

  test('a model without save is a StateError', async () => {
    const model: CallbackModel = { stopTraining: false, getWeights: () => [], setWeights: () => {} };
    const checkpoint = new ModelCheckpoint('x.keras');
    checkpoint.setModel(model);
    await assert.rejects(checkpoint.onEpochEnd(0, { val_loss: 1 }), StateError);
  });

  test('rejects bad options', () => {
    assert.throws(() => new ModelCheckpoint(''), ValueError);
    assert.throws(() => new ModelCheckpoint('x', { saveFreq: 0 }), /`saveFreq` of ModelCheckpoint/);
    assert.throws(() => new ModelCheckpoint('x', { saveFreq: 'batch' as never }), ValueError);
    assert.throws(() => new ModelCheckpoint('x', { save_best_only: true } as never), /unknown option `save_best_only`/);
  });
});

/**
 * Why the real-file tests cannot run yet, or false: they need Model.save / saveWeights and the model-file code
 * that `src/io` registers. Any other failure of the probe is left for the tests to report.
 */
async function saveUnavailable(): Promise<string | false> {
  if (typeof (Sequential.prototype as Partial<CallbackModel>).save !== 'function')
    return 'Model.save does not exist yet';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dendrite-probe-'));
  try {
    await linearProblem().model.save(path.join(dir, 'probe.dendrite'));
    return false;
  } catch (e) {
    return e instanceof StateError && /no model file support/.test(e.message) ? e.message : false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const skip = await saveUnavailable();

describe('ModelCheckpoint with real files', { skip }, () => {
  test('one full-model checkpoint per epoch, named by epoch', async () => {
    const dir = tempDir();
    const { model, x, y } = linearProblem(0.05);
    await model.fit(x, y, {
      epochs: 3,
      verbose: 0,
      callbacks: [new ModelCheckpoint(path.join(dir, 'ckpt-{epoch:02d}-{loss:.3f}.dendrite'), { monitor: 'loss' })],
    });
    const names = fs.readdirSync(dir).sort();
    assert.equal(names.length, 3, names.join(' '));
    assert.deepEqual(
      names.map((n) => n.slice(0, 7)),
      ['ckpt-01', 'ckpt-02', 'ckpt-03'],
    );
  });

  test('saveBestOnly on a real run writes only improving epochs', async () => {
    const dir = tempDir();
    const { model, x, y } = linearProblem(0.05);
    const history = await model.fit(x, y, {
      epochs: 4,
      verbose: 0,
      callbacks: [
        new ModelCheckpoint(path.join(dir, 'best-{epoch}.dendrite'), { monitor: 'loss', saveBestOnly: true }),
      ],
    });
    const losses = history.history.loss as number[];
    const expected = losses.flatMap((l, i) =>
      losses.slice(0, i).every((b) => l < b) ? [`best-${i + 1}.dendrite`] : [],
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), expected.sort());
  });

  test('saveWeightsOnly writes the weights each epoch ended with', async () => {
    const dir = tempDir();
    const { model, x, y } = linearProblem(0.05);
    const seen: number[][] = [];
    const record = new LambdaCallback({ onEpochEnd: () => void seen.push(weightValues(model)) });
    const file = path.join(dir, 'w-{epoch}.weights.dendrite');
    await model.fit(x, y, {
      epochs: 2,
      verbose: 0,
      callbacks: [record, new ModelCheckpoint(file, { saveWeightsOnly: true })],
    });
    assert.deepEqual(fs.readdirSync(dir).sort(), ['w-1.weights.dendrite', 'w-2.weights.dendrite']);
    const fresh = linearProblem(0.05).model;
    await fresh.loadWeights(path.join(dir, 'w-1.weights.dendrite'));
    assert.notDeepEqual(seen[0], seen[1]);
    assert.deepEqual(weightValues(fresh), seen[0]);
  });
});
