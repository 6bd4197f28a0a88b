// Child process for kill-resume.test.ts: trains (uninterrupted, interrupted, or resumed from a checkpoint)
// and writes the final weights. Started with an argv mode; does nothing when run as a plain test file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  callbacks,
  datasets,
  layers,
  loadModel,
  type Model,
  optimizers,
  Sequential,
  setRandomSeed,
  tensor,
} from '../../src/node.js';

export const EPOCHS = 6;
export const KILL_EPOCH = 3;

async function main(mode: string, dir: string): Promise<void> {
  setRandomSeed(7);
  const train = datasets.moons({ samples: 512, seed: 3 });
  const x = tensor(train.features, [train.numSamples, 2]);
  const y = tensor(Array.from(train.labels), [train.numSamples, 1]);
  const checkpoint = join(dir, 'checkpoint.dendrite');
  let model: Model;
  let initialEpoch = 0;
  if (mode === 'resume') {
    model = await loadModel(checkpoint);
    initialEpoch = KILL_EPOCH;
  } else {
    model = new Sequential({
      layers: [
        new layers.Dense(32, { inputDim: 2, activation: 'relu' }),
        new layers.Dropout(0.3),
        new layers.Dense(32, { activation: 'relu' }),
        new layers.Dense(1, { activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy' });
  }
  const hooks = [new callbacks.ModelCheckpoint(checkpoint)];
  const interrupt = {
    onBatchEnd: async (batch: number) => {
      if (mode === 'interrupted' && currentEpoch === KILL_EPOCH && batch === 3) {
        process.send?.('mid-epoch');
        await new Promise(() => {}); // wait here, mid-epoch, for the SIGKILL
      }
    },
    onEpochBegin: (epoch: number) => {
      currentEpoch = epoch;
    },
  };
  let currentEpoch = 0;
  await model.fit(x, y, { epochs: EPOCHS, batchSize: 32, initialEpoch, callbacks: [...hooks, interrupt], verbose: 0 });
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  writeFileSync(join(dir, `weights-${mode}.json`), JSON.stringify(weights));
  process.send?.('done');
}

const [mode, dir] = process.argv.slice(2);
if (mode && dir) await main(mode, dir);
