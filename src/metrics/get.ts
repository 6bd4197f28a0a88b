/**
 * Resolving the metrics of `compile({ metrics })`: a name, a Metric, or a per-sample function; and
 * rebuilding a saved metric from `{ className, config }`.
 */

import { ClassRegistry, type ConfigDict, type SerializedObject, toCamelCase } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import { AutoAccuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy } from './accuracy.js';
import { AUC, Precision, Recall } from './confusion.js';
import { MeanMetricWrapper, Metric, type MetricFunction } from './metric.js';
import { MeanAbsoluteError, MeanSquaredError } from './regression.js';

/** The built-in metric classes by class name. */
const CLASSES: Readonly<Record<string, new (config: ConfigDict) => Metric>> = {
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  AutoAccuracy,
  MeanSquaredError,
  MeanAbsoluteError,
  Precision,
  Recall,
  AUC,
};

/** Metric class name → factory from a config. Loading a model looks metrics up here; nothing is executed. */
export const metricRegistry = new ClassRegistry<Metric>('metric');
for (const [name, MetricClass] of Object.entries(CLASSES)) {
  metricRegistry.register(name, (config) => new MetricClass(config));
}

/** Keras's string identifiers → class name; each is also accepted in camelCase, as is each class name. */
const ALIASES: Readonly<Record<string, string>> = {
  binary_accuracy: 'BinaryAccuracy',
  categorical_accuracy: 'CategoricalAccuracy',
  sparse_categorical_accuracy: 'SparseCategoricalAccuracy',
  mse: 'MeanSquaredError',
  mean_squared_error: 'MeanSquaredError',
  mae: 'MeanAbsoluteError',
  mean_absolute_error: 'MeanAbsoluteError',
  precision: 'Precision',
  recall: 'Recall',
  auc: 'AUC',
  MSE: 'MeanSquaredError',
  MAE: 'MeanAbsoluteError',
};

const NAMES: ReadonlyMap<string, string> = new Map([
  ...Object.entries(ALIASES),
  ...Object.entries(ALIASES).map(([k, v]) => [toCamelCase(k), v] as [string, string]),
  ...metricRegistry.names().map((n) => [n, n] as [string, string]),
]);

/** The accuracy each crossentropy calls for (the resolved loss's class name → metric class). */
const ACCURACY_FOR_LOSS: Readonly<Record<string, new (config: ConfigDict) => Metric>> = {
  BinaryCrossentropy: BinaryAccuracy,
  CategoricalCrossentropy: CategoricalAccuracy,
  SparseCategoricalCrossentropy: SparseCategoricalAccuracy,
};

/** Every string {@link getMetric} accepts. */
export function metricNames(): string[] {
  return ['accuracy', 'acc', ...NAMES.keys()];
}

/** What `compile({ metrics })` accepts for one metric. */
export type MetricIdentifier = string | Metric | MetricFunction;

/** What the trainer needs to resolve a metric. */
export interface MetricContext {
  /** The class name of the compiled loss (e.g. `'SparseCategoricalCrossentropy'`). */
  loss?: string;
}

/** A resolved metric and the key it logs under. */
export interface ResolvedMetric {
  name: string;
  metric: Metric;
}

/**
 * The metric an identifier names, and its log key.
 * - `'accuracy'` / `'acc'` (any case) log as `'accuracy'`; the class follows the loss: BinaryCrossentropy →
 *   BinaryAccuracy, CategoricalCrossentropy → CategoricalAccuracy, SparseCategoricalCrossentropy →
 *   SparseCategoricalAccuracy. With any other loss an {@link AutoAccuracy} picks the kind from the shapes
 *   of the first batch by Keras 3's rule (yPred's last axis 1 → binary; yTrue of lower rank or with a last
 *   axis of 1 → sparse; otherwise categorical).
 * - any other string (`'mse'`, `'mean_squared_error'`, `'meanSquaredError'`, `'auc'`, `'Precision'`, …) gives
 *   that class with default options, logged under the string as written (as Keras 3 does).
 * - a Metric is used as is, logged under its `name`; a named function `(yTrue, yPred) => per-sample values`
 *   becomes a {@link MeanMetricWrapper} logged under the function's name.
 *
 * Keras note: Keras 3 picks the accuracy from the shapes alone and logs `'acc'` as `'acc'`; Keras 2 (and
 * TF.js) picked it from the loss. The loss is the better witness — k sigmoid outputs trained with binary
 * crossentropy have labels shaped like one-hot ones, and the shape rule would take an argmax over them —
 * so it is asked first.
 * @throws {ValueError} for an unknown name, an anonymous function or any other value.
 * @example `getMetric('acc', { loss: 'BinaryCrossentropy' })` // { name: 'accuracy', metric: BinaryAccuracy }
 */
export function getMetric(identifier: MetricIdentifier, context: MetricContext = {}): ResolvedMetric {
  if (identifier instanceof Metric) return { name: identifier.name, metric: identifier };
  if (typeof identifier === 'function') {
    if (!identifier.name) {
      throw new ValueError(
        'A metric function needs a name to log under. Expected a named function, or ' +
          'new MeanMetricWrapper(fn, { name }). Received: an anonymous function',
      );
    }
    return { name: identifier.name, metric: new MeanMetricWrapper(identifier, { name: identifier.name }) };
  }
  if (typeof identifier === 'string') {
    const lower = identifier.toLowerCase();
    if (lower === 'accuracy' || lower === 'acc') {
      const name = 'accuracy';
      const AccuracyClass = context.loss === undefined ? undefined : ACCURACY_FOR_LOSS[context.loss];
      return { name, metric: AccuracyClass ? new AccuracyClass({ name }) : new AutoAccuracy({ name }) };
    }
    const className = NAMES.get(identifier);
    if (className !== undefined) {
      return { name: identifier, metric: metricRegistry.deserialize({ className, config: { name: identifier } }) };
    }
  }
  throw new ValueError(
    'Invalid metric identifier. Expected a Metric, a named function (yTrue, yPred) => Tensor, or one of ' +
      `${metricNames().join(', ')}. Received: metric=${describe(identifier)}`,
  );
}

/** `{ className, config }` for saving a metric. */
export function serializeMetric(metric: Metric): SerializedObject {
  return { className: metric.className, config: metric.getConfig() };
}

/**
 * Rebuilds a metric saved by {@link serializeMetric}.
 * @throws {ValueError} for a class name that is not registered (a wrapped function never is).
 */
export function deserializeMetric(obj: SerializedObject): Metric {
  return metricRegistry.deserialize(obj);
}
