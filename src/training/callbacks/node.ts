/**
 * `callbacks` for the Node entry point: every callback of callbacks/index.ts, and the two that write files,
 * `ModelCheckpoint` and `CSVLogger`.
 *
 * @example
 * ```ts
 * import { callbacks } from 'dendrite';
 * await model.fit(x, y, { epochs: 20, callbacks: [new callbacks.CSVLogger('training.csv')] });
 * ```
 * @module
 */

export { CSVLogger, type CSVLoggerOptions } from './csv-logger.js';
export * from './index.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './model-checkpoint.js';
