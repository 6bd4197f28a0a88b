// The normalization layers' configs (Keras keys, round trip through the registry), their shapes on Input()
// tensors, one training step of a functional model with all three, and every error they raise, pinned.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  constraints,
  Input,
  initializers,
  layers,
  Model,
  optimizers,
  regularizers,
  ShapeError,
  setRandomSeed,
  type Tensor,
  tensor,
  tidy,
  UnknownOptionError,
  ValueError,
} from '../../../src/index.js';
import { modelFromKeras } from '../../../src/io/model-config.js';
import { layerRegistry } from '../../../src/layers/registry.js';
import { describeEachBackend } from '../../util/backends.js';
import { fixture } from './helpers.js';

test('BatchNormalization: Keras defaults and keys in getConfig, and a round trip through the registry', () => {
  const bn = new layers.BatchNormalization({ name: 'bn' });
  assert.deepEqual(bn.getConfig(), {
    name: 'bn',
    trainable: true,
    dtype: 'float32',
    axis: -1,
    momentum: 0.99,
    epsilon: 1e-3,
    center: true,
    scale: true,
    betaInitializer: { className: 'Zeros', config: {} },
    gammaInitializer: { className: 'Ones', config: {} },
    betaRegularizer: null,
    gammaRegularizer: null,
    betaConstraint: null,
    gammaConstraint: null,
    movingMeanInitializer: { className: 'Zeros', config: {} },
    movingVarianceInitializer: { className: 'Ones', config: {} },
  });
  const custom = new layers.BatchNormalization({
    axis: 1,
    momentum: 0.5,
    gammaRegularizer: regularizers.l2(0.1),
    betaConstraint: new constraints.NonNeg(),
    movingVarianceInitializer: new initializers.Constant({ value: 2 }),
  });
  const back = layerRegistry.deserialize({ className: 'BatchNormalization', config: custom.getConfig() });
  assert.deepEqual(back.getConfig(), custom.getConfig());
});

test('LayerNormalization and GroupNormalization: getConfig keys and round trips', () => {
  const ln = new layers.LayerNormalization({ name: 'ln', axis: [1, 2], rmsScaling: true });
  const lc = ln.getConfig();
  assert.deepEqual(lc.axis, [1, 2]);
  assert.equal(lc.rmsScaling, true);
  assert.equal(lc.epsilon, 1e-3);
  assert.deepEqual(Object.keys(lc).sort(), [
    'axis',
    'betaConstraint',
    'betaInitializer',
    'betaRegularizer',
    'center',
    'dtype',
    'epsilon',
    'gammaConstraint',
    'gammaInitializer',
    'gammaRegularizer',
    'name',
    'rmsScaling',
    'scale',
    'trainable',
  ]);
  assert.deepEqual(layerRegistry.deserialize({ className: 'LayerNormalization', config: lc }).getConfig(), lc);
  const gn = new layers.GroupNormalization({ groups: -1, center: false });
  const gc = gn.getConfig();
  assert.equal(gc.groups, -1, 'kept as given, so a rebuilt layer is instance normalization at any width');
  assert.equal(gc.axis, -1);
  assert.deepEqual(layerRegistry.deserialize({ className: 'GroupNormalization', config: gc }).getConfig(), gc);
  assert.equal(new layers.GroupNormalization().groups, 32);
});

test('weights: LayerNormalization γ, β shaped by its axes; rmsScaling has no β; GroupNormalization per channel', () => {
  const ln = new layers.LayerNormalization({ axis: [-1, 1], name: 'ln2' });
  ln.build([null, 3, 5, 4]);
  assert.deepEqual(
    ln.weights.map((w) => [w.name, w.shape]),
    [
      ['ln2/gamma', [3, 4]],
      ['ln2/beta', [3, 4]],
    ],
  );
  const rms = new layers.LayerNormalization({ rmsScaling: true, scale: false, name: 'rms' });
  rms.build([null, 4]);
  assert.deepEqual(
    rms.weights.map((w) => w.name),
    ['rms/gamma'],
  );
  const gn = new layers.GroupNormalization({ groups: 2, axis: 1, name: 'gn' });
  gn.build([null, 6, 5]);
  assert.deepEqual(
    gn.weights.map((w) => [w.name, w.shape]),
    [
      ['gn/gamma', [6]],
      ['gn/beta', [6]],
    ],
  );
  for (const l of [ln, rms, gn]) l.dispose();
});

describeEachBackend('normalization layers on Input() tensors and in a trained functional model', () => {
  test('symbolic calls keep the shape; an axis out of range fails there, in Keras words', () => {
    const x = Input({ shape: [3, 4] });
    for (const layer of [
      new layers.BatchNormalization({ axis: 1 }),
      new layers.LayerNormalization({ axis: [1, 2] }),
      new layers.GroupNormalization({ groups: 2 }),
    ]) {
      assert.deepEqual(layer.apply(x).shape, [null, 3, 4]);
      assert.deepEqual(layer.computeOutputShape([null, 3, 4]), [null, 3, 4]);
    }
    assert.throws(
      () => new layers.BatchNormalization({ axis: 3 }).apply(x),
      new ValueError('Axis 3 is out of bounds for input shape (None, 3, 4). Received: axis=3'),
    );
    assert.throws(
      () => new layers.LayerNormalization({ axis: [1, -4] }).computeOutputShape([null, 3, 4]),
      new ValueError('Axis -4 is out of bounds for input shape (None, 3, 4). Received: axis=[1,-4]'),
    );
  });

  test('one fit of Dense → BatchNormalization → LayerNormalization → GroupNormalization → Dense lowers the loss', async () => {
    setRandomSeed(3);
    const inp = Input({ shape: [4] });
    let h = new layers.Dense(6).apply(inp);
    h = new layers.BatchNormalization().apply(h);
    h = new layers.LayerNormalization().apply(h);
    h = new layers.GroupNormalization({ groups: 3 }).apply(h);
    const model = new Model({ inputs: inp, outputs: new layers.Dense(1).apply(h) });
    model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.05 }), loss: 'mse' });
    const x = tensor(
      Array.from({ length: 32 }, (_, i) => Math.sin(i)),
      [8, 4],
    );
    const y = tensor(
      Array.from({ length: 8 }, (_, i) => Math.cos(i)),
      [8, 1],
    );
    const history = await model.fit(x, y, { epochs: 30, batchSize: 8, verbose: 0 });
    const loss = history.history.loss as number[];
    assert.ok((loss.at(-1) as number) < (loss[0] as number) * 0.8, `loss ${loss[0]} → ${loss.at(-1)}`);
    // gamma and beta of the three layers train; only the two moving statistics do not.
    assert.equal(model.trainableWeights.length, 4 + 2 + 2 + 2);
    assert.deepEqual(
      model.nonTrainableWeights.map((w) => w.name.split('/').pop()),
      ['moving_mean', 'moving_variance'],
    );
    model.dispose();
    x.dispose();
    y.dispose();
  });
});

test('errors, pinned', () => {
  const bad = (f: () => unknown, error: Error) => assert.throws(f, error);
  bad(
    () => new layers.BatchNormalization({ momentum: 1.5 }),
    new ValueError(
      'Invalid value received for argument `momentum` of BatchNormalization. Expected a number in [0, 1]. Received: momentum=1.5',
    ),
  );
  bad(
    () => new layers.BatchNormalization({ epsilon: 0 }),
    new ValueError(
      'Invalid value received for argument `epsilon` of BatchNormalization. Expected a positive finite number. Received: epsilon=0',
    ),
  );
  bad(
    () => new layers.BatchNormalization({ axis: 1.5 }),
    new ValueError(
      'Invalid value received for argument `axis` of BatchNormalization. Expected an integer. Received: axis=1.5',
    ),
  );
  bad(
    () => new layers.BatchNormalization({ center: 'yes' as never }),
    new ValueError(
      'Invalid value received for argument `center` of BatchNormalization. Expected a boolean (true or false). Received: center="yes"',
    ),
  );
  assert.throws(() => new layers.BatchNormalization({ renorm: true } as never), UnknownOptionError);
  assert.throws(() => new layers.BatchNormalization({ moving_mean_initializer: 'zeros' } as never), {
    name: 'UnknownOptionError',
    message: /movingMeanInitializer/,
  });
  assert.throws(() => new layers.BatchNormalization({ gammaInitializer: 'nope' as never }), ValueError);
  bad(
    () => new layers.LayerNormalization({ axis: [] }),
    new ValueError(
      'Invalid value received for argument `axis` of LayerNormalization. Expected an integer or a non-empty list of integers. Received: axis=[]',
    ),
  );
  bad(
    () => new layers.GroupNormalization({ groups: 0 }),
    new ValueError(
      'Invalid value received for argument `groups` of GroupNormalization. Expected a positive integer (or -1 for instance normalization). Received: groups=0',
    ),
  );
  bad(
    () => new layers.GroupNormalization({ groups: 8, name: 'g8' }).build([null, 4]),
    new ValueError('Layer "g8": number of groups (8) cannot be more than the number of channels (4).'),
  );
  bad(
    () => new layers.GroupNormalization({ groups: 3, name: 'g3' }).build([null, 4]),
    new ValueError('Layer "g3": number of groups (3) must divide the number of channels (4).'),
  );
  bad(
    () => new layers.BatchNormalization({ name: 'bnu' }).build([null, null]),
    new ValueError(
      'Axis 1 of input tensor should have a defined dimension but the layer "bnu" received an input with shape (None, None).',
    ),
  );
  tidy(() => {
    const bn = new layers.BatchNormalization({ name: 'bn3' });
    bn.apply(tensor([[1, 2, 3]]));
    bad(
      () => bn.apply(tensor([[1, 2]])),
      new ShapeError(
        'Input 0 of layer "bn3" is incompatible with the layer: expected rank 2 with axis -1 of size 3, but received input with shape (1, 2)',
      ),
    );
    bad(
      () => bn.apply(tensor([[[1, 2, 3]]])),
      new ShapeError(
        'Input 0 of layer "bn3" is incompatible with the layer: expected rank 2 with axis -1 of size 3, but received input with shape (1, 1, 3)',
      ),
    );
    const t: Tensor = bn.apply(tensor([[4, 5, 6]]));
    assert.deepEqual(t.shape, [1, 3]);
    bn.dispose();
  });
});

test("Keras 3's to_json of the three layers loads, renorm and synchronized off, with the options it holds", () => {
  const model = modelFromKeras(fixture.keras_json, { compile: false }, (path, detail) => {
    throw new Error(`${path}: ${detail}`);
  });
  const [bn, ln, gn] = model.layers.map((l) => l.getConfig());
  assert.deepEqual([bn?.axis, bn?.momentum, bn?.center, bn?.scale], [1, 0.9, false, true]);
  assert.deepEqual([ln?.axis, ln?.epsilon, ln?.rmsScaling], [[1, 2], 1e-5, false]);
  assert.deepEqual([gn?.groups, gn?.scale], [2, false]);
  assert.deepEqual(
    model.weights.map((w) => [w.name.split('/').pop(), w.shape]),
    [
      ['gamma', [3]],
      ['moving_mean', [3]],
      ['moving_variance', [3]],
      ['gamma', [3, 4]],
      ['beta', [3, 4]],
      ['beta', [4]],
    ],
  );
  model.dispose();
});
