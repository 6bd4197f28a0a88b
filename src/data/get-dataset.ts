/** `getDataset`: a dataset by the name the CLI's `--dataset` flag takes (Node only: MNIST and CSV read files). */

import { describe, ValueError } from '../core/errors.js';
import type { CsvOptions } from './csv.js';
import { loadCsv } from './csv-file.js';
import type { DatasetSplit } from './dataset.js';
import { loadMnist, type MnistOptions } from './mnist.js';
import { shuffleSplit } from './split.js';
import { circles, gaussians, moons, type SyntheticOptions, spiral, xor } from './synthetic.js';

/** The built-in datasets by name; a user's table is `'csv:PATH'`. */
export const DATASET_NAMES = ['mnist', 'moons', 'circles', 'spiral', 'xor', 'gaussians'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Options of {@link getDataset}: each dataset takes the ones that apply to it. */
export interface GetDatasetOptions extends SyntheticOptions, MnistOptions, Partial<CsvOptions> {
  /** Held-out fraction for the 2-D sets (default 0.5) and CSV tables (default 0.2); MNIST uses `valSize`. */
  validationFraction?: number;
}

const SYNTHETIC = { moons, circles, spiral, xor, gaussians } as const;
const APPLIES: Record<'mnist' | 'synthetic' | 'csv', readonly (keyof GetDatasetOptions)[]> = {
  mnist: ['trainSize', 'valSize', 'seed'],
  synthetic: ['samples', 'noise', 'labelNoise', 'seed', 'validationFraction'],
  csv: ['target', 'delimiter', 'seed', 'validationFraction'],
};

/** Keeps the options that are set; one that is set but does not apply to `kind` is an error, not ignored. */
function pick(spec: string, kind: keyof typeof APPLIES, options: GetDatasetOptions): Record<string, unknown> {
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`getDataset: the options must be an object. Received: ${describe(options)}`);
  }
  const set = Object.entries(options).filter(([, v]) => v !== undefined);
  const wrong = set.filter(([k]) => !(APPLIES[kind] as readonly string[]).includes(k)).map(([k]) => k);
  if (wrong.length > 0) {
    throw new ValueError(
      `getDataset: ${wrong.map((k) => `\`${k}\``).join(', ')} ${wrong.length > 1 ? 'do' : 'does'} not apply to the ` +
        `dataset ${describe(spec)}. Expected only: ${APPLIES[kind].join(', ')}`,
    );
  }
  return Object.fromEntries(set);
}

/**
 * The training and validation sets a dataset spec names, as the CLI's `--dataset` flag takes it:
 * `'mnist'` (`trainSize`, `valSize`, `seed`), a 2-D set `'moons' | 'circles' | 'spiral' | 'xor' | 'gaussians'`
 * (`samples`, `noise`, `labelNoise`, `seed`, split by {@link shuffleSplit} with `validationFraction`, default
 * 0.5: generated data is free, and a large held-out half gives steady validation curves), or `'csv:PATH'`
 * (`target` required, `delimiter`, `seed`, `validationFraction` default 0.2). Features are returned as the
 * source has them: standardize a CSV table's with {@link standardize}.
 *
 * @throws {ValueError} for an unknown name (listing the valid ones), an option that does not apply to the
 * dataset, or any error of the loader.
 * @example
 * ```ts
 * const { train, validation } = await datasets.getDataset('mnist', { trainSize: 1000, valSize: 2000 });
 * const table = await datasets.getDataset('csv:iris.csv', { target: 'species' });
 * ```
 */
export async function getDataset(spec: string, options: GetDatasetOptions = {}): Promise<DatasetSplit> {
  if (typeof spec !== 'string') {
    throw new ValueError(`getDataset: the dataset must be a name or 'csv:PATH'. Received: ${describe(spec)}`);
  }
  if (spec.startsWith('csv:')) {
    const path = spec.slice(4);
    if (path.trim() === '') {
      throw new ValueError(
        `getDataset: 'csv:' needs a file path, as in 'csv:data/iris.csv'. Received: ${describe(spec)}`,
      );
    }
    const { target, delimiter, seed, validationFraction } = pick(spec, 'csv', options) as GetDatasetOptions;
    if (target === undefined) {
      throw new ValueError(
        `getDataset: ${describe(spec)} needs \`target\`, the name of its label column. Received: target=undefined`,
      );
    }
    const table = await loadCsv(path, { target, ...(delimiter === undefined ? {} : { delimiter }) });
    return shuffleSplit(table, { validationFraction: validationFraction ?? 0.2, seed: seed ?? 0 });
  }
  if (spec === 'mnist') return loadMnist(pick(spec, 'mnist', options) as MnistOptions);
  if (Object.hasOwn(SYNTHETIC, spec)) {
    const { validationFraction, ...rest } = pick(spec, 'synthetic', options) as GetDatasetOptions;
    const data = SYNTHETIC[spec as keyof typeof SYNTHETIC](rest);
    return shuffleSplit(data, { validationFraction: validationFraction ?? 0.5, seed: rest.seed ?? 0 });
  }
  throw new ValueError(
    `Unknown dataset for getDataset. Expected one of: ${DATASET_NAMES.join(', ')}, csv:PATH. Received: ${describe(spec)}`,
  );
}
