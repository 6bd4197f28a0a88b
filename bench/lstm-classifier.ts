// node build/bench/lstm-classifier.js [--epochs=N] [--threads=N] — training samples/s of a small LSTM classifier on
// the native backend: sequences of 32 steps × 16 features → LSTM(32) → Dense(1, sigmoid), binary crossentropy, Adam,
// batch 64, 2,048 samples; the best epoch of N (wall time) and its CPU time per batch. The recurrence runs as a
// TypeScript loop over ops (no fused cell kernel yet), so this is the figure a fused LSTM kernel is to improve.
import * as dd from '../src/node.js';

const flag = (name: string, fallback: number): number => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
};
const epochs = flag('epochs', 3);
dd.setBackend('native');
dd.setNumThreads(flag('threads', 1));
dd.setRandomSeed(1);
const n = 2048;
const [steps, features, batchSize] = [32, 16, 64];
const x = dd.randomNormal([n, steps, features], 0, 1, 'float32', 7);
const y = dd.tidy(() => dd.reshape(dd.cast(dd.greater(dd.mean(x, [1, 2]), 0), 'float32'), [n, 1]));
const model = new dd.Sequential({
  layers: [
    dd.Input({ shape: [steps, features] }),
    new dd.layers.LSTM(32),
    new dd.layers.Dense(1, { activation: 'sigmoid' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
await model.fit(x, y, { epochs: 1, batchSize, verbose: 0 }); // warm-up
let best = 0;
let cpuPerBatch = Number.POSITIVE_INFINITY;
for (let e = 0; e < epochs; e++) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0 });
  const used = process.cpuUsage(cpu);
  best = Math.max(best, n / ((performance.now() - start) / 1000));
  cpuPerBatch = Math.min(cpuPerBatch, (used.user + used.system) / 1000 / (n / batchSize));
}
console.log(
  `lstm-classifier (seq ${steps}, features ${features}, LSTM 32, Dense 1 sigmoid, batch ${batchSize}) fit: ` +
    `${best.toFixed(0)} samples/s (best of ${epochs} epochs, ${dd.getNumThreads()} thread(s)); ` +
    `${cpuPerBatch.toFixed(1)} ms CPU per batch`,
);
