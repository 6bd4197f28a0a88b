// Names, configs (Keras keys and defaults), registration, symbolic shapes, training in a model and every error of
// the recurrent layers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Input,
  layers,
  Model,
  ones,
  Sequential,
  ShapeError,
  setRandomSeed,
  tensor,
  tidy,
  UnknownOptionError,
  ValueError,
  zeros,
} from '../../../src/index.js';
import { layerRegistry } from '../../../src/layers/registry.js';
import { assertClose } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';

/** Throws exactly `Cls` (not a subclass or a parent) with exactly `message`. */
function throwsExactly(fn: () => unknown, Cls: typeof ValueError, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error, `expected an error, got ${String(e)}`);
    assert.equal(e.constructor, Cls, `expected a ${Cls.name}, got ${e.constructor.name}: ${e.message}`);
    assert.equal(e.message, message);
    return true;
  });
}

const KERAS_KEYS = [
  'name',
  'trainable',
  'dtype',
  'returnSequences',
  'returnState',
  'goBackwards',
  'stateful',
  'unroll',
  'zeroOutputForMask',
  'units',
  'activation',
  'useBias',
  'kernelInitializer',
  'recurrentInitializer',
  'biasInitializer',
  'kernelRegularizer',
  'recurrentRegularizer',
  'biasRegularizer',
  'kernelConstraint',
  'recurrentConstraint',
  'biasConstraint',
  'dropout',
  'recurrentDropout',
  'seed',
];

test('class names, default names, Keras config keys and defaults; fromConfig and the registry rebuild equal layers', () => {
  const lstm = new layers.LSTM(3);
  const gru = new layers.GRU(3);
  const rnn = new layers.SimpleRNN(3);
  for (const [l, cls, extra] of [
    [rnn, 'SimpleRNN', []],
    [lstm, 'LSTM', ['recurrentActivation', 'unitForgetBias']],
    [gru, 'GRU', ['recurrentActivation', 'resetAfter']],
  ] as const) {
    assert.equal(l.className, cls);
    assert.equal((l.constructor as unknown as { className: string }).className, cls);
    assert.deepEqual(Object.keys(l.getConfig()).sort(), [...KERAS_KEYS, ...extra].sort());
    const config = l.getConfig();
    assert.deepEqual(layerRegistry.deserialize({ className: cls, config }).getConfig(), config);
  }
  assert.match(rnn.name, /^simple_rnn(_\d+)?$/);
  assert.match(lstm.name, /^lstm(_\d+)?$/);
  const c = lstm.getConfig();
  assert.equal(c.activation, 'tanh');
  assert.equal(c.recurrentActivation, 'sigmoid');
  assert.equal(c.unitForgetBias, true);
  assert.equal(gru.getConfig().resetAfter, true);
  assert.deepEqual(c.recurrentInitializer, { className: 'Orthogonal', config: { gain: 1, seed: null } });
  assert.equal((c.kernelInitializer as { className: string }).className, 'GlorotUniform');
  assert.deepEqual(c.biasInitializer, { className: 'Zeros', config: {} });
  for (const k of ['dropout', 'recurrentDropout'] as const) assert.equal(c[k], 0);
  assert.equal(c.seed, null);
});

test('Bidirectional: copies built from the layer config (forward_/backward_ names, goBackwards flipped), config round trip', () => {
  const inner = new layers.GRU(2, { name: 'enc', returnSequences: true, dropout: 0.1 });
  const bi = new layers.Bidirectional(inner);
  assert.equal(bi.mergeMode, 'concat');
  assert.equal(bi.forwardLayer.name, 'forward_enc');
  assert.equal(bi.backwardLayer.name, 'backward_enc');
  assert.equal(bi.forwardLayer.goBackwards, false);
  assert.equal(bi.backwardLayer.goBackwards, true);
  assert.notEqual(bi.forwardLayer, inner);
  assert.equal(bi.backwardLayer.dropout, 0.1);
  const config = bi.getConfig();
  assert.equal(config.mergeMode, 'concat');
  assert.equal((config.layer as { className: string }).className, 'GRU');
  const again = layerRegistry.deserialize({ className: 'Bidirectional', config });
  assert.deepEqual(again.getConfig(), config);
});

test('every error, class and message pinned', () => {
  throwsExactly(
    () => new layers.LSTM(0),
    ValueError,
    'Invalid value received for argument `units` of LSTM. Expected a positive integer. Received: units=0',
  );
  throwsExactly(
    () => new layers.GRU(2, { dropout: 1 }),
    ValueError,
    'Invalid value received for argument `dropout` of GRU. Expected a number in [0, 1). Received: dropout=1',
  );
  throwsExactly(
    () => new layers.SimpleRNN(2, { recurrentDropout: -0.1 }),
    ValueError,
    'Invalid value received for argument `recurrentDropout` of SimpleRNN. Expected a number in [0, 1). Received: recurrentDropout=-0.1',
  );
  throwsExactly(
    () => new layers.LSTM(2, { stateful: true }),
    ValueError,
    'Invalid value received for argument `stateful` of LSTM. Expected false (stateful recurrent layers are not supported yet). Received: stateful=true',
  );
  throwsExactly(
    () => new layers.GRU(2, { resetAfter: 1 as unknown as boolean }),
    ValueError,
    'Invalid value received for argument `resetAfter` of GRU. Expected a boolean (true or false). Received: resetAfter=1',
  );
  assert.throws(() => new layers.LSTM(2, { recurrent_dropout: 0.1 } as object), UnknownOptionError);
  throwsExactly(
    () => new layers.LSTM(2, { seed: 1.5 }),
    ValueError,
    'Invalid value received for argument `seed` of LSTM. Expected an integer. Received: seed=1.5',
  );
  throwsExactly(
    () => new layers.Bidirectional(new layers.Dense(2) as never),
    ValueError,
    'Please initialize `Bidirectional` layer with a recurrent layer (SimpleRNN, LSTM, GRU). Received: Dense',
  );
  throwsExactly(
    () => new layers.Bidirectional(new layers.LSTM(2), { mergeMode: 'max' as never }),
    ValueError,
    "Invalid value received for argument `mergeMode` of Bidirectional. Expected one of 'concat', 'sum', 'mul', 'ave'. Received: mergeMode=\"max\"",
  );
  throwsExactly(
    () => new layers.Bidirectional(new layers.LSTM(2), { backwardLayer: new layers.LSTM(2) }),
    ValueError,
    'Forward layer and backward layer should have different `goBackwards` value. Received: forwardLayer.goBackwards=false, backwardLayer.goBackwards=false',
  );
  throwsExactly(
    () =>
      new layers.Bidirectional(new layers.LSTM(2), {
        backwardLayer: new layers.LSTM(2, { goBackwards: true, returnSequences: true }),
      }),
    ValueError,
    'Forward layer and backward layer are expected to have the same value for attribute "returnSequences", got "false" for forward layer and "true" for backward layer',
  );
  const lstm = new layers.LSTM(2, { name: 'l' });
  throwsExactly(
    () => lstm.apply(Input({ shape: [4] })),
    ShapeError,
    'Layer "l" needs inputs of shape (batch, timesteps, features) with known features. Received: (None, 4)',
  );
  tidy(() => {
    lstm.apply(ones([1, 2, 3]));
    throwsExactly(
      () => lstm.apply(ones([1, 2, 4])),
      ShapeError,
      'Input 0 of layer "l" is incompatible with the layer: expected shape=(None, None, 3), found shape=(1, 2, 4)',
    );
  });
});

describeEachBackend('recurrent layers in models', () => {
  test('symbolic shapes on Input() tensors: last output, sequences, states, Bidirectional merge modes', () => {
    const x = Input({ shape: [7, 5] });
    assert.deepEqual(new layers.LSTM(3).apply(x).shape, [null, 3]);
    assert.deepEqual(new layers.GRU(3, { returnSequences: true }).apply(x).shape, [null, 7, 3]);
    const outs = new layers.LSTM(3, { returnState: true }).applyToList(x) as { shape: unknown }[];
    assert.deepEqual(
      outs.map((o) => o.shape),
      [
        [null, 3],
        [null, 3],
        [null, 3],
      ],
    );
    assert.deepEqual(new layers.Bidirectional(new layers.SimpleRNN(3, { returnSequences: true })).apply(x).shape, [
      null,
      7,
      6,
    ]);
    assert.deepEqual(
      new layers.Bidirectional(new layers.GRU(3), { mergeMode: 'ave' }).apply(Input({ shape: [null, 5] })).shape,
      [null, 3],
    );
  });

  test('returnState: [output, h, c] with output = h; variable lengths and an empty sequence; eager shapes', () => {
    tidy(() => {
      const lstm = new layers.LSTM(2, { returnState: true });
      const [o, h, c] = lstm.applyToList(
        tensor([
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
        ]),
      ) as ReturnType<typeof ones>[];
      assert.deepEqual(o?.dataSync(), h?.dataSync());
      assert.deepEqual(c?.shape, [1, 2]);
      // Timesteps may vary between calls; zero steps leave the zero state.
      assert.deepEqual((lstm.applyToList(ones([3, 9, 2])) as ReturnType<typeof ones>[])[0]?.shape, [3, 2]);
      const seq = new layers.GRU(2, { returnSequences: true });
      assert.deepEqual(seq.apply(zeros([2, 0, 3])).shape, [2, 0, 2]);
      assertClose(new layers.SimpleRNN(2).apply(zeros([2, 0, 3])), [0, 0, 0, 0]);
    });
  });

  test("Bidirectional weights are the forward then the backward layer's; trainable freezes both; regularizers reach the model", () => {
    const bi = new layers.Bidirectional(new layers.LSTM(2, { kernelRegularizer: 'l2' }));
    tidy(() => bi.apply(ones([1, 3, 4])));
    assert.deepEqual(
      bi.weights.map((w) => w.name),
      ['forward_', 'backward_'].flatMap((side) =>
        ['kernel', 'recurrent_kernel', 'bias'].map((w) => `${side}${bi.forwardLayer.name.slice(8)}/${w}`),
      ),
    );
    assert.equal(bi.weights[0]?.name, `${bi.forwardLayer.name}/kernel`);
    assert.equal(bi.weights[3]?.name, `${bi.backwardLayer.name}/kernel`);
    assert.equal(bi.losses.length, 2);
    bi.trainable = false;
    assert.equal(bi.trainableWeights.length, 0);
    assert.equal(bi.forwardLayer.trainable, false);
    bi.dispose();
  });

  test('a Sequential LSTM classifier with dropout trains: the loss falls', async () => {
    setRandomSeed(2);
    const n = 64;
    const xs = Array.from({ length: n }, (_, i) =>
      Array.from({ length: 6 }, (_, t) => [Math.sin(i * 0.7 + t * (i % 2 ? 0.9 : 0.2)), (i % 2) - 0.5]),
    );
    const x = tensor(xs);
    const y = tensor(
      Array.from({ length: n }, (_, i) => [i % 2]),
      [n, 1],
    );
    const model = new Sequential({
      layers: [
        Input({ shape: [6, 2] }),
        new layers.LSTM(8, { dropout: 0.1, recurrentDropout: 0.1, seed: 3 }),
        new layers.Dense(1, { activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const history = await model.fit(x, y, { epochs: 15, batchSize: 16, verbose: 0 });
    const loss = history.history.loss as number[];
    assert.ok((loss[14] as number) < (loss[0] as number) * 0.9, `loss ${loss[0]} → ${loss[14]}`);
    // And inside a functional model, Bidirectional with a Dense front.
    const inp = Input({ shape: [6, 2] });
    const out = new layers.Dense(1).apply(
      new layers.Bidirectional(new layers.GRU(3)).apply(new layers.Dense(4).apply(inp)),
    );
    const fm = new Model({ inputs: inp, outputs: out });
    fm.compile({ optimizer: 'sgd', loss: 'mse' });
    const h2 = await fm.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0 });
    assert.equal((h2.history.loss as number[]).length, 2);
    x.dispose();
    y.dispose();
    model.dispose();
    fm.dispose();
  });
});
