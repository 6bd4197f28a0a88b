import type { DType } from '../core/dtype.js';
import { assertShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { checkOptions, invalidArgument } from '../core/validate.js';
import { randomNormal, randomUniform, truncatedNormal } from '../ops/random.js';
import { floatDType, Initializer, optionalSeed, type SeedArgs } from './initializer.js';

/** Which fan divides `scale`: inputs, outputs, or their mean. Keras's snake_case spellings are accepted too. */
export type VarianceScalingMode = 'fanIn' | 'fanOut' | 'fanAvg' | 'fan_in' | 'fan_out' | 'fan_avg';

/**
 * The distribution to draw from. 'normal' is Keras's and TensorFlow.js's old name for 'truncatedNormal'.
 * Keras's snake_case spellings are accepted too.
 */
export type VarianceScalingDistribution =
  | 'truncatedNormal'
  | 'untruncatedNormal'
  | 'uniform'
  | 'normal'
  | 'truncated_normal'
  | 'untruncated_normal';

/** The options of {@link VarianceScaling}. */
export interface VarianceScalingArgs extends SeedArgs {
  /** Target variance times the fan: Var(w) = scale / n. Default 1. */
  scale?: number;
  /** Default 'fanIn'. */
  mode?: VarianceScalingMode;
  /** Default 'truncatedNormal'. */
  distribution?: VarianceScalingDistribution;
}

/**
 * The configuration of a {@link VarianceScaling}. Subclasses (GlorotUniform, HeNormal, …) fix scale, mode and
 * distribution and report only their seed, as Keras does, so those three are optional here.
 */
export type VarianceScalingConfig = {
  scale?: number;
  mode?: 'fanIn' | 'fanOut' | 'fanAvg';
  distribution?: 'truncatedNormal' | 'untruncatedNormal' | 'uniform';
  seed: number | null;
};

const MODES = {
  fanIn: 'fanIn',
  fan_in: 'fanIn',
  fanOut: 'fanOut',
  fan_out: 'fanOut',
  fanAvg: 'fanAvg',
  fan_avg: 'fanAvg',
} as const;
const DISTRIBUTIONS = {
  truncatedNormal: 'truncatedNormal',
  truncated_normal: 'truncatedNormal',
  normal: 'truncatedNormal',
  untruncatedNormal: 'untruncatedNormal',
  untruncated_normal: 'untruncatedNormal',
  uniform: 'uniform',
} as const;

/**
 * The standard deviation of N(0, 1) truncated to [−2, 2]: dividing by it makes a truncated normal's
 * standard deviation the one asked for (Keras's constant).
 */
export const TRUNCATED_NORMAL_STDDEV = 0.87962566103423978;

/**
 * [fanIn, fanOut] of a weight shape, Keras's rule: rank 0 → [1, 1]; rank 1 → [n, n]; rank 2 → [rows, cols];
 * higher ranks (convolution kernels, [...spatial, in, out]) → [in·rf, out·rf] with rf = prod(spatial) the
 * receptive field.
 * @example `computeFans([3, 3, 16, 32])` // [144, 288]
 */
export function computeFans(shape: readonly number[]): [number, number] {
  const s = assertShape(shape, 'computeFans');
  const rank = s.length;
  if (rank === 0) return [1, 1];
  if (rank === 1) return [s[0] as number, s[0] as number];
  const receptiveField = s.slice(0, -2).reduce((a, b) => a * b, 1);
  return [(s[rank - 2] as number) * receptiveField, (s[rank - 1] as number) * receptiveField];
}

/**
 * Draws w with variance scale / n, where n is fanIn, fanOut or (fanIn + fanOut)/2 of the shape
 * ({@link computeFans}, at least 1):
 * - 'truncatedNormal': N(0, σ²) within 2σ, σ = √(scale/n) / 0.87962566103423978 (so that Var(w) = scale/n);
 * - 'untruncatedNormal': N(0, scale/n);
 * - 'uniform': U[−limit, limit), limit = √(3·scale/n).
 *
 * @throws {ValueError} for scale ≤ 0 (Keras 3 rejects 0 too: every weight would be 0), an unknown mode or
 * distribution, or a non-integer seed.
 * @example `new VarianceScaling({ scale: 2, mode: 'fanIn', distribution: 'untruncatedNormal' }).apply([256, 128])`
 */
/** The `seed` of a named variance-scaling initializer, whose only option it is. */
function seedOption(className: string, options: SeedArgs): SeedArgs['seed'] {
  checkOptions(className, options, ['seed']);
  return options?.seed;
}

export class VarianceScaling extends Initializer {
  readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: 'fanIn' | 'fanOut' | 'fanAvg';
  readonly distribution: 'truncatedNormal' | 'untruncatedNormal' | 'uniform';
  readonly seed: number | undefined;

  constructor(options: VarianceScalingArgs = {}) {
    super();
    // The subclass's className is not set yet while this runs: errors name VarianceScaling, whose rules they are.
    const name = 'VarianceScaling';
    checkOptions(name, options, ['scale', 'mode', 'distribution', 'seed']);
    const { scale = 1, mode = 'fanIn', distribution = 'truncatedNormal', seed } = options;
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
      throw invalidArgument(name, 'scale', 'a positive finite number', scale);
    }
    this.scale = scale;
    this.mode = lookUp(MODES, mode, 'mode');
    this.distribution = lookUp(DISTRIBUTIONS, distribution, 'distribution');
    this.seed = optionalSeed(name, seed);
  }

  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const [fanIn, fanOut] = computeFans(shape);
    const fan = this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    // NOTE: a shape with a zero dimension has fan 0; Keras divides by max(1, fan) so no Infinity reaches the op.
    const variance = this.scale / Math.max(1, fan);
    const d = floatDType(this.className, dtype);
    switch (this.distribution) {
      case 'truncatedNormal':
        return truncatedNormal(shape, 0, Math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV, d, this.seed);
      case 'untruncatedNormal':
        return randomNormal(shape, 0, Math.sqrt(variance), d, this.seed);
      case 'uniform': {
        const limit = Math.sqrt(3 * variance);
        return randomUniform(shape, -limit, limit, d, this.seed);
      }
    }
  }

  override getConfig(): VarianceScalingConfig {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed ?? null };
  }
}

function lookUp<T extends Record<string, string>>(table: T, value: unknown, arg: string): T[keyof T] {
  if (typeof value === 'string' && Object.hasOwn(table, value)) return table[value as keyof T];
  throw invalidArgument('VarianceScaling', arg, `one of ${Object.keys(table).join(', ')}`, value);
}

/**
 * Glorot (Xavier) uniform: U[−limit, limit) with limit = √(6 / (fanIn + fanOut)); VarianceScaling with
 * scale 1, 'fanAvg', 'uniform'. Keras's default kernel initializer.
 * @example `new GlorotUniform({ seed: 1 }).apply([784, 128])` // every |w| ≤ √(6/912) ≈ 0.081
 */
export class GlorotUniform extends VarianceScaling {
  override readonly className: string = 'GlorotUniform';

  constructor(options: SeedArgs = {}) {
    super({ scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: seedOption('GlorotUniform', options) });
  }

  override getConfig(): VarianceScalingConfig {
    return { seed: this.seed ?? null };
  }
}

/**
 * Glorot (Xavier) normal: truncated N(0, σ²) with Var(w) = 2 / (fanIn + fanOut); scale 1, 'fanAvg', 'truncatedNormal'.
 * @example `new GlorotNormal({ seed: 1 }).apply([784, 128])`
 */
export class GlorotNormal extends VarianceScaling {
  override readonly className: string = 'GlorotNormal';

  constructor(options: SeedArgs = {}) {
    super({ scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal', seed: seedOption('GlorotNormal', options) });
  }

  override getConfig(): VarianceScalingConfig {
    return { seed: this.seed ?? null };
  }
}

/**
 * He uniform: U[−limit, limit) with limit = √(6 / fanIn); scale 2, 'fanIn', 'uniform'. Suits ReLU layers.
 * @example `new HeUniform({ seed: 1 }).apply([256, 128])`
 */
export class HeUniform extends VarianceScaling {
  override readonly className: string = 'HeUniform';

  constructor(options: SeedArgs = {}) {
    super({ scale: 2, mode: 'fanIn', distribution: 'uniform', seed: seedOption('HeUniform', options) });
  }

  override getConfig(): VarianceScalingConfig {
    return { seed: this.seed ?? null };
  }
}

/**
 * He normal: truncated N(0, σ²) with Var(w) = 2 / fanIn; scale 2, 'fanIn', 'truncatedNormal'. Suits ReLU layers.
 * @example `new HeNormal({ seed: 1 }).apply([256, 128])`
 */
export class HeNormal extends VarianceScaling {
  override readonly className: string = 'HeNormal';

  constructor(options: SeedArgs = {}) {
    super({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal', seed: seedOption('HeNormal', options) });
  }

  override getConfig(): VarianceScalingConfig {
    return { seed: this.seed ?? null };
  }
}

/**
 * LeCun uniform: U[−limit, limit) with limit = √(3 / fanIn); scale 1, 'fanIn', 'uniform'.
 * @example `new LecunUniform({ seed: 1 }).apply([256, 128])`
 */
export class LecunUniform extends VarianceScaling {
  override readonly className: string = 'LecunUniform';

  constructor(options: SeedArgs = {}) {
    super({ scale: 1, mode: 'fanIn', distribution: 'uniform', seed: seedOption('LecunUniform', options) });
  }

  override getConfig(): VarianceScalingConfig {
    return { seed: this.seed ?? null };
  }
}

/**
 * LeCun normal: truncated N(0, σ²) with Var(w) = 1 / fanIn; scale 1, 'fanIn', 'truncatedNormal'. Pairs with selu.
 * @example `new LecunNormal({ seed: 1 }).apply([256, 128])`
 */
export class LecunNormal extends VarianceScaling {
  override readonly className: string = 'LecunNormal';

  constructor(options: SeedArgs = {}) {
    super({ scale: 1, mode: 'fanIn', distribution: 'truncatedNormal', seed: seedOption('LecunNormal', options) });
  }

  override getConfig(): VarianceScalingConfig {
    return { seed: this.seed ?? null };
  }
}

/**
 * A {@link VarianceScaling} initializer: Var(w) = scale / n.
 * @example `initializers.varianceScaling({ scale: 2, mode: 'fanOut' }).apply([64, 32])`
 */
export function varianceScaling(args?: VarianceScalingArgs): VarianceScaling {
  return new VarianceScaling(args);
}

/**
 * A {@link GlorotUniform} initializer: U[±√(6 / (fanIn + fanOut))].
 * @example `initializers.glorotUniform({ seed: 42 }).apply([4, 3])`
 */
export function glorotUniform(args?: SeedArgs): GlorotUniform {
  return new GlorotUniform(args);
}

/**
 * A {@link GlorotNormal} initializer: Var(w) = 2 / (fanIn + fanOut), truncated.
 * @example `initializers.glorotNormal().apply([4, 3])`
 */
export function glorotNormal(args?: SeedArgs): GlorotNormal {
  return new GlorotNormal(args);
}

/**
 * A {@link HeUniform} initializer: U[±√(6 / fanIn)].
 * @example `initializers.heUniform().apply([4, 3])`
 */
export function heUniform(args?: SeedArgs): HeUniform {
  return new HeUniform(args);
}

/**
 * A {@link HeNormal} initializer: Var(w) = 2 / fanIn, truncated.
 * @example `initializers.heNormal({ seed: 1 }).apply([4, 3])`
 */
export function heNormal(args?: SeedArgs): HeNormal {
  return new HeNormal(args);
}

/**
 * A {@link LecunUniform} initializer: U[±√(3 / fanIn)].
 * @example `initializers.lecunUniform().apply([4, 3])`
 */
export function lecunUniform(args?: SeedArgs): LecunUniform {
  return new LecunUniform(args);
}

/**
 * A {@link LecunNormal} initializer: Var(w) = 1 / fanIn, truncated.
 * @example `initializers.lecunNormal().apply([4, 3])`
 */
export function lecunNormal(args?: SeedArgs): LecunNormal {
  return new LecunNormal(args);
}

/** TensorFlow.js's spelling of {@link lecunUniform}. @example `initializers.leCunUniform().apply([4, 3])` */
export const leCunUniform = lecunUniform;

/** TensorFlow.js's spelling of {@link lecunNormal}. @example `initializers.leCunNormal().apply([4, 3])` */
export const leCunNormal = lecunNormal;
