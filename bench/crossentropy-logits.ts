// Crossentropy from logits, forward + backward on a [128, 10] batch: the fused CrossEntropy kernel
// ('categoricalLogits') against the same loss composed of ops (logSoftmax, mul, sum), on each backend.
// Run: npm run compile && node build/bench/crossentropy-logits.js
import * as dd from '../src/node.js';
import { crossEntropy } from '../src/ops/crossentropy.js';

const rows = 128;
const classes = 10;
const labels = dd.tensor(
  Array.from({ length: rows * classes }, (_, i) => (i % classes === Math.floor(i / classes) % classes ? 1 : 0)),
  [rows, classes],
);
const x = dd.randomNormal([rows, classes]);
const composite = (v: dd.Tensor) => dd.mean(dd.neg(dd.sum(dd.mul(labels, dd.logSoftmax(v, -1)), -1)));
const fused = (v: dd.Tensor) => dd.mean(crossEntropy(labels, v, 'categoricalLogits', 1e-7));

function microseconds(f: (v: dd.Tensor) => dd.Tensor): number {
  const g = dd.valueAndGrad(f);
  for (let i = 0; i < 300; i++) dd.tidy(() => void g(x).grad.dataSync());
  const n = 3000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) dd.tidy(() => void g(x).grad.dataSync());
  return ((performance.now() - t0) / n) * 1000;
}

for (const backend of ['ts', 'native']) {
  try {
    dd.setBackend(backend);
  } catch {
    continue;
  }
  const c = microseconds(composite);
  const f = microseconds(fused);
  console.log(
    `${backend.padEnd(6)} composite ${c.toFixed(1)} µs  fused ${f.toFixed(1)} µs  speed-up ${(c / f).toFixed(2)}×`,
  );
}
