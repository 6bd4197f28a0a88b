// The reshaping layers, Embedding and the spatial dropouts against Keras 3 itself: forward values on fixed inputs
// (and a fixed table), the output shapes of calls on Input() tensors, and one SGD step of a Sequential model
// (test/fixtures/keras-numbers/make_reshape_fixture.py).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  Input,
  layers,
  mean,
  memory,
  mul,
  Sequential,
  square,
  sub,
  type Tensor,
  tensor,
  tidy,
  variableGrads,
} from '../../../src/index.js';
import { assertClose } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { CLASSES, fixture, makeLayer } from './helpers.js';

test('the fixture is from Keras 3.15 and covers every layer of the family', () => {
  assert.match(fixture.keras_version, /^3\.15\./);
  assert.deepEqual([...new Set(fixture.cases.map((c) => c.layer))].sort(), Object.keys(CLASSES).sort());
});

describeEachBackend('reshaping layers, Embedding, SpatialDropout: forward values equal Keras 3', () => {
  for (const c of fixture.cases) {
    test(c.name, () => {
      tidy(() => {
        const dtype = c.input.dtype === 'int32' ? 'int32' : 'float32';
        const x = tensor(c.input.values, c.input.shape, dtype);
        const layer = makeLayer(c.layer, c.kwargs);
        if (c.weights) {
          layer.build([null, ...c.input.shape.slice(1)]);
          layer.setWeights([tensor(c.weights, [7, 3])]);
        }
        const y = layer.apply(x);
        assert.deepEqual(y.shape, c.shape);
        assertClose(y, c.values, { rtol: 1e-6, atol: 1e-7 });
        if (c.losses) {
          assert.equal(layer.losses.length, c.losses.length);
          layer.losses.forEach((l, i) => {
            assertClose(l, [c.losses?.[i] as number], { rtol: 1e-5 });
          });
        }
        layer.dispose();
      });
    });
  }
});

describeEachBackend('reshaping layers, Embedding, SpatialDropout: calls on Input() tensors have Keras 3 shapes', () => {
  for (const s of fixture.symbolic) {
    test(`${s.layer}(${JSON.stringify(s.kwargs)}) on ${JSON.stringify(s.shape)}${s.batch ? ` batch ${s.batch}` : ''}`, () => {
      const input = Input({ shape: s.shape, ...(s.batch !== null ? { batchSize: s.batch } : {}) });
      const layer = makeLayer(s.layer, s.kwargs);
      assert.deepEqual(layer.apply(input).shape, s.output);
      assert.deepEqual(layer.computeOutputShape(input.shape), s.output);
    });
  }
});

describeEachBackend('a Sequential model of the family trains as Keras 3', () => {
  test('Embedding → ZeroPadding1D → Cropping1D → UpSampling1D → Permute → Reshape → Dense: prediction, loss with the L2 penalty, one SGD step', () => {
    const t = fixture.training;
    const net = new Sequential({
      layers: [
        new layers.Embedding({
          inputDim: 6,
          outputDim: 4,
          embeddingsRegularizer: { className: 'L2', config: { l2: 0.01 } },
          name: 'emb',
          inputShape: [3],
        }),
        new layers.ZeroPadding1D([1, 0], { name: 'pad' }),
        new layers.Cropping1D([0, 1], { name: 'crop' }),
        new layers.UpSampling1D(2, { name: 'up' }),
        new layers.Permute([2, 1], { name: 'perm' }),
        new layers.Reshape([-1], { name: 'flat' }),
        new layers.Dense(1, { name: 'head' }),
      ],
    });
    tidy(() => {
      net.build([null, 3]);
      net.setWeights(t.weights.map((w) => tensor(w as number[])));
    });
    const before = memory().numTensors;
    tidy(() => {
      const x = tensor(t.x, [3, 3], 'int32');
      const y = tensor(t.y);
      assertClose(net.apply(x), t.prediction.flat(), { rtol: 1e-5, atol: 1e-6 });
      const vars = net.trainableWeights;
      assert.deepEqual(
        vars.map((v) => v.name),
        t.weight_names,
      );
      const loss = () => {
        const mse = mean(square(sub(net.apply(x, { training: true }), y)));
        return net.losses.reduce((acc: Tensor, p) => add(acc, p), mse);
      };
      const { value, grads } = variableGrads(loss, vars);
      assertClose(value, [t.loss_before], { rtol: 1e-5 });
      for (const v of vars) v.assign(sub(v, mul(grads[v.name] as Tensor, 0.1)));
      vars.forEach((v, i) => {
        assertClose(v, (t.weights_after_one_sgd_step[i] as number[][]).flat(), { rtol: 1e-5, atol: 1e-6 });
      });
    });
    assert.equal(memory().numTensors, before);
    net.dispose();
  });
});
