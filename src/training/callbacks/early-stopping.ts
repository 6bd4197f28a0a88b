import type { Tensor } from '../../core/tensor.js';
import { checkOptions } from '../../core/validate.js';
import { Callback, type Logs } from '../callbacks.js';
import {
  checkCount,
  checkFinite,
  checkFlag,
  checkMode,
  checkMonitor,
  checkVerbose,
  type MonitorMode,
  modelOf,
  monitorDirection,
  monitoredValue,
  OnceWarner,
} from './monitor.js';

export interface EarlyStoppingOptions {
  /** The log key to watch (default `'val_loss'`). */
  monitor?: string;
  /** The least change that counts as an improvement (its absolute value is used; default 0). */
  minDelta?: number;
  /** Epochs without improvement before training stops (default 0). */
  patience?: number;
  /** 1: print when stopping and when restoring weights (default 0). */
  verbose?: number;
  /** `'min'`, `'max'`, or `'auto'` (default): maximize accuracies, AUC, precision, recall; minimize the rest. */
  mode?: MonitorMode;
  /** Training stops unless the monitored value beats this within `patience` epochs (default null: none). */
  baseline?: number | null;
  /** Restore the weights of the best epoch when training ends (default false). */
  restoreBestWeights?: boolean;
  /** Epochs to ignore before watching starts, a warm-up (default 0). */
  startFromEpoch?: number;
}

const OWNER = 'EarlyStopping';
const OPTIONS = [
  'monitor',
  'minDelta',
  'patience',
  'verbose',
  'mode',
  'baseline',
  'restoreBestWeights',
  'startFromEpoch',
] as const;

/**
 * Stops training when a monitored quantity has stopped improving (Keras's `EarlyStopping`).
 *
 * At the end of each epoch from `startFromEpoch` on: `current` improves when
 * `current − minDelta > best` (mode max) or `current + minDelta < best` (mode min). An improvement resets
 * the wait, if it also improves on `baseline`; after `patience` epochs in a row without one, training stops.
 * With `restoreBestWeights`, the weights of the best epoch are put back when training ends, whether or not
 * it was stopped early (Keras 3); with a baseline never beaten, that is the best of the epochs run.
 *
 * A `monitor` missing from the logs warns (naming the keys there are) and the epoch is skipped.
 *
 * Keras note: Keras 3 keeps `best` from an earlier `fit` when the callback is used again; Dendrite starts
 * each `fit` afresh, as the reset in Keras's `on_train_begin` intends.
 *
 * @throws {ValueError} for an unknown option, a mode other than `'auto'`/`'min'`/`'max'`, a negative
 *   or fractional patience.
 * @example
 * ```ts
 * const stop = new callbacks.EarlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true });
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [stop] });
 * console.log(stop.stoppedEpoch, stop.bestEpoch);
 * ```
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: MonitorMode;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch (0-based) at which training was stopped; 0 when it was not. */
  stoppedEpoch = 0;
  /** The epoch (0-based) with the best monitored value. */
  bestEpoch = 0;
  /** The best monitored value so far. */
  best: number;
  private readonly direction: 'min' | 'max';
  private bestWeights: Tensor[] | null = null;
  private readonly warner = new OnceWarner();

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    checkOptions(OWNER, options, OPTIONS);
    this.monitor = checkMonitor(OWNER, options.monitor ?? 'val_loss');
    this.minDelta = Math.abs(checkFinite(OWNER, 'minDelta', options.minDelta ?? 0));
    this.patience = checkCount(OWNER, 'patience', options.patience ?? 0);
    this.verbose = checkVerbose(OWNER, options.verbose ?? 0);
    this.mode = checkMode(OWNER, options.mode ?? 'auto');
    this.baseline = options.baseline == null ? null : checkFinite(OWNER, 'baseline', options.baseline);
    this.restoreBestWeights = checkFlag(OWNER, 'restoreBestWeights', options.restoreBestWeights ?? false);
    this.startFromEpoch = checkCount(OWNER, 'startFromEpoch', options.startFromEpoch ?? 0);
    this.direction = monitorDirection(this.monitor, this.mode);
    this.best = this.worst();
  }

  override onTrainBegin(_logs?: Logs): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestEpoch = 0;
    this.best = this.worst();
    this.keepBestWeights(null);
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const current = monitoredValue(logs, this.monitor, this.warner, 'Early stopping');
    if (current === undefined || epoch < this.startFromEpoch) return;
    const model = modelOf(this, OWNER);
    // The first watched epoch is the best so far even when it improves on nothing (a NaN, or a baseline).
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.keepBestWeights(model.getWeights());
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.keepBestWeights(model.getWeights());
      // The wait restarts only when both the previous best and the baseline are beaten.
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  override onTrainEnd(_logs?: Logs): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) {
        console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      }
      modelOf(this, OWNER).setWeights(this.bestWeights);
      this.keepBestWeights(null);
    }
  }

  private isImprovement(value: number, reference: number): boolean {
    return this.direction === 'min' ? value + this.minDelta < reference : value - this.minDelta > reference;
  }

  private worst(): number {
    return this.direction === 'min' ? Infinity : -Infinity;
  }

  /** Replaces the kept copies, releasing the old ones (they hold a model's worth of memory). */
  private keepBestWeights(weights: Tensor[] | null): void {
    for (const w of this.bestWeights ?? []) w.dispose();
    this.bestWeights = weights;
  }
}
