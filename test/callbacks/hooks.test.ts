import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Callback, LambdaCallback, type Logs, tensor } from '../../src/index.js';
import { linearProblem } from './helpers.js';

type Call = [hook: string, index: number | null, keys: string[]];

/** Hooks that record (hook, index, sorted log keys) for every call. */
function recorder(calls: Call[]) {
  const keys = (logs?: Logs) => Object.keys(logs ?? {}).sort();
  return {
    onTrainBegin: (logs?: Logs) => void calls.push(['trainBegin', null, keys(logs)]),
    onTrainEnd: (logs?: Logs) => void calls.push(['trainEnd', null, keys(logs)]),
    onEpochBegin: (epoch: number, logs?: Logs) => void calls.push(['epochBegin', epoch, keys(logs)]),
    onEpochEnd: (epoch: number, logs?: Logs) => void calls.push(['epochEnd', epoch, keys(logs)]),
    onBatchBegin: (batch: number, logs?: Logs) => void calls.push(['batchBegin', batch, keys(logs)]),
    onBatchEnd: (batch: number, logs?: Logs) => void calls.push(['batchEnd', batch, keys(logs)]),
  };
}

describe('callback hooks in fit', () => {
  const epochEndKeys = ['loss', 'regularization_loss', 'val_loss', 'val_regularization_loss'];
  const expected: Call[] = [
    ['trainBegin', null, []],
    ['epochBegin', 0, []],
    ['batchBegin', 0, ['batch', 'size']],
    ['batchEnd', 0, ['loss', 'regularization_loss']],
    ['batchBegin', 1, ['batch', 'size']],
    ['batchEnd', 1, ['loss', 'regularization_loss']],
    ['epochEnd', 0, epochEndKeys],
    ['epochBegin', 1, []],
    ['batchBegin', 0, ['batch', 'size']],
    ['batchEnd', 0, ['loss', 'regularization_loss']],
    ['batchBegin', 1, ['batch', 'size']],
    ['batchEnd', 1, ['loss', 'regularization_loss']],
    ['epochEnd', 1, epochEndKeys],
    ['trainEnd', null, epochEndKeys],
  ];
  const fitTwoEpochs = async (callback: object) => {
    const { model, x, y } = linearProblem(0.05, 32);
    const validationData = [tensor([[0, 1]]), tensor([[1]])] as const;
    await model.fit(x, y, { epochs: 2, batchSize: 16, validationData, verbose: 0, callbacks: [callback] });
  };

  test('a plain object receives every hook with its logs', async () => {
    const calls: Call[] = [];
    await fitTwoEpochs(recorder(calls));
    assert.deepEqual(calls, expected);
  });

  test('a LambdaCallback receives every hook with its logs', async () => {
    const calls: Call[] = [];
    await fitTwoEpochs(new LambdaCallback(recorder(calls)));
    assert.deepEqual(calls, expected);
  });

  test('async hooks are awaited before training goes on', async () => {
    const order: string[] = [];
    await fitTwoEpochs({
      onEpochEnd: async (epoch: number) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(`end ${epoch}`);
      },
      onEpochBegin: (epoch: number) => void order.push(`begin ${epoch}`),
    });
    assert.deepEqual(order, ['begin 0', 'end 0', 'begin 1', 'end 1']);
  });

  test('stopTraining from onBatchEnd ends training after the current batch', async () => {
    const { model, x, y } = linearProblem(0.05, 64);
    let batches = 0;
    const history = await model.fit(x, y, {
      epochs: 5,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        {
          onBatchEnd: (batch: number) => {
            batches++;
            if (batch === 2) model.stopTraining = true;
          },
        },
      ],
    });
    assert.equal(batches, 3);
    assert.equal(history.epoch.length, 1);
  });

  test('stopTraining from a Callback subclass at an epoch end ends training after that epoch', async () => {
    class StopAfter extends Callback {
      override onEpochEnd(epoch: number): void {
        if (epoch === 1 && this.model) this.model.stopTraining = true;
      }
    }
    const { model, x, y } = linearProblem(0.05);
    const history = await model.fit(x, y, { epochs: 10, verbose: 0, callbacks: [new StopAfter()] });
    assert.deepEqual(history.epoch, [0, 1]);
    assert.equal(model.stopTraining, true);
  });
});
