import type { DType } from '../core/dtype.js';
import type { Tensor } from '../core/tensor.js';
import { checkOptions, invalidArgument } from '../core/validate.js';
import {
  randomNormal as randomNormalOp,
  randomUniform as randomUniformOp,
  truncatedNormal as truncatedNormalOp,
} from '../ops/random.js';
import {
  finiteNumber,
  floatDType,
  Initializer,
  nonNegativeNumber,
  optionalSeed,
  type SeedArgs,
} from './initializer.js';

/** The options of {@link RandomNormal} and {@link TruncatedNormal}. */
export interface NormalArgs extends SeedArgs {
  /** Default 0. */
  mean?: number;
  /** Default 0.05. */
  stddev?: number;
}

/** The options of {@link RandomUniform}. */
export interface UniformArgs extends SeedArgs {
  /** Lower bound, included. Default −0.05. */
  minval?: number;
  /** Upper bound, excluded. Default 0.05. */
  maxval?: number;
}

/** What the two Gaussian initializers share: options, validation, config. Only the draw differs. */
abstract class GaussianInitializer extends Initializer {
  abstract override readonly className: string;
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | undefined;

  constructor(owner: string, options: NormalArgs) {
    super();
    checkOptions(owner, options, ['mean', 'stddev', 'seed']);
    const { mean = 0, stddev = 0.05, seed } = options ?? {};
    this.mean = finiteNumber(owner, 'mean', mean);
    this.stddev = nonNegativeNumber(owner, 'stddev', stddev);
    this.seed = optionalSeed(owner, seed);
  }

  override getConfig(): { mean: number; stddev: number; seed: number | null } {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

/**
 * w ~ N(mean, stddev²).
 * @throws {ValueError} for a negative or non-finite `stddev`, a non-finite `mean` or a non-integer `seed`.
 * @example `new RandomNormal({ stddev: 0.01, seed: 1 }).apply([3, 4])`
 */
export class RandomNormal extends GaussianInitializer {
  readonly className: string = 'RandomNormal';

  constructor(args: NormalArgs = {}) {
    super('RandomNormal', args);
  }

  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return randomNormalOp(shape, this.mean, this.stddev, floatDType(this.className, dtype), this.seed);
  }
}

/**
 * w ~ N(mean, stddev²) redrawn until |w − mean| ≤ 2·stddev, so no weight starts far out in a tail.
 * NOTE: the result's standard deviation is ≈ 0.88·stddev, not stddev (as in Keras and TensorFlow);
 * {@link VarianceScaling} corrects for it, this class does not.
 * @throws {ValueError} as {@link RandomNormal}.
 * @example `new TruncatedNormal({ stddev: 0.02, seed: 1 }).apply([3, 4])` // every |w| ≤ 0.04
 */
export class TruncatedNormal extends GaussianInitializer {
  readonly className: string = 'TruncatedNormal';

  constructor(args: NormalArgs = {}) {
    super('TruncatedNormal', args);
  }

  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return truncatedNormalOp(shape, this.mean, this.stddev, floatDType(this.className, dtype), this.seed);
  }
}

/**
 * w ~ U[minval, maxval).
 * @throws {ValueError} unless minval < maxval (both finite), or for a non-integer `seed`.
 * @example `new RandomUniform({ minval: -1, maxval: 1, seed: 1 }).apply([2, 2])`
 */
export class RandomUniform extends Initializer {
  readonly className: string = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | undefined;

  constructor(options: UniformArgs = {}) {
    super();
    checkOptions('RandomUniform', options, ['minval', 'maxval', 'seed']);
    const { minval = -0.05, maxval = 0.05, seed } = options;
    this.minval = finiteNumber(this.className, 'minval', minval);
    this.maxval = finiteNumber(this.className, 'maxval', maxval);
    if (!(this.minval < this.maxval)) {
      throw invalidArgument(this.className, 'maxval', `a number greater than minval=${this.minval}`, maxval);
    }
    this.seed = optionalSeed(this.className, seed);
  }

  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return randomUniformOp(shape, this.minval, this.maxval, floatDType(this.className, dtype), this.seed);
  }

  override getConfig(): { minval: number; maxval: number; seed: number | null } {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed ?? null };
  }
}

/**
 * A {@link RandomNormal} initializer: w ~ N(mean, stddev²).
 * @example `initializers.randomNormal({ stddev: 0.01 }).apply([2, 2])`
 */
export function randomNormal(args?: NormalArgs): RandomNormal {
  return new RandomNormal(args);
}

/**
 * A {@link TruncatedNormal} initializer: N(mean, stddev²) within 2·stddev of the mean.
 * @example `initializers.truncatedNormal({ stddev: 0.02 }).apply([2, 2])`
 */
export function truncatedNormal(args?: NormalArgs): TruncatedNormal {
  return new TruncatedNormal(args);
}

/**
 * A {@link RandomUniform} initializer: w ~ U[minval, maxval).
 * @example `initializers.randomUniform({ minval: 0, maxval: 1 }).apply([2, 2])`
 */
export function randomUniform(args?: UniformArgs): RandomUniform {
  return new RandomUniform(args);
}
