import { type ActivationIdentifier, getActivation } from '../../activations/get.js';
import type { ConfigDict } from '../../core/config.js';
import type { Tensor, Variable } from '../../core/tensor.js';
import { optionalBoolean } from '../../core/validate.js';
import { add, mul, sub } from '../../ops/arithmetic.js';
import { matMul } from '../../ops/mat-mul.js';
import { reshape, slice, split } from '../../ops/shape.js';
import { withPositional } from '../layer.js';
import { type RecurrentArgs, RecurrentLayer, type StepInputs } from './base-rnn.js';

/** The options of {@link GRU}. */
export interface GRUArgs extends RecurrentArgs {
  /** Applied to the update and reset gates z, r. Default `'sigmoid'`. */
  recurrentActivation?: ActivationIdentifier | null;
  /** Apply the reset gate after the recurrent product (cuDNN's and Keras 3's default) rather than before. Default true. */
  resetAfter?: boolean;
}

/**
 * Gated recurrent unit (Cho et al., 2014), as Keras 3 computes it, gates in Keras's order z, r, h:
 * `z = σ(x·W_z + h·U_z + b_z)`, `r = σ(x·W_r + h·U_r + b_r)`,
 * `ĥ = tanh(x·W_h + b_h + r·(h·U_h + b'_h))` with `resetAfter` (else `tanh(x·W_h + b_h + (r·h)·U_h)`),
 * `h_t = z·h + (1 − z)·ĥ`. Kernel [inputDim, 3·units], recurrent kernel [units, 3·units], bias [2, 3·units] with
 * `resetAfter` (input bias, recurrent bias), else [3·units].
 *
 * Input: [batch, timesteps, features]. Output: [batch, units], or [batch, timesteps, units] with `returnSequences`.
 * @throws {ValueError} for units that are not a positive integer, a rate outside [0, 1), unknown names.
 * @example
 * ```ts
 * new layers.GRU(16, { returnSequences: true, resetAfter: false });
 * ```
 */
export class GRU extends RecurrentLayer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'GRU';
  readonly className: string = 'GRU';
  readonly recurrentActivation: ReturnType<typeof getActivation>;
  readonly resetAfter: boolean;
  protected readonly gates = 3;

  constructor(units: number | GRUArgs, args: Omit<GRUArgs, 'units'> = {}) {
    const all = withPositional<GRUArgs>('GRU', 'units', units, args);
    super(all, ['recurrentActivation', 'resetAfter']);
    this.recurrentActivation = getActivation(
      all.recurrentActivation === undefined ? 'sigmoid' : all.recurrentActivation,
    );
    this.resetAfter = optionalBoolean('GRU', 'resetAfter', all.resetAfter, true);
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  protected override inputBias(): Tensor | null {
    if (!this.bias) return null;
    return this.resetAfter ? reshape(slice(this.bias, [0, 0], [1, 3 * this.units]), [3 * this.units]) : this.bias;
  }

  protected step({ projected, states, recurrentMasks }: StepInputs): Tensor[] {
    const h = states[0] as Tensor;
    const u = this.units;
    const [xz, xr, xh] = split(projected, 3, 1) as [Tensor, Tensor, Tensor];
    const sig = this.recurrentActivation;
    let rz: Tensor;
    let rr: Tensor;
    let rh: Tensor;
    if (this.resetAfter) {
      let inner = this.recurrentProduct(h, recurrentMasks, 3);
      if (this.bias) inner = add(inner, reshape(slice(this.bias, [1, 0], [1, 3 * u]), [3 * u]));
      [rz, rr, rh] = split(inner, 3, 1) as [Tensor, Tensor, Tensor];
      const z = sig.apply(add(xz, rz));
      const r = sig.apply(add(xr, rr));
      return [this.mix(z, h, this.activation.apply(add(xh, mul(r, rh))))];
    }
    // Reset before the product: only the z and r columns of U multiply h directly.
    const masks = recurrentMasks;
    [rz, rr] = split(this.recurrentProduct(h, masks && masks.length > 1 ? masks.slice(0, 2) : masks, 2), 2, 1) as [
      Tensor,
      Tensor,
    ];
    const z = sig.apply(add(xz, rz));
    const r = sig.apply(add(xr, rr));
    const mh = masks ? (masks.length > 1 ? (masks[2] as Tensor) : (masks[0] as Tensor)) : null;
    rh = matMul(mul(r, mh ? mul(h, mh) : h), this.gate(this.recurrentKernel as Variable, 2));
    return [this.mix(z, h, this.activation.apply(add(xh, rh)))];
  }

  /** h_t = z·h + (1 − z)·ĥ. */
  private mix(z: Tensor, h: Tensor, candidate: Tensor): Tensor {
    return add(mul(z, h), mul(sub(1, z), candidate));
  }

  override getConfig(): ConfigDict {
    const { seed, ...rest } = super.getConfig();
    return {
      ...rest,
      recurrentActivation: this.recurrentActivation.name,
      resetAfter: this.resetAfter,
      seed: seed ?? null,
    };
  }
}
