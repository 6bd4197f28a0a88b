import { ValueError } from '../core/errors.js';
import { checkOptions } from '../core/validate.js';
import { checkFraction, checkSeed, type Dataset, type DatasetSplit, takeRows } from './dataset.js';
import { Rng, Stream } from './random.js';

/**
 * Splits `size` samples among classes in proportion to `available[c]`, by largest remainder (Hamilton's
 * method): each class gets ⌊size·nᶜ/N⌋ and the leftover goes to the largest fractional parts, ties to the lower
 * class id. Integer arithmetic, so the result does not depend on rounding. Never more than `available[c]`.
 */
function allocate(size: number, available: readonly number[]): number[] {
  const total = available.reduce((s, n) => s + n, 0);
  if (size === 0 || total === 0) return available.map(() => 0);
  const quota = available.map((n) => Math.floor((size * n) / total));
  const remainders = available.map((n, c) => ({ c, r: (size * n) % total }));
  let left = size - quota.reduce((s, q) => s + q, 0);
  remainders.sort((x, y) => y.r - x.r || x.c - y.c);
  for (const { c } of remainders) {
    if (left === 0) break;
    quota[c] = (quota[c] as number) + 1;
    left--;
  }
  return quota;
}

/**
 * Draws disjoint subsets of the given sizes, each stratified (class proportions as in `labels`, to within one
 * sample per class) and each in a random order. Sizes are served in turn, each from what the previous left, so
 * that they may add up to the whole set. `sum(sizes) ≤ labels.length` is the caller's to check.
 */
export function stratifiedIndices(
  labels: Int32Array,
  numClasses: number,
  sizes: readonly number[],
  rng: Rng,
): Int32Array[] {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i] as number]?.push(i);
  for (const members of byClass) rng.shuffle(members);
  const used = new Array<number>(numClasses).fill(0);
  return sizes.map((size) => {
    const quota = allocate(
      size,
      byClass.map((members, c) => members.length - (used[c] as number)),
    );
    const picked = new Int32Array(size);
    let k = 0;
    quota.forEach((q, c) => {
      const members = byClass[c] as number[];
      const start = used[c] as number;
      for (let j = start; j < start + q; j++) picked[k++] = members[j] as number;
      used[c] = start + q;
    });
    // Interleave the classes: a consumer that batches without shuffling must not see one class per batch.
    return rng.shuffle(picked);
  });
}

/** Options of {@link shuffleSplit}. */
export interface ShuffleSplitOptions {
  /** Fraction of the samples held out for validation, in (0, 1); rounded to whole samples. */
  validationFraction: number;
  /** Which samples go where; the same seed always gives the same split. */
  seed?: number;
}

/**
 * A seeded, stratified split into training and validation sets: `round(validationFraction · n)` samples are
 * held out, with each class in the same proportion in both parts (to within one sample), and each part in a
 * random order.
 *
 * @throws {ValueError} if `validationFraction` is not in (0, 1), or if it leaves either part empty.
 * @example
 * ```ts
 * const { train, validation } = datasets.shuffleSplit(datasets.circles({ samples: 500 }), {
 *   validationFraction: 0.2,
 *   seed: 0,
 * });
 * [train.numSamples, validation.numSamples]; // [400, 100]
 * ```
 */
export function shuffleSplit(dataset: Dataset, options: ShuffleSplitOptions): DatasetSplit {
  const owner = 'shuffleSplit';
  checkOptions(owner, options, ['validationFraction', 'seed']);
  const fraction = checkFraction(owner, 'validationFraction', options?.validationFraction, { zeroAllowed: false });
  const seed = checkSeed(owner, options.seed ?? 0);
  const n = dataset.numSamples;
  const numValidation = Math.round(fraction * n);
  if (numValidation === 0 || numValidation === n) {
    throw new ValueError(
      `${owner}: validationFraction=${fraction} of ${n} samples leaves ${numValidation === 0 ? 'no validation' : 'no training'} samples. ` +
        `Expected a fraction that keeps at least one sample in each part.`,
    );
  }
  const [validation, train] = stratifiedIndices(
    dataset.labels,
    dataset.numClasses,
    [numValidation, n - numValidation],
    new Rng(seed, Stream.split),
  ) as [Int32Array, Int32Array];
  const pct = Math.round(fraction * 100);
  return {
    train: takeRows(dataset, train, `${dataset.description} — training part (${100 - pct}%, seed ${seed})`),
    validation: takeRows(dataset, validation, `${dataset.description} — validation part (${pct}%, seed ${seed})`),
  };
}

/** Per-feature mean and standard deviation of a training set: what {@link standardize} subtracts and divides by. */
export interface FeatureStatistics {
  mean: Float64Array;
  /** Population standard deviation (divided by n, as scikit-learn's StandardScaler). */
  std: Float64Array;
}

/**
 * Per-feature mean and population standard deviation, accumulated in float64.
 *
 * @example
 * ```ts
 * const { mean, std } = datasets.featureStatistics(train);
 * ```
 */
export function featureStatistics(dataset: Dataset): FeatureStatistics {
  const { features, numSamples: n, numFeatures: f } = dataset;
  if (n === 0) throw new ValueError(`featureStatistics: the dataset "${dataset.name}" has no samples.`);
  const mean = new Float64Array(f);
  const std = new Float64Array(f);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < f; j++) mean[j] = (mean[j] as number) + (features[i * f + j] as number);
  for (let j = 0; j < f; j++) mean[j] = (mean[j] as number) / n;
  // Two passes rather than E[x²] − E[x]², which cancels catastrophically for large means.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) {
      const d = (features[i * f + j] as number) - (mean[j] as number);
      std[j] = (std[j] as number) + d * d;
    }
  }
  for (let j = 0; j < f; j++) std[j] = Math.sqrt((std[j] as number) / n);
  return { mean, std };
}

/**
 * `z = (x − mean) / std` for a flat row-major feature array, with the statistics of a training set. Use it for
 * points that are not in a dataset, such as the grid a decision boundary is drawn on.
 * NOTE: a feature with std 0 (constant in the training set, as MNIST's border pixels) is only centred: dividing
 * would give NaN, and any value it takes elsewhere carries no information the model could have learnt.
 *
 * @example
 * ```ts
 * const z = datasets.standardizeFeatures(new Float32Array([0.5, -1]), datasets.featureStatistics(train));
 * ```
 */
export function standardizeFeatures(features: Float32Array, { mean, std }: FeatureStatistics): Float32Array {
  const f = mean.length;
  if (features.length % f !== 0) {
    throw new ValueError(
      `standardizeFeatures: ${features.length} values are not a whole number of rows of ${f} features.`,
    );
  }
  const out = new Float32Array(features.length);
  for (let i = 0; i < features.length; i++) {
    const j = i % f;
    const s = std[j] as number;
    out[i] = ((features[i] as number) - (mean[j] as number)) / (s > 0 ? s : 1);
  }
  return out;
}

/**
 * Z-scores every feature, `z = (x − mean) / std`, with the mean and (population) standard deviation of the
 * training set only — the validation set must not leak into them. Returns new datasets in the order given.
 * A feature that is constant in the training set is only centred (see {@link standardizeFeatures}).
 *
 * @throws {ValueError} if the datasets do not have the same number of features.
 * @example
 * ```ts
 * const [train, validation] = datasets.standardize(split.train, split.validation);
 * ```
 */
export function standardize(train: Dataset, ...others: Dataset[]): Dataset[] {
  for (const other of others) {
    if (other.numFeatures !== train.numFeatures) {
      throw new ValueError(
        `standardize: every dataset must have the training set's ${train.numFeatures} features. ` +
          `Received: "${other.name}" with ${other.numFeatures}.`,
      );
    }
  }
  const stats = featureStatistics(train);
  return [train, ...others].map((d) => ({
    ...d,
    description: `${d.description} (standardized by the training set)`,
    features: standardizeFeatures(d.features, stats),
    labels: d.labels.slice(),
    ...(d.classNames ? { classNames: d.classNames.slice() } : {}),
  }));
}
