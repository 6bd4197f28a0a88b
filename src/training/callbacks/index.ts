/**
 * Callbacks for `fit` (Keras's `keras.callbacks`): hooks that watch training and act on it.
 *
 * @example
 * ```ts
 * import { callbacks } from 'dendrite';
 * await model.fit(x, y, {
 *   epochs: 100,
 *   validationSplit: 0.2,
 *   callbacks: [
 *     new callbacks.EarlyStopping({ patience: 5, restoreBestWeights: true }),
 *     new callbacks.ReduceLROnPlateau({ factor: 0.5, patience: 2 }),
 *     new callbacks.CSVLogger('training.csv'),
 *   ],
 * });
 * ```
 * These work anywhere, a page included; the Node entry point adds the two that write files (callbacks/node.ts):
 * `ModelCheckpoint` and `CSVLogger`.
 * @module
 */

export { Callback, type CallbackHooks, type CallbackModel, History, LambdaCallback, type Logs } from '../callbacks.js';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export { LearningRateScheduler, type ScheduleFunction } from './learning-rate-scheduler.js';
export type { MonitorMode } from './monitor.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export { TerminateOnNaN } from './terminate-on-nan.js';
