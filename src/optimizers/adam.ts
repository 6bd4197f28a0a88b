import type { ConfigDict } from '../core/config.js';
import type { Tensor, Variable } from '../core/tensor.js';
import { adamUpdates } from '../ops/updates.js';
import { Optimizer, type OptimizerOptions, option } from './optimizer.js';
import { checkBoolean, checkNonNegative, checkUnitInterval } from './validation.js';

/** Options of {@link Adam} and {@link AdamW}. */
export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first-moment (mean) estimate, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment (uncentered variance) estimate, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to √v so the step stays finite where v is 0. Default 1e-7 (Keras's, not the paper's 1e-8). */
  epsilon?: number;
  /** AMSGrad: divide by the running maximum of v instead of v, so the step size never grows. */
  amsgrad?: boolean;
}

const ADAM_OPTIONS = ['beta1', 'beta2', 'epsilon', 'amsgrad'] as const;

type AdamSlot = 'momentum' | 'velocity' | 'velocityHat';

/**
 * α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ), each operation rounded to the variables' dtype as Keras computes it (it casts lr,
 * β and the step to the variable's dtype first): float32 unless every variable is float64. NOTE: in float64, 1 − β₂ᵗ for β₂ = 0.999 differs from Keras's float32
 * value in the 4th significant digit at t = 1 (0.001 vs 0.00099998713), a difference the weights accumulate.
 */
export function biasCorrectedRate(
  lr: number,
  beta1: number,
  beta2: number,
  t: number,
  dtype: 'float32' | 'float64' = 'float32',
): number {
  const f32 = dtype === 'float64' ? (x: number) => x : Math.fround;
  const p1 = f32(f32(beta1) ** t);
  const p2 = f32(f32(beta2) ** t);
  return f32(f32(f32(lr) * f32(Math.sqrt(f32(1 - p2)))) / f32(1 - p1));
}

/**
 * Adam: gradient steps scaled by running estimates of the gradient's first and second moments.
 * Defaults: `learningRate` 0.001, `beta1` 0.9, `beta2` 0.999, `epsilon` 1e-7.
 *
 * ```
 * t = iterations + 1
 * α = lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)          (bias correction folded into the rate)
 * m ← m + (g − m) · (1 − β₁)
 * v ← v + (g² − v) · (1 − β₂)
 * amsgrad: v̂ ← max(v̂, v), and v̂ replaces v below
 * w ← w − m · α / (√v + ε)
 * ```
 * NOTE: ε is added to √v after the bias correction was folded into α (Keras's and the paper's "ε̂" form),
 * so it is not the ε of the textbook `m̂ / (√v̂ + ε)`.
 *
 * @throws {ValueError} for a beta outside [0, 1), a negative epsilon, or an invalid common option.
 * @example
 * ```ts
 * const opt = new optimizers.Adam({ learningRate: 0.001, amsgrad: true });
 * opt.minimize(() => loss()).dispose();
 * ```
 */
export class Adam extends Optimizer<AdamSlot> {
  static readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(options: AdamOptions = {}) {
    super(options, { learningRate: 0.001, name: 'adam' }, ADAM_OPTIONS);
    const owner = this.className;
    this.beta1 = checkUnitInterval(owner, 'beta1', option(options.beta1, 0.9), false);
    this.beta2 = checkUnitInterval(owner, 'beta2', option(options.beta2, 0.999), false);
    this.epsilon = checkNonNegative(owner, 'epsilon', option(options.epsilon, 1e-7));
    this.amsgrad = checkBoolean(owner, 'amsgrad', option(options.amsgrad, false));
  }

  protected slotNames(): readonly AdamSlot[] {
    return this.amsgrad ? ['momentum', 'velocity', 'velocityHat'] : ['momentum', 'velocity'];
  }

  protected override readonly fusesWeightDecay = true;

  // m ← m + (g − m)(1 − β1); v ← v + (g² − v)(1 − β2); w ← w − m·alpha/(√v + ε) with alpha the bias-corrected rate
  // (Keras 3's form): one AdamUpdate kernel call for every variable of the step, decay included.
  protected override updateSteps(grads: readonly Tensor[], variables: readonly Variable[], lr: number, decay: number) {
    const t = this.iterations + 1;
    const dtype = variables.every((v) => v.dtype === 'float64') ? 'float64' : 'float32';
    const alpha = biasCorrectedRate(lr, this.beta1, this.beta2, t, dtype);
    const { beta1, beta2, epsilon, amsgrad } = this;
    // Inside applyGradients' tidy: the kernel's outputs are freed with it once assigned.
    const groups = variables.map((w, i) => {
      const s = this.slotsOf(w);
      return { w, g: grads[i] as Tensor, m: s.momentum, v: s.velocity, vHat: s.velocityHat };
    });
    const outputs = adamUpdates(groups, { alpha, beta1, beta2, epsilon, amsgrad, decay });
    groups.forEach(({ w, m, v, vHat }, i) => {
      const [w2, m2, v2, vHat2] = outputs[i] as Tensor[];
      w.assign(w2 as Tensor);
      m.assign(m2 as Tensor);
      v.assign(v2 as Tensor);
      if (vHat2 && vHat) vHat.assign(vHat2);
    });
  }

  protected updateStep(
    g: Tensor,
    w: Variable,
    lr: number,
    _slots: Readonly<Record<AdamSlot, Variable>>,
    decay: number,
  ): void {
    this.updateSteps([g], [w], lr, decay);
  }

  override getConfig(): ConfigDict {
    const { beta1, beta2, epsilon, amsgrad } = this;
    return { ...super.getConfig(), beta1, beta2, epsilon, amsgrad };
  }
}
