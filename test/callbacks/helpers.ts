import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { layers, optimizers, Sequential, setRandomSeed, type Tensor, tensor } from '../../src/node.js';
import type { Callback, CallbackModel, Logs } from '../../src/training/callbacks/node.js';

/**
 * A stand-in for a model: one scalar weight that the driver sets to the epoch index, so a restored weight
 * names the epoch it came from; an optimizer with a learning rate; saves recorded instead of written.
 */
export class FakeModel implements CallbackModel {
  stopTraining = false;
  weight = -1;
  optimizer: { learningRate: number } | undefined = { learningRate: 1 };
  readonly saves: { method: 'save' | 'saveWeights'; path: string; options?: unknown }[] = [];

  getWeights(): Tensor[] {
    return [tensor([this.weight])];
  }

  setWeights(weights: readonly Tensor[]): void {
    this.weight = (weights[0] as Tensor).dataSync()[0] as number;
  }

  async save(path: string, options?: { includeOptimizer?: boolean; overwrite?: boolean }): Promise<void> {
    this.saves.push({ method: 'save', path, options });
  }

  async saveWeights(path: string): Promise<void> {
    this.saves.push({ method: 'saveWeights', path });
  }
}

/**
 * Runs a callback through the hooks as `fit` would, one epoch per value of `series` (logged under `key`),
 * honouring `stopTraining`. Returns the number of epochs run.
 */
export async function drive(
  callback: Callback,
  model: FakeModel,
  series: readonly number[],
  key = 'val_loss',
  extra: (epoch: number) => Logs = () => ({}),
): Promise<number> {
  callback.setModel(model);
  model.stopTraining = false;
  await callback.onTrainBegin({});
  let run = 0;
  for (let epoch = 0; epoch < series.length && !model.stopTraining; epoch++) {
    await callback.onEpochBegin(epoch, {});
    model.weight = epoch;
    await callback.onEpochEnd(epoch, { [key]: series[epoch] as number, ...extra(epoch) });
    run++;
  }
  await callback.onTrainEnd({});
  return run;
}

/** A fresh temporary folder, removed when the test file ends. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dendrite-callbacks-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A small seeded regression problem and a linear model compiled with SGD at `learningRate`. */
export function linearProblem(learningRate = 0.05, samples = 32): { model: Sequential; x: Tensor; y: Tensor } {
  setRandomSeed(3);
  const xs = Array.from({ length: samples }, (_, i) => [Math.sin(i), Math.cos(i * 0.7)]);
  const ys = xs.map(([a, b]) => [2 * (a as number) - (b as number) + 0.5]);
  const model = new Sequential();
  model.add(new layers.Dense(1, { inputDim: 2 }));
  model.compile({ optimizer: new optimizers.SGD({ learningRate }), loss: 'mse' });
  return { model, x: tensor(xs), y: tensor(ys) };
}

/** The model's weights as plain numbers. */
export function weightValues(model: { getWeights(): Tensor[] }): number[] {
  const ws = model.getWeights();
  const values = ws.flatMap((w) => Array.from(w.dataSync()));
  for (const w of ws) w.dispose();
  return values;
}
