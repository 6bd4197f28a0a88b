import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadModel } from '../../src/io/index.js';
import { layers, optimizers, regularizers, Sequential, setRandomSeed } from '../../src/node.js';
import { moons } from '../fixtures/datasets.js';
import { assertBitwiseEqual, tempDir, valuesOf } from './helpers.js';

const dir = await tempDir();

/** Every source of randomness in training is present: Dropout and GaussianNoise masks, shuffling, Adam's state. */
function makeModel(): Sequential {
  setRandomSeed(7);
  const model = new Sequential({
    layers: [
      new layers.Dense(16, { inputDim: 2, activation: 'relu', kernelRegularizer: regularizers.l2(1e-3) }),
      new layers.Dropout(0.3),
      new layers.GaussianNoise(0.05),
      new layers.Dense(16, { activation: 'tanh' }),
      new layers.Dropout({ rate: 0.2, seed: 11 }),
      new layers.Dense(1, { activation: 'sigmoid' }),
    ],
  });
  model.compile({
    optimizer: new optimizers.Adam({ learningRate: 0.01 }),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

test('fit 2 epochs, save, load, fit 2 more = fit 4 epochs, bitwise (weights and history)', async () => {
  const { x, y } = moons(96, 0.2, 3);
  const args = { batchSize: 16, shuffle: true, verbose: 0 as const };

  const straight = makeModel();
  const full = await straight.fit(x, y, { ...args, epochs: 4 });

  const first = makeModel();
  await first.fit(x, y, { ...args, epochs: 2 });
  const path = join(dir, 'checkpoint.dendrite');
  await first.save(path); // includeOptimizer defaults to true
  first.dispose();
  // Loading draws from the global random stream (initializers, new seed generators); the restored state must win.
  setRandomSeed(999);
  const resumed = await loadModel(path);
  const rest = await resumed.fit(x, y, { ...args, epochs: 4, initialEpoch: 2 });

  assertBitwiseEqual(valuesOf(resumed), valuesOf(straight), 'final weights');
  assert.deepEqual(rest.history.loss, full.history.loss?.slice(2), 'losses of epochs 3 and 4');
  assert.deepEqual(rest.history.accuracy, full.history.accuracy?.slice(2), 'accuracies of epochs 3 and 4');
  assert.equal(resumed.optimizer?.iterations, straight.optimizer?.iterations);
});

test('without the optimizer state the resumed run differs (the test above is not vacuous)', async () => {
  const { x, y } = moons(96, 0.2, 3);
  const args = { batchSize: 16, shuffle: true, verbose: 0 as const };
  const straight = makeModel();
  await straight.fit(x, y, { ...args, epochs: 4 });
  const first = makeModel();
  await first.fit(x, y, { ...args, epochs: 2 });
  const path = join(dir, 'no-optimizer.dendrite');
  await first.save(path, { includeOptimizer: false });
  const resumed = await loadModel(path);
  await resumed.fit(x, y, { ...args, epochs: 4, initialEpoch: 2 });
  assert.throws(() => assertBitwiseEqual(valuesOf(resumed), valuesOf(straight)));
});
