/**
 * The data of a run: the training and validation sets the options name, ready for `fit`, and for a 2-D
 * dataset the plane a decision boundary is drawn over.
 */
import { type Dataset, getDataset, loadCsv, shuffleSplit, standardize } from '../data/node.js';
import { DendriteError } from '../node.js';
import { UsageError } from './errors.js';
import { datasetKind, type ExperimentOptions } from './options.js';

/** The rectangle of the input plane a decision boundary covers. */
export interface Plane {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

export interface RunData {
  readonly name: string;
  readonly description: string;
  readonly train: Dataset;
  readonly validation: Dataset;
  /** For datasets of two features: every sample's range, plus a margin, in the model's input coordinates. */
  readonly plane?: Plane;
}

/** Fraction of the data's range added on each side of the plane, so the boundary is seen beyond the points. */
const PLANE_MARGIN = 0.1;

function planeOf(sets: readonly Dataset[]): Plane {
  let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const d of sets) {
    for (let i = 0; i < d.numSamples; i++) {
      const x = d.features[2 * i] as number;
      const y = d.features[2 * i + 1] as number;
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
  }
  const mx = (xMax - xMin || 1) * PLANE_MARGIN;
  const my = (yMax - yMin || 1) * PLANE_MARGIN;
  return { xMin: xMin - mx, xMax: xMax + mx, yMin: yMin - my, yMax: yMax + my };
}

/**
 * A user's table: `valSize` rows held out (default a fifth), `trainSize` of the rest for training (default all),
 * both stratified; features standardized with the training set's statistics, as their scales are arbitrary.
 */
async function csvData(path: string, o: ExperimentOptions): Promise<{ train: Dataset; validation: Dataset }> {
  if (o.target === undefined) {
    throw new UsageError(`--dataset csv:${path} needs --target, the name of the label column`);
  }
  let table = await loadCsv(path, { target: o.target });
  const n = table.numSamples;
  const valSize = o.valSize ?? Math.max(1, Math.round(n / 5));
  const trainSize = o.trainSize ?? n - valSize;
  if (trainSize < 1 || trainSize + valSize > n) {
    throw new UsageError(
      `${path} has ${n} rows, too few for --train-size ${trainSize} and --val-size ${valSize}. ` +
        'Expected train + validation ≤ the number of rows',
    );
  }
  if (trainSize + valSize < n) {
    // A stratified subset of the requested size: the "validation" part of a first split.
    table = shuffleSplit(table, { validationFraction: (trainSize + valSize) / n, seed: o.seed }).validation;
  }
  const split = shuffleSplit(table, { validationFraction: valSize / (trainSize + valSize), seed: o.seed });
  const [train, validation] = standardize(split.train, split.validation) as [Dataset, Dataset];
  return { train, validation };
}

/**
 * Loads the dataset the options name and splits it into training and validation sets.
 * @throws {UsageError} for what the user can fix: a missing or malformed CSV file, sizes the data cannot meet.
 */
export async function loadRunData(o: ExperimentOptions): Promise<RunData> {
  const kind = datasetKind(o.dataset);
  let split: { train: Dataset; validation: Dataset };
  try {
    if (kind === 'csv') {
      split = await csvData(o.dataset.slice('csv:'.length), o);
    } else if (kind === 'mnist') {
      split = await getDataset('mnist', { trainSize: o.trainSize, valSize: o.valSize, seed: o.seed });
    } else {
      const trainSize = o.trainSize as number;
      const valSize = o.valSize as number;
      // The 2-D sets are generated whole and split with an exact fraction: round(val / total · total) = val.
      split = await getDataset(o.dataset, {
        samples: trainSize + valSize,
        validationFraction: valSize / (trainSize + valSize),
        noise: o.noise,
        labelNoise: o.labelNoise,
        seed: o.seed,
      });
    }
  } catch (error) {
    // The loaders' own messages name the file, line and column; they are the user's to fix, not a crash.
    if (error instanceof DendriteError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
  const { train, validation } = split;
  return {
    name: train.name,
    description: train.description.replace(/( — training part.*|: \d+ training digits)$/, ''),
    train,
    validation,
    ...(train.numFeatures === 2 ? { plane: planeOf([train, validation]) } : {}),
  };
}
