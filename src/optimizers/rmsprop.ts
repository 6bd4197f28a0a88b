import type { ConfigDict } from '../core/config.js';
import type { Tensor, Variable } from '../core/tensor.js';
import { add, div, mul, sub } from '../ops/arithmetic.js';
import { sqrt, square } from '../ops/unary.js';
import { Optimizer, type OptimizerOptions, option } from './optimizer.js';
import { checkBoolean, checkNonNegative, checkUnitInterval } from './validation.js';

/** Options of {@link RMSprop}. */
export interface RMSpropOptions extends OptimizerOptions {
  /** Decay of the running mean of g², in [0, 1). Default 0.9. */
  rho?: number;
  /** Momentum in [0, 1] applied to the scaled steps (default 0: none, and no slot). */
  momentum?: number;
  /** Added to the denominator under the square root. Default 1e-7. */
  epsilon?: number;
  /** Divide by an estimate of the gradient's variance (E[g²] − E[g]²) instead of E[g²]. */
  centered?: boolean;
}

type RMSpropSlot = 'velocity' | 'momentum' | 'averageGradient';

/**
 * RMSprop: gradient steps divided by a running root mean square of the gradient.
 * Defaults: `learningRate` 0.001, `rho` 0.9, `momentum` 0, `epsilon` 1e-7, `centered` false.
 *
 * ```
 * vel ← ρ · vel + (1 − ρ) · g²
 * centered: avg ← ρ · avg + (1 − ρ) · g,  denom = vel − avg² + ε
 * else:     denom = vel + ε
 * inc = lr · g / √denom
 * momentum > 0: mom ← momentum · mom + inc,  w ← w − mom
 * else:         w ← w − inc
 * ```
 *
 * @throws {ValueError} for rho outside [0, 1), momentum outside [0, 1], a negative epsilon, or an invalid common option.
 * @example
 * ```ts
 * const opt = new optimizers.RMSprop({ learningRate: 0.001, centered: true });
 * ```
 */
export class RMSprop extends Optimizer<RMSpropSlot> {
  static readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(options: RMSpropOptions = {}) {
    super(options, { learningRate: 0.001, name: 'rmsprop' }, ['rho', 'momentum', 'epsilon', 'centered']);
    const owner = this.className;
    this.rho = checkUnitInterval(owner, 'rho', option(options.rho, 0.9), false);
    this.momentum = checkUnitInterval(owner, 'momentum', option(options.momentum, 0), true);
    this.epsilon = checkNonNegative(owner, 'epsilon', option(options.epsilon, 1e-7));
    this.centered = checkBoolean(owner, 'centered', option(options.centered, false));
  }

  protected slotNames(): readonly RMSpropSlot[] {
    const names: RMSpropSlot[] = ['velocity'];
    if (this.momentum > 0) names.push('momentum');
    if (this.centered) names.push('averageGradient');
    return names;
  }

  protected updateStep(g: Tensor, w: Variable, lr: number, slots: Readonly<Record<RMSpropSlot, Variable>>): void {
    const { velocity: vel, momentum: mom, averageGradient: avg } = slots;
    const rho = this.rho;
    vel.assign(add(mul(rho, vel), mul(1 - rho, square(g))));
    let denominator: Tensor;
    if (this.centered) {
      avg.assign(add(mul(rho, avg), mul(1 - rho, g)));
      denominator = add(sub(vel, square(avg)), this.epsilon);
    } else {
      denominator = add(vel, this.epsilon);
    }
    const increment = div(mul(lr, g), sqrt(denominator));
    if (this.momentum > 0) {
      mom.assign(add(mul(this.momentum, mom), increment));
      w.assign(sub(w, mom));
    } else {
      w.assign(sub(w, increment));
    }
  }

  override getConfig(): ConfigDict {
    const { rho, momentum, epsilon, centered } = this;
    return { ...super.getConfig(), rho, momentum, epsilon, centered };
  }
}
