// The convolution and pooling layers against Keras 3 itself: forward values on fixed inputs and weights, and the
// output shapes of calls on Input() tensors (test/fixtures/keras-numbers/make_conv_pool_fixture.py).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Input, tensor, tidy } from '../../../src/index.js';
import { assertClose } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { CONV_CLASSES, fixture, makeLayer, POOL_CLASSES } from './helpers.js';

test('the fixture is from Keras 3.15 and covers every convolution and pooling layer', () => {
  assert.match(fixture.keras_version, /^3\.15\./);
  const classes = new Set(fixture.cases.map((c) => c.layer));
  assert.deepEqual([...classes].sort(), [...CONV_CLASSES, ...POOL_CLASSES].sort());
});

describeEachBackend('convolution and pooling layers: forward values equal Keras 3', () => {
  for (const c of fixture.cases) {
    test(c.name, () => {
      tidy(() => {
        const layer = makeLayer(c.layer, c.kwargs);
        const x = tensor(c.input.values, c.input.shape);
        layer.build([null, ...c.input.shape.slice(1)]);
        layer.setWeights(c.weights.map((w) => tensor(w.values, w.shape)));
        const y = layer.apply(x);
        assert.deepEqual(y.shape, c.shape);
        assertClose(y, c.values, { rtol: 1e-5, atol: 1e-5 });
        layer.dispose();
      });
    });
  }
});

describeEachBackend('convolution and pooling layers: calls on Input() tensors have Keras 3 output shapes', () => {
  for (const s of fixture.symbolic) {
    test(`${s.layer}(${JSON.stringify(s.kwargs)}) on ${JSON.stringify(s.shape)}${s.batch ? ` batch ${s.batch}` : ''}`, () => {
      const input = Input({ shape: s.shape, ...(s.batch !== null ? { batchSize: s.batch } : {}) });
      const layer = makeLayer(s.layer, s.kwargs);
      const out = layer.apply(input);
      assert.deepEqual(out.shape, s.output);
      assert.deepEqual(layer.computeOutputShape(input.shape), s.output);
    });
  }
});
