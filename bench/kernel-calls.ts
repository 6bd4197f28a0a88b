// Kernel calls per training batch of the bench workloads, by kernel: a figure the machine's load cannot move, so a
// change to the hot path shows here even where timings on a shared machine are noise (a fused op that silently took
// its composite body would add a dozen calls).
// Run: npm run compile && node build/bench/kernel-calls.js [backend]
import { ENGINE } from '../src/core/engine.js';
import * as dd from '../src/index.js';
import { buildDendriteModel, MNIST_MLP, makeDataset, TABULAR_SMALL } from './workloads.js';

const backend = process.argv[2] ?? dd.getBackend();
dd.setBackend(backend);
const samples = 256;
const batchSize = 32;

for (const [name, spec] of [
  ['tabular-small', TABULAR_SMALL],
  ['mnist-mlp', MNIST_MLP],
] as const) {
  const data = makeDataset(spec, samples, 1);
  const x = dd.tensor(data.x, [samples, spec.inputDim]);
  const y = dd.tensor(data.y, [samples, spec.labelDim]);
  const model = buildDendriteModel(spec);
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0 });
  const counts = new Map<string, number>();
  const run = ENGINE.runKernel.bind(ENGINE);
  ENGINE.runKernel = ((kernel: string, ...rest: unknown[]) => {
    counts.set(kernel, (counts.get(kernel) ?? 0) + 1);
    return (run as (...a: unknown[]) => unknown)(kernel, ...rest);
  }) as typeof ENGINE.runKernel;
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0 });
  ENGINE.runKernel = run;
  const batches = samples / batchSize;
  const total = [...counts.values()].reduce((a, b) => a + b, 0) / batches;
  const byKernel = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n / batches}`);
  console.log(`${name} [${backend}]: ${total} kernel calls per batch — ${byKernel.join(', ')}`);
  model.dispose();
  x.dispose();
  y.dispose();
}
