// The normalization layers against Keras 3 itself (test/fixtures/keras-numbers/make_norm_fixture.py): forward
// values in both modes, the moving statistics after a training call, and three SGD steps of a model under fit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layers, memory, optimizers, Sequential, tensor, tidy } from '../../../src/index.js';
import type { BatchNormalization } from '../../../src/layers/normalization/batch-normalization.js';
import { assertClose } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { fixture, makeNorm } from './helpers.js';

const close = { rtol: 1e-5, atol: 1e-5 };

test('the fixture is from Keras 3.15', () => {
  assert.match(fixture.keras_version, /^3\.15\./);
});

describeEachBackend('BatchNormalization equals Keras 3', () => {
  for (const c of fixture.batch_normalization) {
    test(`${c.name}: inference, training, and the moving statistics after one training call`, () => {
      const layer = makeNorm('BatchNormalization', c.kwargs) as BatchNormalization;
      layer.build([null, ...c.x.shape.slice(1)]);
      const before = memory().numTensors;
      tidy(() => {
        const x = tensor(c.x.values, c.x.shape);
        if (c.weights.length > 0) layer.setWeights(c.weights.map((w) => tensor(w)));
        assertClose(layer.apply(x, { training: false }), c.inference, close);
        assertClose(layer.apply(x, { training: true }), c.training, close);
        assertClose(layer.movingMean as never, c.moving_mean, close);
        assertClose(layer.movingVariance as never, c.moving_variance, close);
      });
      assert.equal(memory().numTensors, before, 'no tensor leaked; the moving statistics replaced theirs');
      layer.dispose();
    });
  }
});

describeEachBackend('LayerNormalization and GroupNormalization equal Keras 3', () => {
  for (const c of fixture.cases) {
    test(c.name, () => {
      const layer = makeNorm(c.layer, c.kwargs);
      tidy(() => {
        const x = tensor(c.x.values, c.x.shape);
        layer.apply(x);
        assert.deepEqual(
          layer.weights.map((w) => w.shape),
          c.weight_shapes,
        );
        layer.setWeights(c.weights.map((w, i) => tensor(w, c.weight_shapes[i])));
        for (const training of [false, true]) assertClose(layer.apply(x, { training }), c.values, close);
      });
      layer.dispose();
    });
  }
});

describeEachBackend('Dense → BatchNormalization → Dense under fit (SGD, 3 full-batch steps) equals Keras 3', () => {
  test('weights, moving statistics, losses and predictions after the steps', async () => {
    const t = fixture.training;
    const model = new Sequential({
      layers: [
        new layers.Dense(3, { inputShape: [4] }),
        new layers.BatchNormalization({ momentum: 0.8 }),
        new layers.Dense(2),
      ],
    });
    const shapes = model.weights.map((w) => w.shape);
    model.setWeights(t.weights.map((w, i) => tensor(w, shapes[i])));
    model.compile({ optimizer: new optimizers.SGD({ learningRate: 0.1 }), loss: 'mse' });
    const x = tensor(t.x, [6, 4]);
    const y = tensor(t.y, [6, 2]);
    const history = await model.fit(x, y, { epochs: 3, batchSize: 6, shuffle: false, verbose: 0 });
    assertClose(history.history.loss as number[], t.loss, close);
    assert.deepEqual(
      model.weights.map((w) => w.name.split('/').pop()),
      t.weight_names.map((n) => n.split('/').pop()),
    );
    model.weights.forEach((w, i) => {
      assertClose(w, t.weights_after[i] as number[], close);
    });
    tidy(() => assertClose(model.predict(x), t.prediction_after, close));
    x.dispose();
    y.dispose();
    model.dispose();
  });
});
