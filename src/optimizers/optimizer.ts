import { dispose, tidy } from '../core/api.js';
import { type ConfigDict, fromConfigOf, type Serializable, type SerializedObject } from '../core/config.js';
import { isFloat } from '../core/dtype.js';
import { DTypeError, describe, ShapeError, StateError, ValueError } from '../core/errors.js';
import { formatShape, shapesEqual } from '../core/shape.js';
import { Tensor, Variable } from '../core/tensor.js';
import { checkOptions, invalidArgument } from '../core/validate.js';
import { variableRegistry } from '../core/variables.js';
import { mul, sub } from '../ops/arithmetic.js';
import { scalar } from '../ops/convert.js';
import { fill, variable } from '../ops/creation.js';
import { variableGrads } from '../ops/grad.js';
import { cast, clipByValue } from '../ops/unary.js';
import { clipByGlobalNorm, clipByNorm } from './clipping.js';
import { isLearningRateSchedule, type LearningRateSchedule, scheduleRegistry } from './schedules.js';
import { checkNonNegative, checkOptionalPositive } from './validation.js';

/** Options every optimizer takes (Keras's `BaseOptimizer` arguments). */
export interface OptimizerOptions {
  /**
   * A fixed rate, a {@link LearningRateSchedule} evaluated at every step, or a serialized schedule
   * `{ className, config }` (what `getConfig()` returns, so a configuration rebuilds the optimizer).
   */
  learningRate?: number | LearningRateSchedule | SerializedObject;
  /** Decoupled weight decay: `w ← w − lr · weightDecay · w` before each update. `null` (default): none. */
  weightDecay?: number | null;
  /** Rescales each gradient whose 2-norm exceeds this to norm `clipNorm`. */
  clipNorm?: number | null;
  /** Clips each gradient element to [−clipValue, clipValue]. */
  clipValue?: number | null;
  /** Rescales all gradients together when their joint 2-norm exceeds this. */
  globalClipNorm?: number | null;
  /** Prefix of the slot variables' names. */
  name?: string;
}

const BASE_OPTIONS = ['learningRate', 'weightDecay', 'clipNorm', 'clipValue', 'globalClipNorm', 'name'] as const;

/** A gradient and the variable it updates, in Keras's order. */
export type GradientAndVariable = readonly [gradient: Tensor, variable: Variable];

/** `value`, or `fallback` when the option was left out (`null` stays, so it can be rejected where it is invalid). */
export function option<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/**
 * Base class of the optimizers: everything except the per-variable update rule.
 *
 * `applyGradients` runs one step, as Keras 3's `BaseOptimizer.apply` does:
 * 1. clip the gradients (`clipNorm`, `clipValue` or `globalClipNorm`);
 * 2. read the learning rate (a schedule is evaluated at `iterations`);
 * 3. decoupled weight decay `w ← w − w · weightDecay · lr`, before the update and outside the loss;
 * 4. the subclass's {@link Optimizer.updateStep} for each variable;
 * 5. `w ← constraint(w)` for each variable with a `constraint`;
 * 6. `iterations ← iterations + 1`.
 *
 * Slots (momentum, moment estimates…) are non-trainable variables with the variable's shape and dtype,
 * created on a variable's first update, or by {@link Optimizer.build}.
 *
 * @example
 * ```ts
 * const opt = new optimizers.Adam({ learningRate: 0.01 });
 * const loss = opt.minimize(() => mean(square(sub(matMul(x, w), y))));
 * ```
 */
export abstract class Optimizer<Slot extends string = string> implements Serializable {
  /**
   * Rebuilds an instance from what `getConfig()` returned (Keras's `from_config`).
   * @example `optimizers.Adam.fromConfig(adam.getConfig())`
   */
  static fromConfig<T extends Optimizer>(this: { prototype: T }, config: ConfigDict): T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass it is called on (Dense.fromConfig builds a Dense).
    return fromConfigOf(this, config);
  }

  readonly className: string;
  readonly name: string;
  readonly weightDecay: number | null;
  readonly clipNorm: number | null;
  readonly clipValue: number | null;
  readonly globalClipNorm: number | null;
  private rate: number | LearningRateSchedule;
  private step = 0;
  /** Variable → its slots, in the order variables were first seen: `getWeights()` follows it. */
  private readonly slots = new Map<Variable, Readonly<Record<Slot, Variable>>>();

  /**
   * @param options the user's options, checked against `BASE_OPTIONS` plus `ownOptions`.
   * @param defaults the subclass's Keras defaults.
   */
  protected constructor(
    options: OptimizerOptions,
    defaults: { learningRate: number; name: string },
    ownOptions: readonly string[],
  ) {
    // A static on each subclass, read through new.target, so AdamW (built by Adam's constructor) names itself.
    this.className = (new.target as unknown as { className?: string }).className ?? new.target.name;
    const owner = this.className;
    checkOptions(owner, options, [...BASE_OPTIONS, ...ownOptions]);
    this.rate = checkLearningRate(owner, option(options.learningRate, defaults.learningRate));
    const name = option(options.name, defaults.name);
    if (typeof name !== 'string' || name === '') throw invalidArgument(owner, 'name', 'a non-empty string', name);
    this.name = name;
    this.weightDecay = options.weightDecay == null ? null : checkNonNegative(owner, 'weightDecay', options.weightDecay);
    this.clipNorm = checkOptionalPositive(owner, 'clipNorm', options.clipNorm);
    this.clipValue = checkOptionalPositive(owner, 'clipValue', options.clipValue);
    this.globalClipNorm = checkOptionalPositive(owner, 'globalClipNorm', options.globalClipNorm);
    const clips = [this.clipNorm, this.clipValue, this.globalClipNorm].filter((c) => c !== null);
    if (clips.length > 1) {
      // Keras note: Keras rejects clipNorm with globalClipNorm but silently ignores clipValue next to either.
      throw new ValueError(
        `${owner}: only one of \`clipNorm\`, \`clipValue\` and \`globalClipNorm\` can be set. ` +
          `Received: clipNorm=${this.clipNorm}, clipValue=${this.clipValue}, globalClipNorm=${this.globalClipNorm}`,
      );
    }
  }

  /** The number of steps applied so far (Keras's `iterations`). */
  get iterations(): number {
    return this.step;
  }

  /** The learning rate the next step will use: the fixed rate, or the schedule evaluated at `iterations`. */
  get learningRate(): number {
    return typeof this.rate === 'number' ? this.rate : this.rate.rate(this.step);
  }

  /** Replaces the learning rate (callbacks such as ReduceLROnPlateau set it between epochs). */
  set learningRate(value: number | LearningRateSchedule) {
    // Keras raises here too: overwriting a schedule with a number (ReduceLROnPlateau on a decaying
    // optimizer) would silently discard the schedule.
    if (typeof this.rate !== 'number' && typeof value === 'number') {
      throw new StateError(
        `${this.className}: the learning rate is a ${this.rate.className} schedule and cannot be set to a number; ` +
          'use a constant learning rate with callbacks that change it',
      );
    }
    this.rate = checkLearningRate(this.className, value);
  }

  /** The slots each variable gets, in a fixed order (`getWeights()` lists them in this order). */
  protected abstract slotNames(): readonly Slot[];

  /** A slot's initial value (Adagrad starts its accumulator at `initialAccumulatorValue`). */
  protected slotInitialValue(_slot: Slot): number {
    return 0;
  }

  /**
   * Updates one variable (and its slots) from its gradient, already clipped and cast to the
   * variable's dtype. Runs inside a `tidy`. `iterations` still counts the steps before this one. `decay` is
   * weightDecay·lr when the subclass {@link fusesWeightDecay}, else 0.
   */
  protected abstract updateStep(
    gradient: Tensor,
    variable: Variable,
    learningRate: number,
    slots: Readonly<Record<Slot, Variable>>,
    decay: number,
  ): void;

  /**
   * Updates every variable of one step (the gradients already clipped and cast). The default runs
   * {@link updateStep} per variable, each in its own `tidy`; an optimizer with a kernel for many variables at once
   * overrides it.
   */
  protected updateSteps(grads: readonly Tensor[], variables: readonly Variable[], lr: number, decay: number): void {
    variables.forEach((v, i) => {
      tidy(() => this.updateStep(grads[i] as Tensor, v, lr, this.slotsOf(v), decay));
    });
  }

  /** The slots of a built variable. */
  protected slotsOf(v: Variable): Readonly<Record<Slot, Variable>> {
    return this.slots.get(v) as Readonly<Record<Slot, Variable>>;
  }

  /**
   * True when {@link updateStep} applies the decoupled weight decay itself (`w ← w − w·decay` first, decay being
   * weightDecay·lr, in the same pass as the update); otherwise the base class applies it to every variable first
   * and passes decay 0.
   */
  protected readonly fusesWeightDecay: boolean = false;

  /**
   * Creates the slots of variables not seen before. Steps do this themselves; call it to restore a saved
   * state with `setWeights` before the first step.
   */
  build(variables: readonly Variable[]): void {
    const owner = `${this.className}.build`;
    if (!Array.isArray(variables))
      throw new ValueError(`${owner}: expected an array of Variables. Received: ${describe(variables)}`);
    for (const [i, v] of variables.entries()) checkVariable(owner, v, `variables[${i}]`);
    tidy(() => {
      for (const v of variables) {
        if (this.slots.has(v)) continue;
        const record = {} as Record<Slot, Variable>;
        for (const slot of this.slotNames()) {
          const init = fill(v.shape, this.slotInitialValue(slot), v.dtype);
          record[slot] = variable(init, false, `${this.name}/${v.name.replaceAll('/', '_')}_${slot}`);
        }
        this.slots.set(v, record);
      }
    });
  }

  /**
   * Applies one step of gradients, each paired with its variable: `[[gradient, variable], …]`
   * (Keras's order; TensorFlow.js's `applyGradients` takes a name → gradient map instead).
   *
   * @throws {ShapeError} when a gradient's shape differs from its variable's.
   * @throws {ValueError} for an empty list, a repeated variable, or an entry that is not `[Tensor, Variable]`.
   * @example
   * ```ts
   * const { value, grads } = variableGrads(loss, [w]);
   * opt.applyGradients([[grads[w.name], w]]);
   * ```
   */
  applyGradients(gradsAndVars: readonly GradientAndVariable[]): void {
    const pairs = this.checkGradients(gradsAndVars);
    const variables = pairs.map(([, v]) => v);
    const lr = this.learningRate;
    if (!Number.isFinite(lr) || lr < 0) {
      // A custom schedule's NaN would otherwise turn every weight into NaN without a word.
      throw new ValueError(
        `${this.className}.applyGradients: the learning rate schedule returned ${describe(lr)} at step ${this.step}. ` +
          'Expected a non-negative finite number',
      );
    }
    this.build(variables);
    tidy(() => {
      const grads = this.clip(pairs.map(([g, v]) => (g.dtype === v.dtype ? g : cast(g, v.dtype))));
      const wd = this.weightDecay;
      const fuse = this.fusesWeightDecay;
      if (wd && !fuse) for (const v of variables) tidy(() => v.assign(sub(v, mul(mul(v, wd), lr))));
      const decay = wd && fuse ? wd * lr : 0;
      this.updateSteps(grads, variables, lr, decay);
      for (const v of variables) {
        const constraint = v.constraint;
        if (constraint) tidy(() => v.assign(constraint(v)));
      }
    });
    this.step++;
  }

  /**
   * Computes the gradients of the scalar `f()` with respect to `varList` (default: every trainable
   * variable), applies them, and returns the loss (dispose it). Variables `f` does not use are left alone.
   *
   * @throws {ValueError} when `f` depends on none of the variables.
   * @example
   * ```ts
   * const opt = new optimizers.SGD({ learningRate: 0.1, momentum: 0.9 });
   * for (let i = 0; i < 100; i++) opt.minimize(() => sum(square(sub(w, target)))).dispose();
   * ```
   */
  minimize(f: () => Tensor, varList?: readonly Variable[]): Tensor {
    const vars = varList ?? variableRegistry.trainable();
    const owner = `${this.className}.minimize`;
    if (!Array.isArray(vars))
      throw new ValueError(`${owner}: \`varList\` must be an array of Variables. Received: ${describe(vars)}`);
    // variableGrads returns gradients by variable name, so two variables with one name would share a gradient.
    const seen = new Set<string>();
    for (const v of vars) {
      if (seen.has(v?.name)) {
        throw new ValueError(
          `${owner}: two variables are named ${describe(v.name)}, so their gradients cannot be told apart. ` +
            'Give variables unique names, or pass `varList`.',
        );
      }
      seen.add(v?.name);
    }
    const { value, grads } = variableGrads(f, vars);
    try {
      const pairs = vars.filter((v) => grads[v.name]).map((v) => [grads[v.name] as Tensor, v] as const);
      if (pairs.length === 0) {
        throw new ValueError(
          `${owner}: no gradients provided for any variable: the loss depends on none of the ${vars.length} variables.`,
        );
      }
      this.applyGradients(pairs);
    } catch (e) {
      value.dispose();
      throw e;
    } finally {
      dispose(Object.values(grads));
    }
    return value;
  }

  /**
   * The optimizer's state: `[iterations (a float32 scalar), ...slots]`, the slots variable by variable
   * in first-use order, each variable's in `slotNames()` order. `setWeights` on an optimizer built with
   * the same variables resumes training bitwise-exactly. Dispose the returned tensors.
   * NOTE: float32 holds the iteration count exactly up to 2²⁴ (16.7 million) steps.
   */
  getWeights(): Tensor[] {
    return [scalar(this.step, 'float32'), ...this.slotVariables().map((slot) => slot.clone())];
  }

  /**
   * Restores a state from `getWeights()`. Call `build(variables)` first (same variables, same order).
   * @throws {ValueError} for the wrong number of tensors or an invalid iteration count.
   * @throws {ShapeError} / {DTypeError} when a tensor does not match its slot.
   */
  setWeights(weights: readonly Tensor[]): void {
    const owner = `${this.className}.setWeights`;
    const slots = this.slotVariables();
    if (!Array.isArray(weights) || weights.length !== slots.length + 1) {
      throw new ValueError(
        `${owner}: expected ${slots.length + 1} tensors: the iteration count, then ${slots.length} slot values for ` +
          `the ${this.slots.size} variables built so far (call build(variables) before restoring). ` +
          `Received: ${Array.isArray(weights) ? `${weights.length} tensors` : describe(weights)}`,
      );
    }
    weights.forEach((w, i) => {
      if (!(w instanceof Tensor))
        throw new ValueError(`${owner}: weights[${i}] must be a Tensor. Received: ${describe(w)}`);
      if (w.isDisposed) throw new StateError(`${owner}: weights[${i}] is disposed`);
    });
    const first = weights[0] as Tensor;
    const iterations = first.size === 1 ? (first.dataSync()[0] as number) : Number.NaN;
    if (!Number.isInteger(iterations) || iterations < 0) {
      throw new ValueError(
        `${owner}: weights[0] must be the iteration count, a scalar non-negative integer. ` +
          `Received: ${first.size === 1 ? iterations : `shape ${formatShape(first.shape)}`}`,
      );
    }
    slots.forEach((slot, i) => {
      const w = weights[i + 1] as Tensor;
      if (!shapesEqual(w.shape, slot.shape)) {
        throw new ShapeError(
          `${owner}: weights[${i + 1}] must match slot "${slot.name}". Expected shape ${formatShape(slot.shape)}. ` +
            `Received: ${formatShape(w.shape)}`,
        );
      }
      if (w.dtype !== slot.dtype) {
        throw new DTypeError(
          `${owner}: weights[${i + 1}] must match slot "${slot.name}". Expected dtype ${slot.dtype}. Received: ${w.dtype}`,
        );
      }
    });
    for (const [i, slot] of slots.entries()) slot.assign(weights[i + 1] as Tensor);
    this.step = iterations;
  }

  /**
   * The options this optimizer was made with (a schedule as `{ className, config }`):
   * `new Adam(adam.getConfig())` rebuilds it, without its state.
   */
  getConfig(): ConfigDict {
    const rate = this.rate;
    return {
      name: this.name,
      learningRate: typeof rate === 'number' ? rate : { className: rate.className, config: rate.getConfig() },
      weightDecay: this.weightDecay,
      clipNorm: this.clipNorm,
      clipValue: this.clipValue,
      globalClipNorm: this.globalClipNorm,
    };
  }

  /** Frees the slots and resets `iterations`; the optimizer can still be used, starting afresh. */
  dispose(): void {
    for (const slot of this.slotVariables()) slot.dispose();
    this.slots.clear();
    this.step = 0;
  }

  private slotVariables(): Variable[] {
    return [...this.slots.values()].flatMap((record) => this.slotNames().map((name) => record[name]));
  }

  private clip(grads: Tensor[]): Tensor[] {
    if (this.clipNorm !== null) {
      const c = this.clipNorm;
      return grads.map((g) => clipByNorm(g, c));
    }
    if (this.globalClipNorm !== null) return clipByGlobalNorm(grads, this.globalClipNorm);
    if (this.clipValue !== null) {
      const c = this.clipValue;
      return grads.map((g) => clipByValue(g, -c, c));
    }
    return grads;
  }

  /** Checks every pair before anything changes, so a bad entry never leaves a step half applied. */
  private checkGradients(gradsAndVars: readonly GradientAndVariable[]): GradientAndVariable[] {
    const owner = `${this.className}.applyGradients`;
    if (!Array.isArray(gradsAndVars)) {
      throw new ValueError(
        `${owner}: expected an array of [gradient, variable] pairs. Received: ${describe(gradsAndVars)}`,
      );
    }
    if (gradsAndVars.length === 0) throw new ValueError(`${owner}: no gradients provided for any variable.`);
    const seen = new Set<Variable>();
    return gradsAndVars.map((pair, i) => {
      const [g, v] = Array.isArray(pair) ? pair : [];
      if (!(g instanceof Tensor) || !(v instanceof Variable) || pair.length !== 2) {
        const swapped = g instanceof Variable && v instanceof Tensor && !(v instanceof Variable);
        throw new ValueError(
          `${owner}: entry ${i} must be a [gradient, variable] pair` +
            `${swapped ? ' (gradient first, as in Keras; this one is [variable, gradient])' : ''}. ` +
            `Received: ${describe(pair)}`,
        );
      }
      checkVariable(owner, v, `the variable of entry ${i}`);
      if (g.isDisposed) throw new StateError(`${owner}: the gradient for variable "${v.name}" is disposed`);
      if (!shapesEqual(g.shape, v.shape)) {
        throw new ShapeError(
          `${owner}: the gradient for variable "${v.name}" must have the variable's shape. ` +
            `Expected ${formatShape(v.shape)}. Received: ${formatShape(g.shape)}`,
        );
      }
      if (seen.has(v)) throw new ValueError(`${owner}: variable "${v.name}" appears twice; sum its gradients first.`);
      seen.add(v);
      return [g, v] as const;
    });
  }
}

function checkVariable(owner: string, v: unknown, what: string): asserts v is Variable {
  if (!(v instanceof Variable)) throw new ValueError(`${owner}: ${what} must be a Variable. Received: ${describe(v)}`);
  if (v.isDisposed) throw new StateError(`${owner}: variable "${v.name}" is disposed`);
  if (!isFloat(v.dtype)) {
    throw new DTypeError(
      `${owner}: variable "${v.name}" must be float32 or float64 to be trained. Received: ${v.dtype}`,
    );
  }
}

function checkLearningRate(owner: string, value: unknown): number | LearningRateSchedule {
  if (isLearningRateSchedule(value)) return value;
  if (typeof value === 'object' && value !== null && typeof (value as SerializedObject).className === 'string') {
    return scheduleRegistry.deserialize(value as SerializedObject);
  }
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  throw invalidArgument(owner, 'learningRate', 'a non-negative finite number or a LearningRateSchedule', value);
}
