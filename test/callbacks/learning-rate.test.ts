import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LambdaCallback, StateError, ValueError } from '../../src/index.js';
import { LearningRateScheduler, type Logs, ReduceLROnPlateau } from '../../src/training/callbacks/index.js';
import { FakeModel, linearProblem } from './helpers.js';

/** The learning rate after each epoch's end, one epoch per value. */
async function trajectory(callback: ReduceLROnPlateau, series: readonly number[], model = new FakeModel()) {
  callback.setModel(model);
  await callback.onTrainBegin({});
  const rates: number[] = [];
  for (const [epoch, value] of series.entries()) {
    await callback.onEpochEnd(epoch, { val_loss: value });
    rates.push(model.optimizer?.learningRate as number);
  }
  return rates;
}

describe('ReduceLROnPlateau', () => {
  const flat = Array(10).fill(1);

  test('reduces after `patience` epochs without improvement, down to minLr and no further', async () => {
    const reduce = new ReduceLROnPlateau({ factor: 0.5, patience: 2, minLr: 0.2 });
    assert.deepEqual(await trajectory(reduce, flat), [1, 1, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2]);
  });

  test('cooldown: epochs after a reduction are not counted', async () => {
    // Keras decrements the cooldown before counting, so cooldown 1 changes nothing and 2 delays by one epoch.
    const one = new ReduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1 });
    assert.deepEqual(await trajectory(one, flat), [1, 1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625]);
    const two = new ReduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 2 });
    assert.deepEqual(await trajectory(two, flat), [1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125]);
  });

  test('an improvement larger than minDelta resets the wait', async () => {
    const reduce = new ReduceLROnPlateau({ factor: 0.1, patience: 2 });
    // 0.99995 and 0.99994 are within the default minDelta 1e-4 of 1: a plateau.
    assert.deepEqual(await trajectory(reduce, [1, 0.99995, 0.99994, 0.5]), [1, 1, 0.1, 0.1]);
    const strict = new ReduceLROnPlateau({ factor: 0.1, patience: 2, minDelta: 0 });
    assert.deepEqual(await trajectory(strict, [1, 0.99995, 0.99994, 0.5]), [1, 1, 1, 1]);
  });

  test('mode max (auto for accuracies)', async () => {
    const model = new FakeModel();
    const reduce = new ReduceLROnPlateau({ monitor: 'val_accuracy', factor: 0.5, patience: 1 });
    reduce.setModel(model);
    reduce.onTrainBegin();
    const rates: number[] = [];
    for (const [epoch, acc] of [0.5, 0.6, 0.7, 0.65].entries()) {
      reduce.onEpochEnd(epoch, { val_accuracy: acc });
      rates.push(model.optimizer?.learningRate as number);
    }
    assert.deepEqual(rates, [1, 1, 1, 0.5]);
  });

  test('adds learning_rate to the logs, and prints Keras messages', async (t) => {
    const log = t.mock.method(console, 'log', () => {});
    const model = new FakeModel();
    model.optimizer = { learningRate: 0.01 };
    const reduce = new ReduceLROnPlateau({ patience: 0, verbose: 1 });
    reduce.setModel(model);
    reduce.onTrainBegin();
    const logs: Logs = { val_loss: 1 };
    reduce.onEpochEnd(0, logs);
    assert.deepEqual(logs, { val_loss: 1, learning_rate: 0.01 });
    reduce.onEpochEnd(1, { val_loss: 1 });
    assert.deepEqual(
      log.mock.calls.map((c) => c.arguments[0]),
      ['Epoch 2: ReduceLROnPlateau reducing learning rate to 0.001.'],
    );
  });

  test('a missing monitor warns and leaves the rate alone', async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    const model = new FakeModel();
    const reduce = new ReduceLROnPlateau({ monitor: 'val_auc', patience: 0 });
    reduce.setModel(model);
    for (let epoch = 0; epoch < 3; epoch++) reduce.onEpochEnd(epoch, { loss: 1 });
    assert.equal(model.optimizer?.learningRate, 1);
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0]?.arguments[0]), /`val_auc` which is not available.*loss,learning_rate/);
  });

  test('rejects factor >= 1 as Keras does, and other bad options', () => {
    assert.throws(() => new ReduceLROnPlateau({ factor: 1 }), /does not support a factor >= 1.0.*Received: factor=1/);
    assert.throws(() => new ReduceLROnPlateau({ factor: -0.5 }), ValueError);
    assert.throws(() => new ReduceLROnPlateau({ minLr: -1 }), ValueError);
    assert.throws(() => new ReduceLROnPlateau({ min_lr: 0.1 } as never), /unknown option `min_lr`/);
  });

  test('needs a model with an optimizer', () => {
    const model = new FakeModel();
    model.optimizer = undefined;
    const reduce = new ReduceLROnPlateau();
    reduce.setModel(model);
    assert.throws(() => reduce.onEpochEnd(0, { val_loss: 1 }), StateError);
  });

  test('lowers the real optimizer rate in fit', async () => {
    const { model, x, y } = linearProblem(0.08);
    // A callback ahead of it reports a flat score, so the plateau is certain.
    const flatScore = new LambdaCallback({
      onEpochEnd: (_epoch, logs) => {
        if (logs) logs.score = 1;
      },
    });
    const reduce = new ReduceLROnPlateau({ monitor: 'score', factor: 0.5, patience: 1 });
    await model.fit(x, y, { epochs: 4, verbose: 0, callbacks: [flatScore, reduce] });
    // Epoch 0 sets the best; epochs 1, 2, 3 each halve the rate.
    assert.equal(model.optimizer?.learningRate, 0.01);
  });
});

describe('LearningRateScheduler', () => {
  test('sets optimizer.learningRate at the start of each epoch from (epoch, current rate)', async () => {
    const { model, x, y } = linearProblem(0.1);
    const calls: [number, number][] = [];
    const used: number[] = [];
    const scheduler = new LearningRateScheduler((epoch, lr) => {
      calls.push([epoch, lr]);
      return epoch === 0 ? lr : lr / 2;
    });
    const spy = new LambdaCallback({ onBatchBegin: () => void used.push(model.optimizer?.learningRate as number) });
    const history = await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, callbacks: [scheduler, spy] });
    assert.deepEqual(calls, [
      [0, 0.1],
      [1, 0.1],
      [2, 0.05],
    ]);
    assert.deepEqual(used, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
    assert.equal(model.optimizer?.learningRate, 0.025);
    assert.equal(history.epoch.length, 3);
  });

  test('adds learning_rate to the logs and prints Keras messages', (t) => {
    const log = t.mock.method(console, 'log', () => {});
    const model = new FakeModel();
    const scheduler = new LearningRateScheduler((epoch) => [1e-3, 1e-4, 1e-5][epoch] as number, { verbose: 1 });
    scheduler.setModel(model);
    scheduler.onEpochBegin(2);
    const logs: Logs = { loss: 1 };
    scheduler.onEpochEnd(2, logs);
    assert.equal(logs.learning_rate, 1e-5);
    assert.deepEqual(
      log.mock.calls.map((c) => c.arguments[0]),
      ['Epoch 3: LearningRateScheduler setting learning rate to 1e-05.'],
    );
  });

  test('rejects a schedule that is not a function or returns a non-number', () => {
    assert.throws(() => new LearningRateScheduler(0.1 as never), /`schedule` must be a function/);
    const scheduler = new LearningRateScheduler(() => Number.NaN);
    scheduler.setModel(new FakeModel());
    assert.throws(() => scheduler.onEpochBegin(0), /should be a finite number >= 0. Got: NaN at epoch 0/);
    const stringy = new LearningRateScheduler(() => '0.1' as never);
    stringy.setModel(new FakeModel());
    assert.throws(() => stringy.onEpochBegin(0), ValueError);
  });
});
