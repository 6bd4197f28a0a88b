/**
 * `dendrite sweep`: one model per value of a regularizer's coefficient C, everything else the same, to find the
 * C at the bottom of the U: too small a C overfits, too large a C underfits.
 */
import type { SweepResult } from '../report/index.js';
import { loadRunData } from './data.js';
import { resolveSweep, type SweepOptions } from './options.js';
import { epochLine, label, type Progress, silentProgress } from './progress.js';
import { describeDataset, disposeTensors, toTensors, trainModel } from './train.js';
import { describeArchitecture, sweepVariant } from './variants.js';

/** The regularizer's name in the report: 'L2', 'Dropout'. */
const DISPLAY: Readonly<Record<SweepOptions['regularizer'], string>> = {
  l1: 'L1',
  l2: 'L2',
  l1l2: 'L1L2',
  dropout: 'Dropout',
};

/**
 * Trains one model per value. Which is best is for `pickSweep` (report/pick.ts) to say (lowest final validation
 * loss, and the values within noise of it), so that the table, the report and any other reader pick alike.
 *
 * @throws {UsageError} when the data cannot be loaded as asked.
 * @example
 * ```ts
 * const sweep = await runSweep({ dataset: 'moons', regularizer: 'l2', values: [1e-4, 1e-3, 1e-2] });
 * pickSweep(sweep.points).best; // the C with the lowest final validation loss
 * ```
 */
export async function runSweep(
  given: Partial<SweepOptions> = {},
  progress: Progress = silentProgress,
): Promise<SweepResult> {
  const started = performance.now();
  const o = resolveSweep(given);
  const data = await loadRunData(o);
  const tensors = toTensors(data);
  const variants = o.values.map((value) => ({ value, variant: sweepVariant(o.regularizer, value) }));
  const width = Math.max(...variants.map((v) => v.variant.name.length));
  const points: SweepResult['points'][number][] = [];
  try {
    for (const [i, { value, variant }] of variants.entries()) {
      const tag = label(i, variants.length, variant.name, width);
      const t0 = performance.now();
      progress.update(tag);
      const trained = await trainModel(tensors, o, variant.regularization, (epoch, logs) =>
        progress.update(`${tag}  ${epochLine(epoch, o.epochs, logs, (performance.now() - t0) / 1000)}`),
      );
      const s = trained.summary;
      progress.done(
        `${tag}  ${o.epochs} epochs  train ${s.trainLoss.toFixed(4)}  val ${s.valLoss.toFixed(4)}  ` +
          `best val ${s.bestValLoss.toFixed(4)} (epoch ${s.bestEpoch})  ${trained.seconds.toFixed(1)} s`,
      );
      points.push({ value, summary: s, history: trained.history });
    }
  } finally {
    disposeTensors(tensors);
  }
  return {
    dataset: describeDataset(data, tensors),
    architecture: describeArchitecture(tensors.numFeatures, o.hidden, tensors.numClasses),
    regularizer: DISPLAY[o.regularizer],
    points,
    seconds: (performance.now() - started) / 1000,
  };
}
