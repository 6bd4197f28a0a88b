import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  layers,
  memory,
  oneHot,
  optimizers,
  randomNormal,
  regularizers,
  Sequential,
  StateError,
  setRandomSeed,
  type Tensor,
  tensor,
  tidy,
  ValueError,
} from '../../src/index.js';
import { lcg, moons, xor } from '../fixtures/datasets.js';
import { assertClose } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

function accuracyOf(model: Sequential, x: Tensor, y: Tensor): number {
  const p = model.predict(x);
  const pv = p.dataSync();
  const yv = y.dataSync();
  p.dispose();
  let right = 0;
  for (let i = 0; i < yv.length; i++) if ((pv[i] as number) > 0.5 === (yv[i] as number) > 0.5) right++;
  return right / yv.length;
}

describeEachBackend('Sequential', () => {
  test('the seed example runs as written and its loss falls while training', async () => {
    setRandomSeed(1);
    const model = new Sequential();
    model.add(
      new layers.Dense(2, {
        inputDim: 10,
        activation: 'relu',
        kernelRegularizer: regularizers.l1(0.01),
        biasRegularizer: regularizers.l2(0.01),
        activityRegularizer: regularizers.l1l2(0.01),
      }),
    );
    model.add(new layers.Dropout(0.5));
    model.add(new layers.Dense(2, { activation: 'softmax' }));
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const u = lcg(3);
    const xs = Array.from({ length: 256 }, () => Array.from({ length: 10 }, () => u() * 2 - 1));
    const labels = xs.map((r) => ((r[0] as number) + (r[1] as number) > 0 ? 1 : 0));
    const x = tensor(xs);
    const y = oneHot(tensor(labels, [256], 'int32'), 2);
    const history = await model.fit(x, y, { epochs: 30, batchSize: 8, validationSplit: 0.2, verbose: 0 });
    const loss = history.history.loss as number[];
    assert.equal(loss.length, 30);
    assert.ok((loss[29] as number) < (loss[0] as number) * 0.9, `loss ${loss[0]} → ${loss[29]}`);
    for (const key of [
      'loss',
      'accuracy',
      'regularization_loss',
      'val_loss',
      'val_accuracy',
      'val_regularization_loss',
    ]) {
      assert.equal(history.history[key]?.length, 30, key);
    }
    assert.deepEqual(history.epoch, [...Array(30).keys()]);
    model.dispose();
  });

  test('XOR reaches ≥ 95% accuracy', async () => {
    setRandomSeed(7);
    const { x, y } = xor(16);
    const model = new Sequential({
      layers: [
        new layers.Dense(16, { inputShape: [2], activation: 'tanh' }),
        new layers.Dense(1, { activation: 'sigmoid' }),
      ],
    });
    model.compile({
      optimizer: new optimizers.Adam({ learningRate: 0.05 }),
      loss: 'binary_crossentropy',
      metrics: ['accuracy'],
    });
    const history = await model.fit(x, y, { epochs: 60, batchSize: 8, verbose: 0 });
    assert.ok(accuracyOf(model, x, y) >= 0.95);
    assert.ok((history.history.accuracy?.at(-1) as number) >= 0.95);
    model.dispose();
  });

  test('two moons reach ≥ 95% accuracy on held-out points', async () => {
    setRandomSeed(11);
    const train = moons(400, 0.1, 5);
    const testSet = moons(200, 0.1, 6);
    const model = new Sequential();
    model.add(new layers.Dense(32, { inputDim: 2, activation: 'relu' }));
    model.add(new layers.Dense(32, { activation: 'relu' }));
    model.add(new layers.Dense(1, { activation: 'sigmoid' }));
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    await model.fit(train.x, train.y, { epochs: 60, batchSize: 32, verbose: 0 });
    const acc = accuracyOf(model, testSet.x, testSet.y);
    assert.ok(acc >= 0.95, `accuracy ${acc}`);
    const logs = model.evaluate(testSet.x, testSet.y);
    assertClose(logs.accuracy as number, acc, { atol: 1e-9 });
    model.dispose();
  });

  test('epoch loss is the batch-size-weighted mean of total batch losses, penalties included (Keras)', async () => {
    setRandomSeed(2);
    const x = randomNormal([10, 3]);
    const y = randomNormal([10, 1]);
    const model = new Sequential({
      layers: [new layers.Dense(1, { inputDim: 3, kernelRegularizer: regularizers.l2(0.5) })],
    });
    // lr 0: the weights never move, so every batch sees the same model and the epoch mean must equal evaluate().
    model.compile({ optimizer: new optimizers.SGD({ learningRate: 0 }), loss: 'mse' });
    const history = await model.fit(x, y, { epochs: 1, batchSize: 4, shuffle: false, verbose: 0 });
    const evaluated = model.evaluate(x, y, { batchSize: 10 });
    const penalty = tidy(() => (model.losses[0] as Tensor).dataSync()[0] as number);
    assert.ok(penalty > 0);
    assertClose(history.history.loss?.[0] as number, evaluated.loss as number, { rtol: 1e-6 });
    assertClose(history.history.regularization_loss?.[0] as number, penalty, { rtol: 1e-6 });
    // data loss by hand: mean squared error + penalty
    const p = model.predict(x);
    const pv = p.dataSync();
    const yv = y.dataSync();
    let mse = 0;
    for (let i = 0; i < 10; i++) mse += ((pv[i] as number) - (yv[i] as number)) ** 2 / 10;
    assertClose(evaluated.loss as number, mse + penalty, { rtol: 1e-5 });
    model.dispose();
  });

  test('validationSplit takes the LAST fraction of the samples, before shuffling', async () => {
    const xs = Array.from({ length: 10 }, (_, i) => [i]);
    const ys = Array.from({ length: 10 }, (_, i) => [i < 8 ? 0 : 100]);
    const model = new Sequential({ layers: [new layers.Dense(1, { inputDim: 1, kernelInitializer: 'zeros' })] });
    model.compile({ optimizer: new optimizers.SGD({ learningRate: 0 }), loss: 'mse' });
    const history = await model.fit(tensor(xs), tensor(ys), { epochs: 1, validationSplit: 0.2, verbose: 0 });
    assert.equal(history.history.loss?.[0], 0); // predictions are 0; first 8 targets are 0
    assert.equal(history.history.val_loss?.[0], 10000); // last 2 targets are 100
    await assert.rejects(
      model.fit(tensor(xs), tensor(ys), { validationSplit: 0.95, verbose: 0 }),
      /validationSplit=0.95 of 10 samples leaves no training samples/,
    );
    await assert.rejects(
      model.fit(tensor(xs), tensor(ys), { validationSplit: 1, verbose: 0 }),
      /Expected a number in \(0, 1\)/,
    );
    model.dispose();
  });

  test('Dropout is active in fit and off in predict and evaluate', async () => {
    const model = new Sequential({ layers: [new layers.Dropout({ rate: 0.5, inputShape: [1000], seed: 1 })] });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tensor(
      Array.from({ length: 1000 }, () => 1),
      [1, 1000],
    );
    const p = model.predict(x);
    assert.deepEqual(Array.from(p.dataSync()).slice(0, 5), [1, 1, 1, 1, 1]);
    assert.equal(model.evaluate(x, x).loss, 0);
    // In training, about half the units are 0 and the rest 2: mse against ones is ≈ 1.
    const logs = model.trainOnBatch(x, x);
    assert.ok(Math.abs((logs.loss as number) - 1) < 0.1, `training loss ${logs.loss}`);
    p.dispose();
    model.dispose();
  });

  test('setRandomSeed gives a bitwise-identical History', async () => {
    const run = async () => {
      setRandomSeed(123);
      const data = moons(128, 0.2, 9);
      const model = new Sequential({
        layers: [
          new layers.Dense(8, { inputDim: 2, activation: 'relu' }),
          new layers.Dropout(0.3),
          new layers.Dense(1, { activation: 'sigmoid' }),
        ],
      });
      model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
      const h = await model.fit(data.x, data.y, { epochs: 3, batchSize: 16, validationSplit: 0.25, verbose: 0 });
      model.dispose();
      return h.history;
    };
    assert.deepEqual(await run(), await run());
  });

  test('getWeights / setWeights use Keras order: kernel [in, units], then bias', () => {
    const model = new Sequential({ layers: [new layers.Dense(3, { inputDim: 2 }), new layers.Dense(1)] });
    assert.deepEqual(
      model.getWeights().map((w) => w.shape),
      [[2, 3], [3], [3, 1], [1]],
    );
    model.setWeights([
      tensor([
        [1, 0, 0],
        [0, 1, 0],
      ]),
      tensor([0, 0, 1]),
      tensor([[1], [1], [1]]),
      tensor([0.5]),
    ]);
    assertClose(model.predict(tensor([[2, 3]])), [6.5]);
    assert.throws(() => model.setWeights([tensor([1])]), /expects 2 weights|Expected|weights/);
    assert.equal(model.countParams(), 13);
    assert.equal(model.getLayer(0), model.layers[0]);
    assert.throws(() => model.getLayer('nope'), /No such layer: "nope"/);
    model.dispose();
  });

  test('a callback can stop training after the current batch', async () => {
    const model = new Sequential({ layers: [new layers.Dense(1, { inputDim: 1 })] });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    let batches = 0;
    const history = await model.fit(tensor([[1], [2], [3], [4]]), tensor([[1], [2], [3], [4]]), {
      epochs: 5,
      batchSize: 1,
      verbose: 0,
      callbacks: [
        {
          onBatchEnd: () => {
            batches++;
            if (batches === 2) model.stopTraining = true;
          },
        },
      ],
    });
    assert.equal(batches, 2);
    assert.equal(history.epoch.length, 1);
    model.dispose();
  });

  test('typed arrays are split into samples by the model input shape; sampleWeight and classWeight weight the loss', async () => {
    const model = new Sequential({ layers: [new layers.Dense(1, { inputDim: 2, kernelInitializer: 'zeros' })] });
    model.compile({ optimizer: new optimizers.SGD({ learningRate: 0 }), loss: 'mse' });
    const x = new Float32Array([1, 2, 3, 4, 5, 6]);
    const y = new Float32Array([1, 0, 3]);
    assertClose(model.evaluate(x, y).loss as number, (1 + 0 + 9) / 3);
    assertClose(model.evaluate(x, y, { sampleWeight: new Float32Array([1, 1, 0]) }).loss as number, 1 / 3);
    const h = await model.fit(x, [[1], [0], [1]], { classWeight: { 0: 0, 1: 2 }, verbose: 0, shuffle: false });
    assertClose(h.history.loss?.[0] as number, (2 + 0 + 2) / 3);
    await assert.rejects(
      model.fit(x, y, { classWeight: { 0: 1 }, sampleWeight: y, verbose: 0 }),
      /`classWeight` and `sampleWeight` cannot be given together/,
    );
    model.dispose();
  });

  test('bad input gets a typed error in Keras style', async () => {
    const model = new Sequential({ layers: [new layers.Dense(1, { inputDim: 3 })] });
    await assert.rejects(
      model.fit([[1, 2, 3]], [[1]]),
      (e: unknown) => e instanceof StateError && /You must call `compile\(\)` before `fit\(\)`/.test(e.message),
    );
    assert.throws(() => model.evaluate([[1, 2, 3]], [[1]]), /You must call `compile\(\)` before `evaluate\(\)`/);
    assert.throws(
      () => model.compile({ optimizer: 'adamm' as never, loss: 'mse' }),
      (e: unknown) => e instanceof ValueError && /adamm/.test(e.message),
    );
    assert.throws(
      () => model.compile({ optimizer: 'adam', loss: 'msee' as never }),
      (e: unknown) => e instanceof ValueError && /msee/.test(e.message),
    );
    assert.throws(() => new layers.Dense(1, { activation: 'relux' as never }), /Unknown activation.*"relux"/);
    model.compile({ optimizer: 'adam', loss: 'mse' });
    await assert.rejects(
      model.fit(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [[1]],
        { verbose: 0 },
      ),
      /fit: all arrays must contain the same number of samples. Received: x has 2, y has 1/,
    );
    await assert.rejects(
      model.fit([[1, 2]], [[1]], { verbose: 0 }),
      /fit: `x` has samples of shape \[2\], but model "[^"]+" expects \[3\]/,
    );
    await assert.rejects(
      model.fit([[1, Number.NaN, 3]], [[1]], { verbose: 0 }),
      /fit: `x` contains a non-finite value \(NaN\) at sample 0, position 1/,
    );
    await assert.rejects(
      model.fit([[1, 2, 3]], [[1]], { batchSize: 0, verbose: 0 }),
      /argument `batchSize` of fit. Expected a positive integer. Received: batchSize=0/,
    );
    model.dispose();
  });

  test('model.losses after apply(): activity penalties of the call plus current weight penalties', () => {
    const model = new Sequential({
      layers: [
        new layers.Dense(5, {
          inputDim: 5,
          kernelInitializer: 'ones',
          kernelRegularizer: new regularizers.L1(0.01),
          activityRegularizer: new regularizers.L2(0.01),
        }),
      ],
    });
    tidy(() => {
      model.apply(
        tensor(
          Array.from({ length: 25 }, () => 2),
          [5, 5],
        ),
      );
      const total = model.losses.reduce((s, t) => s + (t.dataSync()[0] as number), 0);
      assertClose(total, 5.25, { rtol: 1e-6 });
    });
    model.dispose();
  });

  test('a training loop through fit leaves no tensors behind', async () => {
    setRandomSeed(4);
    const data = moons(64, 0.1, 1);
    const model = new Sequential({
      layers: [
        new layers.Dense(4, { inputDim: 2, activation: 'relu', kernelRegularizer: 'l2' }),
        new layers.Dropout(0.2),
        new layers.Dense(1, { activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy', 'auc'] });
    await model.fit(data.x, data.y, { epochs: 1, batchSize: 16, verbose: 0 });
    const before = memory().numTensors;
    await model.fit(data.x, data.y, { epochs: 3, batchSize: 16, validationSplit: 0.25, verbose: 0 });
    // Earlier tests' garbage may be collected meanwhile (the engine counts a collected tensor as freed), so the
    // count may drop; a leak would raise it.
    assert.ok(memory().numTensors <= before, `${memory().numTensors} live tensors, ${before} before`);
    model.dispose();
  });
});
