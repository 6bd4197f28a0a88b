/**
 * Loss functions in their functional, per-sample form (Keras 3's `keras.losses.mean_squared_error` & co.):
 * each takes labels and predictions and reduces the class (last) axis only, so the result has the batch
 * shape. The `Loss` classes in `loss.ts` add sample weights and the reduction to one number.
 *
 * Every function casts int32/bool inputs to float32 (float64 stays float64), lines up labels [n] with
 * predictions [n, 1] as Keras does, and is differentiable in `yPred`.
 */

import { tidy } from '../core/api.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { formatShape, normalizeAxis, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { add, div, maximum, mul, sub } from '../ops/arithmetic.js';
import { equal, lessEqual, logicalOr, where } from '../ops/compare.js';
import { convertToTensor, type TensorLike } from '../ops/convert.js';
import { crossEntropy } from '../ops/crossentropy.js';
import { logitsOf } from '../ops/logits.js';
import { mean, min, sum } from '../ops/reduction.js';
import { oneHot, squeeze } from '../ops/shape.js';
import { abs, cast, clipByValue, log, square } from '../ops/unary.js';
import {
  boolOption,
  checkKeys,
  EPSILON,
  integerOption,
  matchedPair,
  numberOption,
  shapeMismatch,
  toFloat,
} from './utils.js';

/** Options of {@link binaryCrossentropy}. */
export interface BinaryCrossentropyOptions {
  /** Whether `yPred` holds logits (any real) rather than probabilities in [0, 1]. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: labels become y·(1 − labelSmoothing) + 0.5·labelSmoothing. Default 0. */
  labelSmoothing?: number;
  /** The axis the mean runs over. Default −1. */
  axis?: number;
}

/** Options of {@link categoricalCrossentropy}. */
export interface CategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: labels become y·(1 − labelSmoothing) + labelSmoothing / numClasses. Default 0. */
  labelSmoothing?: number;
  /** The class axis. Default −1. */
  axis?: number;
}

/** Options of {@link sparseCategoricalCrossentropy}. */
export interface SparseCategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
}

/** Options of {@link huber}. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear; > 0. Default 1. */
  delta?: number;
}

const MIN_INT = Number.MIN_SAFE_INTEGER;

/**
 * mean((yTrue − yPred)², axis = −1): one value per sample.
 * @throws {ShapeError} when the shapes differ (after lining up [n] with [n, 1]).
 * @example `meanSquaredError([[0, 1]], [[1, 1]])` // [0.5]
 */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy('meanSquaredError', () => {
    const [t, p] = matchedPair(yTrue, yPred, 'meanSquaredError');
    return mean(square(sub(t, p)), -1);
  });
}

/**
 * mean(|yTrue − yPred|, axis = −1): one value per sample.
 * @throws {ShapeError} when the shapes differ.
 * @example `meanAbsoluteError([[0, 1]], [[1, 3]])` // [1.5]
 */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy('meanAbsoluteError', () => {
    const [t, p] = matchedPair(yTrue, yPred, 'meanAbsoluteError');
    return mean(abs(sub(t, p)), -1);
  });
}

/**
 * Binary crossentropy, mean over `axis`:
 * probabilities: −mean(y·log p + (1 − y)·log(1 − p)) with p clipped to [ε, 1 − ε];
 * logits: mean(max(x, 0) − x·y + log(1 + e^{−|x|})), which is the same function of p = sigmoid(x)
 * without ever forming p, so ±100 gives neither NaN nor Infinity.
 *
 * NOTE: with `labelSmoothing` = ls the labels are y·(1 − ls) + 0.5·ls first: 0 and 1 become ls/2 and
 * 1 − ls/2. The clip at ε = 1e-7 bounds each term by −log ε ≈ 16.1 and zeroes the gradient of a
 * saturated prediction, as in Keras.
 * @throws {ShapeError} when the shapes differ; {@link ValueError} for an invalid option.
 * @example `binaryCrossentropy([[1]], [[0.5]])` // [0.6931…]
 */
export function binaryCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  options: BinaryCrossentropyOptions = {},
): Tensor {
  const op = 'binaryCrossentropy';
  checkKeys(op, options, ['fromLogits', 'labelSmoothing', 'axis']);
  const fromLogits = boolOption(op, 'fromLogits', options.fromLogits, false);
  const smoothing = numberOption(op, 'labelSmoothing', options.labelSmoothing, 0, 0, 1);
  const axis = integerOption(op, 'axis', options.axis, -1, MIN_INT);
  return tidy(op, () => {
    let [t, p] = matchedPair(yTrue, yPred, op);
    if (smoothing > 0) t = add(mul(t, 1 - smoothing), 0.5 * smoothing);
    const logits = logitsOf(yPred, 'sigmoid');
    if (logits && fromLogits) warnNotLogits(op, 'sigmoid');
    const x = logits ?? (fromLogits ? p : undefined);
    if (x) return crossEntropy(t, x, 'binaryLogits', EPSILON, axis);
    return crossEntropy(t, p, 'binary', EPSILON, axis);
  });
}

/**
 * Categorical crossentropy over the class `axis`: −Σ y·log p, with p normalised to sum to 1 and then
 * clipped to [ε, 1 − ε]; from logits, −Σ y·logSoftmax(x) (stable for any logits).
 *
 * NOTE: with `labelSmoothing` = ls the labels are y·(1 − ls) + ls/numClasses first, numClasses being the
 * size of the class axis.
 * @throws {ShapeError} when the shapes differ or the class axis has fewer than 2 classes (Keras only
 *   warns, but with one class the loss is 0 whatever the prediction: use binaryCrossentropy).
 * @example `categoricalCrossentropy([[0, 1]], [[0.5, 0.5]])` // [0.6931…]
 */
export function categoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  options: CategoricalCrossentropyOptions = {},
): Tensor {
  const op = 'categoricalCrossentropy';
  checkKeys(op, options, ['fromLogits', 'labelSmoothing', 'axis']);
  const fromLogits = boolOption(op, 'fromLogits', options.fromLogits, false);
  const smoothing = numberOption(op, 'labelSmoothing', options.labelSmoothing, 0, 0, 1);
  const axisOption = integerOption(op, 'axis', options.axis, -1, MIN_INT);
  return tidy(op, () => {
    let [t, p] = matchedPair(yTrue, yPred, op);
    const axis = classAxis(p, axisOption, op);
    // Keras note: Keras divides by shape[-1] whatever `axis` is; the size of the class axis is meant.
    if (smoothing > 0) t = add(mul(t, 1 - smoothing), smoothing / (p.shape[axis] as number));
    const logits = logitsOf(yPred, 'softmax', axis);
    if (logits) {
      if (fromLogits) warnNotLogits(op, 'softmax');
      return crossentropy(t, logits, true, axis);
    }
    return crossentropy(t, p, fromLogits, axis);
  });
}

/** The normalised class axis of `p`, which must have at least 2 classes. */
function classAxis(p: Tensor, axis: number, op: string): number {
  if (p.rank === 0) {
    throw new ShapeError(`${op}: \`yPred\` must have a class axis (rank ≥ 1). Received: yPred.shape=[]`);
  }
  const a = normalizeAxis(axis, p.rank, op);
  if ((p.shape[a] as number) < 2) {
    throw new ShapeError(
      `${op}: \`yPred\` must hold at least 2 classes along axis ${axis}; with 1 class the loss is 0 whatever ` +
        `the prediction (use binaryCrossentropy for one output unit). Received: yPred.shape=${formatShape(p.shape)}`,
    );
  }
  return a;
}

const warned = new Set<string>();
/** Keras's warning for `fromLogits: true` on a sigmoid/softmax output; like Keras, the logits are used anyway. */
function warnNotLogits(op: string, activation: string): void {
  if (warned.has(op)) return;
  warned.add(op);
  console.warn(
    `${op} received \`fromLogits: true\`, but \`yPred\` was produced by a ${activation} activation and so does ` +
      'not represent logits; its logits are used (as Keras does). Was this intended?',
  );
}

/** −Σ y·log p over `axis`, from logits or from probabilities (normalised, then clipped). */
function crossentropy(y: Tensor, p: Tensor, fromLogits: boolean, axis: number): Tensor {
  return crossEntropy(y, p, fromLogits ? 'categoricalLogits' : 'categorical', EPSILON, axis);
}

/**
 * Categorical crossentropy with integer labels: −log p[label], i.e. {@link categoricalCrossentropy} of the
 * one-hot labels (so the two agree exactly, probabilities normalised and clipped the same way).
 * `yTrue` has the batch shape S (or S + [1]); `yPred` has shape S + [numClasses], classes last.
 *
 * NOTE: the labels are read back to check that each is an integer in [0, numClasses): an out-of-range
 * label would otherwise one-hot to a row of zeros and silently contribute a loss of 0.
 * @throws {ShapeError} when the shapes do not pair up; {@link ValueError} for an invalid label.
 * @example `sparseCategoricalCrossentropy([1], [[0.5, 0.5]])` // [0.6931…]
 */
export function sparseCategoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  options: SparseCategoricalCrossentropyOptions = {},
): Tensor {
  const op = 'sparseCategoricalCrossentropy';
  checkKeys(op, options, ['fromLogits']);
  const fromLogits = boolOption(op, 'fromLogits', options.fromLogits, false);
  return tidy(op, () => {
    const p = toFloat(yPred, 'yPred', op);
    const t0 = convertToTensor(yTrue, 'yTrue', op, 'int32');
    const axis = classAxis(p, -1, op);
    const t = t0.rank === p.rank && t0.shape[t0.rank - 1] === 1 ? squeeze(t0, -1) : t0;
    if (!shapesEqual(t.shape, p.shape.slice(0, -1))) {
      throw shapeMismatch(op, t0.shape, p.shape, 'shapes S (or S + [1]) and S + [numClasses]');
    }
    const numClasses = p.shape[axis] as number;
    assertLabels(t, numClasses, op);
    const labels = oneHot(cast(t, 'int32'), numClasses, 1, 0, p.dtype);
    const logits = logitsOf(yPred, 'softmax', axis);
    if (logits) {
      if (fromLogits) warnNotLogits(op, 'softmax');
      return crossentropy(labels, logits, true, axis);
    }
    if (fromLogits) return crossentropy(labels, p, true, axis);
    // Keras (TensorFlow backend) clips the probabilities, takes their log and applies a softmax crossentropy to
    // that: −log(q_label / Σ q) with q = clip(p, ε, 1 − ε), so each row is renormalised after the clip.
    return crossentropy(labels, log(clipByValue(p, EPSILON, 1 - EPSILON)), true, axis);
  });
}

function assertLabels(labels: Tensor, numClasses: number, op: string): void {
  const values = labels.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(Number.isInteger(v) && v >= 0 && v < numClasses)) {
      throw new ValueError(
        `${op}: labels must be integer class indices in [0, ${numClasses}) (yPred has ${numClasses} classes). ` +
          `Received: ${v} at flat index ${i} of yTrue.shape=${formatShape(labels.shape)}`,
      );
    }
  }
}

/**
 * Huber loss, mean over the last axis of ½e² where |e| ≤ delta and delta·|e| − ½delta² elsewhere,
 * with e = yPred − yTrue: quadratic near 0, linear (robust to outliers) beyond delta.
 * @throws {ShapeError} when the shapes differ; {@link ValueError} unless delta > 0.
 * @example `huber([[0]], [[3]])` // [2.5]
 */
export function huber(yTrue: TensorLike, yPred: TensorLike, options: HuberOptions = {}): Tensor {
  const op = 'huber';
  checkKeys(op, options, ['delta']);
  const delta = numberOption(op, 'delta', options.delta, 1, 0, Number.POSITIVE_INFINITY, true);
  return tidy(op, () => {
    const [t, p] = matchedPair(yTrue, yPred, op);
    const e = sub(p, t);
    const absE = abs(e);
    const quadratic = mul(square(e), 0.5);
    const linear = sub(mul(absE, delta), 0.5 * delta * delta);
    return mean(where(lessEqual(absE, delta), quadratic, linear), -1);
  });
}

/**
 * Hinge loss, mean(max(1 − y·p, 0)) over the last axis, for labels in {−1, 1}.
 * NOTE: as in Keras, when every label of the batch is 0 or 1 the labels are first mapped to 2y − 1
 * (so {0, 1} → {−1, 1}); a batch with any other value is used as given.
 * @throws {ShapeError} when the shapes differ.
 * @example `hinge([[0, 1]], [[-0.5, 0.5]])` // [0.5]
 */
export function hinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy('hinge', () => {
    const [t0, p] = matchedPair(yTrue, yPred, 'hinge');
    const zeroOrOne = cast(logicalOr(equal(t0, 0), equal(t0, 1)), 'float32');
    const allBinary = equal(min(zeroOrOne), 1);
    const t = where(allBinary, sub(mul(t0, 2), 1), t0);
    return mean(maximum(sub(1, mul(t, p)), 0), -1);
  });
}

/**
 * Kullback–Leibler divergence Σ y·log(y / p) over the last axis, with y and p both clipped to [ε, 1].
 * NOTE: the clip turns a label 0 into ε, so a zero label adds ε·log(ε / p) (tiny, not exactly 0) and a
 * zero prediction costs at most y·log(y / ε) instead of Infinity.
 * @throws {ShapeError} when the shapes differ.
 * @example `kld([[0.5, 0.5]], [[0.25, 0.75]])` // [0.1438…]
 */
export function kld(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy('kld', () => {
    const [t0, p0] = matchedPair(yTrue, yPred, 'kld');
    const t = clipByValue(t0, EPSILON, 1);
    const p = clipByValue(p0, EPSILON, 1);
    return sum(mul(t, log(div(t, p))), -1);
  });
}

/** {@link kld} under Keras 3's name. */
export const klDivergence = kld;

/** {@link kld} under its long name. */
export const kullbackLeiblerDivergence = kld;
