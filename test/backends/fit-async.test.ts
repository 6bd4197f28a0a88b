// `fit` on a backend that reads only asynchronously (no readSync): no step reads anything, and the logs are
// settled with data() at the end of each epoch and before a batch callback.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layers, regularizers, Sequential, setBackend, setRandomSeed, tensor } from '../../src/index.js';
import { PRIMITIVE, PRIMITIVE_ASYNC } from './primitive-backend.js';

async function train(backend: string): Promise<{ history: Record<string, number[]>; batches: number[] }> {
  setBackend(backend);
  setRandomSeed(11);
  const model = new Sequential({
    layers: [
      new layers.Dense(8, { inputDim: 3, activation: 'relu', kernelRegularizer: regularizers.l2(0.01) }),
      new layers.Dropout(0.3),
      new layers.Dense(1),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
  const x = tensor(Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i), (i % 5) / 5]));
  const y = tensor(Array.from({ length: 40 }, (_, i) => [Math.sin(i) * 2 - (i % 5) / 5]));
  const batches: number[] = [];
  const h = await model.fit(x, y, {
    epochs: 3,
    batchSize: 8,
    validationSplit: 0.25,
    verbose: 0,
    callbacks: [{ onBatchEnd: (_b, logs) => void batches.push(logs?.loss ?? Number.NaN) }],
  });
  x.dispose();
  y.dispose();
  model.dispose();
  setBackend('ts');
  return { history: h.history, batches };
}

test('fit trains and reports on a backend without readSync, with the numbers of the same backend with it', async () => {
  const sync = await train(PRIMITIVE);
  const async_ = await train(PRIMITIVE_ASYNC);
  assert.deepEqual(Object.keys(async_.history), [
    'loss',
    'mae',
    'regularization_loss',
    'val_loss',
    'val_mae',
    'val_regularization_loss',
  ]);
  assert.deepEqual(async_.history, sync.history);
  assert.equal(async_.batches.length, 12);
  assert.deepEqual(async_.batches, sync.batches);
});

test('a NaN in the data is found on a backend without readSync too', async () => {
  setBackend(PRIMITIVE_ASYNC);
  const model = new Sequential({ layers: [new layers.Dense(1, { inputDim: 2 })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const x = tensor([
    [1, 2],
    [3, Number.NaN],
  ]);
  await assert.rejects(
    model.fit(x, tensor([[1], [2]]), { verbose: 0 }),
    /`x` contains a non-finite value \(NaN\) at sample 1, position 1/,
  );
  setBackend('ts');
});
