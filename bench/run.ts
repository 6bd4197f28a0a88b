// npm run bench — Dendrite's TypeScript backend beside TensorFlow.js, same shapes, same process: kernel tables against
// TF.js cpu, then training and inference (bench/training.ts) against TF.js cpu and wasm.
// Ratios are Dendrite / TF.js (above 1 means Dendrite is faster). The machine is shared: trust ratios, not absolutes.
//
// Flags (after `npm run bench --`):
//   --full                 whole training epochs for every system (TF.js cpu takes minutes on mnist-mlp)
//   --quick                smaller kernel sizes and a 4 s training budget
//   --training-only        skip the kernel tables;  --no-training  skip the training section
//   --systems=a,b          of dendrite, tfjs-cpu, tfjs-wasm;  --workloads=a,b  of mnist-mlp, tabular-small, predict
//   --budget=SECONDS       time after which a training/predict run is cut (default 15)
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as dd from '../src/index.js';
import { printTable, type Row, timeIt } from './harness.js';
import {
  DEFAULT_TRAINING_OPTIONS,
  runTrainingBenchmarks,
  SYSTEM_IDS,
  type SystemId,
  WORKLOAD_IDS,
  type WorkloadId,
} from './training.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');

/** The values of `--name=a,b`, checked against `allowed`; all of `allowed` when the flag is absent. */
function listFlag<T extends string>(name: string, allowed: readonly T[]): readonly T[] {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  if (!arg) return allowed;
  const values = arg.slice(name.length + 3).split(',');
  for (const v of values) {
    if (!allowed.includes(v as T)) throw new Error(`--${name}: unknown "${v}"; expected some of ${allowed.join(', ')}`);
  }
  return values as T[];
}

function numberFlag(name: string): number | undefined {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  if (!arg) return undefined;
  const v = Number(arg.slice(name.length + 3));
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name}: expected a positive number. Received: ${arg}`);
  return v;
}

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

/**
 * The native GEMM beside the TypeScript one and TF.js wasm (float32 n³, GFLOP/s), native at 1 thread and at its
 * default thread count. Printed only when the native backend is available.
 */
async function nativeGemmTable(): Promise<void> {
  try {
    dd.setBackend('native');
  } catch {
    console.log('\nNative GEMM: skipped (the native backend is not available)');
    return;
  }
  const threads = dd.getNumThreads();
  await tf.setBackend('wasm');
  await tf.ready();
  const sizes = quick ? [256, 512] : [512, 1024, 2048];
  const cols = ['native 1 thr', `native ${threads} thr`, 'ts', 'tfjs-wasm'];
  console.log(`\nMatrix product, float32, GFLOP/s (native vs TypeScript vs TF.js wasm)`);
  console.log(['size', ...cols].map((c) => c.padStart(14)).join(''));
  const dendrite = (backend: string, a: Float32Array, b: Float32Array, n: number, opts: object): number => {
    dd.setBackend(backend);
    const da = dd.tensor(a, [n, n]);
    const db = dd.tensor(b, [n, n]);
    const ms = timeIt(() => dd.matMul(da, db).dispose(), opts);
    da.dispose();
    db.dispose();
    return ms;
  };
  for (const n of sizes) {
    const a = randomData(n * n, 1);
    const b = randomData(n * n, 2);
    const opts = n >= 1024 ? { warmup: 1, minReps: 3, minMs: 0 } : {};
    const slow = n >= 1024 ? { warmup: 0, minReps: 1, minMs: 0 } : {};
    dd.setNumThreads(1);
    const ms1 = dendrite('native', a, b, n, opts);
    dd.setNumThreads(threads);
    const msN = dendrite('native', a, b, n, opts);
    const msTs = dendrite('ts', a, b, n, slow);
    const ta = tf.tensor2d(a, [n, n]);
    const tb = tf.tensor2d(b, [n, n]);
    const msW = timeIt(() => {
      const c = tf.matMul(ta, tb);
      c.dataSync();
      c.dispose();
    }, opts);
    tf.dispose([ta, tb]);
    const gflop = (2 * n * n * n) / 1e9;
    const cells = [ms1, msN, msTs, msW].map((ms) => (gflop / (ms / 1000)).toFixed(1));
    console.log([`${n}³`, ...cells].map((c) => c.padStart(14)).join(''));
  }
  await tf.setBackend('cpu');
  dd.setBackend('ts');
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  dd.setBackend('ts');
  console.log(
    `Node ${process.version}; Dendrite backend '${dd.getBackend()}'; TF.js ${tf.version.tfjs} backend '${tf.getBackend()}'`,
  );
  const systems = listFlag<SystemId>('systems', SYSTEM_IDS);
  const workloads = listFlag<WorkloadId>('workloads', WORKLOAD_IDS);
  const budgetS = numberFlag('budget') ?? (quick ? 4 : DEFAULT_TRAINING_OPTIONS.budgetMs / 1000);
  let matMulPeak: { gflops: number; where: string } | undefined;
  if (!args.includes('--training-only')) {
    const mm = matMulRows();
    printTable('Matrix product (float32, single thread)', mm);
    printTable('Elementwise and reductions (float32, 2^20 elements)', elementwiseRows());
    await nativeGemmTable();
    const best = mm.reduce((a, b) => (b.dendrite > a.dendrite ? b : a));
    matMulPeak = { gflops: best.dendrite, where: `${best.workload} above` };
  }
  if (!args.includes('--no-training')) {
    await runTrainingBenchmarks({
      full: args.includes('--full'),
      budgetMs: budgetS * 1000,
      systems,
      workloads,
      ...(matMulPeak ? { matMulPeak } : {}),
    });
  }
}

await main();
