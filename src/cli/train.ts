/**
 * Training one model of a run and reading out what the table and the report show: the History, the summary
 * numbers, every kernel weight, and for 2-D data the decision boundary.
 */

import { type Logs, layers, optimizers, type Sequential, setRandomSeed, type Tensor, tensor } from '../node.js';
import type { ComparisonResult, DecisionBoundary, VariantSummary } from '../report/index.js';
import type { Plane, RunData } from './data.js';
import type { ExperimentOptions } from './options.js';
import { buildModel, type Regularization } from './variants.js';

/** |w| below this counts as zero in the summary: L1 drives weights there, L2 only towards it. */
export const NEAR_ZERO = 1e-3;

/** Grid points per axis of a decision boundary (the report draws up to 50 without thinning). */
export const BOUNDARY_RESOLUTION = 50;

/** The run's data as tensors, made once and shared by every model of the run. */
export interface RunTensors {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly valX: Tensor;
  readonly valY: Tensor;
  readonly numFeatures: number;
  readonly numClasses: number;
  readonly plane?: Plane;
}

/** The dataset as a report describes it (the training points too, for a 2-D set's decision boundary). */
export function describeDataset(data: RunData, tensors: RunTensors): ComparisonResult['dataset'] {
  return {
    name: data.name,
    description: data.description,
    trainSize: data.train.numSamples,
    valSize: data.validation.numSamples,
    numFeatures: tensors.numFeatures,
    numClasses: tensors.numClasses,
    ...(data.plane ? { points: { x: data.train.features, labels: data.train.labels } } : {}),
  };
}

export function toTensors(data: RunData): RunTensors {
  const { train, validation } = data;
  return {
    x: tensor(train.features, [train.numSamples, train.numFeatures]),
    y: tensor(train.labels, [train.numSamples], 'int32'),
    valX: tensor(validation.features, [validation.numSamples, validation.numFeatures]),
    valY: tensor(validation.labels, [validation.numSamples], 'int32'),
    numFeatures: train.numFeatures,
    numClasses: Math.max(train.numClasses, validation.numClasses),
    ...(data.plane ? { plane: data.plane } : {}),
  };
}

export function disposeTensors(t: RunTensors): void {
  for (const x of [t.x, t.y, t.valX, t.valY]) x.dispose();
}

/** What one trained model leaves behind: plain data, no tensors. */
export interface TrainedModel {
  readonly history: Record<string, number[]>;
  readonly summary: VariantSummary;
  readonly kernelWeights: Float32Array;
  readonly boundary?: DecisionBoundary;
  readonly seconds: number;
}

/** Called after every epoch with Keras's logs (`loss`, `val_loss`, `val_accuracy`, …). */
export type EpochListener = (epoch: number, logs: Logs) => void;

/**
 * Trains the run's architecture with `reg`. `setRandomSeed(o.seed)` comes first, so every model of a run starts
 * from the same weights and sees the batches in the same order: the regularization is the only difference.
 */
export async function trainModel(
  data: RunTensors,
  o: ExperimentOptions,
  reg: Regularization,
  onEpoch?: EpochListener,
): Promise<TrainedModel> {
  const started = performance.now();
  setRandomSeed(o.seed);
  const model = buildModel(data.numFeatures, o.hidden, data.numClasses, reg, o.seed);
  try {
    model.compile({
      optimizer: new optimizers.Adam({ learningRate: o.learningRate }),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const history = await model.fit(data.x, data.y, {
      epochs: o.epochs,
      batchSize: o.batchSize,
      validationData: [data.valX, data.valY],
      verbose: 0,
      callbacks: onEpoch ? [{ onEpochEnd: (epoch: number, logs?: Logs) => onEpoch(epoch, logs ?? {}) }] : [],
    });
    const kernelWeights = kernelsOf(model);
    const boundary = data.plane ? decisionBoundary(model, data.plane, BOUNDARY_RESOLUTION) : undefined;
    return {
      history: history.history,
      summary: summarize(history.history, kernelWeights),
      kernelWeights,
      ...(boundary ? { boundary } : {}),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}

/** Every Dense kernel's weights, flattened into one array (biases are not penalized, so they are left out). */
export function kernelsOf(model: Sequential): Float32Array {
  const kernels = model.layers.flatMap((l) => (l instanceof layers.Dense && l.kernel ? [l.kernel.dataSync()] : []));
  const out = new Float32Array(kernels.reduce((s, k) => s + k.length, 0));
  let at = 0;
  for (const k of kernels) {
    out.set(k, at);
    at += k.length;
  }
  return out;
}

const last = (series: readonly number[] | undefined): number => series?.at(-1) ?? Number.NaN;

/**
 * The table's numbers. Losses are data losses, `loss − regularization_loss`: Keras's `loss` includes the
 * penalty, which would make a regularized model look worse on the very number it improves.
 */
export function summarize(
  history: Readonly<Record<string, readonly number[]>>,
  kernelWeights: Float32Array,
): VariantSummary {
  const trainLoss = last(history.loss) - (last(history.regularization_loss) || 0);
  const valCurve = (history.val_loss ?? []).map((v, i) => v - (history.val_regularization_loss?.[i] ?? 0));
  const valLoss = valCurve.at(-1) ?? Number.NaN;
  let best = 0;
  valCurve.forEach((v, i) => {
    if (v < (valCurve[best] as number)) best = i;
  });
  let nearZero = 0;
  let squares = 0;
  for (const w of kernelWeights) {
    if (Math.abs(w) < NEAR_ZERO) nearZero++;
    squares += w * w;
  }
  return {
    trainLoss,
    valLoss,
    valAccuracy: last(history.val_accuracy),
    gap: valLoss - trainLoss,
    bestEpoch: best + 1,
    bestValLoss: valCurve[best] ?? Number.NaN,
    nearZeroFraction: kernelWeights.length > 0 ? nearZero / kernelWeights.length : 0,
    kernelL2Norm: Math.sqrt(squares),
  };
}

/**
 * The predicted class and its probability at each point of a `resolution`² grid over `plane`: point (i, j)
 * sits at x = xMin + i·(xMax − xMin)/(resolution − 1), y likewise with row j.
 */
export function decisionBoundary(model: Sequential, plane: Plane, resolution: number): DecisionBoundary {
  const grid = new Float32Array(resolution * resolution * 2);
  const step = (lo: number, hi: number, i: number) => lo + ((hi - lo) * i) / Math.max(1, resolution - 1);
  for (let j = 0; j < resolution; j++) {
    for (let i = 0; i < resolution; i++) {
      const k = j * resolution + i;
      grid[2 * k] = step(plane.xMin, plane.xMax, i);
      grid[2 * k + 1] = step(plane.yMin, plane.yMax, j);
    }
  }
  const input = tensor(grid, [resolution * resolution, 2]);
  const output = model.predict(input, { batchSize: resolution * resolution });
  const probabilities = output.dataSync();
  input.dispose();
  output.dispose();
  const numClasses = probabilities.length / (resolution * resolution);
  const classes = new Int32Array(resolution * resolution);
  const confidence = new Float32Array(resolution * resolution);
  for (let k = 0; k < classes.length; k++) {
    let arg = 0;
    for (let c = 1; c < numClasses; c++) {
      if ((probabilities[k * numClasses + c] as number) > (probabilities[k * numClasses + arg] as number)) arg = c;
    }
    classes[k] = arg;
    confidence[k] = probabilities[k * numClasses + arg] as number;
  }
  return { ...plane, resolution, classes, confidence };
}
