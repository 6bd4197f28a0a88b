// npm run bench — Dendrite's TypeScript backend beside TensorFlow.js's cpu backend, same shapes, same process.
// Ratios are Dendrite / TF.js (above 1 means Dendrite is faster). The machine is shared: trust ratios, not absolutes.
import * as tf from '@tensorflow/tfjs';
import * as dd from '../src/index.js';
import { printTable, type Row, timeIt } from './harness.js';

const quick = process.argv.includes('--quick');

function randomData(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

function matMulRows(): Row[] {
  const sizes = quick ? [128, 256] : [128, 512, 1024];
  return sizes.map((n) => {
    const a = randomData(n * n, 1);
    const b = randomData(n * n, 2);
    const da = dd.tensor(a, [n, n]);
    const db = dd.tensor(b, [n, n]);
    const ta = tf.tensor2d(a, [n, n]);
    const tb = tf.tensor2d(b, [n, n]);
    const opts = n >= 1024 ? { warmup: 1, minReps: 3, minMs: 0 } : {};
    const msD = timeIt(() => dd.matMul(da, db).dispose(), opts);
    const msT = timeIt(() => {
      const c = tf.matMul(ta, tb);
      c.dataSync();
      c.dispose();
    }, opts);
    const gflop = (2 * n * n * n) / 1e9;
    for (const t of [da, db]) t.dispose();
    for (const t of [ta, tb]) t.dispose();
    return {
      workload: `matMul ${n}×${n}×${n}`,
      unit: 'GFLOP/s',
      dendrite: gflop / (msD / 1000),
      tfjs: gflop / (msT / 1000),
    };
  });
}

function elementwiseRows(): Row[] {
  const n = 1 << 20;
  const a = randomData(n, 3);
  const b = randomData(n, 4);
  const bias = randomData(1024, 5);
  const da = dd.tensor(a, [1024, 1024]);
  const db = dd.tensor(b, [1024, 1024]);
  const dbias = dd.tensor(bias, [1024]);
  const ta = tf.tensor2d(a, [1024, 1024]);
  const tb = tf.tensor2d(b, [1024, 1024]);
  const tbias = tf.tensor1d(bias);
  const cases: [string, () => dd.Tensor, () => tf.Tensor][] = [
    ['add [1024,1024]+[1024,1024]', () => dd.add(da, db), () => tf.add(ta, tb)],
    ['add bias [1024,1024]+[1024]', () => dd.add(da, dbias), () => tf.add(ta, tbias)],
    ['mul', () => dd.mul(da, db), () => tf.mul(ta, tb)],
    ['relu', () => dd.relu(da), () => tf.relu(ta)],
    ['exp', () => dd.exp(da), () => tf.exp(ta)],
    ['sigmoid', () => dd.sigmoid(da), () => tf.sigmoid(ta)],
    ['sum (all)', () => dd.sum(da), () => tf.sum(ta)],
    ['sum axis 0', () => dd.sum(da, 0), () => tf.sum(ta, 0)],
    ['softmax rows', () => dd.softmax(da), () => tf.softmax(ta)],
  ];
  const rows = cases.map(([name, d, t]) => {
    const msD = timeIt(() => dd.tidy(() => void d()));
    const msT = timeIt(() => {
      const r = t();
      r.dataSync();
      tf.dispose(r);
    });
    return { workload: name, unit: 'Melem/s', dendrite: n / 1e6 / (msD / 1000), tfjs: n / 1e6 / (msT / 1000) };
  });
  for (const t of [da, db, dbias]) t.dispose();
  for (const t of [ta, tb, tbias]) t.dispose();
  return rows;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  dd.setBackend('ts');
  console.log(
    `Node ${process.version}; Dendrite backend '${dd.getBackend()}'; TF.js ${tf.version.tfjs} backend '${tf.getBackend()}'`,
  );
  printTable('Matrix product (float32, single thread)', matMulRows());
  printTable('Elementwise and reductions (float32, 2^20 elements)', elementwiseRows());
}

await main();
