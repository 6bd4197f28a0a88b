// getMetric: every identifier resolves to its class and logs under the string as written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abs, sub, type Tensor, ValueError } from '../../src/index.js';
import {
  AUC,
  BinaryAccuracy,
  CategoricalAccuracy,
  getMetric,
  MeanAbsoluteError,
  MeanMetricWrapper,
  MeanSquaredError,
  metricNames,
  Precision,
  Recall,
  SparseCategoricalAccuracy,
} from '../../src/metrics/index.js';

const EXPECTED: Record<string, unknown> = {
  mse: MeanSquaredError,
  MSE: MeanSquaredError,
  mean_squared_error: MeanSquaredError,
  meanSquaredError: MeanSquaredError,
  mae: MeanAbsoluteError,
  mean_absolute_error: MeanAbsoluteError,
  meanAbsoluteError: MeanAbsoluteError,
  precision: Precision,
  recall: Recall,
  auc: AUC,
  AUC: AUC,
  binary_accuracy: BinaryAccuracy,
  binaryAccuracy: BinaryAccuracy,
  categorical_accuracy: CategoricalAccuracy,
  categoricalAccuracy: CategoricalAccuracy,
  sparse_categorical_accuracy: SparseCategoricalAccuracy,
  sparseCategoricalAccuracy: SparseCategoricalAccuracy,
};

test('every alias resolves to its class and logs under the string as written (Keras 3)', () => {
  for (const [id, cls] of Object.entries(EXPECTED)) {
    const { name, metric } = getMetric(id, { loss: 'MeanSquaredError' });
    assert.equal(metric.constructor, cls, id);
    assert.equal(name, id);
    assert.equal(metric.name, id);
  }
  for (const id of Object.keys(EXPECTED)) assert.ok(metricNames().includes(id), id);
  assert.ok(metricNames().includes('accuracy') && metricNames().includes('acc'));
});

test('a Metric is used as is, under its own name', () => {
  const auc = new AUC({ name: 'roc' });
  const resolved = getMetric(auc);
  assert.equal(resolved.metric, auc);
  assert.equal(resolved.name, 'roc');
});

test('a named function becomes a mean metric named after it; an anonymous one is refused', () => {
  function meanL1(t: Tensor, p: Tensor): Tensor {
    return abs(sub(t, p));
  }
  const { name, metric } = getMetric(meanL1);
  assert.equal(name, 'meanL1');
  assert.ok(metric instanceof MeanMetricWrapper);
  metric.updateState([1, 2], [2, 4]);
  assert.equal(metric.result(), 1.5);
  assert.throws(
    () => getMetric([(t: Tensor) => t][0] as (t: Tensor, p: Tensor) => Tensor),
    /^ValueError: A metric function needs a name to log under\. Expected a named function, or new MeanMetricWrapper\(fn, \{ name \}\)\. Received: an anonymous function$/,
  );
});

test('an unknown identifier is a ValueError listing the valid names', () => {
  assert.throws(
    () => getMetric('accuracyy'),
    (e: unknown) =>
      e instanceof ValueError &&
      /^Invalid metric identifier\. Expected a Metric, a named function \(yTrue, yPred\) => Tensor, or one of accuracy, acc, .*auc.*\. Received: metric="accuracyy"$/.test(
        e.message,
      ),
  );
  assert.throws(() => getMetric(7 as never), /Received: metric=7$/);
});
