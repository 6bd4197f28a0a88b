// node build/bench/mnist-convnet.js [--samples=N] [--epochs=N] [--threads=N] [--backend=native|ts] — samples/s of
// Keras's "simple MNIST convnet" (Conv2D 32 3×3 relu → MaxPooling2D 2 → Conv2D 64 3×3 relu → MaxPooling2D 2 →
// Flatten → Dropout 0.5 → Dense 10 softmax; Adam, categorical crossentropy, batch 128) fitting random 28×28×1
// images, after one warm-up epoch; the best of N epochs. Convolution is Im2Col + MatMul (Im2Col in TypeScript).
import * as dd from '../src/node.js';

const flag = (name: string, fallback: string): string => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3) : fallback;
};
const n = Number(flag('samples', '1024'));
const epochs = Number(flag('epochs', '2'));
dd.setBackend(flag('backend', 'native'));
if (dd.getBackend() === 'native') dd.setNumThreads(Number(flag('threads', '1')));
dd.setRandomSeed(1);
const x = dd.randomUniform([n, 28, 28, 1]);
const labels = dd.randomUniform([n], 0, 10, 'float32');
const y = dd.oneHot(dd.cast(dd.floor(labels), 'int32'), 10);
const { layers } = dd;
const model = new dd.Sequential({
  layers: [
    new layers.InputLayer({ shape: [28, 28, 1] }),
    new layers.Conv2D(32, 3, { activation: 'relu' }),
    new layers.MaxPooling2D({ poolSize: 2 }),
    new layers.Conv2D(64, 3, { activation: 'relu' }),
    new layers.MaxPooling2D({ poolSize: 2 }),
    new layers.Flatten(),
    new layers.Dropout(0.5),
    new layers.Dense(10, { activation: 'softmax' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
await model.fit(x, y, { epochs: 1, batchSize: 128, verbose: 0 }); // warm-up
// Wall time, and CPU time: on a shared machine another user's load stretches the first and barely the second.
let best = 0;
let bestCpu = 0;
for (let e = 0; e < epochs; e++) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await model.fit(x, y, { epochs: 1, batchSize: 128, verbose: 0 });
  const used = process.cpuUsage(cpu);
  best = Math.max(best, n / ((performance.now() - start) / 1000));
  bestCpu = Math.max(bestCpu, n / ((used.user + used.system) / 1e6));
}
const threads = dd.getBackend() === 'native' ? `, ${dd.getNumThreads()} thread(s)` : '';
console.log(
  `mnist convnet fit on ${dd.getBackend()}${threads}: ${best.toFixed(0)} samples/s of wall time, ${bestCpu.toFixed(0)} per CPU-second (batch 128, ${n} samples, best of ${epochs} epochs)`,
);
