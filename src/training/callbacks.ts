import { describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';

/** Numbers reported for a batch or an epoch: `{ loss, accuracy, val_loss, … }`. */
export type Logs = Record<string, number>;

/**
 * What a callback can see of the model: enough to stop training (any callback), keep and restore weights
 * (EarlyStopping), change the learning rate (ReduceLROnPlateau, LearningRateScheduler) and save
 * (ModelCheckpoint).
 */
export interface CallbackModel {
  stopTraining: boolean;
  /** Copies of the weights' values, in Keras order (the caller owns and disposes them). */
  getWeights(): Tensor[];
  /** Sets the weights' values, in Keras order. */
  setWeights(weights: readonly Tensor[]): void;
  /** The compiled optimizer; its `learningRate` is read and set between epochs. */
  readonly optimizer?: { learningRate: number } | undefined;
  /** Writes the whole model (architecture, weights and, with `includeOptimizer`, the optimizer state). */
  save?(path: string, options?: { includeOptimizer?: boolean; overwrite?: boolean }): Promise<void>;
  /** Writes the weights alone. */
  saveWeights?(path: string): Promise<void>;
}

/**
 * Hooks around training (Keras's `Callback`). Override any; each may be async.
 * @example
 * ```ts
 * class Stopper extends Callback {
 *   override onEpochEnd(epoch: number, logs?: Logs) { if ((logs?.loss ?? 1) < 0.1) this.model!.stopTraining = true; }
 * }
 * ```
 */
export class Callback {
  model: CallbackModel | undefined;
  params: Record<string, number | string | boolean> = {};

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  setParams(params: Record<string, number | string | boolean>): void {
    this.params = params;
  }

  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
}

/** A plain object with any of the hooks, as TensorFlow.js accepts. */
export type CallbackHooks = Partial<
  Pick<Callback, 'onTrainBegin' | 'onTrainEnd' | 'onEpochBegin' | 'onEpochEnd' | 'onBatchBegin' | 'onBatchEnd'>
>;

/** A callback built from functions (Keras's `LambdaCallback`). */
export class LambdaCallback extends Callback {
  constructor(hooks: CallbackHooks) {
    super();
    for (const [key, fn] of Object.entries(hooks)) {
      if (typeof fn !== 'function') {
        throw new ValueError(`LambdaCallback: \`${key}\` must be a function. Received: ${describe(fn)}`);
      }
      (this as unknown as Record<string, unknown>)[key] = fn;
    }
  }
}

/** Runs a list of callbacks in order, awaiting each. */
export class CallbackList {
  readonly callbacks: Callback[];

  constructor(
    callbacks: readonly (Callback | CallbackHooks)[],
    model: CallbackModel,
    params: Record<string, number | string | boolean>,
  ) {
    this.callbacks = callbacks.map((c) => (c instanceof Callback ? c : new LambdaCallback(c)));
    for (const c of this.callbacks) {
      c.setModel(model);
      c.setParams(params);
    }
  }

  async trainBegin(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin(logs);
  }
  async trainEnd(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd(logs);
  }
  async epochBegin(epoch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin(epoch, logs);
  }
  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd(epoch, logs);
  }
  /**
   * The per-batch hooks run every step, so they stay synchronous unless a callback returns a promise: an `await`
   * per callback per batch is a trip through the microtask queue a small model's step would feel. Callbacks
   * still run in order, each after the previous one's promise settled.
   */
  batchBegin(batch: number, logs: Logs = {}): Promise<void> | undefined {
    return this.each(0, (c) => c.onBatchBegin(batch, logs));
  }
  /** Whether any callback looks at batch-end logs (so the loop reads them only then). */
  wantsBatchLogs(): boolean {
    return this.callbacks.some((c) => c.onBatchEnd !== Callback.prototype.onBatchEnd);
  }

  batchEnd(batch: number, logs: Logs): Promise<void> | undefined {
    return this.each(0, (c) => c.onBatchEnd(batch, logs));
  }

  private each(from: number, call: (c: Callback) => unknown): Promise<void> | undefined {
    for (let i = from; i < this.callbacks.length; i++) {
      const r = call(this.callbacks[i] as Callback);
      if (r instanceof Promise) return r.then(() => this.each(i + 1, call));
    }
    return undefined;
  }
}

/**
 * The record of a `fit`: `history.history.loss[epoch]`, `history.history.val_loss[epoch]`, …
 * (Keras's `History`, returned by `fit`).
 */
export class History extends Callback {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      let series = this.history[key];
      if (!series) {
        series = [];
        this.history[key] = series;
      }
      series.push(value);
    }
  }
}
