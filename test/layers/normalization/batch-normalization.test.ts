// BatchNormalization's state: the weights in Keras order, the moving statistics updated in training mode only,
// a frozen layer in inference mode, fit updating the statistics but no optimizer touching them, and a save/load
// round trip keeping them.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BatchNormalization } from '../../../src/layers/normalization/batch-normalization.js';
import {
  Input,
  initializers,
  layers,
  loadModel,
  Model,
  memory,
  optimizers,
  Sequential,
  type Tensor,
  tensor,
  tidy,
} from '../../../src/node.js';
import { assertClose } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';

const X = [
  [1, 2, 3],
  [3, 0, -1],
  [2, 4, 1],
  [-2, 2, 5],
];
/** Per column of X: the mean and the biased variance, as Keras computes them. */
const MEAN = [1, 2, 2];
const VAR = [3.5, 2, 5];

const values = (t: Tensor) => Array.from(t.dataSync());

describeEachBackend('BatchNormalization', () => {
  test('weights in Keras order: gamma, beta, moving_mean, moving_variance; the moving ones non-trainable', () => {
    const bn = new layers.BatchNormalization({ name: 'bn' });
    bn.build([null, 3]);
    assert.deepEqual(
      bn.weights.map((w) => w.name),
      ['bn/gamma', 'bn/beta', 'bn/moving_mean', 'bn/moving_variance'],
    );
    assert.deepEqual(
      bn.trainableWeights.map((w) => w.name),
      ['bn/gamma', 'bn/beta'],
    );
    assert.deepEqual(
      bn.nonTrainableWeights.map((w) => w.name),
      ['bn/moving_mean', 'bn/moving_variance'],
    );
    assert.deepEqual(bn.getWeights().map(values), [
      [1, 1, 1],
      [0, 0, 0],
      [0, 0, 0],
      [1, 1, 1],
    ]);
    assert.equal(bn.countParams(), 12);
    const bare = new layers.BatchNormalization({ name: 'bare', center: false, scale: false });
    bare.build([null, 2, 3]);
    assert.deepEqual(
      bare.weights.map((w) => w.name),
      ['bare/moving_mean', 'bare/moving_variance'],
    );
    assert.equal(bare.trainableWeights.length, 0);
    bn.dispose();
    bare.dispose();
  });

  test('setWeights takes the four in Keras order', () => {
    const bn = new layers.BatchNormalization({ epsilon: 0.25 });
    bn.build([null, 3]);
    tidy(() => {
      bn.setWeights([tensor([2, 2, 2]), tensor([1, 1, 1]), tensor([1, 2, 2]), tensor([0.75, 0.75, 0.75])]);
      // Inference: 2·(x − moving_mean)/√(0.75 + 0.25) + 1.
      assertClose(bn.apply(tensor([[3, 2, 0]])), [5, 1, -3]);
    });
    bn.dispose();
  });

  test('training mode normalizes with the batch statistics and moves the averages (Keras 3 rule)', () => {
    const bn = new layers.BatchNormalization({ momentum: 0.75, epsilon: 1e-3 }) as BatchNormalization;
    tidy(() => {
      const x = tensor(X);
      const y = bn.apply(x, { training: true });
      const expected = X.flatMap((row) =>
        row.map((v, j) => (v - (MEAN[j] as number)) / Math.sqrt((VAR[j] as number) + 1e-3)),
      );
      assertClose(y, expected, { rtol: 1e-5 });
      // moving = moving·0.75 + batch·0.25, from zeros and ones.
      assertClose(
        bn.movingMean as Tensor,
        MEAN.map((m) => 0.25 * m),
        { rtol: 1e-6 },
      );
      assertClose(
        bn.movingVariance as Tensor,
        VAR.map((v) => 0.75 + 0.25 * v),
        { rtol: 1e-6 },
      );
      bn.apply(x, { training: true });
      assertClose(
        bn.movingMean as Tensor,
        MEAN.map((m) => 0.25 * m * 0.75 + 0.25 * m),
        { rtol: 1e-6 },
      );
    });
    bn.dispose();
  });

  test('inference mode uses the moving statistics and leaves them alone', () => {
    const bn = new layers.BatchNormalization() as BatchNormalization;
    tidy(() => {
      const y = bn.apply(tensor(X));
      assertClose(
        y,
        X.flat().map((v) => v / Math.sqrt(1 + 1e-3)),
        { rtol: 1e-6 },
      );
      assert.deepEqual(values(bn.movingMean as Tensor), [0, 0, 0]);
      assert.deepEqual(values(bn.movingVariance as Tensor), [1, 1, 1]);
    });
    bn.dispose();
  });

  test('a frozen layer (trainable = false) runs in inference mode even when called in training mode', () => {
    for (const frozenAt of ['construction', 'setter'] as const) {
      const bn = new layers.BatchNormalization(
        frozenAt === 'construction' ? { trainable: false } : {},
      ) as BatchNormalization;
      if (frozenAt === 'setter') bn.trainable = false;
      tidy(() => {
        const y = bn.apply(tensor(X), { training: true });
        assertClose(
          y,
          X.flat().map((v) => v / Math.sqrt(1 + 1e-3)),
          { rtol: 1e-6 },
        );
        assert.deepEqual(values(bn.movingMean as Tensor), [0, 0, 0], frozenAt);
        assert.equal(bn.trainableWeights.length, 0);
        assert.equal(bn.nonTrainableWeights.length, 4);
      });
      bn.dispose();
    }
  });

  test('no tensor leaks from a training call outside any tidy', () => {
    const bn = new layers.BatchNormalization();
    const x = tensor(X);
    bn.apply(x).dispose();
    const before = memory().numTensors;
    for (let i = 0; i < 3; i++) bn.apply(x, { training: true }).dispose();
    assert.equal(memory().numTensors, before);
    x.dispose();
    bn.dispose();
  });

  test('fit updates the moving statistics; no optimizer touches them (AdamW would decay them)', async () => {
    const bn = new layers.BatchNormalization({
      momentum: 1, // the rule then keeps the statistics as they are: any change would be the optimizer's
      movingMeanInitializer: new initializers.Constant({ value: 0.5 }),
      movingVarianceInitializer: new initializers.Constant({ value: 3 }),
    }) as BatchNormalization;
    const model = new Sequential({ layers: [new layers.Dense(3, { inputShape: [3] }), bn, new layers.Dense(1)] });
    model.compile({ optimizer: new optimizers.AdamW({ learningRate: 0.1, weightDecay: 0.5 }), loss: 'mse' });
    const x = tensor(X);
    const y = tensor([[1], [0], [1], [0]]);
    const gammaBefore = values(bn.gamma as Tensor);
    await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
    assert.deepEqual(values(bn.movingMean as Tensor), [0.5, 0.5, 0.5]);
    assert.deepEqual(values(bn.movingVariance as Tensor), [3, 3, 3]);
    assert.notDeepEqual(values(bn.gamma as Tensor), gammaBefore, 'the trainable weights did move');
    model.dispose();

    const moving = new layers.BatchNormalization({ momentum: 0.5 }) as BatchNormalization;
    const m2 = new Sequential({ layers: [new layers.Dense(3, { inputShape: [3] }), moving, new layers.Dense(1)] });
    m2.compile({ optimizer: 'sgd', loss: 'mse' });
    await m2.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    assert.ok(
      values(moving.movingMean as Tensor).some((v) => v !== 0),
      'one training step moved the moving mean',
    );
    // evaluate and predict run in inference mode: they leave the statistics alone.
    const after = moving.getWeights().map(values);
    m2.evaluate(x, y, { verbose: 0 });
    m2.predict(x).dispose();
    assert.deepEqual(moving.getWeights().map(values), after);
    m2.dispose();
    x.dispose();
    y.dispose();
  });

  test('a frozen BatchNormalization inside fit: nothing in it changes', async () => {
    const bn = new layers.BatchNormalization({ trainable: false }) as BatchNormalization;
    const model = new Sequential({ layers: [new layers.Dense(3, { inputShape: [3] }), bn, new layers.Dense(1)] });
    model.compile({ optimizer: new optimizers.SGD({ learningRate: 0.1 }), loss: 'mse' });
    const before = bn.getWeights().map(values);
    const x = tensor(X);
    const y = tensor([[1], [0], [1], [0]]);
    await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
    assert.deepEqual(bn.getWeights().map(values), before);
    model.dispose();
    x.dispose();
    y.dispose();
  });

  test('save → loadModel keeps the moving statistics and the predictions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dendrite-bn-'));
    const inp = Input({ shape: [3] });
    const out = new layers.Dense(1).apply(new layers.BatchNormalization({ momentum: 0.5 }).apply(inp));
    const model = new Model({ inputs: inp, outputs: out });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const x = tensor(X);
    const y = tensor([[1], [0], [1], [0]]);
    await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0 });
    const path = join(dir, 'bn.dendrite');
    await model.save(path);
    const loaded = await loadModel(path);
    const bnOf = (m: Model) => m.layers.find((l) => l.className === 'BatchNormalization') as BatchNormalization;
    assert.deepEqual(values(bnOf(loaded).movingMean as Tensor), values(bnOf(model).movingMean as Tensor));
    assert.deepEqual(values(bnOf(loaded).movingVariance as Tensor), values(bnOf(model).movingVariance as Tensor));
    assert.notDeepEqual(values(bnOf(loaded).movingMean as Tensor), [0, 0, 0]);
    assert.equal(bnOf(loaded).nonTrainableWeights.length, 2);
    const p1 = model.predict(x) as Tensor;
    const p2 = loaded.predict(x) as Tensor;
    assert.deepEqual(values(p2), values(p1));
    p1.dispose();
    p2.dispose();
    // Training resumes identically: the moving statistics and the optimizer state both came back.
    await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    await loaded.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    assert.deepEqual(loaded.getWeights().map(values), model.getWeights().map(values));
    model.dispose();
    loaded.dispose();
    x.dispose();
    y.dispose();
  });
});
