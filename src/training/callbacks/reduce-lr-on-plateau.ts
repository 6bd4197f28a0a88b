import { checkOptions, invalidArgument } from '../../core/validate.js';
import { Callback, type Logs } from '../callbacks.js';
import {
  checkCount,
  checkFinite,
  checkMode,
  checkMonitor,
  checkVerbose,
  type MonitorMode,
  monitorDirection,
  monitoredValue,
  OnceWarner,
  optimizerOf,
} from './monitor.js';
import { pythonRepr } from './python-format.js';

export interface ReduceLROnPlateauOptions {
  /** The log key to watch (default `'val_loss'`). */
  monitor?: string;
  /** `newLr = lr · factor`, in [0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement before the rate is reduced (default 10). */
  patience?: number;
  /** 1: print each reduction (default 0). */
  verbose?: number;
  /** `'min'`, `'max'`, or `'auto'` (default): maximize accuracies, AUC, precision, recall; minimize the rest. */
  mode?: MonitorMode;
  /** The least change that counts as an improvement (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The rate is never reduced below this (default 0). */
  minLr?: number;
}

const OWNER = 'ReduceLROnPlateau';
const OPTIONS = ['monitor', 'factor', 'patience', 'verbose', 'mode', 'minDelta', 'cooldown', 'minLr'] as const;

/**
 * Reduces the learning rate when a monitored quantity has stopped improving (Keras's `ReduceLROnPlateau`):
 * after `patience` epochs without an improvement (`current < best − minDelta` in mode min,
 * `current > best + minDelta` in mode max), `lr ← max(lr · factor, minLr)`, then `cooldown` epochs pass
 * before epochs without improvement are counted again. No reduction happens once `lr` is at `minLr`.
 *
 * Like Keras, it adds the optimizer's current rate to each epoch's logs as `learning_rate`.
 *
 * @throws {ValueError} for `factor ≥ 1` (as Keras) or below 0, an unknown option or mode.
 * @example
 * ```ts
 * const reduce = new callbacks.ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.2, patience: 5, minLr: 0.001 });
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [reduce] });
 * ```
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: MonitorMode;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  /** Epochs since the last improvement (not counted during a cooldown). */
  wait = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** The best monitored value so far. */
  best: number;
  private readonly direction: 'min' | 'max';
  private readonly warner = new OnceWarner();

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    checkOptions(OWNER, options, OPTIONS);
    this.monitor = checkMonitor(OWNER, options.monitor ?? 'val_loss');
    const factor = checkFinite(OWNER, 'factor', options.factor ?? 0.1);
    if (factor >= 1) {
      throw invalidArgument(
        OWNER,
        'factor',
        'a number below 1.0 (ReduceLROnPlateau does not support a factor >= 1.0)',
        factor,
      );
    }
    if (factor < 0) throw invalidArgument(OWNER, 'factor', 'a number in [0, 1)', factor);
    this.factor = factor;
    this.patience = checkCount(OWNER, 'patience', options.patience ?? 10);
    this.verbose = checkVerbose(OWNER, options.verbose ?? 0);
    this.mode = checkMode(OWNER, options.mode ?? 'auto');
    this.minDelta = checkFinite(OWNER, 'minDelta', options.minDelta ?? 1e-4);
    this.cooldown = checkCount(OWNER, 'cooldown', options.cooldown ?? 0);
    const minLr = checkFinite(OWNER, 'minLr', options.minLr ?? 0);
    if (minLr < 0) throw invalidArgument(OWNER, 'minLr', 'a non-negative finite number', minLr);
    this.minLr = minLr;
    this.direction = monitorDirection(this.monitor, this.mode);
    this.best = this.worst();
  }

  /** True while the rate was reduced less than `cooldown` epochs ago. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  override onTrainBegin(_logs?: Logs): void {
    this.best = this.worst();
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const optimizer = optimizerOf(this, OWNER);
    logs.learning_rate = optimizer.learningRate;
    const current = monitoredValue(logs, this.monitor, this.warner, 'Learning rate reduction is');
    if (current === undefined) return;
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.isImprovement(current)) {
      this.best = current;
      this.wait = 0;
      return;
    }
    if (this.inCooldown) return;
    this.wait += 1;
    if (this.wait < this.patience) return;
    const oldLr = optimizer.learningRate;
    if (oldLr > this.minLr) {
      const newLr = Math.max(oldLr * this.factor, this.minLr);
      optimizer.learningRate = newLr;
      if (this.verbose > 0)
        console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${pythonRepr(newLr)}.`);
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }

  private isImprovement(current: number): boolean {
    return this.direction === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta;
  }

  private worst(): number {
    return this.direction === 'min' ? Infinity : -Infinity;
  }
}
