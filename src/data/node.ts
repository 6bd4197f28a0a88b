/**
 * `datasets` for the Node entry point: everything of data/index.ts, and what reads files: the MNIST digits of the
 * `mnist` package (`loadMnist`), a CSV file (`loadCsv`), and any of them by name (`getDataset`).
 *
 * @example
 * ```ts
 * import { datasets } from 'dendrite';
 * const { train, validation } = await datasets.getDataset('moons', { samples: 400, labelNoise: 0.1, seed: 1 });
 * ```
 */

export { loadCsv } from './csv-file.js';
export { DATASET_NAMES, type DatasetName, type GetDatasetOptions, getDataset } from './get-dataset.js';
export * from './index.js';
export { loadMnist, type MnistOptions } from './mnist.js';
