import { StateError } from '../../core/errors.js';
import { invalidArgument } from '../../core/validate.js';
import type { Callback, CallbackModel, Logs } from '../callbacks.js';

/** How a monitored quantity improves: `'min'` (a loss), `'max'` (an accuracy), or `'auto'` (from its name). */
export type MonitorMode = 'auto' | 'min' | 'max';

/**
 * The direction of `monitor` in `'auto'` mode: up for accuracies, AUC, precision and recall, down for
 * everything else (losses, errors).
 *
 * Keras note: Keras 3 asks the compiled metric of that name for its direction, and raises when no compiled
 * metric matches a name other than `loss`; Dendrite's built-in metrics carry their direction in their
 * names, so the name decides, and an unknown name is minimized. Keras's ReduceLROnPlateau still uses its
 * older rule (`'acc' in monitor`); Dendrite uses this one for every callback, so `val_auc` is maximized
 * by all of them.
 */
export function monitorDirection(monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  const name = monitor.startsWith('val_') ? monitor.slice(4) : monitor;
  return /acc|auc|precision|recall/.test(name) ? 'max' : 'min';
}

/** The callback's model, or a StateError when it was never attached by `fit`. */
export function modelOf(callback: Callback, owner: string): CallbackModel {
  if (!callback.model) {
    throw new StateError(`${owner} is not attached to a model. Pass it to \`model.fit(x, y, { callbacks: [...] })\``);
  }
  return callback.model;
}

/** The model's optimizer, for the callbacks that read and set its learning rate. */
export function optimizerOf(callback: Callback, owner: string): { learningRate: number } {
  const optimizer = modelOf(callback, owner).optimizer;
  if (!optimizer || typeof optimizer.learningRate !== 'number') {
    throw new StateError(`${owner} needs a compiled model with an optimizer that has a \`learningRate\``);
  }
  return optimizer;
}

/**
 * Prints each distinct warning once per callback, as Python's `warnings.warn` does for a repeated message
 * (a missing monitor key would otherwise warn at every epoch).
 */
export class OnceWarner {
  private readonly seen = new Set<string>();

  warn(message: string): void {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    console.warn(message);
  }
}

/** The monitored value from the logs, or `undefined` after warning (Keras's words) when it is missing. */
export function monitoredValue(logs: Logs | undefined, monitor: string, warner: OnceWarner, what: string) {
  const value = logs?.[monitor];
  if (typeof value === 'number') return value;
  warner.warn(
    `${what} conditioned on metric \`${monitor}\` which is not available. ` +
      `Available metrics are: ${Object.keys(logs ?? {}).join(',')}`,
  );
  return undefined;
}

// Argument checks. Keras takes most of these unchecked (and falls back to 'auto' with a warning for an
// unknown mode); Dendrite rejects a bad value when the callback is built, before any training runs.

export function checkMode(owner: string, mode: unknown): MonitorMode {
  if (mode !== 'auto' && mode !== 'min' && mode !== 'max') {
    throw invalidArgument(owner, 'mode', "'auto', 'min' or 'max'", mode);
  }
  return mode;
}

export function checkMonitor(owner: string, monitor: unknown): string {
  if (typeof monitor !== 'string' || monitor === '') {
    throw invalidArgument(owner, 'monitor', 'a log key such as "val_loss"', monitor);
  }
  return monitor;
}

export function checkCount(owner: string, arg: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw invalidArgument(owner, arg, 'a non-negative integer', value);
  }
  return value as number;
}

export function checkFinite(owner: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidArgument(owner, arg, 'a finite number', value);
  return value;
}

/** 0 silent, anything above prints a line when the callback acts (as Keras's `verbose > 0`). */
export function checkVerbose(owner: string, value: unknown): number {
  return checkCount(owner, 'verbose', value);
}

export function checkFlag(owner: string, arg: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidArgument(owner, arg, 'a boolean', value);
  return value;
}
