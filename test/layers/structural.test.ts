import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memory, ones, type Tensor, tensor, tidy, zeros } from '../../src/index.js';
import { Dense } from '../../src/layers/dense.js';
import { Dropout } from '../../src/layers/dropout.js';
import { Activation, ActivityRegularization, Flatten, Input, InputLayer } from '../../src/layers/structural.js';
import { SymbolicTensor } from '../../src/layers/symbolic-tensor.js';
import { L1 } from '../../src/regularizers/regularizer.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

const total = (losses: Tensor[]): number => losses.reduce((s, t) => s + (t.dataSync()[0] as number), 0);

describeEachBackend('structural layers and the Layer base', () => {
  test('Activation applies the named function; snake_case names resolve to camelCase in the config', () => {
    tidy(() => {
      const x = tensor([-2, -0.5, 0, 1.5]);
      assertExact(new Activation('relu').apply(x), [0, 0, 0, 1.5]);
      assertClose(new Activation('tanh').apply(x), x.dataSync().map(Math.tanh), { rtol: 1e-6 });
      assertClose(
        new Activation({ activation: 'sigmoid' }).apply(x),
        x.dataSync().map((v) => 1 / (1 + Math.exp(-v))),
        {
          rtol: 1e-6,
        },
      );
      const leaky = new Activation('leaky_relu');
      assert.equal(leaky.getConfig().activation, 'leakyRelu');
      assertClose(leaky.apply(x), [-0.4, -0.1, 0, 1.5], { rtol: 1e-6 }); // Keras's default slope 0.2
      const softmax = new Activation('softmax').apply(
        tensor([
          [1, 2, 3],
          [0, 0, 0],
        ]),
      );
      assertClose(softmax.dataSync().slice(3), [1 / 3, 1 / 3, 1 / 3], { rtol: 1e-6 });
      assertExact(new Activation((t: Tensor) => t).apply(x), x);
    });
  });

  test('Flatten: [batch, d1, d2, …] → [batch, d1·d2·…], row-major order kept', () => {
    tidy(() => {
      const values = Array.from({ length: 24 }, (_, i) => i);
      const y = new Flatten().apply(tensor(values, [2, 3, 4]));
      assert.deepEqual(y.shape, [2, 12]);
      assertExact(y, values);
      assert.deepEqual(new Flatten().computeOutputShape([null, 3, 4]), [null, 12]);
      assert.deepEqual(new Flatten().computeOutputShape([5, 2, 3, 2]), [5, 12]);
      assert.deepEqual(new Flatten().apply(ones([3, 4])).shape, [3, 4]);
      assert.deepEqual(new Flatten().apply(ones([4])).shape, [4, 1]);
    });
  });

  test('Flatten of an empty batch gives [0, d1·d2·…]', () => {
    tidy(() => {
      assert.deepEqual(new Flatten().apply(zeros([0, 3, 4])).shape, [0, 12]);
    });
  });

  test('ActivityRegularization passes x through and adds (l1·Σ|x| + l2·Σx²) / batch', () => {
    tidy(() => {
      const layer = new ActivityRegularization({ l1: 0.1, l2: 0.01 });
      const x = tensor([1, -2, 3, -4], [2, 2]);
      assertExact(layer.apply(x), x);
      // (0.1·10 + 0.01·30) / 2 = 0.65
      assertClose(total(layer.losses), 0.65, { rtol: 1e-6 });
      assert.equal(layer.l1, 0.1);
      assert.equal(layer.l2, 0.01);
      const config = layer.getConfig();
      assert.equal(config.l1, 0.1);
      assert.equal(config.l2, 0.01);
      assert.equal('activityRegularizer' in config, false, 'l1 and l2 say it all');
      assert.deepEqual(new ActivityRegularization().losses, []);
      const none = new ActivityRegularization();
      none.apply(x);
      assertClose(total(none.losses), 0);
    });
  });

  test('InputLayer and Input declare the shape and pass data through', () => {
    tidy(() => {
      const a = new InputLayer({ shape: [784] });
      assert.deepEqual(a.batchInputShape, [null, 784]);
      assert.equal(a.className, 'InputLayer');
      const b = Input({ shape: [3, 4], batchSize: 8, name: 'images' });
      assert.ok(b instanceof SymbolicTensor);
      assert.deepEqual(b.shape, [8, 3, 4]);
      assert.ok(b.history.layer instanceof InputLayer);
      assert.equal(b.history.layer.name, 'images');
      assert.deepEqual(b.history.layer.batchInputShape, [8, 3, 4]);
      assert.deepEqual(new InputLayer({ inputDim: 5 }).batchInputShape, [null, 5]);
      assert.deepEqual(new InputLayer({ batchInputShape: [2, 3] }).batchInputShape, [2, 3]);
      const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
      const layer = new InputLayer({ shape: [3] });
      assertExact(layer.apply(x), x);
      assert.deepEqual(layer.getConfig().batchInputShape, [null, 3]);
      assert.throws(() => layer.apply(ones([2, 4])), /expected shape=\(None, 3\), found shape=\(2, 4\)/);
    });
  });

  test('declared input shapes: inputShape, batchSize, inputDim, batchInputShape; kept in the config', () => {
    assert.deepEqual(new Dense(1, { inputShape: [4, 5] }).batchInputShape, [null, 4, 5]);
    assert.deepEqual(new Dense(1, { inputShape: [4], batchSize: 32 }).batchInputShape, [32, 4]);
    assert.deepEqual(new Dense(1, { inputDim: 7 }).batchInputShape, [null, 7]);
    assert.deepEqual(new Dense(1, { batchInputShape: [null, 3, 2], inputShape: [9] }).batchInputShape, [null, 3, 2]);
    assert.equal(new Dense(1).batchInputShape, undefined);
    const shape = [null, 6];
    const layer = new Dropout(0.5, { batchInputShape: shape });
    shape[1] = 99;
    assert.deepEqual(layer.getConfig().batchInputShape, [null, 6], 'the layer keeps its own copy');
    assert.deepEqual(new Dropout(layer.getConfig() as { rate: number }).batchInputShape, [null, 6]);
    assert.equal('batchInputShape' in new Dense(1).getConfig(), false);
  });

  test('trainable can be toggled before the build; the flag reaches the variables created later', () => {
    tidy(() => {
      const layer = new Dense(2, { kernelRegularizer: new L1(0.1) });
      layer.trainable = false;
      layer.apply(ones([1, 3]));
      assert.equal(layer.trainableWeights.length, 0);
      assert.equal(layer.nonTrainableWeights.length, 2);
      assert.deepEqual(layer.losses, []);
      layer.trainable = true;
      assert.equal(layer.trainableWeights.length, 2);
      assert.ok(layer.trainableWeights.every((w) => w.trainable));
      layer.dispose();
    });
  });

  test('the activity penalty of the last call survives the caller’s tidy and is freed by the next call', () => {
    const layer = new Dense(2, { activityRegularizer: new L1(1), kernelInitializer: 'ones' });
    tidy(() => {
      layer.apply(ones([2, 3]));
    });
    const [penalty] = layer.losses;
    assertClose(penalty as Tensor, 6); // 4 outputs of 3, / 2
    const count = memory().numTensors;
    tidy(() => {
      layer.apply(ones([1, 3]));
    });
    assert.equal(memory().numTensors, count, 'the new penalty replaced the old one');
    assert.ok((penalty as Tensor).isDisposed);
    assertClose(total(layer.losses), 6);
    layer.dispose();
  });

  test('the activity regularizer is part of the config and survives the round trip', () => {
    const layer = new Dropout(0.5, { activityRegularizer: 'l1' });
    assert.deepEqual(layer.getConfig().activityRegularizer, { className: 'L1', config: { l1: 0.01 } });
    const copy = new Dropout(layer.getConfig() as { rate: number });
    assert.equal(copy.activityRegularizer?.className, 'L1');
    assert.deepEqual(copy.getConfig(), layer.getConfig());
  });
});
