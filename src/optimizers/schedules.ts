import { ClassRegistry, type ConfigDict, type Serializable } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import { checkOptions, invalidArgument } from '../core/validate.js';
import { checkBoolean, checkNonNegative, checkPositive } from './validation.js';

/**
 * A learning rate that changes with the optimizer's step count. The optimizer calls `rate(iterations)`
 * once per `applyGradients`, before the update, so the first update uses `rate(0)`.
 *
 * Implement it (and register the class with {@link scheduleRegistry}) for a custom schedule.
 *
 * @example
 * ```ts
 * const lr = new optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96 });
 * new optimizers.SGD({ learningRate: lr });
 * ```
 */
export interface LearningRateSchedule extends Serializable {
  /** The learning rate for the update made when the optimizer has already applied `step` updates. */
  rate(step: number): number;
}

/** True for an object that can serve as a learning rate schedule (duck-typed, as a user's class need not extend ours). */
export function isLearningRateSchedule(value: unknown): value is LearningRateSchedule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LearningRateSchedule).rate === 'function' &&
    typeof (value as LearningRateSchedule).getConfig === 'function'
  );
}

/** Options of {@link ExponentialDecay} and {@link InverseTimeDecay}. */
export interface DecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Decay in whole steps of `decaySteps` (the exponent is floored) instead of continuously. */
  staircase?: boolean;
}

const DECAY_KEYS = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase'] as const;

function decayOptions(owner: string, options: DecayOptions): Required<DecayOptions> {
  checkOptions(owner, options, DECAY_KEYS);
  const o = options ?? ({} as DecayOptions);
  return {
    initialLearningRate: checkNonNegative(owner, 'initialLearningRate', o.initialLearningRate),
    decaySteps: checkPositive(owner, 'decaySteps', o.decaySteps),
    decayRate: checkNonNegative(owner, 'decayRate', o.decayRate),
    staircase: checkBoolean(owner, 'staircase', o.staircase ?? false),
  };
}

/** The options, validation and config that ExponentialDecay and InverseTimeDecay share; only `rate` differs. */
abstract class DecaySchedule implements LearningRateSchedule {
  abstract readonly className: string;
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;

  constructor(owner: string, options: DecayOptions) {
    const o = decayOptions(owner, options);
    this.initialLearningRate = o.initialLearningRate;
    this.decaySteps = o.decaySteps;
    this.decayRate = o.decayRate;
    this.staircase = o.staircase;
  }

  abstract rate(step: number): number;

  getConfig(): ConfigDict {
    const { initialLearningRate, decaySteps, decayRate, staircase } = this;
    return { initialLearningRate, decaySteps, decayRate, staircase };
  }
}

/**
 * Exponential decay: `lr = initialLearningRate · decayRate^(step / decaySteps)`, with the exponent
 * floored when `staircase` is true.
 *
 * @throws {ValueError} for a negative rate, non-positive `decaySteps` or a negative `decayRate`.
 * @example
 * ```ts
 * const lr = new optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
 * lr.rate(100); // 0.05
 * ```
 */
export class ExponentialDecay extends DecaySchedule {
  readonly className = 'ExponentialDecay';

  constructor(options: DecayOptions) {
    super('ExponentialDecay', options);
  }

  rate(step: number): number {
    const p = step / this.decaySteps;
    return this.initialLearningRate * this.decayRate ** (this.staircase ? Math.floor(p) : p);
  }
}

/**
 * Inverse time decay: `lr = initialLearningRate / (1 + decayRate · step / decaySteps)`, with
 * `step / decaySteps` floored when `staircase` is true.
 *
 * @throws {ValueError} for a negative rate, non-positive `decaySteps` or a negative `decayRate`.
 * @example
 * ```ts
 * const lr = new optimizers.schedules.InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
 * lr.rate(2); // 0.05
 * ```
 */
export class InverseTimeDecay extends DecaySchedule {
  readonly className = 'InverseTimeDecay';

  constructor(options: DecayOptions) {
    super('InverseTimeDecay', options);
  }

  rate(step: number): number {
    const p = step / this.decaySteps;
    return this.initialLearningRate / (1 + this.decayRate * (this.staircase ? Math.floor(p) : p));
  }
}

/** Options of {@link PiecewiseConstantDecay}. */
export interface PiecewiseConstantDecayOptions {
  /** Strictly increasing step counts where the rate changes. */
  boundaries: readonly number[];
  /** One more rate than boundaries. */
  values: readonly number[];
}

/**
 * A step function: `values[0]` while `step ≤ boundaries[0]`, `values[i]` while
 * `boundaries[i−1] < step ≤ boundaries[i]`, and the last value after the last boundary.
 *
 * @throws {ValueError} when boundaries are not strictly increasing, or `values` is not one longer.
 * @example
 * ```ts
 * const lr = new optimizers.schedules.PiecewiseConstantDecay({ boundaries: [1000, 2000], values: [0.1, 0.01, 0.001] });
 * lr.rate(1500); // 0.01
 * ```
 */
export class PiecewiseConstantDecay implements LearningRateSchedule {
  readonly className = 'PiecewiseConstantDecay';
  readonly boundaries: readonly number[];
  readonly values: readonly number[];

  constructor(options: PiecewiseConstantDecayOptions) {
    const owner = this.className;
    checkOptions(owner, options, ['boundaries', 'values']);
    const { boundaries, values } = options ?? ({} as PiecewiseConstantDecayOptions);
    const increasing =
      Array.isArray(boundaries) &&
      boundaries.every((b, i) => Number.isFinite(b) && (i === 0 || b > (boundaries[i - 1] as number)));
    if (!increasing) throw invalidArgument(owner, 'boundaries', 'a strictly increasing array of numbers', boundaries);
    if (!Array.isArray(values)) throw invalidArgument(owner, 'values', 'an array of numbers', values);
    if (values.length !== boundaries.length + 1) {
      throw new ValueError(
        `${owner}: \`values\` must hold one more rate than \`boundaries\`. ` +
          `Received: boundaries=${describe(boundaries)}, values=${describe(values)}`,
      );
    }
    for (const [i, v] of values.entries()) checkNonNegative(owner, `values[${i}]`, v);
    this.boundaries = [...boundaries];
    this.values = [...values];
  }

  rate(step: number): number {
    const i = this.boundaries.findIndex((b) => step <= b);
    return this.values[i < 0 ? this.values.length - 1 : i] as number;
  }

  getConfig(): ConfigDict {
    return { boundaries: [...this.boundaries], values: [...this.values] };
  }
}

/** Class name → schedule, for optimizers read back from a configuration. Register custom schedules here. */
export const scheduleRegistry = new ClassRegistry<LearningRateSchedule>('learning rate schedule');
scheduleRegistry.register('ExponentialDecay', (c) => new ExponentialDecay(c as unknown as DecayOptions));
scheduleRegistry.register('InverseTimeDecay', (c) => new InverseTimeDecay(c as unknown as DecayOptions));
scheduleRegistry.register(
  'PiecewiseConstantDecay',
  (c) => new PiecewiseConstantDecay(c as unknown as PiecewiseConstantDecayOptions),
);
