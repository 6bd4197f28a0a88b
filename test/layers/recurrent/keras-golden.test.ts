// The recurrent layers against Keras 3 itself: forward values on fixed weights (returnSequences, goBackwards, GRU
// resetAfter, Bidirectional merge modes), LSTM's default bias, and one SGD step of an LSTM classifier
// (test/fixtures/keras-numbers/make_rnn_fixture.py).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Input, layers, memory, optimizers, Sequential, tidy } from '../../../src/index.js';
import { assertClose } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { decode, fixture, makeRecurrent } from './helpers.js';

test('the fixture is from Keras 3.15 and covers SimpleRNN, LSTM, GRU and Bidirectional', () => {
  assert.match(fixture.keras_version, /^3\.15\./);
  assert.deepEqual([...new Set(fixture.cases.map((c) => c.layer))].sort(), ['GRU', 'LSTM', 'SimpleRNN']);
  assert.deepEqual([...new Set(fixture.bidirectional.map((c) => c.mergeMode))].sort(), ['ave', 'concat', 'mul', 'sum']);
});

describeEachBackend('recurrent layers: forward values on Keras weights equal Keras 3', () => {
  for (const c of fixture.cases) {
    test(c.name, () => {
      tidy(() => {
        const layer = makeRecurrent(c.layer, c.kwargs);
        const x = decode(c.input);
        layer.apply(x); // builds
        // The weights load in Keras's layout, unchanged.
        assert.deepEqual(
          layer.weights.map((w) => w.shape),
          c.weights.map((w) => w.shape),
        );
        layer.setWeights(c.weights.map((w) => decode(w)));
        const y = layer.apply(x);
        assert.deepEqual(y.shape, c.output.shape);
        assertClose(y, c.output.values, { rtol: 1e-5, atol: 1e-6 });
        // Training mode without dropout computes the same.
        assertClose(layer.apply(x, { training: true }), c.output.values, { rtol: 1e-5, atol: 1e-6 });
        layer.dispose();
      });
    });
  }

  for (const c of fixture.bidirectional) {
    test(c.name, () => {
      tidy(() => {
        const inner = makeRecurrent(c.inner, { units: 3, return_sequences: c.returnSequences });
        const layer = new layers.Bidirectional(inner, { mergeMode: c.mergeMode });
        const x = decode(c.input);
        layer.apply(x);
        assert.deepEqual(
          layer.weights.map((w) => w.shape),
          c.weights.map((w) => w.shape),
        );
        layer.setWeights(c.weights.map((w) => decode(w)));
        const y = layer.apply(x);
        assert.deepEqual(y.shape, c.output.shape);
        assertClose(y, c.output.values, { rtol: 1e-5, atol: 1e-6 });
        layer.dispose();
      });
    });
  }

  test("LSTM's default bias has ones on the forget gate (unitForgetBias), zeros elsewhere", () => {
    const lstm = new layers.LSTM(2);
    lstm.build([null, 5, 3]);
    assertClose(lstm.bias as NonNullable<typeof lstm.bias>, fixture.lstmDefaultBias.values, { rtol: 0, atol: 0 });
    lstm.dispose();
  });

  test('one SGD step (lr 0.5) of Dense(4, tanh) → LSTM(3) → Dense(1, sigmoid) equals Keras: loss and every weight', async () => {
    const t = fixture.train;
    const model = new Sequential({
      layers: [
        Input({ shape: [5, 3] }),
        new layers.Dense(4, { activation: 'tanh' }),
        new layers.LSTM(3),
        new layers.Dense(1, { activation: 'sigmoid' }),
      ],
    });
    tidy(() => model.setWeights(t.initial.map((w) => decode(w))));
    model.compile({ optimizer: new optimizers.SGD({ learningRate: t.learningRate }), loss: 'binaryCrossentropy' });
    const x = decode(t.x);
    const y = decode(t.y);
    const before = memory().numTensors;
    const history = await model.fit(x, y, { batchSize: 4, epochs: 1, shuffle: false, verbose: 0 });
    assertClose([history.history.loss?.[0] as number], [t.loss], { rtol: 1e-5 });
    model.weights.forEach((w, i) => {
      assertClose(w, (t.after[i] as { values: number[] }).values, { rtol: 1e-4, atol: 1e-6 });
    });
    assert.ok(memory().numTensors <= before + 2, 'fit leaked tensors');
    x.dispose();
    y.dispose();
    model.dispose();
  });
});
