import type { ConfigDict } from '../core/config.js';
import type { Tensor, Variable } from '../core/tensor.js';
import { sgdUpdates } from '../ops/updates.js';
import { Optimizer, type OptimizerOptions, option } from './optimizer.js';
import { checkBoolean, checkUnitInterval } from './validation.js';

/** Options of {@link SGD}. */
export interface SGDOptions extends OptimizerOptions {
  /** Momentum in [0, 1] (default 0: plain gradient descent, with no slot). */
  momentum?: number;
  /** Nesterov momentum: step along the look-ahead `momentum · m − lr · g` instead of `m`. */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, with optional (Nesterov) momentum. Defaults: `learningRate` 0.01, `momentum` 0.
 *
 * ```
 * momentum = 0:  w ← w − lr · g
 * otherwise:     m ← momentum · m − lr · g
 *                w ← w + m                          (nesterov: w ← w + momentum · m − lr · g)
 * ```
 *
 * @throws {ValueError} for a momentum outside [0, 1] or an invalid common option (see {@link OptimizerOptions}).
 * @example
 * ```ts
 * const opt = new optimizers.SGD({ learningRate: 0.1, momentum: 0.9 });
 * opt.minimize(() => sum(square(w))).dispose();
 * ```
 */
export class SGD extends Optimizer<'momentum'> {
  static readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    super(options, { learningRate: 0.01, name: 'sgd' }, ['momentum', 'nesterov']);
    this.momentum = checkUnitInterval(this.className, 'momentum', option(options.momentum, 0), true);
    this.nesterov = checkBoolean(this.className, 'nesterov', option(options.nesterov, false));
  }

  protected slotNames(): readonly 'momentum'[] {
    return this.momentum === 0 ? [] : ['momentum'];
  }

  protected override readonly fusesWeightDecay = true;

  // v ← μv − lr·g; w ← w + v, or w + μv − lr·g with Nesterov (Keras 3's form); w ← w − lr·g without momentum.
  // One SgdUpdate kernel call for every variable of the step, decay included.
  protected override updateSteps(grads: readonly Tensor[], variables: readonly Variable[], lr: number, decay: number) {
    const { momentum, nesterov } = this;
    // Inside applyGradients' tidy: the kernel's outputs are freed with it once assigned.
    const groups = variables.map((w, i) => ({
      w,
      g: grads[i] as Tensor,
      velocity: momentum === 0 ? undefined : this.slotsOf(w).momentum,
    }));
    const outputs = sgdUpdates(groups, { lr, momentum, nesterov, decay });
    groups.forEach(({ w, velocity }, i) => {
      const [w2, v2] = outputs[i] as Tensor[];
      w.assign(w2 as Tensor);
      if (v2 && velocity) velocity.assign(v2);
    });
  }

  protected updateStep(
    g: Tensor,
    w: Variable,
    lr: number,
    _slots: Readonly<Record<'momentum', Variable>>,
    decay: number,
  ): void {
    this.updateSteps([g], [w], lr, decay);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
