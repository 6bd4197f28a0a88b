/**
 * Datasets: the classic 2-D sets (`moons`, `circles`, `spiral`, `xor`, `gaussians`), a table from CSV text
 * (`parseCsv`), and the seeded, stratified split and standardization that training on them needs. Every dataset
 * is plain data ({@link Dataset}), the same bytes for the same seed. This part works anywhere, a page included;
 * the Node entry point adds what reads files (data/node.ts): `loadMnist`, `loadCsv` and `getDataset`.
 *
 * @example
 * ```ts
 * import { datasets } from 'dendrite';
 * const { train, validation } = datasets.shuffleSplit(datasets.moons({ samples: 400, seed: 1 }), { validationFraction: 0.5 });
 * ```
 */

export { type CsvOptions, parseCsv } from './csv.js';
export { classCounts, type Dataset, type DatasetSplit } from './dataset.js';
export {
  type FeatureStatistics,
  featureStatistics,
  type ShuffleSplitOptions,
  shuffleSplit,
  standardize,
  standardizeFeatures,
} from './split.js';
export { circles, gaussians, moons, type SyntheticOptions, spiral, xor } from './synthetic.js';
