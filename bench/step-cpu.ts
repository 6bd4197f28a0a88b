// node build/bench/step-cpu.js [--epochs=N] [--threads=N] — the CPU time one training step of fit costs on the
// native backend (tabular-small: 20→64→64→1, L1L2, Dropout, Adam; batch 32, 10,000 samples), the least over N
// epochs. CPU time, not wall time: another user's load on a shared machine stretches wall time but charges this
// process little, so the figure compares two commits' per-step overhead where samples/s cannot (it moves ±15 %
// here). A batch-end callback is attached, as `npm run bench` does, so the logs are read every batch.
import * as dd from '../src/node.js';
import { buildDendriteModel, makeDataset, TABULAR_SMALL, TRAIN_DATA_SEED } from './workloads.js';

const flag = (name: string, fallback: number): number => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
};
const epochs = flag('epochs', 5);
dd.setBackend('native');
dd.setNumThreads(flag('threads', 1));
const data = makeDataset(TABULAR_SMALL, 10000, TRAIN_DATA_SEED);
const x = dd.tensor(data.x, [10000, TABULAR_SMALL.inputDim]);
const y = dd.tensor(data.y, [10000, TABULAR_SMALL.labelDim]);
const model = buildDendriteModel(TABULAR_SMALL);
const batches = Math.ceil(10000 / 32);
const callbacks = [{ onBatchEnd: () => {} }];
await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0, callbacks }); // warm-up
let best = Number.POSITIVE_INFINITY;
for (let e = 0; e < epochs; e++) {
  const start = process.cpuUsage();
  await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0, callbacks });
  const used = process.cpuUsage(start);
  best = Math.min(best, (used.user + used.system) / batches);
}
console.log(
  `tabular-small fit: ${best.toFixed(0)} µs of CPU per batch of 32 (least of ${epochs} epochs, ${dd.getNumThreads()} thread(s))`,
);
