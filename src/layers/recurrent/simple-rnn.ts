import type { Tensor } from '../../core/tensor.js';
import { add } from '../../ops/arithmetic.js';
import { withPositional } from '../layer.js';
import { type RecurrentArgs, RecurrentLayer, type StepInputs } from './base-rnn.js';

/** The options of {@link SimpleRNN}. */
export type SimpleRNNArgs = RecurrentArgs;

/**
 * Fully connected recurrence: `h_t = activation(x_t·W + b + h_{t−1}·U)`, with kernel W [inputDim, units],
 * recurrent kernel U [units, units] and bias b [units] (Keras's layout, so weights transfer from Keras).
 *
 * Input: [batch, timesteps, features]. Output: [batch, units], or [batch, timesteps, units] with `returnSequences`.
 * @throws {ValueError} for units that are not a positive integer, a rate outside [0, 1), unknown names.
 * @example
 * ```ts
 * new layers.SimpleRNN(8, { returnSequences: true, dropout: 0.2, recurrentDropout: 0.2, seed: 1 });
 * ```
 */
export class SimpleRNN extends RecurrentLayer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'SimpleRNN';
  readonly className: string = 'SimpleRNN';
  protected readonly gates = 1;

  constructor(units: number | SimpleRNNArgs, args: Omit<SimpleRNNArgs, 'units'> = {}) {
    super(withPositional<SimpleRNNArgs>('SimpleRNN', 'units', units, args));
  }

  protected step({ projected, states, recurrentMasks }: StepInputs): Tensor[] {
    const h = this.activation.apply(add(projected, this.recurrentProduct(states[0] as Tensor, recurrentMasks, 1)));
    return [h];
  }
}
