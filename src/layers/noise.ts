import type { ConfigDict } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import type { SeedGenerator } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { add, mul } from '../ops/arithmetic.js';
import { greaterEqual } from '../ops/compare.js';
import { randomNormal, randomUniform } from '../ops/random.js';
import { cast } from '../ops/unary.js';
import {
  checkNoiseShape,
  checkNoiseShapeFits,
  checkRate,
  checkSeed,
  DROPOUT_KEYS,
  type DropoutArgs,
  resolveNoiseShape,
} from './dropout.js';
import { Layer, type LayerArgs, type LayerShape, withPositional } from './layer.js';

/** Options of {@link GaussianNoise}. */
export interface GaussianNoiseArgs extends LayerArgs {
  /** Standard deviation of the noise, ≥ 0. */
  stddev: number;
  seed?: number | null;
}

/** Options of {@link GaussianDropout}. */
export interface GaussianDropoutArgs extends LayerArgs {
  /** Fraction of "dropped" signal, in [0, 1): the noise's variance is rate/(1 − rate). */
  rate: number;
  seed?: number | null;
}

/**
 * Adds zero-mean Gaussian noise while training: `output = x + N(0, stddev²)`; identity at inference.
 * @example `new layers.GaussianNoise(0.1)`
 */
export class GaussianNoise extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'GaussianNoise';
  readonly className = 'GaussianNoise';
  readonly stddev: number;
  readonly seed: number | undefined;
  private readonly seedGenerator: SeedGenerator;

  constructor(stddev: number | GaussianNoiseArgs, args: Omit<GaussianNoiseArgs, 'stddev'> = {}) {
    const all = withPositional<GaussianNoiseArgs>('GaussianNoise', 'stddev', stddev, args);
    super(all, ['stddev', 'seed']);
    if (typeof all.stddev !== 'number' || !Number.isFinite(all.stddev) || all.stddev < 0) {
      throw new ValueError(
        `Invalid value received for argument \`stddev\` of GaussianNoise. Expected a non-negative number. Received: stddev=${describe(all.stddev)}`,
      );
    }
    this.stddev = all.stddev;
    this.seed = checkSeed(all.seed, 'GaussianNoise');
    this.seedGenerator = this.makeSeedGenerator(this.seed);
  }

  call(inputs: Tensor, { training }: { training: boolean }): Tensor {
    if (!training || this.stddev === 0) return inputs;
    return add(inputs, randomNormal(inputs.shape, 0, this.stddev, inputs.dtype, this.seedGenerator.nextSeed()));
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed ?? null };
  }
}

/**
 * Multiplicative Gaussian noise while training: `output = x · N(1, rate/(1 − rate))` (the
 * variance of Bernoulli dropout at that rate, so the expectation is unchanged); identity at inference.
 * Keras note: Keras accepts rate 1, where the noise's variance is infinite; Dendrite rejects it.
 * @example `new layers.GaussianDropout(0.2)`
 */
export class GaussianDropout extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'GaussianDropout';
  readonly className = 'GaussianDropout';
  readonly rate: number;
  readonly seed: number | undefined;
  private readonly seedGenerator: SeedGenerator;

  constructor(rate: number | GaussianDropoutArgs, args: Omit<GaussianDropoutArgs, 'rate'> = {}) {
    const all = withPositional<GaussianDropoutArgs>('GaussianDropout', 'rate', rate, args);
    super(all, ['rate', 'seed']);
    this.rate = checkRate(all.rate, 'GaussianDropout', { allowOne: false });
    this.seed = checkSeed(all.seed, 'GaussianDropout');
    this.seedGenerator = this.makeSeedGenerator(this.seed);
  }

  call(inputs: Tensor, { training }: { training: boolean }): Tensor {
    if (!training || this.rate === 0) return inputs;
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    return mul(inputs, randomNormal(inputs.shape, 1, stddev, inputs.dtype, this.seedGenerator.nextSeed()));
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/**
 * Dropout that keeps SELU networks self-normalising (Klambauer et al.): while training,
 * dropped units are set to α' = −scale·alpha instead of 0, then the result is mapped by an
 * affine a·x + b that restores zero mean and unit variance:
 * `a = ((1 − rate)(1 + rate·α'²))^{−1/2}`, `b = −a·α'·rate` (Keras's formula). Identity at inference.
 * @example `new layers.AlphaDropout(0.1)`
 */
export class AlphaDropout extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'AlphaDropout';
  readonly className = 'AlphaDropout';
  readonly rate: number;
  readonly noiseShape: readonly (number | null)[] | null;
  readonly seed: number | undefined;
  private readonly seedGenerator: SeedGenerator;

  constructor(rate: number | DropoutArgs, args: Omit<DropoutArgs, 'rate'> = {}) {
    // Dropout's options: a rate, a noise shape and a seed.
    const all = withPositional<DropoutArgs>('AlphaDropout', 'rate', rate, args);
    super(all, DROPOUT_KEYS);
    this.rate = checkRate(all.rate, 'AlphaDropout', { allowOne: false });
    this.noiseShape = checkNoiseShape(all.noiseShape, 'AlphaDropout');
    this.seed = checkSeed(all.seed, 'AlphaDropout');
    this.seedGenerator = this.makeSeedGenerator(this.seed);
  }

  override build(inputShape: LayerShape): void {
    checkNoiseShapeFits(this.noiseShape, inputShape, 'AlphaDropout');
    super.build(inputShape);
  }

  call(inputs: Tensor, { training }: { training: boolean }): Tensor {
    if (!training || this.rate === 0) return inputs;
    const alphaP = -SELU_ALPHA * SELU_SCALE;
    const shape = resolveNoiseShape(this.noiseShape, inputs, 'AlphaDropout');
    const kept = cast(
      greaterEqual(randomUniform(shape, 0, 1, 'float32', this.seedGenerator.nextSeed()), this.rate),
      inputs.dtype,
    );
    const a = ((1 - this.rate) * (1 + this.rate * alphaP * alphaP)) ** -0.5;
    const b = -a * alphaP * this.rate;
    // x·kept + α'·(1 − kept), then a·(…) + b
    const dropped = add(mul(inputs, kept), mul(add(mul(kept, -1), 1), alphaP));
    return add(mul(dropped, a), b);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      rate: this.rate,
      noiseShape: this.noiseShape ? this.noiseShape.slice() : null,
      seed: this.seed ?? null,
    };
  }
}
