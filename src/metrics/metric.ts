/**
 * Stateful metrics (Keras 3's `keras.metrics.Metric`): `updateState` folds in one batch, `result` reads the
 * value over everything seen since `resetState`. A {@link Mean} keeps each batch's partial sums as tensors until
 * `result()` reads them all at once (so `fit` with accuracy or MSE never reads back per batch), then holds plain
 * numbers again; the confusion-matrix metrics still read each batch.
 */

import { keep, tidy } from '../core/api.js';
import { type ConfigDict, fromConfigOf, type Serializable } from '../core/config.js';
import { describe, ShapeError, ValueError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { checkKeys, nameOption, squeezeOrExpandToSameRank, toFloat } from '../losses/utils.js';
import { mul } from '../ops/arithmetic.js';
import { convertToTensor, type TensorLike } from '../ops/convert.js';
import { mean, sum } from '../ops/reduction.js';
import { broadcastTo, reshape, stack } from '../ops/shape.js';
import { cast } from '../ops/unary.js';

/** What a training loop reads from any metric: a name for the log and the running value. */
export interface StatefulMetric {
  readonly name: string;
  /** The value over every update since the last reset (0 before any update). */
  result(): number;
  /** Forgets every update. */
  resetState(): void;
  /**
   * Reads what updates left on the backend, asynchronously, so that `result()` then needs no read: the way to a
   * result on a backend without synchronous reads. Metrics that hold plain numbers have nothing to settle.
   */
  settle?(): Promise<void>;
}

/** Options every metric takes. */
export interface MetricOptions {
  /** The name the metric logs under. */
  name?: string;
}

/** A per-sample metric function, as a user may pass one: `(yTrue, yPred) => values of the batch shape`. */
export type MetricFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * Base class of the metrics compiled into a model: each is updated with labels, predictions and optional
 * sample weights. Subclasses set `className`, keep their accumulators as numbers, and return their
 * constructor's options from `getConfig()`.
 */
export abstract class Metric implements Serializable, StatefulMetric {
  /**
   * Rebuilds an instance from what `getConfig()` returned (Keras's `from_config`).
   * @example `metrics.AUC.fromConfig(auc.getConfig())`
   */
  static fromConfig<T extends Metric>(this: { prototype: T }, config: ConfigDict): T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass it is called on (Dense.fromConfig builds a Dense).
    return fromConfigOf(this, config);
  }

  abstract readonly className: string;
  readonly name: string;

  constructor(options: MetricOptions, defaultName: string, op: string) {
    this.name = nameOption(op, options.name, defaultName);
  }

  /** Folds one batch in. `sampleWeight` has the batch shape (or is a scalar); weight 0 leaves a sample out. */
  abstract updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void;
  abstract result(): number;
  abstract resetState(): void;

  getConfig(): ConfigDict {
    return { name: this.name };
  }
}

/**
 * Σ values·w and Σ w for one batch, reduced per sample as Keras 3's `reduce_to_samplewise_values` and
 * `Mean.update_state` do: values beyond the weights' rank are averaged first (values [n, k] with weights [n]
 * weigh each sample's mean), and without weights each of the n samples counts 1.
 */
function weightedSums(values: TensorLike, sampleWeight: TensorLike | undefined, op: string): [Tensor, Tensor | number] {
  return tidy(() => {
    let v = toFloat(values, 'values', op);
    const axesFrom = (start: number, rank: number) => Array.from({ length: rank - start }, (_, i) => start + i);
    let count: Tensor | number;
    if (sampleWeight === undefined) {
      count = v.rank >= 1 ? (v.shape[0] as number) : 1;
    } else {
      let w = toFloat(sampleWeight, 'sampleWeight', op, v.dtype);
      if (w.dtype !== v.dtype) w = cast(w, v.dtype);
      const given = w.shape;
      [v, w] = squeezeOrExpandToSameRank(v, w);
      const weightRank = w.rank;
      if (v.rank > weightRank) v = mean(v, axesFrom(weightRank, v.rank));
      if (w.rank > v.rank || !w.shape.every((d, i) => d === 1 || d === v.shape[i])) {
        throw new ShapeError(
          `${op}: \`sampleWeight\` must weigh the samples of the values along their leading axes. ` +
            `Expected a shape that broadcasts to ${formatShape(v.shape)}. Received: sampleWeight.shape=${formatShape(given)}`,
        );
      }
      w = broadcastTo(w, v.shape);
      v = mul(v, w);
      if (weightRank > 1) w = mean(w, axesFrom(1, weightRank));
      count = sum(w);
    }
    if (v.rank > 1) v = mean(v, axesFrom(1, v.rank));
    return [sum(v), count];
  });
}

/** The values of scalar tensors, read in one go where they share a dtype (`data()`, or `dataSync()` if sync). */
export function readScalars(tensors: readonly Tensor[], sync: true): ArrayLike<number>;
export function readScalars(tensors: readonly Tensor[], sync: false): Promise<ArrayLike<number>>;
export function readScalars(tensors: readonly Tensor[], sync: boolean): ArrayLike<number> | Promise<ArrayLike<number>> {
  const first = tensors[0] as Tensor;
  if (tensors.length === 1) return sync ? first.dataSync() : first.data();
  if (tensors.some((t) => t.dtype !== first.dtype)) {
    if (sync) return tensors.map((t) => t.dataSync()[0] as number);
    return Promise.all(tensors.map(async (t) => (await t.data())[0] as number));
  }
  const joined = tidy(() => stack(tensors.map((t) => (t.rank === 0 ? t : reshape(t, [])))));
  if (sync) {
    const values = joined.dataSync();
    joined.dispose();
    return values;
  }
  return joined.data().finally(() => joined.dispose());
}

/**
 * The weighted running mean Σ wᵢvᵢ / Σ wᵢ of every value seen since the reset (0 before any). The trainer
 * tracks the loss with one: `update(batchLoss, batchSize)`.
 * NOTE: the sums are float64 JS numbers (Keras keeps float32 variables), so a long epoch loses no precision.
 * @example
 * ```ts
 * const m = new Mean();
 * m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
 * m.result(); // 2
 * ```
 */
export class Mean implements Serializable, StatefulMetric {
  readonly className = 'Mean';
  readonly name: string;
  private total = 0;
  private count = 0;
  /** Batches folded in but not read back yet: Σ w·v and Σ w (a number when it was known without the backend). */
  private pending: [Tensor, Tensor | number][] = [];

  constructor(options: MetricOptions = {}) {
    checkKeys('Mean', options, ['name']);
    this.name = nameOption('Mean', options.name, 'mean');
  }

  /** Folds in one value with its weight: total += value·weight, count += weight. */
  update(value: number, weight = 1): void {
    if (typeof value !== 'number' || typeof weight !== 'number') {
      throw new ValueError(
        `Mean.update: \`value\` and \`weight\` must be numbers. Received: value=${describe(value)}, weight=${describe(weight)}`,
      );
    }
    this.total += value * weight;
    this.count += weight;
  }

  /** Folds in a tensor of values, each weighted by `sampleWeight` (default 1); see Keras's `Mean.update_state`. */
  updateState(values: TensorLike, sampleWeight?: TensorLike): void {
    const [total, count] = tidy(() => weightedSums(values, sampleWeight, this.name));
    this.pending.push([keep(total), typeof count === 'number' ? count : keep(count)]);
  }

  /** Σ w·v / Σ w, or 0 when Σ w = 0 (Keras's `divide_no_nan`). Reads the pending batches in one go. */
  result(): number {
    if (this.pending.length > 0) this.fold(readScalars(this.pendingTensors(), true));
    return this.count === 0 ? 0 : this.total / this.count;
  }

  /** Reads the pending batches with `data()` (see {@link StatefulMetric.settle}). */
  async settle(): Promise<void> {
    if (this.pending.length === 0) return;
    const batches = this.pending.length;
    const read = await readScalars(this.pendingTensors(), false);
    // An update made while the read was in flight stays pending for the next one.
    this.fold(read, batches);
  }

  private pendingTensors(): Tensor[] {
    return this.pending.flatMap(([t, c]) => (typeof c === 'number' ? [t] : [t, c]));
  }

  /** Adds the first `batches` pending batches, in batch order (as if each had been read at its update). */
  private fold(read: ArrayLike<number>, batches = this.pending.length): void {
    let k = 0;
    for (const [, c] of this.pending.slice(0, batches)) {
      this.total += read[k++] as number;
      this.count += typeof c === 'number' ? c : (read[k++] as number);
    }
    this.dropPending(batches);
  }

  resetState(): void {
    this.dropPending();
    this.total = 0;
    this.count = 0;
  }

  private dropPending(batches = this.pending.length): void {
    for (const [t, c] of this.pending.slice(0, batches)) {
      t.dispose();
      if (typeof c !== 'number') c.dispose();
    }
    this.pending = this.pending.slice(batches);
  }

  getConfig(): ConfigDict {
    return { name: this.name };
  }
}

/**
 * A per-sample metric function as a metric: the weighted mean of `fn(yTrue, yPred)` over every sample seen
 * (Keras's `MeanMetricWrapper`). The accuracies, MeanSquaredError and MeanAbsoluteError are built on it.
 * NOTE: a wrapped user function cannot be rebuilt from a saved config (a file never holds code).
 * @example `new MeanMetricWrapper((t, p) => abs(sub(t, p)), { name: 'l1' })`
 */
export class MeanMetricWrapper extends Metric {
  readonly className: string = 'MeanMetricWrapper';
  private readonly mean: Mean;

  constructor(
    readonly fn: MetricFunction,
    options: MetricOptions = {},
    defaultName = fn?.name || 'mean_metric_wrapper',
  ) {
    super(options, defaultName, 'MeanMetricWrapper');
    // Subclasses pass their own options through and check them themselves.
    if (new.target === MeanMetricWrapper) checkKeys('MeanMetricWrapper', options, ['name']);
    if (typeof fn !== 'function') {
      throw new ValueError(
        `MeanMetricWrapper: \`fn\` must be a function (yTrue, yPred) => Tensor. Received: ${describe(fn)}`,
      );
    }
    this.mean = new Mean({ name: this.name });
  }

  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    tidy(() => {
      const values = this.fn(convertToTensor(yTrue, 'yTrue', this.name), convertToTensor(yPred, 'yPred', this.name));
      this.mean.updateState(values, sampleWeight);
    });
  }

  /** The weighted mean of the per-sample values seen since the reset. */
  result(): number {
    return this.mean.result();
  }

  settle(): Promise<void> {
    return this.mean.settle();
  }

  resetState(): void {
    this.mean.resetState();
  }
}
