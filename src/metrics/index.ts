/**
 * The public `metrics` namespace (Keras's `keras.metrics`): stateful metrics, their per-sample functions,
 * and lookup.
 * @example
 * ```ts
 * import { metrics } from 'dendrite';
 * const auc = new metrics.AUC();
 * auc.updateState(yTrue, yPred);
 * auc.result();
 * ```
 */

export {
  type AccuracyKind,
  AutoAccuracy,
  BinaryAccuracy,
  type BinaryAccuracyOptions,
  binaryAccuracy,
  CategoricalAccuracy,
  categoricalAccuracy,
  inferAccuracyKind,
  SparseCategoricalAccuracy,
  sparseCategoricalAccuracy,
} from './accuracy.js';
export {
  AUC,
  type AUCCurve,
  type AUCOptions,
  type AUCSummationMethod,
  type ConfusionOptions,
  Precision,
  Recall,
} from './confusion.js';
export {
  deserializeMetric,
  getMetric,
  type MetricContext,
  type MetricIdentifier,
  metricNames,
  metricRegistry,
  type ResolvedMetric,
  serializeMetric,
} from './get.js';
export {
  Mean,
  MeanMetricWrapper,
  Metric,
  type MetricFunction,
  type MetricOptions,
  type StatefulMetric,
} from './metric.js';
export { MeanAbsoluteError, MeanSquaredError } from './regression.js';
