import { type ActivationIdentifier, getActivation } from '../../activations/get.js';
import type { ConfigDict } from '../../core/config.js';
import type { Tensor } from '../../core/tensor.js';
import { optionalBoolean } from '../../core/validate.js';
import { getInitializer } from '../../initializers/get.js';
import { add, mul } from '../../ops/arithmetic.js';
import { ones } from '../../ops/creation.js';
import { concat, split } from '../../ops/shape.js';
import { type LayerShape, withPositional } from '../layer.js';
import { type RecurrentArgs, RecurrentLayer, type StepInputs } from './base-rnn.js';

/** The options of {@link LSTM}. */
export interface LSTMArgs extends RecurrentArgs {
  /** Applied to the gates i, f, o. Default `'sigmoid'`. */
  recurrentActivation?: ActivationIdentifier | null;
  /** Start the forget gate's bias at 1 (the rest from `biasInitializer`). Default true. */
  unitForgetBias?: boolean;
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber, 1997), as Keras 3 computes it. With z = x_t·W + h_{t−1}·U + b
 * split into the gates i, f, c, o (Keras's order):
 * `c_t = σ(z_f)·c_{t−1} + σ(z_i)·tanh(z_c)`, `h_t = σ(z_o)·tanh(c_t)` (σ the recurrent activation, tanh the
 * activation). Kernel [inputDim, 4·units], recurrent kernel [units, 4·units], bias [4·units].
 *
 * Input: [batch, timesteps, features]. Output: [batch, units], or [batch, timesteps, units] with `returnSequences`;
 * with `returnState`, `[output, h, c]`.
 * @throws {ValueError} for units that are not a positive integer, a rate outside [0, 1), unknown names.
 * @example
 * ```ts
 * new layers.LSTM(32, { dropout: 0.2, recurrentDropout: 0.2, seed: 7 });
 * ```
 */
export class LSTM extends RecurrentLayer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'LSTM';
  readonly className: string = 'LSTM';
  readonly recurrentActivation: ReturnType<typeof getActivation>;
  readonly unitForgetBias: boolean;
  protected readonly gates = 4;
  protected override readonly stateCount: number = 2;

  constructor(units: number | LSTMArgs, args: Omit<LSTMArgs, 'units'> = {}) {
    const all = withPositional<LSTMArgs>('LSTM', 'units', units, args);
    super(all, ['recurrentActivation', 'unitForgetBias']);
    this.recurrentActivation = getActivation(
      all.recurrentActivation === undefined ? 'sigmoid' : all.recurrentActivation,
    );
    this.unitForgetBias = optionalBoolean('LSTM', 'unitForgetBias', all.unitForgetBias, true);
  }

  override build(inputShape: LayerShape): void {
    super.build(inputShape);
    if (!this.bias || !this.unitForgetBias) return;
    // Keras's: biasInitializer for i, ones for f, biasInitializer for c and o (drawn as one [2·units] piece).
    const base = getInitializer(this.args.biasInitializer ?? 'zeros');
    const u = this.units;
    const parts = [base.apply([u], this.dtype), ones([u], this.dtype), base.apply([2 * u], this.dtype)];
    const value = concat(parts, 0);
    this.bias.assign(value);
    for (const t of [...parts, value]) t.dispose();
  }

  protected step({ projected, states, recurrentMasks }: StepInputs): Tensor[] {
    const [h, c] = states as [Tensor, Tensor];
    const z = add(projected, this.recurrentProduct(h, recurrentMasks, 4));
    const [zi, zf, zc, zo] = split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const sig = this.recurrentActivation;
    const cNext = add(mul(sig.apply(zf), c), mul(sig.apply(zi), this.activation.apply(zc)));
    const hNext = mul(sig.apply(zo), this.activation.apply(cNext));
    return [hNext, cNext];
  }

  override getConfig(): ConfigDict {
    const { seed, ...rest } = super.getConfig();
    return {
      ...rest,
      recurrentActivation: this.recurrentActivation.name,
      unitForgetBias: this.unitForgetBias,
      seed: seed ?? null,
    };
  }
}
