/**
 * Optimizers (Keras 3's `keras.optimizers`): they turn gradients into variable updates.
 *
 * @example
 * ```ts
 * const opt = new optimizers.SGD({ learningRate: 0.1, momentum: 0.9 });
 * const loss = opt.minimize(() => mean(square(sub(matMul(x, w), y))), [w]);
 * ```
 * @packageDocumentation
 */

export { Adagrad, type AdagradOptions } from './adagrad.js';
export { Adam, type AdamOptions } from './adam.js';
export { AdamW } from './adamw.js';
export { clipByGlobalNorm, clipByNorm } from './clipping.js';
export { getOptimizer, type OptimizerIdentifier, optimizerRegistry } from './get.js';
export { type GradientAndVariable, Optimizer, type OptimizerOptions } from './optimizer.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export type { LearningRateSchedule } from './schedules.js';
export * as schedules from './schedules.js';
export { SGD, type SGDOptions } from './sgd.js';
