/**
 * The child process of kill-during-save.test.ts: saves one model to one path over and over, alternating two
 * known weight sets, until it is killed. It does nothing unless forked by that test (the test runner also
 * runs every file under test/ as a test file).
 */

import { layers, Sequential, setRandomSeed, tensor } from '../../src/node.js';
import '../../src/io/index.js';

/** 1024·1024 + 1024 + 1024·8 + 8 float32 values: a 4.2 MB model. */
export function makeModel(): Sequential {
  setRandomSeed(1);
  return new Sequential({ layers: [new layers.Dense(1024, { inputDim: 1024 }), new layers.Dense(8)] });
}

/** Weight set `k` (0 or 1): a pattern that differs everywhere between the two sets. */
export function weightSet(model: Sequential, k: number): Float32Array[] {
  return model.weights.map((v, j) => Float32Array.from({ length: v.size }, (_, i) => k + j + (i % 997) / 997));
}

async function main(path: string): Promise<void> {
  const model = makeModel();
  const sets = [0, 1].map((k) => weightSet(model, k).map((values, j) => tensor(values, model.weights[j]?.shape)));
  process.send?.('ready');
  for (let i = 0; ; i++) {
    model.setWeights(sets[i % 2] as never);
    await model.save(path);
  }
}

if (process.env.DENDRITE_SAVE_LOOP === '1' && process.send && process.argv[2]) await main(process.argv[2]);
