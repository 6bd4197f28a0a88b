/**
 * Accuracy metrics: the fraction of predictions that match their labels, Σ w·correct / Σ w over every
 * sample since the reset. Three readings of "match": thresholded probabilities (binary), argmax against a
 * one-hot label (categorical) and argmax against an integer label (sparse categorical).
 */

import { tidy } from '../core/api.js';
import { ShapeError } from '../core/errors.js';
import { formatShape, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { checkKeys, matchedPair, numberOption, shapeMismatch, toFloat } from '../losses/utils.js';
import { equal, greater } from '../ops/compare.js';
import { convertToTensor, type TensorLike } from '../ops/convert.js';
import { argMax } from '../ops/reduction.js';
import { squeeze } from '../ops/shape.js';
import { cast } from '../ops/unary.js';
import { MeanMetricWrapper, Metric, type MetricOptions } from './metric.js';

/** Options of {@link binaryAccuracy} and {@link BinaryAccuracy}. */
export interface BinaryAccuracyOptions {
  /** A prediction above `threshold` (strictly) counts as 1. In [0, 1]; default 0.5. */
  threshold?: number;
}

/**
 * binaryAccuracy = [ (yPred > threshold) == yTrue ] elementwise, as float32 1/0 of the labels' shape.
 * NOTE: like Keras 3, the result is per element, not per sample: the metric averages each sample's
 * elements, and weights of the labels' full shape weigh single elements.
 * @throws {ShapeError} when the shapes differ (after lining up [n] with [n, 1]).
 * @example `binaryAccuracy([[1], [0]], [[0.7], [0.6]])` // [[1], [0]]
 */
export function binaryAccuracy(yTrue: TensorLike, yPred: TensorLike, options: BinaryAccuracyOptions = {}): Tensor {
  const op = 'binaryAccuracy';
  checkKeys(op, options, ['threshold']);
  const threshold = numberOption(op, 'threshold', options.threshold, 0.5, 0, 1);
  return tidy(op, () => {
    const [t, p] = matchedPair(yTrue, yPred, op);
    return cast(equal(t, cast(greater(p, threshold), t.dtype)), 'float32');
  });
}

/**
 * categoricalAccuracy = [ argmax(yTrue) == argmax(yPred) ] over the last axis: 1/0 per sample (float32,
 * the batch shape). Ties go to the first maximum, as argMax does.
 * @throws {ShapeError} unless the labels and predictions have one shape of rank ≥ 1.
 * @example `categoricalAccuracy([[0, 1], [1, 0]], [[0.2, 0.8], [0.3, 0.7]])` // [1, 0]
 */
export function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const op = 'categoricalAccuracy';
  return tidy(op, () => {
    const t = convertToTensor(yTrue, 'yTrue', op);
    const p = convertToTensor(yPred, 'yPred', op);
    if (p.rank === 0 || !shapesEqual(t.shape, p.shape))
      throw shapeMismatch(op, t.shape, p.shape, 'one shape of rank ≥ 1');
    return cast(equal(argMax(t, -1), argMax(p, -1)), 'float32');
  });
}

/**
 * sparseCategoricalAccuracy = [ yTrue == argmax(yPred) ] over the last axis: 1/0 per sample (float32, the
 * batch shape S). `yTrue` holds integer labels of shape S or S + [1]; `yPred` has shape S + [numClasses].
 * @throws {ShapeError} when the shapes do not pair up.
 * @example `sparseCategoricalAccuracy([1, 0], [[0.2, 0.8], [0.3, 0.7]])` // [1, 0]
 */
export function sparseCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const op = 'sparseCategoricalAccuracy';
  return tidy(op, () => {
    const p = toFloat(yPred, 'yPred', op);
    const t0 = convertToTensor(yTrue, 'yTrue', op, 'int32');
    const t = t0.rank === p.rank && t0.shape[t0.rank - 1] === 1 ? squeeze(t0, -1) : t0;
    if (p.rank === 0 || !shapesEqual(t.shape, p.shape.slice(0, -1))) {
      throw shapeMismatch(op, t0.shape, p.shape, 'shapes S (or S + [1]) and S + [numClasses]');
    }
    return cast(equal(t, argMax(p, -1)), 'float32');
  });
}

/**
 * accuracy = Σ w·[ (yPred > threshold) == yTrue ] / Σ w: for sigmoid outputs (one or more independent
 * yes/no labels per sample).
 * @example
 * ```ts
 * const m = new BinaryAccuracy();
 * m.updateState([[1], [0]], [[0.7], [0.6]]);
 * m.result(); // 0.5
 * ```
 */
export class BinaryAccuracy extends MeanMetricWrapper {
  override readonly className = 'BinaryAccuracy';
  readonly threshold: number;

  constructor(options: MetricOptions & BinaryAccuracyOptions = {}) {
    const threshold = numberOption('BinaryAccuracy', 'threshold', options.threshold, 0.5, 0, 1);
    super((t, p) => binaryAccuracy(t, p, { threshold }), options, 'binary_accuracy');
    checkKeys('BinaryAccuracy', options, ['name', 'threshold']);
    this.threshold = threshold;
  }

  override getConfig() {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}

/**
 * accuracy = Σ w·[ argmax(yTrue) == argmax(yPred) ] / Σ w: for softmax outputs with one-hot labels.
 * @example `new CategoricalAccuracy().updateState([[0, 1]], [[0.2, 0.8]])`
 */
export class CategoricalAccuracy extends MeanMetricWrapper {
  override readonly className = 'CategoricalAccuracy';

  constructor(options: MetricOptions = {}) {
    super(categoricalAccuracy, options, 'categorical_accuracy');
    checkKeys('CategoricalAccuracy', options, ['name']);
  }
}

/**
 * accuracy = Σ w·[ yTrue == argmax(yPred) ] / Σ w: for softmax outputs with integer labels.
 * @example `new SparseCategoricalAccuracy().updateState([1], [[0.2, 0.8]])`
 */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  override readonly className = 'SparseCategoricalAccuracy';

  constructor(options: MetricOptions = {}) {
    super(sparseCategoricalAccuracy, options, 'sparse_categorical_accuracy');
    checkKeys('SparseCategoricalAccuracy', options, ['name']);
  }
}

function shapeOf(x: TensorLike, arg: string, op: string): number[] {
  return tidy(() => convertToTensor(x, arg, op).shape.slice());
}

/** Which accuracy an {@link AutoAccuracy} chose. */
export type AccuracyKind = 'binary' | 'categorical' | 'sparse_categorical';

/**
 * The kind of accuracy the shapes call for, by Keras 3's rule (`is_binary_or_sparse_categorical`):
 * binary when yPred's last axis is 1; sparse categorical when yTrue has a lower rank than yPred or a last
 * axis of 1; categorical otherwise.
 * Keras note: a rank-1 yPred (one number per sample) is binary here; Keras would read its length as a
 * class count and take an argmax across the batch.
 */
export function inferAccuracyKind(yTrueShape: readonly number[], yPredShape: readonly number[]): AccuracyKind {
  const predLast = yPredShape[yPredShape.length - 1];
  if (yPredShape.length <= 1 || predLast === 1) return 'binary';
  if (yTrueShape.length < yPredShape.length || yTrueShape[yTrueShape.length - 1] === 1) return 'sparse_categorical';
  return 'categorical';
}

/**
 * `'accuracy'` when the loss does not say which accuracy is meant: the kind is chosen from the shapes of
 * the first batch ({@link inferAccuracyKind}) and kept, resets included.
 * @throws {ShapeError} from the first update when the shapes fit no kind.
 */
export class AutoAccuracy extends Metric {
  readonly className = 'AutoAccuracy';
  private inner: MeanMetricWrapper | undefined;

  constructor(options: MetricOptions = {}) {
    super(options, 'accuracy', 'AutoAccuracy');
    checkKeys('AutoAccuracy', options, ['name']);
  }

  /** The accuracy chosen at the first update, or undefined before it. */
  get kind(): AccuracyKind | undefined {
    if (this.inner instanceof BinaryAccuracy) return 'binary';
    if (this.inner instanceof SparseCategoricalAccuracy) return 'sparse_categorical';
    return this.inner ? 'categorical' : undefined;
  }

  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    if (!this.inner) {
      const t = shapeOf(yTrue, 'yTrue', this.name);
      const p = shapeOf(yPred, 'yPred', this.name);
      const kind = inferAccuracyKind(t, p);
      if (kind === 'categorical' && !shapesEqual(t, p)) {
        throw new ShapeError(
          `${this.name}: cannot tell which accuracy the labels call for. Expected yPred with a last axis of 1 ` +
            '(binary), yTrue of rank yPred.rank − 1 or with a last axis of 1 (sparse), or one shape (categorical). ' +
            `Received: yTrue.shape=${formatShape(t)}, yPred.shape=${formatShape(p)}`,
        );
      }
      const options = { name: this.name };
      this.inner =
        kind === 'binary'
          ? new BinaryAccuracy(options)
          : kind === 'sparse_categorical'
            ? new SparseCategoricalAccuracy(options)
            : new CategoricalAccuracy(options);
    }
    this.inner.updateState(yTrue, yPred, sampleWeight);
  }

  result(): number {
    return this.inner ? this.inner.result() : 0;
  }

  resetState(): void {
    this.inner?.resetState();
  }
}
