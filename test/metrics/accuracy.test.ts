// Accuracy metrics: the three kinds, weighted accumulation, and which kind 'accuracy' resolves to.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ShapeError, type Tensor, tensor } from '../../src/index.js';
import {
  AutoAccuracy,
  BinaryAccuracy,
  binaryAccuracy,
  CategoricalAccuracy,
  categoricalAccuracy,
  getMetric,
  inferAccuracyKind,
  SparseCategoricalAccuracy,
  sparseCategoricalAccuracy,
} from '../../src/metrics/index.js';

const f64 = (values: number[], shape: number[]): Tensor => tensor(values, shape, 'float64');
const near = (actual: number, expected: number): void => {
  assert.ok(Math.abs(actual - expected) <= 1e-12, `expected ${expected}, got ${actual}`);
};
const values = (t: Tensor): number[] => Array.from(t.dataSync());

describe('the accuracy functions', () => {
  test('binaryAccuracy: strictly above the threshold counts as 1, elementwise', () => {
    const r = binaryAccuracy(f64([1, 0, 1, 0], [2, 2]), f64([0.5, 0.5, 0.51, 0.2], [2, 2]));
    assert.deepEqual(r.shape, [2, 2]);
    assert.deepEqual(values(r), [0, 1, 1, 1]);
    assert.deepEqual(values(binaryAccuracy([1, 0], [0.5, 0.5], { threshold: 0.3 })), [1, 0]);
  });

  test('categoricalAccuracy: argmax equality per sample', () => {
    const r = categoricalAccuracy(f64([0, 1, 0, 1, 0, 0], [2, 3]), f64([0.2, 0.7, 0.1, 0.3, 0.4, 0.3], [2, 3]));
    assert.deepEqual(r.shape, [2]);
    assert.deepEqual(values(r), [1, 0]);
  });

  test('sparseCategoricalAccuracy: labels [n], [n, 1], int or float', () => {
    const p = f64([0.2, 0.7, 0.1, 0.3, 0.4, 0.3], [2, 3]);
    for (const labels of [tensor([1, 0], [2], 'int32'), tensor([1, 0], [2, 1], 'int32'), f64([1, 0], [2])]) {
      const r = sparseCategoricalAccuracy(labels, p);
      assert.deepEqual(r.shape, [2]);
      assert.deepEqual(values(r), [1, 0]);
    }
  });

  test('shapes that do not pair up are ShapeErrors naming the metric', () => {
    assert.throws(
      () => categoricalAccuracy(f64([0, 1], [1, 2]), f64([0, 1, 0], [1, 3])),
      (e: unknown) =>
        e instanceof ShapeError &&
        e.message ===
          'categoricalAccuracy: `yTrue` and `yPred` must have one shape of rank ≥ 1. Received: yTrue.shape=[1,2], yPred.shape=[1,3]',
    );
    assert.throws(
      () => sparseCategoricalAccuracy([0, 1, 2], f64([0, 1, 0, 1], [2, 2])),
      /sparseCategoricalAccuracy: .*yTrue\.shape=\[3\], yPred\.shape=\[2,2\]/,
    );
    assert.throws(() => binaryAccuracy(f64([0, 1], [2]), f64([0, 1, 0], [3])), /binaryAccuracy: .*the same shape/);
  });
});

describe('the accuracy metrics accumulate Σ w·correct / Σ w', () => {
  test('BinaryAccuracy across weighted updates, then reset', () => {
    const m = new BinaryAccuracy();
    assert.equal(m.name, 'binary_accuracy');
    // batch 1: correct [1, 0, 1], weights [1, 2, 3]
    m.updateState(f64([1, 1, 0], [3, 1]), f64([0.9, 0.4, 0.1], [3, 1]), [1, 2, 3]);
    // batch 2: correct [0], weight 4
    m.updateState(f64([0], [1, 1]), f64([0.8], [1, 1]), [4]);
    near(m.result(), (1 * 1 + 0 * 2 + 1 * 3 + 0 * 4) / (1 + 2 + 3 + 4));
    m.resetState();
    assert.equal(m.result(), 0);
    m.updateState([1], [0.6]);
    near(m.result(), 1);
  });

  test('BinaryAccuracy on multi-label outputs averages each sample’s labels', () => {
    const m = new BinaryAccuracy({ threshold: 0.4 });
    // sample 0: [1, 1] correct → 1; sample 1: [1, 0] correct → 0.5
    m.updateState(f64([1, 0, 1, 1], [2, 2]), f64([0.5, 0.3, 0.45, 0.2], [2, 2]), [1, 3]);
    near(m.result(), (1 * 1 + 0.5 * 3) / 4);
  });

  test('CategoricalAccuracy and SparseCategoricalAccuracy agree on the same predictions', () => {
    const p = f64([0.2, 0.7, 0.1, 0.3, 0.4, 0.3, 0.6, 0.3, 0.1], [3, 3]);
    const cat = new CategoricalAccuracy();
    const sparse = new SparseCategoricalAccuracy();
    cat.updateState(f64([0, 1, 0, 1, 0, 0, 1, 0, 0], [3, 3]), p, [1, 1, 2]);
    sparse.updateState([1, 0, 0], p, [1, 1, 2]);
    near(cat.result(), (1 + 0 + 2) / 4);
    near(sparse.result(), (1 + 0 + 2) / 4);
    assert.equal(cat.name, 'categorical_accuracy');
    assert.equal(sparse.name, 'sparse_categorical_accuracy');
  });
});

describe("'accuracy' resolves from the loss, else from the shapes", () => {
  test('from each crossentropy', () => {
    const cases: [string, unknown][] = [
      ['BinaryCrossentropy', BinaryAccuracy],
      ['CategoricalCrossentropy', CategoricalAccuracy],
      ['SparseCategoricalCrossentropy', SparseCategoricalAccuracy],
    ];
    for (const [loss, cls] of cases) {
      for (const id of ['accuracy', 'acc', 'Accuracy']) {
        const { name, metric } = getMetric(id, { loss });
        assert.equal(name, 'accuracy');
        assert.equal(metric.name, 'accuracy');
        assert.equal(metric.constructor, cls, `${id} with ${loss}`);
      }
    }
  });

  test('the loss wins over the shapes: k sigmoid outputs with binary crossentropy get binary accuracy', () => {
    const { metric } = getMetric('accuracy', { loss: 'BinaryCrossentropy' });
    // shaped like one-hot labels, but each column is its own yes/no: 3 of 4 right, not 1 of 2 argmaxes
    metric.updateState(f64([1, 1, 0, 1], [2, 2]), f64([0.9, 0.8, 0.2, 0.3], [2, 2]));
    near(metric.result(), 3 / 4);
  });

  test('with another loss or none, an AutoAccuracy decides at the first update (Keras 3’s shape rule)', () => {
    const cases: [number[], number[], string][] = [
      [[4, 1], [4, 1], 'binary'],
      [[4], [4, 1], 'binary'],
      [[4], [4], 'binary'],
      [[4], [4, 3], 'sparse_categorical'],
      [[4, 1], [4, 3], 'sparse_categorical'],
      [[4, 3], [4, 3], 'categorical'],
    ];
    for (const [t, p, kind] of cases) {
      assert.equal(inferAccuracyKind(t, p), kind, `${t} / ${p}`);
    }
    for (const loss of [undefined, 'MeanSquaredError', 'LossFunctionWrapper']) {
      const { name, metric } = getMetric('acc', loss === undefined ? {} : { loss });
      assert.equal(name, 'accuracy');
      assert.ok(metric instanceof AutoAccuracy);
      assert.equal(metric.kind, undefined);
    }
  });

  test('AutoAccuracy computes the chosen kind, and keeps it across resets', () => {
    const sparse = new AutoAccuracy();
    sparse.updateState([2, 0], f64([0.1, 0.2, 0.7, 0.5, 0.4, 0.1], [2, 3]), [3, 1]);
    assert.equal(sparse.kind, 'sparse_categorical');
    near(sparse.result(), 1);
    sparse.resetState();
    assert.equal(sparse.kind, 'sparse_categorical');
    assert.equal(sparse.result(), 0);

    const binary = new AutoAccuracy();
    binary.updateState(f64([1, 0, 1], [3, 1]), f64([0.7, 0.6, 0.2], [3, 1]));
    assert.equal(binary.kind, 'binary');
    near(binary.result(), 1 / 3);

    const categorical = new AutoAccuracy();
    categorical.updateState(f64([0, 1, 1, 0], [2, 2]), f64([0.4, 0.6, 0.3, 0.7], [2, 2]));
    assert.equal(categorical.kind, 'categorical');
    near(categorical.result(), 1 / 2);
  });

  test('shapes that fit no kind are a ShapeError, and the choice waits for a batch that fits', () => {
    const m = new AutoAccuracy();
    assert.throws(
      () => m.updateState(f64([0, 1, 0, 1], [2, 2]), f64([0, 1, 0, 0, 1, 0], [2, 3])),
      /^ShapeError: accuracy: cannot tell which accuracy the labels call for\..*Received: yTrue\.shape=\[2,2\], yPred\.shape=\[2,3\]$/,
    );
    assert.equal(m.kind, undefined);
  });
});
