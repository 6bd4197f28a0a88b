import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LambdaCallback, memory, ValueError } from '../../src/index.js';
import { EarlyStopping } from '../../src/training/callbacks/index.js';
import { monitorDirection } from '../../src/training/callbacks/monitor.js';
import { drive, FakeModel, linearProblem, weightValues } from './helpers.js';

describe('EarlyStopping on crafted sequences', () => {
  test('patience: stops after `patience` epochs in a row without improvement', async () => {
    const model = new FakeModel();
    const stop = new EarlyStopping({ patience: 2 });
    const run = await drive(stop, model, [1.0, 0.9, 0.95, 0.92, 0.91, 0.5]);
    assert.equal(run, 4);
    assert.equal(stop.stoppedEpoch, 3);
    assert.equal(stop.bestEpoch, 1);
    assert.equal(stop.best, 0.9);
  });

  test('patience 0 stops at the first epoch that does not improve', async () => {
    const stop = new EarlyStopping();
    assert.equal(await drive(stop, new FakeModel(), [1, 0.9, 0.95, 0.8]), 3);
    assert.equal(stop.stoppedEpoch, 2);
  });

  test('an improvement resets the wait', async () => {
    const stop = new EarlyStopping({ patience: 2 });
    // 1.05 waits 1, 0.8 improves (wait 0), then 0.85 and 0.9 wait 1 and 2.
    assert.equal(await drive(stop, new FakeModel(), [1, 1.05, 0.8, 0.85, 0.9, 0.1]), 5);
    assert.equal(stop.stoppedEpoch, 4);
  });

  test('minDelta: a smaller change is no improvement; its sign is ignored', async () => {
    const series = [1.0, 0.95, 0.85, 0.8];
    assert.equal(await drive(new EarlyStopping({ patience: 1 }), new FakeModel(), series), 4);
    for (const minDelta of [0.1, -0.1]) {
      const stop = new EarlyStopping({ patience: 1, minDelta });
      assert.equal(await drive(stop, new FakeModel(), series), 2, `minDelta ${minDelta}`);
      assert.equal(stop.stoppedEpoch, 1);
    }
  });

  test('mode max, and min on the same rising values', async () => {
    const series = [0.5, 0.6, 0.55, 0.58];
    const max = new EarlyStopping({ monitor: 'val_score', mode: 'max', patience: 1 });
    assert.equal(await drive(max, new FakeModel(), series, 'val_score'), 3);
    assert.equal(max.bestEpoch, 1);
    const min = new EarlyStopping({ monitor: 'val_score', mode: 'min', patience: 1 });
    assert.equal(await drive(min, new FakeModel(), series, 'val_score'), 2);
  });

  test('mode auto maximizes accuracies, AUC, precision and recall, minimizes the rest', async () => {
    for (const name of ['accuracy', 'val_accuracy', 'acc', 'val_binary_accuracy', 'auc', 'val_precision', 'recall']) {
      assert.equal(monitorDirection(name, 'auto'), 'max', name);
    }
    for (const name of ['loss', 'val_loss', 'mse', 'val_mean_absolute_error', 'regularization_loss', 'custom']) {
      assert.equal(monitorDirection(name, 'auto'), 'min', name);
    }
    assert.equal(monitorDirection('val_accuracy', 'min'), 'min');
    // Through the callback: rising accuracy keeps training going.
    const stop = new EarlyStopping({ monitor: 'val_accuracy', patience: 0 });
    assert.equal(await drive(stop, new FakeModel(), [0.5, 0.6, 0.7, 0.65], 'val_accuracy'), 4);
    assert.equal(stop.stoppedEpoch, 3);
  });

  test('baseline: an epoch that does not beat it does not reset the wait', async () => {
    const series = [0.6, 0.7, 0.8];
    assert.equal(await drive(new EarlyStopping({ patience: 3 }), new FakeModel(), series), 3);
    const stop = new EarlyStopping({ patience: 3, baseline: 0.5 });
    assert.equal(await drive(stop, new FakeModel(), series), 3);
    assert.equal(stop.stoppedEpoch, 2);
    // Beating the baseline resets the wait as usual.
    const beaten = new EarlyStopping({ patience: 3, baseline: 0.5 });
    assert.equal(await drive(beaten, new FakeModel(), [0.4, 0.45, 0.46, 0.47, 0.48]), 4);
    assert.equal(beaten.stoppedEpoch, 3);
  });

  test('baseline: improving on the best (but not the baseline) never stops, as in Keras 3', async () => {
    // Keras checks the patience only on epochs that do not improve on the best.
    const stop = new EarlyStopping({ patience: 1, baseline: 0.5 });
    assert.equal(await drive(stop, new FakeModel(), [0.6, 0.55, 0.52, 0.51, 0.505]), 5);
    assert.equal(stop.stoppedEpoch, 0);
  });

  test('startFromEpoch: epochs before it are ignored', async () => {
    const series = [1, 2, 3, 2.5, 4];
    assert.equal(await drive(new EarlyStopping(), new FakeModel(), series), 2);
    const stop = new EarlyStopping({ startFromEpoch: 2 });
    assert.equal(await drive(stop, new FakeModel(), series), 5);
    assert.equal(stop.stoppedEpoch, 4);
    assert.equal(stop.bestEpoch, 3);
  });

  test('restoreBestWeights after an early stop', async () => {
    const model = new FakeModel();
    await drive(new EarlyStopping({ patience: 2, restoreBestWeights: true }), model, [1.0, 0.9, 0.95, 0.92, 0.91]);
    assert.equal(model.weight, 1);
  });

  test('restoreBestWeights also when training was not stopped early (Keras 3)', async () => {
    const model = new FakeModel();
    const stop = new EarlyStopping({ patience: 10, restoreBestWeights: true });
    assert.equal(await drive(stop, model, [3, 1, 2]), 3);
    assert.equal(stop.stoppedEpoch, 0);
    assert.equal(model.weight, 1);
    // Without the option the last weights stay.
    const plain = new FakeModel();
    await drive(new EarlyStopping({ patience: 10 }), plain, [3, 1, 2]);
    assert.equal(plain.weight, 2);
  });

  test('restoreBestWeights: the first watched epoch is the best when nothing improves on it', async () => {
    const model = new FakeModel();
    await drive(new EarlyStopping({ patience: 5, restoreBestWeights: true, startFromEpoch: 1 }), model, [0, NaN, NaN]);
    assert.equal(model.weight, 1);
  });

  test('restoreBestWeights keeps no tensors after training', async () => {
    const before = memory().numTensors;
    await drive(new EarlyStopping({ patience: 2, restoreBestWeights: true }), new FakeModel(), [5, 4, 3, 2, 3, 4, 5]);
    assert.equal(memory().numTensors, before);
  });

  test('verbose prints Keras messages', async (t) => {
    const log = t.mock.method(console, 'log', () => {});
    await drive(
      new EarlyStopping({ patience: 2, verbose: 1, restoreBestWeights: true }),
      new FakeModel(),
      [1, 0.9, 1, 1],
    );
    assert.deepEqual(
      log.mock.calls.map((c) => c.arguments[0]),
      ['Epoch 4: early stopping', 'Restoring model weights from the end of the best epoch: 2.'],
    );
  });

  test('a missing monitor warns once, naming the available keys, and does not stop training', async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    const stop = new EarlyStopping({ monitor: 'val_acc' });
    assert.equal(await drive(stop, new FakeModel(), [1, 2, 3], 'loss', () => ({ accuracy: 0.5 })), 3);
    assert.deepEqual(
      warn.mock.calls.map((c) => c.arguments[0]),
      ['Early stopping conditioned on metric `val_acc` which is not available. Available metrics are: loss,accuracy'],
    );
  });

  test('a second fit starts afresh', async () => {
    const stop = new EarlyStopping({ patience: 1 });
    await drive(stop, new FakeModel(), [0.1, 0.2, 0.3]);
    assert.equal(stop.stoppedEpoch, 1);
    // Had `best` stayed 0.1, the first epoch would not improve and the run would stop at epoch 1.
    assert.equal(await drive(stop, new FakeModel(), [1, 0.9, 0.8]), 3);
    assert.equal(stop.stoppedEpoch, 0);
  });

  test('rejects bad options', () => {
    assert.throws(
      () => new EarlyStopping({ restore_best_weights: true } as never),
      /unknown option `restore_best_weights`/,
    );
    assert.throws(() => new EarlyStopping({ mode: 'maximum' as never }), ValueError);
    assert.throws(() => new EarlyStopping({ patience: -1 }), /`patience` of EarlyStopping/);
    assert.throws(() => new EarlyStopping({ patience: 1.5 }), ValueError);
  });
});

describe('EarlyStopping in fit', () => {
  test('stops at the expected epoch when the loss stops falling', async () => {
    const { model, x, y } = linearProblem(0);
    const stop = new EarlyStopping({ monitor: 'loss', patience: 2 });
    const history = await model.fit(x, y, {
      epochs: 20,
      batchSize: 32,
      shuffle: false,
      verbose: 0,
      callbacks: [stop],
    });
    // Epoch 0 improves on +inf; epochs 1 and 2 repeat its loss (the learning rate is 0).
    assert.equal(history.epoch.length, 3);
    assert.equal(stop.stoppedEpoch, 2);
  });

  test('restores the weights of the best epoch of a real model', async () => {
    const { model, x, y } = linearProblem(0.05);
    const scores = [0.9, 0.4, 0.6, 0.7, 0.8, 0.5];
    const seen: number[][] = [];
    // A callback ahead of EarlyStopping crafts the monitored value and records each epoch's weights.
    const craft = new LambdaCallback({
      onEpochEnd: (epoch, logs) => {
        if (logs) logs.score = scores[epoch] as number;
        seen.push(weightValues(model));
      },
    });
    const stop = new EarlyStopping({ monitor: 'score', patience: 3, restoreBestWeights: true });
    const history = await model.fit(x, y, { epochs: 10, verbose: 0, callbacks: [craft, stop] });
    assert.equal(history.epoch.length, 5);
    assert.equal(stop.bestEpoch, 1);
    assert.notDeepEqual(seen[4], seen[1]);
    assert.deepEqual(weightValues(model), seen[1]);
  });
});
