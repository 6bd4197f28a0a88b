import { Adam, type AdamOptions } from './adam.js';
import { option } from './optimizer.js';
import { checkNonNegative } from './validation.js';

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter), Keras's `AdamW`: {@link Adam} with
 * `weightDecay` defaulting to 0.004. Each step first shrinks the weights, then takes the Adam step:
 *
 * ```
 * w ← w − lr · weightDecay · w      (not part of the loss, so m and v never see it)
 * w ← adam(w, g)
 * ```
 *
 * @throws {ValueError} when `weightDecay` is null or negative (AdamW without decay is Adam).
 * @example
 * ```ts
 * const opt = new optimizers.AdamW({ learningRate: 0.001, weightDecay: 0.01 });
 * ```
 */
export class AdamW extends Adam {
  static override readonly className: string = 'AdamW';

  constructor(options: AdamOptions = {}) {
    // Anything but an options object goes through unchanged, for the base class to reject.
    if (typeof options !== 'object' || options === null) {
      super(options);
      return;
    }
    const weightDecay = option(options.weightDecay, 0.004);
    // Checked here because the base class reads null as "no decay", which would make this plain Adam.
    checkNonNegative('AdamW', 'weightDecay', weightDecay);
    super({ ...options, weightDecay, name: option(options.name, 'adamw') });
  }
}
