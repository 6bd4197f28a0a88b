/**
 * `dendrite compare`: one architecture trained once per regularization variant, on the same data split, from
 * the same initial weights, with the same batch order; only the regularization differs.
 */

import { getBackend } from '../node.js';
import type { ComparisonResult, VariantResult } from '../report/index.js';
import { loadRunData } from './data.js';
import { type CompareOptions, resolveCompare } from './options.js';
import { epochLine, label, type Progress, silentProgress } from './progress.js';
import { describeDataset, disposeTensors, toTensors, trainModel } from './train.js';
import { describeArchitecture, variant } from './variants.js';

/**
 * Trains every variant and gathers what the table and the report need. Options that are not given take the
 * defaults of the dataset's kind (see `PRESETS`).
 *
 * @throws {UsageError} when the data cannot be loaded as asked (a missing CSV file, a non-numeric cell, …).
 * @example
 * ```ts
 * const result = await runComparison({ dataset: 'moons', variants: ['none', 'l2'], epochs: 50 });
 * result.variants[1].summary.kernelL2Norm < result.variants[0].summary.kernelL2Norm; // L2 shrinks the weights
 * ```
 */
export async function runComparison(
  given: Partial<CompareOptions> = {},
  progress: Progress = silentProgress,
): Promise<ComparisonResult> {
  const started = performance.now();
  const o = resolveCompare(given);
  const data = await loadRunData(o);
  const tensors = toTensors(data);
  const variants = o.variants.map((id) => variant(id, o));
  const width = Math.max(...variants.map((v) => v.name.length));
  const results: VariantResult[] = [];
  try {
    for (const [i, v] of variants.entries()) {
      const tag = label(i, variants.length, v.name, width);
      const t0 = performance.now();
      progress.update(`${tag}  ${v.description}`);
      const trained = await trainModel(tensors, o, v.regularization, (epoch, logs) =>
        progress.update(`${tag}  ${epochLine(epoch, o.epochs, logs, (performance.now() - t0) / 1000)}`),
      );
      const s = trained.summary;
      progress.done(
        `${tag}  ${o.epochs} epochs  train ${s.trainLoss.toFixed(4)}  val ${s.valLoss.toFixed(4)}  ` +
          `val acc ${(s.valAccuracy * 100).toFixed(1)}%  ${trained.seconds.toFixed(1)} s`,
      );
      results.push({ name: v.name, description: v.description, ...trained });
    }
  } finally {
    disposeTensors(tensors);
  }
  return {
    dataset: describeDataset(data, tensors),
    architecture: describeArchitecture(tensors.numFeatures, o.hidden, tensors.numClasses),
    epochs: o.epochs,
    batchSize: o.batchSize,
    seed: o.seed,
    backend: getBackend(),
    variants: results,
    seconds: (performance.now() - started) / 1000,
  };
}
