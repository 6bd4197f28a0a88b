/**
 * Loss classes (Keras 3's `keras.losses.Loss`): a per-sample function plus sample weights and a reduction
 * to the one number that training minimises.
 */

import { tidy } from '../core/api.js';
import { type ConfigDict, fromConfigOf, type Serializable } from '../core/config.js';
import { ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { div, mul } from '../ops/arithmetic.js';
import type { TensorLike } from '../ops/convert.js';
import { zerosLike } from '../ops/creation.js';
import { sum } from '../ops/reduction.js';
import { broadcastTo } from '../ops/shape.js';
import { cast } from '../ops/unary.js';
import {
  type BinaryCrossentropyOptions,
  binaryCrossentropy,
  type CategoricalCrossentropyOptions,
  categoricalCrossentropy,
  type HuberOptions,
  hinge,
  huber,
  kld,
  meanAbsoluteError,
  meanSquaredError,
  type SparseCategoricalCrossentropyOptions,
  sparseCategoricalCrossentropy,
} from './losses.js';
import {
  alignWeights,
  boolOption,
  checkKeys,
  choiceOption,
  divideNoNan,
  floatPair,
  integerOption,
  nameOption,
  numberOption,
  toFloat,
} from './utils.js';

/**
 * How `apply` turns per-sample losses ℓᵢ with weights wᵢ into its result (Keras 3's reductions):
 * - `'sum_over_batch_size'` (default; `'mean'` is the same): Σ wᵢℓᵢ / N, N the number of per-sample values
 *   (zero weights still count in N);
 * - `'sum'`: Σ wᵢℓᵢ;
 * - `'mean_with_sample_weight'`: Σ wᵢℓᵢ / Σ wᵢ (0 when Σ wᵢ = 0);
 * - `'none'`: the weighted per-sample values wᵢℓᵢ, unreduced.
 */
export type Reduction = 'sum_over_batch_size' | 'mean' | 'sum' | 'mean_with_sample_weight' | 'none';

const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'mean', 'sum', 'mean_with_sample_weight', 'none'];

/** Options every loss takes. */
export interface LossOptions {
  /** The loss's name (Keras's default for each class, e.g. `'mean_squared_error'`). */
  name?: string;
  /** Default `'sum_over_batch_size'`. */
  reduction?: Reduction;
}

const BASE_KEYS = ['name', 'reduction'] as const;

/** A per-sample loss function `(yTrue, yPred) => losses of the batch shape`, as a user may pass one. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * Base class of the losses: `call` computes one loss per sample, `apply` weighs and reduces them.
 * Subclasses set `className` and implement `call`; `getConfig()` returns the constructor's options.
 *
 * @example
 * ```ts
 * const loss = new losses.MeanSquaredError();
 * loss.apply(yTrue, yPred);                    // scalar: Σ per-sample / N
 * loss.apply(yTrue, yPred, tensor([1, 0, 2])); // scalar: Σ w·per-sample / N
 * ```
 */
export abstract class Loss implements Serializable {
  /**
   * Rebuilds an instance from what `getConfig()` returned (Keras's `from_config`).
   * @example `losses.CategoricalCrossentropy.fromConfig({ fromLogits: true })`
   */
  static fromConfig<T extends Loss>(this: { prototype: T }, config: ConfigDict): T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass it is called on (Dense.fromConfig builds a Dense).
    return fromConfigOf(this, config);
  }

  abstract readonly className: string;
  readonly name: string;
  readonly reduction: Reduction;

  constructor(options: LossOptions, defaultName: string, op: string) {
    this.name = nameOption(op, options.name, defaultName);
    this.reduction = choiceOption(op, 'reduction', options.reduction, 'sum_over_batch_size', REDUCTIONS);
  }

  /** One loss per sample: shape = the batch shape (the labels' shape without its class axis). */
  abstract call(yTrue: TensorLike, yPred: TensorLike): Tensor;

  /**
   * The weighted, reduced loss: with the default reduction, Σᵢ wᵢ·ℓᵢ / N over the N per-sample values ℓ
   * (wᵢ = 1 without `sampleWeight`). `sampleWeight` has the batch shape, or [n] for per-sample losses of
   * shape [n, t], or is a scalar.
   * @throws {ShapeError} when the labels, predictions or weights do not fit together.
   */
  apply(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor {
    return tidy(this.name, () =>
      reduceWeightedValues(this.call(yTrue, yPred), sampleWeight, this.reduction, this.name),
    );
  }

  getConfig(): ConfigDict {
    return { name: this.name, reduction: this.reduction };
  }
}

/**
 * Weighs per-sample `values` and reduces them (Keras 3's `reduce_weighted_values`).
 * Keras note: an empty batch reduces to 0 rather than to the empty tensor.
 */
export function reduceWeightedValues(
  values: Tensor,
  sampleWeight: TensorLike | undefined,
  reduction: Reduction,
  op: string,
): Tensor {
  return tidy(() => {
    let v = values;
    let w: Tensor | undefined;
    if (sampleWeight !== undefined) {
      const w0 = toFloat(sampleWeight, 'sampleWeight', op, v.dtype);
      w = alignWeights(w0.dtype === v.dtype ? w0 : cast(w0, v.dtype), v.shape, op);
      v = mul(v, w);
    }
    if (reduction === 'none' || v.rank === 0) return v;
    const total = sum(v);
    if (reduction === 'sum') return total;
    if (reduction === 'mean_with_sample_weight' && w !== undefined) {
      // Σ w over the values it weighs: a weight [n, 1] broadcast over values [n, t] counts t times.
      return divideNoNan(total, sum(broadcastTo(w, v.shape)));
    }
    // A known count: an empty batch gives 0 (what divideNoNan would), any other a plain division.
    return v.size === 0 ? zerosLike(total) : div(total, v.size);
  });
}

/** Options of the {@link BinaryCrossentropy} loss. */
export interface BinaryCrossentropyLossOptions extends LossOptions, BinaryCrossentropyOptions {}
/** Options of the {@link CategoricalCrossentropy} loss. */
export interface CategoricalCrossentropyLossOptions extends LossOptions, CategoricalCrossentropyOptions {}
/** Options of the {@link SparseCategoricalCrossentropy} loss. */
export interface SparseCategoricalCrossentropyLossOptions extends LossOptions, SparseCategoricalCrossentropyOptions {}
/** Options of the {@link Huber} loss. */
export interface HuberLossOptions extends LossOptions, HuberOptions {}

/**
 * loss = mean((yTrue − yPred)²) over the last axis, then reduced over the batch.
 * @example `new MeanSquaredError().apply([[0, 1]], [[1, 1]])` // 0.5
 */
export class MeanSquaredError extends Loss {
  readonly className = 'MeanSquaredError';

  constructor(options: LossOptions = {}) {
    super(options, 'mean_squared_error', 'MeanSquaredError');
    checkKeys('MeanSquaredError', options, BASE_KEYS);
  }

  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return meanSquaredError(yTrue, yPred);
  }
}

/**
 * loss = mean(|yTrue − yPred|) over the last axis, then reduced over the batch.
 * @example `new MeanAbsoluteError().apply([[0, 1]], [[1, 3]])` // 1.5
 */
export class MeanAbsoluteError extends Loss {
  readonly className = 'MeanAbsoluteError';

  constructor(options: LossOptions = {}) {
    super(options, 'mean_absolute_error', 'MeanAbsoluteError');
    checkKeys('MeanAbsoluteError', options, BASE_KEYS);
  }

  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return meanAbsoluteError(yTrue, yPred);
  }
}

/**
 * loss = −mean(y·log p + (1 − y)·log(1 − p)), p clipped to [ε, 1 − ε] (see {@link binaryCrossentropy} for
 * logits and label smoothing), then reduced over the batch. For one or more independent yes/no outputs.
 * @example `new BinaryCrossentropy({ fromLogits: true }).apply([[1]], [[0]])` // 0.6931…
 */
export class BinaryCrossentropy extends Loss {
  readonly className = 'BinaryCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;

  constructor(options: BinaryCrossentropyLossOptions = {}) {
    const op = 'BinaryCrossentropy';
    super(options, 'binary_crossentropy', op);
    checkKeys(op, options, [...BASE_KEYS, 'fromLogits', 'labelSmoothing', 'axis']);
    this.fromLogits = boolOption(op, 'fromLogits', options.fromLogits, false);
    this.labelSmoothing = numberOption(op, 'labelSmoothing', options.labelSmoothing, 0, 0, 1);
    this.axis = integerOption(op, 'axis', options.axis, -1, Number.MIN_SAFE_INTEGER);
  }

  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    const { fromLogits, labelSmoothing, axis } = this;
    return binaryCrossentropy(yTrue, yPred, { fromLogits, labelSmoothing, axis });
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

/**
 * loss = −Σ y·log p over the class axis, p normalised and clipped (see {@link categoricalCrossentropy}),
 * then reduced over the batch. For one-hot labels of mutually exclusive classes.
 * @example `new CategoricalCrossentropy().apply([[0, 1]], [[0.5, 0.5]])` // 0.6931…
 */
export class CategoricalCrossentropy extends Loss {
  readonly className = 'CategoricalCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;

  constructor(options: CategoricalCrossentropyLossOptions = {}) {
    const op = 'CategoricalCrossentropy';
    super(options, 'categorical_crossentropy', op);
    checkKeys(op, options, [...BASE_KEYS, 'fromLogits', 'labelSmoothing', 'axis']);
    this.fromLogits = boolOption(op, 'fromLogits', options.fromLogits, false);
    this.labelSmoothing = numberOption(op, 'labelSmoothing', options.labelSmoothing, 0, 0, 1);
    this.axis = integerOption(op, 'axis', options.axis, -1, Number.MIN_SAFE_INTEGER);
  }

  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    const { fromLogits, labelSmoothing, axis } = this;
    return categoricalCrossentropy(yTrue, yPred, { fromLogits, labelSmoothing, axis });
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}

/**
 * loss = −log p[label] with integer labels (see {@link sparseCategoricalCrossentropy}), then reduced over
 * the batch. The same value as {@link CategoricalCrossentropy} of the one-hot labels.
 * @example `new SparseCategoricalCrossentropy().apply([1], [[0.5, 0.5]])` // 0.6931…
 */
export class SparseCategoricalCrossentropy extends Loss {
  readonly className = 'SparseCategoricalCrossentropy';
  readonly fromLogits: boolean;

  constructor(options: SparseCategoricalCrossentropyLossOptions = {}) {
    const op = 'SparseCategoricalCrossentropy';
    super(options, 'sparse_categorical_crossentropy', op);
    checkKeys(op, options, [...BASE_KEYS, 'fromLogits']);
    this.fromLogits = boolOption(op, 'fromLogits', options.fromLogits, false);
  }

  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return sparseCategoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits });
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), fromLogits: this.fromLogits };
  }
}

/**
 * loss = mean(½e² if |e| ≤ delta else delta·|e| − ½delta²) over the last axis, e = yPred − yTrue, then
 * reduced over the batch.
 * @example `new Huber({ delta: 1 }).apply([[0]], [[3]])` // 2.5
 */
export class Huber extends Loss {
  readonly className = 'Huber';
  readonly delta: number;

  constructor(options: HuberLossOptions = {}) {
    const op = 'Huber';
    super(options, 'huber_loss', op);
    checkKeys(op, options, [...BASE_KEYS, 'delta']);
    this.delta = numberOption(op, 'delta', options.delta, 1, 0, Number.POSITIVE_INFINITY, true);
  }

  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return huber(yTrue, yPred, { delta: this.delta });
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/**
 * loss = mean(max(1 − y·p, 0)) over the last axis, labels in {−1, 1} (a batch of {0, 1} labels is mapped
 * to 2y − 1, see {@link hinge}), then reduced over the batch.
 * @example `new Hinge().apply([[0, 1]], [[-0.5, 0.5]])` // 0.5
 */
export class Hinge extends Loss {
  readonly className = 'Hinge';

  constructor(options: LossOptions = {}) {
    super(options, 'hinge', 'Hinge');
    checkKeys('Hinge', options, BASE_KEYS);
  }

  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return hinge(yTrue, yPred);
  }
}

/**
 * loss = Σ y·log(y / p) over the last axis, y and p clipped to [ε, 1] (see {@link kld}), then reduced over
 * the batch.
 * @example `new KLDivergence().apply([[0.5, 0.5]], [[0.25, 0.75]])` // 0.1438…
 */
export class KLDivergence extends Loss {
  readonly className = 'KLDivergence';

  constructor(options: LossOptions = {}) {
    super(options, 'kl_divergence', 'KLDivergence');
    checkKeys('KLDivergence', options, BASE_KEYS);
  }

  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return kld(yTrue, yPred);
  }
}

/**
 * A user's per-sample function `(yTrue, yPred) => Tensor` as a {@link Loss}; both arguments arrive as float
 * tensors (yTrue cast to yPred's dtype), as Keras converts them. Named after the function.
 * NOTE: it cannot be rebuilt from a saved config: a file never holds code. Register a Loss subclass
 * instead when the model must be saved and loaded.
 */
export class LossFunctionWrapper extends Loss {
  readonly className = 'LossFunctionWrapper';

  constructor(
    readonly fn: LossFunction,
    options: LossOptions = {},
  ) {
    super({ ...options, name: options.name ?? (fn.name || 'loss') }, 'loss', 'LossFunctionWrapper');
    checkKeys('LossFunctionWrapper', options, BASE_KEYS);
    if (typeof fn !== 'function') {
      throw new ValueError(
        `LossFunctionWrapper: \`fn\` must be a function (yTrue, yPred) => Tensor. Received: ${typeof fn}`,
      );
    }
  }

  call(yTrue: TensorLike, yPred: TensorLike): Tensor {
    return tidy(this.name, () => {
      const [t, p] = floatPair(yTrue, yPred, this.name);
      return this.fn(t, p);
    });
  }
}
