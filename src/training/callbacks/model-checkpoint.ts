import { describe, StateError, ValueError } from '../../core/errors.js';
import { checkOptions, invalidArgument } from '../../core/validate.js';
import { Callback, type Logs } from '../callbacks.js';
import {
  checkFinite,
  checkFlag,
  checkMode,
  checkMonitor,
  checkVerbose,
  type MonitorMode,
  modelOf,
  monitorDirection,
  OnceWarner,
} from './monitor.js';
import { pythonFormat } from './python-format.js';

export interface ModelCheckpointOptions {
  /** The log key that decides which checkpoint is best (default `'val_loss'`). */
  monitor?: string;
  /** 1: print each save or skip (default 0). */
  verbose?: number;
  /** Save only when `monitor` improves on the best so far (default false: save every time). */
  saveBestOnly?: boolean;
  /** Save the weights alone (`model.saveWeights`) instead of the whole model (default false). */
  saveWeightsOnly?: boolean;
  /** `'min'`, `'max'`, or `'auto'` (default): maximize accuracies, AUC, precision, recall; minimize the rest. */
  mode?: MonitorMode;
  /** `'epoch'` (default): save at each epoch's end; a number n: save after every n batches. */
  saveFreq?: 'epoch' | number;
  /** With `saveBestOnly`, the value the first checkpoint has to beat (default: none). */
  initialValueThreshold?: number | null;
}

const OWNER = 'ModelCheckpoint';
const OPTIONS = [
  'monitor',
  'verbose',
  'saveBestOnly',
  'saveWeightsOnly',
  'mode',
  'saveFreq',
  'initialValueThreshold',
] as const;

/**
 * Saves the model, or its weights, during training (Keras's `ModelCheckpoint`).
 *
 * `filepath` may hold Python-style placeholders filled at each save: `{epoch}` (1-based, as Keras),
 * `{batch}` (1-based, with a batch `saveFreq`) and any log key, with Python format specs:
 * `'ckpt/{epoch:02d}-{val_loss:.2f}.keras'` → `ckpt/03-0.41.keras`. A full-model checkpoint is
 * `model.save(path, { includeOptimizer: true, overwrite: true })`, so it resumes training exactly; the
 * folder is created when missing.
 *
 * With `saveBestOnly`, a checkpoint is written only when `monitor` is better than the best so far
 * (strictly; the best carries over to a later `fit` with the same callback, as in Keras); a `monitor`
 * missing from the logs warns and saves anyway, as Keras does.
 *
 * Keras note: Keras insists on the `.keras` / `.weights.h5` file endings of its own formats; Dendrite
 * leaves the name to the user and the format to `model.save`.
 *
 * @throws {ValueError} at construction for an unknown option or mode, or a `saveFreq` other than `'epoch'` or
 *   a positive integer; at a save, for a placeholder that names no log key (the message lists the keys).
 * @throws {StateError} at a save, when the model has no `save` (or `saveWeights`) method.
 * @example
 * ```ts
 * const checkpoint = new callbacks.ModelCheckpoint('ckpt/best.keras', {
 *   monitor: 'val_accuracy',
 *   saveBestOnly: true,
 * });
 * await model.fit(x, y, { epochs: 20, validationSplit: 0.2, callbacks: [checkpoint] });
 * ```
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly verbose: number;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: MonitorMode;
  readonly saveFreq: 'epoch' | number;
  /** The best monitored value saved so far (or `initialValueThreshold`). */
  best: number;
  private readonly direction: 'min' | 'max';
  private readonly warner = new OnceWarner();
  private currentEpoch = 0;
  private batchesSinceLastSave = 0;
  private lastBatchSeen = 0;

  constructor(filepath: string, options: ModelCheckpointOptions = {}) {
    super();
    if (typeof filepath !== 'string' || filepath === '') {
      throw new ValueError(`${OWNER}: \`filepath\` must be a non-empty path. Received: ${describe(filepath)}`);
    }
    checkOptions(OWNER, options, OPTIONS);
    this.filepath = filepath;
    this.monitor = checkMonitor(OWNER, options.monitor ?? 'val_loss');
    this.verbose = checkVerbose(OWNER, options.verbose ?? 0);
    this.saveBestOnly = checkFlag(OWNER, 'saveBestOnly', options.saveBestOnly ?? false);
    this.saveWeightsOnly = checkFlag(OWNER, 'saveWeightsOnly', options.saveWeightsOnly ?? false);
    this.mode = checkMode(OWNER, options.mode ?? 'auto');
    const saveFreq = options.saveFreq ?? 'epoch';
    if (saveFreq !== 'epoch' && !(Number.isInteger(saveFreq) && saveFreq > 0)) {
      throw invalidArgument(OWNER, 'saveFreq', "'epoch' or a positive integer (a number of batches)", saveFreq);
    }
    this.saveFreq = saveFreq;
    this.direction = monitorDirection(this.monitor, this.mode);
    const threshold = options.initialValueThreshold;
    const worst = this.direction === 'min' ? Infinity : -Infinity;
    this.best = threshold == null ? worst : checkFinite(OWNER, 'initialValueThreshold', threshold);
  }

  override onEpochBegin(epoch: number, _logs?: Logs): void {
    this.currentEpoch = epoch;
  }

  override async onBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    if (this.shouldSaveOnBatch(batch)) await this.saveModel(this.currentEpoch, batch, logs);
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') await this.saveModel(epoch, null, logs);
  }

  /**
   * The path of the checkpoint for this epoch (0-based, shown 1-based), batch and logs.
   * @throws {ValueError} for a placeholder that names no log key.
   */
  filePathFor(epoch: number, batch: number | null, logs: Logs): string {
    const values: Record<string, number> = { epoch: epoch + 1 };
    if (batch !== null && !('batch' in logs)) values.batch = batch + 1;
    Object.assign(values, logs);
    values.epoch = epoch + 1;
    try {
      return pythonFormat(this.filepath, values, ['epoch', 'batch']);
    } catch (e) {
      throw e instanceof ValueError ? new ValueError(`${OWNER}: ${e.message}`) : e;
    }
  }

  private shouldSaveOnBatch(batch: number): boolean {
    if (this.saveFreq === 'epoch') return false;
    // A batch index at or below the last one seen means a new epoch began.
    this.batchesSinceLastSave += batch <= this.lastBatchSeen ? batch + 1 : batch - this.lastBatchSeen;
    this.lastBatchSeen = batch;
    if (this.batchesSinceLastSave < this.saveFreq) return false;
    this.batchesSinceLastSave = 0;
    return true;
  }

  private shouldSave(epoch: number, logs: Logs, filepath: string): boolean {
    if (!this.saveBestOnly) {
      if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: saving model to ${filepath}`);
      return true;
    }
    const current = logs[this.monitor];
    if (typeof current !== 'number') {
      this.warner.warn(`Can save best model only with ${this.monitor} available.`);
      return true;
    }
    const bestText = pythonFormat('{best:.5f}', { best: this.best });
    const better = this.direction === 'min' ? current < this.best : current > this.best;
    if (better) {
      if (this.verbose > 0) {
        console.log(
          `Epoch ${epoch + 1}: ${this.monitor} improved from ${bestText} to ` +
            `${pythonFormat('{current:.5f}', { current })}, saving model to ${filepath}`,
        );
      }
      this.best = current;
      return true;
    }
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ${this.monitor} did not improve from ${bestText}`);
    return false;
  }

  private async saveModel(epoch: number, batch: number | null, logs: Logs): Promise<void> {
    const filepath = this.filePathFor(epoch, batch, logs);
    if (!this.shouldSave(epoch, logs, filepath)) return;
    const model = modelOf(this, OWNER);
    const method = this.saveWeightsOnly ? 'saveWeights' : 'save';
    if (typeof model[method] !== 'function') {
      throw new StateError(`${OWNER}: the model has no \`${method}\` method to write ${JSON.stringify(filepath)}`);
    }
    await makeParentFolder(filepath);
    if (this.saveWeightsOnly) await model.saveWeights?.(filepath);
    else await model.save?.(filepath, { includeOptimizer: true, overwrite: true });
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: finished saving model to ${filepath}`);
  }
}

/** Creates the checkpoint's folder, as Keras does; only for file paths under Node (not `scheme://` URLs). */
async function makeParentFolder(filepath: string): Promise<void> {
  if (typeof process === 'undefined' || !process.versions?.node || /^[a-z][a-z0-9+.-]*:\/\//i.test(filepath)) return;
  const { dirname } = await import('node:path');
  const { mkdir } = await import('node:fs/promises');
  const folder = dirname(filepath);
  if (folder && folder !== '.') await mkdir(folder, { recursive: true });
}
