// A fresh process's memory while Dendrite (native backend) trains mnist-mlp for many short epochs; bench/memory.ts
// runs it as `node build/bench/rss.js '{"batches":20,"epochs":100}'` and reads the JSON line it prints:
// RSS after the data and model are made, RSS after each epoch (process.memoryUsage().rss), and the peak: VmHWM of
// /proc/self/status, with process.resourceUsage().maxRSS beside it. NOTE: Linux keeps maxRSS across fork and exec,
// so in a child it is at least the parent's RSS when it was spawned; VmHWM belongs to this address space alone.
// Nothing but Dendrite is imported, and gc() is never forced.
import { readFileSync } from 'node:fs';
import * as dd from '../src/node.js';
import { buildDendriteModel, MNIST_MLP, makeDataset, TRAIN_DATA_SEED } from './workloads.js';

const BATCH_SIZE = 128;
const { batches, epochs } = JSON.parse(process.argv[2] ?? '{}') as { batches?: number; epochs?: number };
const n = (batches ?? 20) * BATCH_SIZE;

dd.setBackend('native');
const data = makeDataset(MNIST_MLP, n, TRAIN_DATA_SEED); // the first n rows of the training benchmark's set
const x = dd.tensor(data.x, [n, data.inputDim]);
const y = dd.tensor(data.y, [n, data.labelDim]);
const model = buildDendriteModel(MNIST_MLP);
const startBytes = process.memoryUsage().rss;
const rssBytes: number[] = [];
// Where RSS goes: the engine's live tensor storage (native memory) and V8's heap, after each epoch.
const tensorBytes: number[] = [];
const heapBytes: number[] = [];
const t0 = performance.now();
await model.fit(x, y, {
  epochs: epochs ?? 100,
  batchSize: BATCH_SIZE,
  shuffle: true,
  verbose: 0,
  callbacks: [
    {
      onEpochEnd: () => {
        const m = process.memoryUsage();
        rssBytes.push(m.rss);
        heapBytes.push(m.heapTotal);
        tensorBytes.push(dd.memory().numBytes);
      },
    },
  ],
});
const seconds = (performance.now() - t0) / 1000;
const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
const peakBytes = hwm ? Number(hwm[1]) * 1024 : Number.NaN;
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
const threads = dd.getNumThreads();
console.log(JSON.stringify({ startBytes, rssBytes, tensorBytes, heapBytes, peakBytes, maxRssBytes, seconds, threads }));
