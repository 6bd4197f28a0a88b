/**
 * Metrics read off the confusion matrix of thresholded predictions: Precision, Recall and AUC. A label is
 * positive when it is non-zero (Keras casts labels to bool); a prediction is positive when it is strictly
 * above the threshold. Counts are weighted by the sample weights and summed since the reset.
 */

import { tidy } from '../core/api.js';
import type { ConfigDict } from '../core/config.js';
import { ValueError } from '../core/errors.js';
import { shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import {
  alignWeights,
  boolOption,
  checkKeys,
  choiceOption,
  EPSILON,
  integerOption,
  numberOption,
  shapeMismatch,
  squeezeOrExpandToSameRank,
  toFloat,
} from '../losses/utils.js';
import { sigmoid } from '../ops/activations.js';
import { convertToTensor, type TensorLike } from '../ops/convert.js';
import { broadcastTo } from '../ops/shape.js';
import { Metric, type MetricOptions } from './metric.js';

type Values = ArrayLike<number>;

/** One batch as flat arrays: labels, predictions and weights (all 1 without sample weights), element by element. */
interface Batch {
  labels: Values;
  preds: Values;
  weights: Values | undefined;
}

/**
 * Reads a batch back, lined up as Keras does: labels [n] meet predictions [n, 1]; weights [n] weigh every
 * element of their sample.
 * @throws {ShapeError} when the labels, predictions or weights do not fit together.
 */
function readBatch(
  yTrue: TensorLike,
  yPred: TensorLike,
  sampleWeight: TensorLike | undefined,
  op: string,
  transform?: (p: Tensor) => Tensor,
): Batch {
  const batch: Batch = { labels: [], preds: [], weights: undefined };
  tidy(() => {
    const p0 = toFloat(yPred, 'yPred', op);
    const t0 = convertToTensor(yTrue, 'yTrue', op, p0.dtype);
    const [p, t] = squeezeOrExpandToSameRank(p0, t0);
    if (!shapesEqual(t.shape, p.shape)) throw shapeMismatch(op, t0.shape, p0.shape);
    batch.labels = t.dataSync();
    batch.preds = (transform ? transform(p) : p).dataSync();
    if (sampleWeight !== undefined) {
      const w = toFloat(sampleWeight, 'sampleWeight', op, p.dtype);
      batch.weights = broadcastTo(alignWeights(w, p.shape, op), p.shape).dataSync();
    }
  });
  return batch;
}

/** Weighted true/false positives/negatives at one threshold (`pred > threshold` is a positive prediction). */
function countAtThreshold(batch: Batch, threshold: number): { tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const { labels, preds, weights } = batch;
  for (let i = 0; i < preds.length; i++) {
    const w = weights ? (weights[i] as number) : 1;
    const positive = labels[i] !== 0;
    if ((preds[i] as number) > threshold) {
      if (positive) tp += w;
      else fp += w;
    } else if (positive) fn += w;
  }
  return { tp, fp, fn };
}

/** Options of {@link Precision} and {@link Recall}. */
export interface ConfusionOptions extends MetricOptions {
  /** The decision threshold in [0, 1]: a prediction strictly above it is positive. Default 0.5. */
  thresholds?: number;
}

function thresholdOption(op: string, options: ConfusionOptions): number {
  checkKeys(op, options, ['name', 'thresholds']);
  return numberOption(op, 'thresholds', options.thresholds, 0.5, 0, 1);
}

/**
 * precision = TP / (TP + FP): of the predictions called positive, the weighted fraction that are. 0 when
 * nothing has been called positive (Keras's `divide_no_nan`).
 * Keras note: one threshold only (Keras also takes a list and returns one value per threshold), and no
 * `topK` / `classId` yet.
 * @example
 * ```ts
 * const m = new Precision();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * m.result(); // 2/3
 * ```
 */
export class Precision extends Metric {
  readonly className = 'Precision';
  readonly thresholds: number;
  private truePositives = 0;
  private falsePositives = 0;

  constructor(options: ConfusionOptions = {}) {
    super(options, 'precision', 'Precision');
    this.thresholds = thresholdOption('Precision', options);
  }

  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    const { tp, fp } = countAtThreshold(readBatch(yTrue, yPred, sampleWeight, this.name), this.thresholds);
    this.truePositives += tp;
    this.falsePositives += fp;
  }

  result(): number {
    const predictedPositive = this.truePositives + this.falsePositives;
    return predictedPositive === 0 ? 0 : this.truePositives / predictedPositive;
  }

  resetState(): void {
    this.truePositives = 0;
    this.falsePositives = 0;
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), thresholds: this.thresholds };
  }
}

/**
 * recall = TP / (TP + FN): of the actual positives, the weighted fraction called positive. 0 when there
 * has been no positive label.
 * Keras note: one threshold only, and no `topK` / `classId` yet.
 * @example
 * ```ts
 * const m = new Recall();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * m.result(); // 2/3
 * ```
 */
export class Recall extends Metric {
  readonly className = 'Recall';
  readonly thresholds: number;
  private truePositives = 0;
  private falseNegatives = 0;

  constructor(options: ConfusionOptions = {}) {
    super(options, 'recall', 'Recall');
    this.thresholds = thresholdOption('Recall', options);
  }

  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    const { tp, fn } = countAtThreshold(readBatch(yTrue, yPred, sampleWeight, this.name), this.thresholds);
    this.truePositives += tp;
    this.falseNegatives += fn;
  }

  result(): number {
    const actualPositive = this.truePositives + this.falseNegatives;
    return actualPositive === 0 ? 0 : this.truePositives / actualPositive;
  }

  resetState(): void {
    this.truePositives = 0;
    this.falseNegatives = 0;
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), thresholds: this.thresholds };
  }
}

/** The curve whose area {@link AUC} computes. */
export type AUCCurve = 'ROC' | 'PR';
/** How {@link AUC} sums the area between thresholds (Keras's `summation_method`). */
export type AUCSummationMethod = 'interpolation' | 'minoring' | 'majoring';

/** Options of {@link AUC}. */
export interface AUCOptions extends MetricOptions {
  /** Number of thresholds, an integer > 1. More thresholds approximate the true AUC better. Default 200. */
  numThresholds?: number;
  /** `'ROC'` (true positive rate against false positive rate) or `'PR'` (precision against recall). Default 'ROC'. */
  curve?: AUCCurve;
  /** Default `'interpolation'`: trapezoids for ROC, Davis & Goadrich's interpolation for PR. */
  summationMethod?: AUCSummationMethod;
  /** Whether predictions are logits, to go through a sigmoid first. Default false. */
  fromLogits?: boolean;
}

const noNan = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/**
 * Area under the ROC (or PR) curve, approximated on `numThresholds` thresholds as Keras does: the thresholds
 * are [−ε, 1/(n−1), 2/(n−1), …, (n−2)/(n−1), 1 + ε], so every prediction in [0, 1] lies above the first and
 * below the last; the weighted confusion counts TPᵢ, FPᵢ, TNᵢ, FNᵢ at each threshold give points
 * xᵢ = FPᵢ/(FPᵢ + TNᵢ), yᵢ = TPᵢ/(TPᵢ + FNᵢ) (ROC), and
 * AUC = Σᵢ (xᵢ − xᵢ₊₁)·(yᵢ + yᵢ₊₁)/2 (trapezoids; 'minoring'/'majoring' take the min/max of yᵢ, yᵢ₊₁).
 *
 * NOTE: a prediction p falls in bucket b = max(⌈p·(n−1)⌉ − 1, 0) and counts as positive at thresholds
 * 0…b — exactly `p > threshold`, computed in O(batch + n) as Keras's optimised path does.
 * Keras note: predictions outside [0, 1] are an error (Keras clips them silently); pass `fromLogits: true`
 * for logits.
 * @example
 * ```ts
 * const m = new AUC({ numThresholds: 3 });
 * m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
 * m.result(); // 0.75
 * ```
 */
export class AUC extends Metric {
  readonly className = 'AUC';
  readonly numThresholds: number;
  readonly curve: AUCCurve;
  readonly summationMethod: AUCSummationMethod;
  readonly fromLogits: boolean;
  /** The thresholds, ascending. */
  readonly thresholds: readonly number[];
  // Weighted positive / negative labels per bucket: bucket b counts as a positive prediction at thresholds 0…b.
  private readonly positives: Float64Array;
  private readonly negatives: Float64Array;

  constructor(options: AUCOptions = {}) {
    const op = 'AUC';
    super(options, 'auc', op);
    checkKeys(op, options, ['name', 'numThresholds', 'curve', 'summationMethod', 'fromLogits']);
    this.numThresholds = integerOption(op, 'numThresholds', options.numThresholds, 200, 2);
    this.curve = choiceOption(op, 'curve', options.curve, 'ROC', ['ROC', 'PR']);
    this.summationMethod = choiceOption(op, 'summationMethod', options.summationMethod, 'interpolation', [
      'interpolation',
      'minoring',
      'majoring',
    ]);
    this.fromLogits = boolOption(op, 'fromLogits', options.fromLogits, false);
    const n = this.numThresholds;
    this.thresholds = [-EPSILON, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + EPSILON];
    this.positives = new Float64Array(n);
    this.negatives = new Float64Array(n);
  }

  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    const batch = readBatch(yTrue, yPred, sampleWeight, this.name, this.fromLogits ? sigmoid : undefined);
    const { labels, preds, weights } = batch;
    const steps = this.numThresholds - 1;
    // Validate the whole batch before counting any of it, so an error leaves the state as it was.
    for (let i = 0; i < preds.length; i++) {
      const p = preds[i] as number;
      if (!(p >= 0 && p <= 1)) {
        throw new ValueError(
          `${this.name}: predictions must be probabilities in [0, 1]${this.fromLogits ? '' : ' (pass fromLogits: true for logits)'}. ` +
            `Received: ${p} at flat index ${i}`,
        );
      }
    }
    for (let i = 0; i < preds.length; i++) {
      const bucket = Math.max(Math.ceil((preds[i] as number) * steps) - 1, 0);
      const w = weights ? (weights[i] as number) : 1;
      if (labels[i] !== 0) this.positives[bucket] += w;
      else this.negatives[bucket] += w;
    }
  }

  /** Weighted TP, FP, TN, FN at each threshold, from the buckets (a reversed cumulative sum). */
  confusion(): { tp: Float64Array; fp: Float64Array; tn: Float64Array; fn: Float64Array } {
    const n = this.numThresholds;
    const tp = new Float64Array(n);
    const fp = new Float64Array(n);
    let pos = 0;
    let neg = 0;
    for (let i = n - 1; i >= 0; i--) {
      pos += this.positives[i] as number;
      neg += this.negatives[i] as number;
      tp[i] = pos;
      fp[i] = neg;
    }
    return { tp, fp, tn: fp.map((f) => neg - f), fn: tp.map((t) => pos - t) };
  }

  result(): number {
    const { tp, fp, tn, fn } = this.confusion();
    const n = this.numThresholds;
    if (this.curve === 'PR' && this.summationMethod === 'interpolation') return interpolatePrAuc(tp, fp, fn);
    const recall = tp.map((t, i) => noNan(t, t + (fn[i] as number)));
    const x = this.curve === 'ROC' ? fp.map((f, i) => noNan(f, f + (tn[i] as number))) : recall;
    const y = this.curve === 'ROC' ? recall : tp.map((t, i) => noNan(t, t + (fp[i] as number)));
    let area = 0;
    for (let i = 0; i < n - 1; i++) {
      const y0 = y[i] as number;
      const y1 = y[i + 1] as number;
      const height =
        this.summationMethod === 'interpolation'
          ? (y0 + y1) / 2
          : this.summationMethod === 'minoring'
            ? Math.min(y0, y1)
            : Math.max(y0, y1);
      area += ((x[i] as number) - (x[i + 1] as number)) * height;
    }
    return area;
  }

  resetState(): void {
    this.positives.fill(0);
    this.negatives.fill(0);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      numThresholds: this.numThresholds,
      curve: this.curve,
      summationMethod: this.summationMethod,
      fromLogits: this.fromLogits,
    };
  }
}

/**
 * PR-AUC by Davis & Goadrich (2006), as Keras's `interpolate_pr_auc`: between two thresholds TP and
 * P = TP + FP change linearly, so precision = TP/P is a ratio of linear functions whose integral over
 * recall has the closed form Σ slope·(ΔTP + intercept·log(Pᵢ/Pᵢ₊₁)) / (TP + FN).
 * NOTE: a plain trapezoid on precision over-estimates the area where precision jumps; this does not.
 */
function interpolatePrAuc(tp: Float64Array, fp: Float64Array, fn: Float64Array): number {
  let area = 0;
  for (let i = 0; i < tp.length - 1; i++) {
    const tp0 = tp[i] as number;
    const tp1 = tp[i + 1] as number;
    const p0 = tp0 + (fp[i] as number);
    const p1 = tp1 + (fp[i + 1] as number);
    const dtp = tp0 - tp1;
    const slope = noNan(dtp, Math.max(p0 - p1, 0));
    const intercept = tp1 - slope * p1;
    const ratio = p0 > 0 && p1 > 0 ? noNan(p0, Math.max(p1, 0)) : 1;
    area += noNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp1 + (fn[i + 1] as number), 0));
  }
  return area;
}
