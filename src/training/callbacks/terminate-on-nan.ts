import { Callback, type Logs } from '../callbacks.js';
import { modelOf } from './monitor.js';

/**
 * Stops training at the first batch whose loss is NaN or ±Infinity (Keras's `TerminateOnNaN`): it sets
 * `model.stopTraining`, so `fit` ends after that batch, the epoch's end and `onTrainEnd` still run, and the
 * History keeps the epoch.
 *
 * @example
 * ```ts
 * await model.fit(x, y, { epochs: 10, callbacks: [new callbacks.TerminateOnNaN()] });
 * ```
 */
export class TerminateOnNaN extends Callback {
  override onBatchEnd(batch: number, logs?: Logs): void {
    const loss = logs?.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      console.log(`Batch ${batch}: Invalid loss, terminating training`);
      modelOf(this, 'TerminateOnNaN').stopTraining = true;
    }
  }
}
