import { describe, ValueError } from '../../core/errors.js';
import { checkOptions } from '../../core/validate.js';
import { Callback, type Logs } from '../callbacks.js';
import { checkVerbose, optimizerOf } from './monitor.js';
import { pythonRepr } from './python-format.js';

/** The new learning rate for an epoch (0-based), given the current one. */
export type ScheduleFunction = (epoch: number, learningRate: number) => number;

const OWNER = 'LearningRateScheduler';

/**
 * Sets the learning rate at the start of every epoch to `schedule(epoch, currentRate)` (Keras's
 * `LearningRateScheduler`), and adds the rate to the epoch's logs as `learning_rate`.
 *
 * @throws {ValueError} when `schedule` is not a function; at an epoch's start when it returns anything
 *   but a finite number ≥ 0.
 * @example
 * ```ts
 * // Keep the rate for ten epochs, then decay it by e^-0.1 per epoch.
 * const scheduler = new callbacks.LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
 * await model.fit(x, y, { epochs: 15, callbacks: [scheduler] });
 * ```
 */
export class LearningRateScheduler extends Callback {
  readonly schedule: ScheduleFunction;
  readonly verbose: number;

  constructor(schedule: ScheduleFunction, options: { verbose?: number } = {}) {
    super();
    if (typeof schedule !== 'function') {
      throw new ValueError(
        `${OWNER}: \`schedule\` must be a function (epoch, learningRate) => number. Received: ${describe(schedule)}`,
      );
    }
    checkOptions(OWNER, options, ['verbose']);
    this.schedule = schedule;
    this.verbose = checkVerbose(OWNER, options.verbose ?? 0);
  }

  override onEpochBegin(epoch: number, _logs?: Logs): void {
    const optimizer = optimizerOf(this, OWNER);
    const learningRate = this.schedule(epoch, optimizer.learningRate);
    if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate < 0) {
      throw new ValueError(
        `The output of the \`schedule\` function should be a finite number >= 0. Got: ${describe(learningRate)} at epoch ${epoch}`,
      );
    }
    optimizer.learningRate = learningRate;
    if (this.verbose > 0) {
      console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${pythonRepr(learningRate)}.`);
    }
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs.learning_rate = optimizerOf(this, OWNER).learningRate;
  }
}
