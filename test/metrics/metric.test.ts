// Mean, MeanMetricWrapper and the regression metrics: weighted accumulation across updates, reset, memory.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { abs, memory, ShapeError, sub, type Tensor, tensor, ValueError } from '../../src/index.js';
import { Mean, MeanAbsoluteError, MeanMetricWrapper, MeanSquaredError } from '../../src/metrics/index.js';

const f64 = (values: number[], shape: number[]): Tensor => tensor(values, shape, 'float64');
const near = (actual: number, expected: number): void => {
  assert.ok(
    Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
    `expected ${expected}, got ${actual}`,
  );
};

describe('Mean', () => {
  test('update(value, weight): Σ v·w / Σ w across calls; 0 before any; reset forgets', () => {
    const m = new Mean({ name: 'loss' });
    assert.equal(m.name, 'loss');
    assert.equal(m.result(), 0);
    m.update(1, 1);
    m.update(3, 2);
    m.update(5, 0);
    near(m.result(), (1 * 1 + 3 * 2 + 5 * 0) / (1 + 2 + 0));
    m.update(2); // weight 1 by default
    near(m.result(), (1 + 6 + 0 + 2) / 4);
    m.resetState();
    assert.equal(m.result(), 0);
    m.update(7, 3);
    near(m.result(), 7);
  });

  test('updateState(values, sampleWeight): Keras’s example [1, 3, 5, 7] with [1, 1, 0, 0] → 2', () => {
    const m = new Mean();
    m.updateState([1, 3, 5, 7]);
    near(m.result(), 4);
    m.resetState();
    m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    near(m.result(), 2);
    // a second batch: total 1 + 3 + 9·2 = 22, count 2 + 2
    m.updateState([9], [2]);
    near(m.result(), 22 / 4);
  });

  test('values [n, k] with weights [n]: each sample’s mean, weighted', () => {
    const m = new Mean();
    m.updateState(f64([1, 3, 10, 20], [2, 2]), [3, 1]);
    near(m.result(), (3 * 2 + 1 * 15) / 4);
  });

  test('values [n, k] without weights: each of the n samples counts 1', () => {
    const m = new Mean();
    m.updateState(f64([1, 3, 10, 20], [2, 2]));
    m.updateState(f64([4, 4], [1, 2]));
    near(m.result(), (2 + 15 + 4) / 3);
  });

  test('weights that cannot weigh the values are a ShapeError', () => {
    assert.throws(
      () => new Mean().updateState([1, 2, 3], [1, 2]),
      (e: unknown) => e instanceof ShapeError && /sampleWeight\.shape=\[2\]/.test(e.message),
    );
  });

  test('update rejects non-numbers', () => {
    assert.throws(
      () => new Mean().update('1' as never),
      /^ValueError: Mean\.update: `value` and `weight` must be numbers\. Received: value="1", weight=1$/,
    );
  });
});

describe('MeanSquaredError / MeanAbsoluteError metrics', () => {
  test('weighted per-sample means accumulate across updates; reset starts over', () => {
    const mse = new MeanSquaredError();
    const mae = new MeanAbsoluteError();
    assert.equal(mse.name, 'mean_squared_error');
    assert.equal(mae.name, 'mean_absolute_error');
    // batch 1: differences [1, 0] and [0, 2] → mse [0.5, 2], mae [0.5, 1], weights [1, 3]
    for (const m of [mse, mae]) m.updateState(f64([0, 1, 2, 2], [2, 2]), f64([1, 1, 2, 4], [2, 2]), [1, 3]);
    // batch 2: differences [3, 1] → mse [5], mae [2], weight 2
    for (const m of [mse, mae]) m.updateState(f64([1, 1], [1, 2]), f64([4, 2], [1, 2]), [2]);
    near(mse.result(), (0.5 * 1 + 2 * 3 + 5 * 2) / (1 + 3 + 2));
    near(mae.result(), (0.5 * 1 + 1 * 3 + 2 * 2) / (1 + 3 + 2));
    mse.resetState();
    assert.equal(mse.result(), 0);
    mse.updateState(f64([0], [1, 1]), f64([3], [1, 1]));
    near(mse.result(), 9);
  });

  test('zero weights leave samples out; all-zero weights give 0', () => {
    const m = new MeanSquaredError();
    m.updateState(f64([0, 0], [2, 1]), f64([1, 100], [2, 1]), [1, 0]);
    near(m.result(), 1);
    m.resetState();
    m.updateState(f64([0, 0], [2, 1]), f64([1, 100], [2, 1]), [0, 0]);
    assert.equal(m.result(), 0);
  });

  test('updates keep their sums on the backend until result() reads them; then no tensor is held', () => {
    const m = new MeanSquaredError();
    const t = f64([0, 1], [1, 2]);
    const p = f64([1, 1], [1, 2]);
    const before = memory().numTensors;
    m.updateState(t, p, [2]);
    m.updateState([[0, 1]], [[1, 1]]);
    // Σw·v and Σw of the weighted batch, Σv of the unweighted one (its count is known without the backend).
    assert.equal(memory().numTensors, before + 3);
    assert.equal(m.result(), (2 * 0.5 + 0.5) / 3);
    assert.equal(memory().numTensors, before);
    m.updateState(t, p);
    m.resetState();
    assert.equal(memory().numTensors, before, 'a reset frees what was pending');
  });
});

describe('MeanMetricWrapper', () => {
  test('is named after its function and averages it', () => {
    function l1(t: Tensor, p: Tensor): Tensor {
      return abs(sub(t, p));
    }
    const m = new MeanMetricWrapper(l1);
    assert.equal(m.name, 'l1');
    m.updateState([1, 2], [2, 5], [1, 1]);
    near(m.result(), (1 + 3) / 2);
  });

  test('a non-function is a ValueError', () => {
    assert.throws(() => new MeanMetricWrapper(3 as never), ValueError);
  });
});
