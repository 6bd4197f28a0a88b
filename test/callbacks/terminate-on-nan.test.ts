import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LambdaCallback } from '../../src/index.js';
import { TerminateOnNaN } from '../../src/training/callbacks/index.js';
import { FakeModel, linearProblem } from './helpers.js';

describe('TerminateOnNaN', () => {
  test('stops on a NaN or infinite batch loss, not on a finite one', (t) => {
    const log = t.mock.method(console, 'log', () => {});
    for (const [loss, stops] of [
      [Number.NaN, true],
      [Infinity, true],
      [-Infinity, true],
      [1e30, false],
      [0, false],
    ] as const) {
      const model = new FakeModel();
      const callback = new TerminateOnNaN();
      callback.setModel(model);
      callback.onBatchEnd(3, { loss });
      assert.equal(model.stopTraining, stops, String(loss));
    }
    assert.equal(log.mock.callCount(), 3);
    assert.equal(log.mock.calls[0]?.arguments[0], 'Batch 3: Invalid loss, terminating training');
  });

  test('ends a fit driven to NaN within the epoch', async (t) => {
    t.mock.method(console, 'log', () => {});
    // A huge learning rate makes the weights, then the loss, overflow float32 within a few steps.
    const { model, x, y } = linearProblem(1e12, 64);
    const losses: number[] = [];
    const record = new LambdaCallback({ onBatchEnd: (_batch, logs) => void losses.push(logs?.loss as number) });
    const history = await model.fit(x, y, {
      epochs: 3,
      batchSize: 4,
      verbose: 0,
      callbacks: [record, new TerminateOnNaN()],
    });
    assert.equal(history.epoch.length, 1, 'the epoch in progress ends the run');
    assert.ok(losses.length < 16, `stopped after ${losses.length} of 16 batches`);
    assert.ok(!Number.isFinite(losses.at(-1) as number), `last loss ${losses.at(-1)}`);
    assert.ok(losses.slice(0, -1).every(Number.isFinite), 'it stopped at the first non-finite loss');
  });
});
