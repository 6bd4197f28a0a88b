// The benchmark's workloads, shared by every system: model specs, the synthetic data, and the Dendrite model built
// from a spec. No TF.js import here, so that a fresh process (bench/rss.ts) measures Dendrite's memory alone.
import * as dd from '../src/node.js';

export const WORKLOAD_IDS = ['mnist-mlp', 'tabular-small', 'predict'] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

type Activation = 'relu' | 'softmax' | 'sigmoid';
export type LayerSpec = { units: number; activation: Activation; l1?: number; l2?: number } | { dropout: number };

/** A Keras Sequential model as data, so that every system (PyTorch included, as JSON) builds the same one. */
export interface ModelSpec {
  inputDim: number;
  /** Width of a label row: 10 (one-hot) or 1 (binary). */
  labelDim: number;
  layers: readonly LayerSpec[];
  loss: 'categoricalCrossentropy' | 'binaryCrossentropy';
  learningRate: number;
}

export interface TrainWorkload {
  id: WorkloadId;
  title: string;
  model: ModelSpec;
  samples: number;
  batchSize: number;
  /** Data loss of a constant, uninformed prediction on these random labels (ln 10, ln 2): where the loss sits. */
  chanceLoss: number;
}

export const MNIST_MLP: ModelSpec = {
  inputDim: 784,
  labelDim: 10,
  layers: [
    { units: 512, activation: 'relu', l2: 1e-4 },
    { dropout: 0.2 },
    { units: 512, activation: 'relu', l2: 1e-4 },
    { dropout: 0.2 },
    { units: 10, activation: 'softmax' },
  ],
  loss: 'categoricalCrossentropy',
  learningRate: 1e-3,
};

export const TABULAR_SMALL: ModelSpec = {
  inputDim: 20,
  labelDim: 1,
  layers: [
    { units: 64, activation: 'relu', l1: 1e-5, l2: 1e-4 },
    { dropout: 0.5 },
    { units: 64, activation: 'relu' },
    { units: 1, activation: 'sigmoid' },
  ],
  loss: 'binaryCrossentropy',
  learningRate: 1e-3,
};

export const TRAIN_WORKLOADS: readonly TrainWorkload[] = [
  {
    id: 'mnist-mlp',
    title: 'mnist-mlp training: 784→512 relu→512 relu→10 softmax, L2 1e-4, Dropout 0.2, Adam 1e-3',
    model: MNIST_MLP,
    samples: 60_000,
    batchSize: 128,
    chanceLoss: Math.log(10),
  },
  {
    id: 'tabular-small',
    title: 'tabular-small training: 20→64 relu→64 relu→1 sigmoid, L1L2 (1e-5, 1e-4), Dropout 0.5, Adam 1e-3',
    model: TABULAR_SMALL,
    samples: 10_000,
    batchSize: 32,
    chanceLoss: Math.log(2),
  },
];

/** Seed of the mnist-mlp data (tabular-small uses the next one); the predict data has its own. */
export const TRAIN_DATA_SEED = 100;
export const PREDICT_DATA_SEED = 200;

/** Inference: the mnist-mlp model over the 10,000 samples of an MNIST-sized test set, 1,000 per `predict` call. */
export const PREDICT = { samples: 10_000, batchSize: 1000, minBatches: 3 };

/** Weight-initialization seed of every Dendrite model (TF.js and PyTorch use their own generators). */
export const SEED = 1234;

/** Multiply-adds of the dense layers, ×2 for FLOP. */
export function denseFlop(spec: ModelSpec): number {
  let inputs = spec.inputDim;
  let flop = 0;
  for (const l of spec.layers) {
    if ('units' in l) {
      flop += 2 * inputs * l.units;
      inputs = l.units;
    }
  }
  return flop;
}

/** Training ≈ 3 products per layer (forward, input gradient, weight gradient): 6·Σ fan-in·fan-out FLOP per sample. */
export const trainFlopPerSample = (spec: ModelSpec) => 3 * denseFlop(spec);

// ---------------------------------------------------------------------------------------------------------------
// Data: deterministic, generated in-process, identical for every system.

export interface Dataset {
  x: Float32Array;
  y: Float32Array;
  n: number;
  inputDim: number;
  labelDim: number;
}

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Inputs uniform in [0, 1); labels random one-hot rows (labelDim > 1) or random 0/1 (labelDim = 1). The first k
 * rows of a set of n are the set of k made with the same seed.
 */
export function makeDataset(spec: ModelSpec, n: number, seed: number): Dataset {
  const next = lcg(seed);
  const x = new Float32Array(n * spec.inputDim);
  for (let i = 0; i < x.length; i++) x[i] = next();
  const labels = lcg(seed ^ 0x5bd1e995);
  const y = new Float32Array(n * spec.labelDim);
  for (let i = 0; i < n; i++) {
    if (spec.labelDim === 1) y[i] = labels() < 0.5 ? 0 : 1;
    else y[i * spec.labelDim + Math.floor(labels() * spec.labelDim)] = 1;
  }
  return { x, y, n, inputDim: spec.inputDim, labelDim: spec.labelDim };
}

/** The spec as a compiled Dendrite model, on whichever backend is active. */
export function buildDendriteModel(spec: ModelSpec): dd.Sequential {
  dd.setRandomSeed(SEED);
  const model = new dd.Sequential();
  spec.layers.forEach((l, i) => {
    if ('dropout' in l) {
      model.add(new dd.layers.Dropout(l.dropout));
      return;
    }
    const kernelRegularizer =
      l.l1 !== undefined
        ? dd.regularizers.l1l2({ l1: l.l1, l2: l.l2 ?? 0 })
        : l.l2 !== undefined
          ? dd.regularizers.l2(l.l2)
          : null;
    model.add(
      new dd.layers.Dense(l.units, {
        ...(i === 0 ? { inputShape: [spec.inputDim] } : {}),
        activation: l.activation,
        kernelRegularizer,
      }),
    );
  });
  model.compile({ optimizer: new dd.optimizers.Adam({ learningRate: spec.learningRate }), loss: spec.loss });
  return model;
}
