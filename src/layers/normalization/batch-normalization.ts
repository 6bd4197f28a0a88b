import { type ConfigDict, serialize } from '../../core/config.js';
import { ENGINE } from '../../core/engine.js';
import type { Tensor, Variable } from '../../core/tensor.js';
import { checkNumber } from '../../core/validate.js';
import { getInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import { add, mul } from '../../ops/arithmetic.js';
import { stopGradient } from '../../ops/gradient-stop.js';
import { moments, normalize } from '../../ops/moments.js';
import { reshape } from '../../ops/shape.js';
import { Layer, type LayerShape } from '../layer.js';
import {
  AFFINE_KEYS,
  type Affine,
  type AffineArgs,
  addAffineWeights,
  affineConfig,
  checkAffine,
  checkAxisOption,
  checkSpec,
  knownSizes,
  resolveAxis,
} from './affine.js';

export interface BatchNormalizationArgs extends AffineArgs {
  /** The features axis, normalized per entry (the others are averaged over). Default −1. */
  axis?: number;
  /** Weight of the old value in the moving averages, in [0, 1]. Default 0.99. */
  momentum?: number;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
}

const BATCH_NORM_KEYS: readonly (keyof BatchNormalizationArgs)[] = [
  'axis',
  'momentum',
  ...AFFINE_KEYS,
  'movingMeanInitializer',
  'movingVarianceInitializer',
];

/**
 * Batch normalization (Ioffe and Szegedy, 2015): `y = γ·(x − μ)/√(σ² + ε) + β` per entry of `axis`.
 *
 * In training mode μ and σ² are the batch's mean and biased variance over every other axis, and the moving
 * statistics follow them: `moving = moving·momentum + batch·(1 − momentum)` (Keras 3's rule, mean and variance
 * alike). In inference mode μ and σ² are the moving statistics. A frozen layer (`trainable = false`) runs in
 * inference mode even in training, as in Keras 3, so fine-tuning with it frozen changes nothing in it.
 *
 * Weights, in Keras order: gamma and beta (trainable, when `scale` / `center`), then movingMean and
 * movingVariance (non-trainable: no optimizer touches them, no gradient reaches them).
 * Input: any rank ≥ 1. Output: the input's shape.
 * @throws {ValueError} for a momentum outside [0, 1], an epsilon ≤ 0, a non-integer axis, or an axis out of range
 *   of the input. Keras note: `renorm` and `synchronized` are not options (a Keras file with them off loads).
 * @example
 * ```ts
 * const model = new Sequential([new layers.Dense(8, { inputShape: [4] }), new layers.BatchNormalization()]);
 * ```
 */
export class BatchNormalization extends Layer {
  static readonly className: string = 'BatchNormalization';
  readonly className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  private readonly affine: Affine;
  private readonly args: BatchNormalizationArgs;
  gamma: Variable | undefined;
  beta: Variable | undefined;
  movingMean: Variable | undefined;
  movingVariance: Variable | undefined;
  /** The axis made non-negative for the built rank. */
  private featureAxis = -1;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args, BATCH_NORM_KEYS);
    this.axis = checkAxisOption('BatchNormalization', args.axis ?? -1);
    this.momentum = checkNumber('BatchNormalization', 'momentum', args.momentum ?? 0.99, 0, 1);
    this.affine = checkAffine('BatchNormalization', args);
    getInitializer(args.movingMeanInitializer ?? 'zeros');
    getInitializer(args.movingVarianceInitializer ?? 'ones');
    this.args = args;
  }

  get epsilon(): number {
    return this.affine.epsilon;
  }

  override build(inputShape: LayerShape): void {
    this.featureAxis = resolveAxis(this.axis, inputShape);
    const shape = knownSizes(this.name, inputShape, [this.featureAxis]);
    const weights = addAffineWeights(this.affine, shape, (n, s, o) => this.addWeight(n, s, o));
    this.gamma = weights.gamma;
    this.beta = weights.beta;
    this.movingMean = this.addWeight('moving_mean', shape, {
      initializer: this.args.movingMeanInitializer ?? 'zeros',
      trainable: false,
    });
    this.movingVariance = this.addWeight('moving_variance', shape, {
      initializer: this.args.movingVarianceInitializer ?? 'ones',
      trainable: false,
    });
    super.build(inputShape);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    const built = this.builtInputShape as LayerShape;
    checkSpec(this.name, shape, built, [this.featureAxis], [(this.movingMean as Variable).shape[0] as number]);
  }

  call(inputs: Tensor, { training }: { training: boolean }): Tensor {
    // Its own scope, so that the statistics and other intermediates go even outside a caller's tidy.
    return ENGINE.tidy(() => {
      const axis = this.featureAxis;
      const rank = inputs.rank;
      // [C] statistics broadcast against x: as they are on the last axis, else reshaped to [1, …, C, …, 1].
      const size = (this.movingMean as Variable).shape[0] as number;
      const bcast = (t: Tensor | undefined): Tensor | undefined => {
        if (t === undefined || axis === rank - 1) return t;
        const shape = new Array<number>(rank).fill(1);
        shape[axis] = size;
        return reshape(t, shape);
      };
      let mean: Tensor = this.movingMean as Variable;
      let variance: Tensor = this.movingVariance as Variable;
      if (training && this.trainable) {
        const reduce = [...Array(rank).keys()].filter((a) => a !== axis);
        ({ mean, variance } = moments(inputs, reduce));
        this.updateMovingStatistics(mean, variance);
      }
      return normalize(inputs, bcast(mean) as Tensor, bcast(variance) as Tensor, {
        epsilon: this.epsilon,
        scale: bcast(this.gamma) ?? null,
        offset: bcast(this.beta) ?? null,
      });
    }, this.name);
  }

  /**
   * moving ← moving·momentum + batch·(1 − momentum). The batch statistics enter through stopGradient, so that
   * inside a training step's gradient tape the update records nothing: it is state, not part of the loss.
   */
  private updateMovingStatistics(mean: Tensor, variance: Tensor): void {
    const m = this.momentum;
    ENGINE.tidy(() => {
      for (const [v, batch] of [
        [this.movingMean as Variable, mean],
        [this.movingVariance as Variable, variance],
      ] as const) {
        v.assign(add(mul(v, m), mul(stopGradient(batch), 1 - m)));
      }
    });
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    resolveAxis(this.axis, inputShape);
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      ...affineConfig(this.affine),
      movingMeanInitializer: serialize(getInitializer(this.args.movingMeanInitializer ?? 'zeros')),
      movingVarianceInitializer: serialize(getInitializer(this.args.movingVarianceInitializer ?? 'ones')),
    };
  }
}
