import { invalidArgument } from '../core/validate.js';

/**
 * A labelled classification table, as plain data so that it can be sent to a worker, written to JSON or
 * fed to `model.fit` without conversion: `fit(features, labels)` reshapes the flat features by the model's
 * input shape.
 *
 * @example
 * ```ts
 * const data = datasets.moons({ samples: 200 });
 * data.features.length === data.numSamples * data.numFeatures; // true: row-major [numSamples, numFeatures]
 * ```
 */
export interface Dataset {
  /** Short identifier: `'moons'`, `'mnist'`, the CSV file's base name. */
  name: string;
  /** One sentence a report can print: what the data is and the options that made it. */
  description: string;
  /** Row-major `[numSamples, numFeatures]`. */
  features: Float32Array;
  /** Class ids in `[0, numClasses)`, one per sample. */
  labels: Int32Array;
  numSamples: number;
  numFeatures: number;
  numClasses: number;
  /** Names of the classes by id, where the source has them (a CSV's string target, MNIST's digits). */
  classNames?: string[];
}

/**
 * A training set and a held-out validation set drawn from the same source, disjoint.
 *
 * @example
 * ```ts
 * const { train, validation } = datasets.shuffleSplit(datasets.moons(), { validationFraction: 0.2, seed: 0 });
 * ```
 */
export interface DatasetSplit {
  train: Dataset;
  validation: Dataset;
}

/** A positive integer (a number of samples). */
export function checkPositiveInteger(owner: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalidArgument(owner, arg, 'a positive integer', value);
  }
  return value;
}

/** An integer seed; negative seeds are fine, fractions are a mistake. */
export function checkSeed(owner: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw invalidArgument(owner, 'seed', 'an integer', value);
  return value;
}

/** A finite number ≥ 0 (a standard deviation). */
export function checkNonNegative(owner: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(owner, arg, 'a non-negative finite number', value);
  }
  return value;
}

/** A fraction in [0, 1) when zero is allowed (no label noise), else in (0, 1) (a split needs both parts). */
export function checkFraction(
  owner: string,
  arg: string,
  value: unknown,
  { zeroAllowed }: { zeroAllowed: boolean },
): number {
  const ok = typeof value === 'number' && (zeroAllowed ? value >= 0 : value > 0) && value < 1;
  if (!ok) throw invalidArgument(owner, arg, `a number in ${zeroAllowed ? '[0, 1)' : '(0, 1)'}`, value);
  return value as number;
}

/** The rows `indices` of `data`, in that order, as a new dataset (features and labels copied). */
export function takeRows(data: Dataset, indices: ArrayLike<number>, description: string): Dataset {
  const f = data.numFeatures;
  const features = new Float32Array(indices.length * f);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i] as number;
    features.set(data.features.subarray(row * f, row * f + f), i * f);
    labels[i] = data.labels[row] as number;
  }
  return {
    name: data.name,
    description,
    features,
    labels,
    numSamples: indices.length,
    numFeatures: f,
    numClasses: data.numClasses,
    ...(data.classNames ? { classNames: data.classNames.slice() } : {}),
  };
}

/** How many samples of each class: `counts[c]`. */
export function classCounts(labels: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const y of labels) counts[y] = (counts[y] as number) + 1;
  return counts;
}
