import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  mean,
  memory,
  mul,
  ones,
  square,
  sub,
  type Tensor,
  tensor,
  tidy,
  variableGrads,
} from '../../src/index.js';
import { Dense } from '../../src/layers/dense.js';
import { L1, L2 } from '../../src/regularizers/regularizer.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

const total = (losses: Tensor[]): number => losses.reduce((s, t) => s + (t.dataSync()[0] as number), 0);

describeEachBackend('Dense', () => {
  test('golden forward: relu(x·W + b) on a 2×2 input, 2 → 3 units', () => {
    tidy(() => {
      const layer = new Dense(3, { activation: 'relu', inputDim: 2 });
      layer.build([null, 2]);
      layer.setWeights([tensor([1, -1, 0.5, 2, 0.5, -1], [2, 3]), tensor([0.1, -0.2, 0.3])]);
      // row 0: [1, 2]·W = [5, 0, −1.5], + b = [5.1, −0.2, −1.2], relu → [5.1, 0, 0]
      // row 1: [−1, 0.5]·W = [0, 1.25, −1], + b = [0.1, 1.05, −0.7], relu → [0.1, 1.05, 0]
      const y = layer.apply(tensor([1, 2, -1, 0.5], [2, 2]));
      assertClose(y, tensor([5.1, 0, 0, 0.1, 1.05, 0], [2, 3]), { atol: 0, rtol: 1e-6 });
      layer.dispose();
    });
  });

  test('Keras golden: kernel L1(0.01) + activity L2(0.01) on 2·ones([5,5]) gives Σ losses = 5.25', () => {
    tidy(() => {
      const layer = new Dense(5, {
        inputDim: 5,
        kernelInitializer: 'ones',
        kernelRegularizer: new L1(0.01),
        activityRegularizer: new L2(0.01),
      });
      layer.apply(mul(ones([5, 5]), 2));
      // kernel: 0.01·25 = 0.25; activity: every output is 10, 0.01·25·100 = 25, / batch 5 = 5
      const losses = layer.losses;
      assert.equal(losses.length, 2);
      assertClose(losses.map((t) => t.dataSync()[0] as number).sort(), [0.25, 5], { rtol: 1e-6 });
      assertClose(total(losses), 5.25, { rtol: 1e-6 });
      layer.dispose();
    });
  });

  test('the activity penalty is divided by the batch size, recorded in inference calls, and replaced per call', () => {
    tidy(() => {
      const layer = new Dense(2, { kernelInitializer: 'ones', activityRegularizer: new L2(1) });
      assert.deepEqual(layer.losses, []);
      layer.apply(ones([4, 3])); // inference (training omitted): outputs 3, penalty 8·9 / 4 = 18
      assertClose(total(layer.losses), 18, { rtol: 1e-6 });
      layer.apply(ones([2, 3]), { training: false }); // 4·9 / 2 = 18 again: per-sample, independent of batch
      assertClose(total(layer.losses), 18, { rtol: 1e-6 });
      layer.apply(mul(ones([2, 3]), 2), { training: true }); // outputs 6: 4·36 / 2 = 72
      assert.equal(layer.losses.length, 1, 'only the latest call is kept');
      assertClose(total(layer.losses), 72, { rtol: 1e-6 });
      layer.dispose();
    });
  });

  test('weight penalties follow the current weights', () => {
    tidy(() => {
      const layer = new Dense(2, { inputDim: 3, kernelInitializer: 'ones', kernelRegularizer: new L1(0.1) });
      layer.build([null, 3]);
      assertClose(total(layer.losses), 0.6, { rtol: 1e-6 });
      (layer.kernel as NonNullable<Dense['kernel']>).assign(mul(ones([3, 2]), -2));
      assertClose(total(layer.losses), 1.2, { rtol: 1e-6 });
      layer.setWeights([mul(ones([3, 2]), 0.5), tensor([0, 0])]);
      assertClose(total(layer.losses), 0.3, { rtol: 1e-6 });
      layer.dispose();
    });
  });

  test('a frozen layer has no trainable weights and no weight penalty; the activity penalty stays', () => {
    tidy(() => {
      const layer = new Dense(2, {
        kernelInitializer: 'ones',
        kernelRegularizer: new L1(0.1),
        biasRegularizer: new L2(0.1),
        activityRegularizer: new L1(1),
      });
      layer.apply(ones([1, 3]));
      assert.equal(layer.losses.length, 3);
      layer.trainable = false;
      assert.equal(layer.trainable, false);
      assert.deepEqual(layer.trainableWeights, []);
      assert.deepEqual(layer.nonTrainableWeights, layer.weights);
      assert.ok(layer.weights.every((w) => !w.trainable));
      layer.apply(ones([1, 3]));
      assert.equal(layer.losses.length, 1);
      assertClose(total(layer.losses), 6, { rtol: 1e-6 }); // activity only: 2 outputs of 3
      assert.equal(layer.getConfig().trainable, false);
      layer.trainable = true;
      assert.equal(layer.trainableWeights.length, 2);
      assert.equal(layer.losses.length, 3);
      layer.dispose();
    });
    tidy(() => {
      const frozen = new Dense(2, { trainable: false, kernelRegularizer: new L1(0.1) });
      frozen.apply(ones([1, 3]));
      assert.deepEqual(frozen.trainableWeights, []);
      assert.deepEqual(frozen.losses, []);
      frozen.dispose();
    });
  });

  test('by hand, float64: forward → MSE → + L2 penalty → gradient → one SGD step (1e-12)', () => {
    tidy(() => {
      const layer = new Dense(1, { inputDim: 2, dtype: 'float64', kernelRegularizer: new L2(0.1) });
      layer.build([null, 2]);
      const [w0, w1, b] = [0.5, -0.25, 0.1];
      layer.setWeights([tensor([w0, w1], [2, 1], 'float64'), tensor([b], [1], 'float64')]);
      const x = tensor([1, 2, 3, -1], [2, 2], 'float64');
      const target = tensor([1, 0], [2, 1], 'float64');
      // forward
      const p0 = 1 * w0 + 2 * w1 + b; // 0.1
      const p1 = 3 * w0 + -1 * w1 + b; // 1.85
      const mse = ((p0 - 1) ** 2 + (p1 - 0) ** 2) / 2; // 2.11625
      const penalty = 0.1 * (w0 ** 2 + w1 ** 2); // 0.03125
      // gradient: ∂mse/∂p = 2(p − t)/2, ∂/∂W = xᵀ·that + 2·0.1·W, ∂/∂b = Σ
      const d0 = p0 - 1;
      const d1 = p1 - 0;
      const gw0 = 1 * d0 + 3 * d1 + 0.2 * w0; // 4.75
      const gw1 = 2 * d0 + -1 * d1 + 0.2 * w1; // −3.7
      const gb = d0 + d1; // 0.95
      const lr = 0.1;

      const loss = () => {
        const pred = layer.apply(x, { training: true });
        return layer.losses.reduce((acc, t) => add(acc, t), mean(square(sub(pred, target))));
      };
      assertClose(layer.apply(x), tensor([p0, p1], [2, 1], 'float64'), { atol: 1e-12, rtol: 0 });
      const kernel = layer.kernel as NonNullable<Dense['kernel']>;
      const bias = layer.bias as NonNullable<Dense['bias']>;
      const { value, grads } = variableGrads(loss, layer.trainableWeights);
      assert.equal(value.dtype, 'float64');
      assertClose(value, mse + penalty, { atol: 1e-12, rtol: 0 });
      assertClose(value, 2.1475, { atol: 1e-12, rtol: 0 });
      assertClose(grads[kernel.name] as Tensor, [gw0, gw1], { atol: 1e-12, rtol: 0 });
      assertClose(grads[bias.name] as Tensor, [gb], { atol: 1e-12, rtol: 0 });
      assertClose([gw0, gw1, gb], [4.75, -3.7, 0.95], { atol: 1e-12, rtol: 0 });
      for (const v of layer.trainableWeights) v.assign(sub(v, mul(grads[v.name] as Tensor, lr)));
      assertClose(kernel, [w0 - lr * gw0, w1 - lr * gw1], { atol: 1e-12, rtol: 0 });
      assertClose(bias, [b - lr * gb], { atol: 1e-12, rtol: 0 });
      assertClose(kernel, [0.025, 0.12], { atol: 1e-12, rtol: 0 });
      assertClose(bias, [0.005], { atol: 1e-12, rtol: 0 });
      layer.dispose();
    });
  });

  test('new Dense({ units: 3, … }) is new Dense(3, { … })', () => {
    const a = new Dense({ units: 3, activation: 'tanh', useBias: false, name: 'same' });
    const b = new Dense(3, { activation: 'tanh', useBias: false, name: 'same' });
    assert.equal(a.units, 3);
    assert.deepEqual(a.getConfig(), b.getConfig());
    const { name: _a, ...plain } = new Dense({ units: 3 }).getConfig();
    const { name: _b, ...positional } = new Dense(3).getConfig();
    assert.deepEqual(plain, positional);
    assert.equal(plain.units, 3);
    assert.equal(plain.activation, 'linear');
    assert.equal(plain.useBias, true);
  });

  test('rank-3 inputs: the product is taken over the last axis', () => {
    tidy(() => {
      const layer = new Dense(2);
      const xs = Array.from({ length: 2 * 3 * 4 }, (_, i) => (i % 7) - 3);
      const y = layer.apply(tensor(xs, [2, 3, 4]));
      assert.deepEqual(y.shape, [2, 3, 2]);
      assert.deepEqual(layer.computeOutputShape([null, 3, 4]), [null, 3, 2]);
      assert.deepEqual((layer.kernel as Tensor).shape, [4, 2]);
      const w = [1, -1, 0.5, 2, -2, 0, 1, 1];
      layer.setWeights([tensor(w, [4, 2]), tensor([0.5, -0.5])]);
      const expected: number[] = [];
      for (let row = 0; row < 6; row++) {
        for (let u = 0; u < 2; u++) {
          let s = u === 0 ? 0.5 : -0.5;
          for (let k = 0; k < 4; k++) s += (xs[row * 4 + k] as number) * (w[k * 2 + u] as number);
          expected.push(s);
        }
      }
      assertExact(layer.apply(tensor(xs, [2, 3, 4])), expected);
      layer.dispose();
    });
  });

  test('a Dense fixes only the last axis (Keras: InputSpec(min_ndim=2, axes={-1: inputDim}))', () => {
    tidy(() => {
      const layer = new Dense(2);
      layer.apply(ones([2, 3, 4]));
      assert.deepEqual(layer.apply(ones([2, 5, 4])).shape, [2, 5, 2]);
      assert.deepEqual(layer.apply(ones([2, 4])).shape, [2, 2]);
      assert.throws(() => layer.apply(ones([2, 5, 3])), /incompatible/);
      layer.dispose();
    });
  });

  test('useBias: false creates the kernel only and computes x·W', () => {
    tidy(() => {
      const layer = new Dense(2, { useBias: false, kernelInitializer: 'ones', biasRegularizer: new L1(1) });
      const y = layer.apply(tensor([1, 2, 3, 4, 5, 6], [2, 3]));
      assert.equal(layer.weights.length, 1);
      assert.equal(layer.bias, undefined);
      assert.equal(layer.countParams(), 6);
      assertExact(y, [6, 6, 15, 15]);
      assert.equal(layer.getConfig().useBias, false);
      assert.deepEqual(layer.losses, []);
      layer.dispose();
    });
  });

  test("auto names follow Keras: 'dense', 'dense_1', … — unique per layer; an explicit name is kept", () => {
    const a = new Dense(1);
    const b = new Dense(1);
    assert.match(a.name, /^dense(_\d+)?$/);
    assert.match(b.name, /^dense(_\d+)?$/);
    assert.notEqual(a.name, b.name);
    const n = (name: string) => (name === 'dense' ? 0 : Number(name.slice('dense_'.length)));
    assert.equal(n(b.name), n(a.name) + 1, 'consecutive layers get consecutive numbers');
    assert.equal(new Dense(1, { name: 'encoder' }).name, 'encoder');
    tidy(() => {
      const layer = new Dense(1, { name: 'head' });
      layer.build([null, 2]);
      assert.deepEqual(
        layer.weights.map((w) => w.name),
        ['head/kernel', 'head/bias'],
      );
      layer.dispose();
    });
  });

  test('kernelConstraint and biasConstraint are attached to their variables', () => {
    tidy(() => {
      const layer = new Dense(2, { kernelConstraint: 'nonNeg', biasConstraint: (w) => mul(w, 0) });
      const plain = new Dense(2);
      layer.build([null, 2]);
      plain.build([null, 2]);
      const kernelConstraint = (layer.kernel as NonNullable<Dense['kernel']>).constraint;
      const biasConstraint = (layer.bias as NonNullable<Dense['bias']>).constraint;
      assert.equal(typeof kernelConstraint, 'function');
      assertClose((kernelConstraint as (w: Tensor) => Tensor)(tensor([-1, 2, -0.5, 0], [2, 2])), [0, 2, 0, 0]);
      assertClose((biasConstraint as (w: Tensor) => Tensor)(tensor([3, -4])), [0, 0]);
      assert.equal((plain.kernel as NonNullable<Dense['kernel']>).constraint, undefined);
      assert.deepEqual(layer.getConfig().kernelConstraint, { className: 'NonNeg', config: {} });
      layer.dispose();
      plain.dispose();
    });
  });

  test('getWeights returns copies; setWeights casts to the layer dtype', () => {
    tidy(() => {
      const layer = new Dense(2, { kernelInitializer: 'zeros' });
      layer.build([null, 1]);
      const [k] = layer.getWeights();
      layer.setWeights([tensor([[1, 2]], undefined, 'float64'), tensor([3, 4], undefined, 'int32')]);
      assertExact(k as Tensor, [0, 0]); // the copy did not follow the assignment
      assert.deepEqual(
        layer.weights.map((w) => w.dtype),
        ['float32', 'float32'],
      );
      assertExact(layer.apply(tensor([[2]])), [5, 8]);
      layer.dispose();
    });
  });

  test('inputs are cast to the layer dtype; a float64 layer computes in float64', () => {
    tidy(() => {
      const layer = new Dense(1, { dtype: 'float64', kernelInitializer: 'ones' });
      const y = layer.apply(tensor([[0.1, 0.2]]));
      assert.equal(y.dtype, 'float64');
      assert.equal((layer.kernel as Tensor).dtype, 'float64');
      assertClose(y, [Math.fround(0.1) + Math.fround(0.2)], { atol: 1e-15, rtol: 0 });
      layer.dispose();
    });
  });

  test('dispose frees every weight', () => {
    const before = memory().numTensors;
    const layer = new Dense(4, { activityRegularizer: 'l2' });
    tidy(() => {
      layer.apply(ones([2, 3]));
    });
    assert.ok(memory().numTensors > before);
    layer.dispose();
    assert.equal(memory().numTensors, before);
    assert.ok(layer.weights.every((w) => w.isDisposed));
  });
});
