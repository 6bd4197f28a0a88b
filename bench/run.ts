// npm run bench — Dendrite beside its peers, same shapes, same data, ratios printed in one run:
//   1. kernel tables: Dendrite's TypeScript backend against TF.js cpu (matMul, elementwise, reductions), single thread;
//   2. sgemm (float32 n³, up to 2048³, GFLOP/s): Dendrite native at 1 thread and at its default thread count,
//      Dendrite ts, TF.js wasm, and PyTorch's torch.mm and numpy's np.dot at the same thread count; then native as
//      a % of the best BLAS figure (target ≥ 85 %);
//   3. training (mnist-mlp, tabular-small) and predict (bench/training.ts): Dendrite native, Dendrite ts, TF.js cpu,
//      TF.js wasm and PyTorch (bench/pytorch_bench.py, when Debian's python3-torch is installed), ratios against
//      Dendrite native;
//   4. memory (bench/memory.ts): peak RSS and RSS across 100 short mnist-mlp epochs, Dendrite native and PyTorch,
//      each in a fresh process.
// A system that cannot run (no native addon, no torch under /usr/bin/python3) is skipped with one line. The header
// prints the environment every system runs under (OPENBLAS_CORETYPE and the thread variables are left as they are;
// the PyTorch child alone gets OMP/OPENBLAS/MKL_NUM_THREADS = Dendrite's thread count). The machine is shared:
// trust ratios, not absolutes.
//
// Flags (after `npm run bench --`):
//   --full                 whole training epochs for every system (TF.js cpu takes minutes on mnist-mlp)
//   --quick                smaller kernel sizes, a 4 s training budget, 5-batch epochs in the memory table
//   --training-only        skip the kernel and sgemm tables;  --no-training  skip training;  --no-memory  skip memory
//   --systems=a,b          of dendrite-native, dendrite-ts, tfjs-cpu, tfjs-wasm, pytorch
//   --workloads=a,b        of mnist-mlp, tabular-small, predict
//   --budget=SECONDS       time after which a training/predict run is cut (default 15)
//   --threads=N            threads for Dendrite native and PyTorch alike (default: Dendrite's, i.e. every CPU)
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as dd from '../src/node.js';
import { fmt, printTable, type Row, timeIt } from './harness.js';
import { runMemoryBenchmarks } from './memory.js';
import { describePytorch, type PytorchSgemm, pytorchInfo, runPytorch } from './pytorch.js';
import {
  DEFAULT_TRAINING_OPTIONS,
  runTrainingBenchmarks,
  SYSTEM_IDS,
  type SystemId,
  unavailable,
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

interface GemmColumn {
  name: string;
  /** GFLOP/s at n³. */
  gflops(n: number, a: Float32Array, b: Float32Array): number;
}

/**
 * sgemm (float32 n³, GFLOP/s): the native GEMM at 1 thread and at its default thread count, the TypeScript one
 * (one unwarmed run from 1024 on: it is slow), TF.js wasm, and, at the native thread count, PyTorch's torch.mm and
 * numpy's np.dot (bench/pytorch_bench.py; when torch is installed and the pytorch system is selected). Ends with
 * native as a % of the best BLAS figure at the largest size. Returns native's best figure, for the training section.
 */
async function nativeGemmTable(
  threads: number,
  pytorch: boolean,
): Promise<{ gflops: number; where: string } | undefined> {
  const sizes = quick ? [256, 512] : [512, 1024, 2048];
  const nativeWhy = unavailable('dendrite-native', threads);
  const pytorchWhy = pytorch ? unavailable('pytorch', threads) : 'not selected (--systems)';
  if (nativeWhy) console.log(`\nsgemm, Dendrite native: skipped (${nativeWhy})`);
  if (pytorchWhy) console.log(`\nsgemm, PyTorch and numpy: skipped (${pytorchWhy})`);
  // One child per size, run right after the other columns of that size: the machine's load drifts.
  const blas = new Map<number, PytorchSgemm>();
  const blasAt = (n: number) => {
    let r = blas.get(n);
    if (!r) {
      r = runPytorch<PytorchSgemm>({ mode: 'sgemm', threads, sizes: [n] });
      blas.set(n, r);
    }
    return r;
  };
  await tf.setBackend('wasm');
  await tf.ready();
  const timing = (n: number) => (n >= 1024 ? { warmup: 1, minReps: 3, minMs: 0 } : {});
  const dendrite = (backend: string, n: number, a: Float32Array, b: Float32Array, opts: object): number => {
    dd.setBackend(backend);
    const da = dd.tensor(a, [n, n]);
    const db = dd.tensor(b, [n, n]);
    const ms = timeIt(() => dd.matMul(da, db).dispose(), opts);
    da.dispose();
    db.dispose();
    return (2 * n ** 3) / 1e6 / ms;
  };
  const nativeColumns: GemmColumn[] = [
    {
      name: 'native 1 thr',
      gflops(n, a, b) {
        dd.setNumThreads(1);
        try {
          return dendrite('native', n, a, b, timing(n));
        } finally {
          dd.setNumThreads(threads);
        }
      },
    },
    { name: `native ${threads} thr`, gflops: (n, a, b) => dendrite('native', n, a, b, timing(n)) },
  ];
  const columns: GemmColumn[] = [
    ...(nativeWhy ? [] : nativeColumns),
    {
      name: 'ts',
      gflops: (n, a, b) => dendrite('ts', n, a, b, n >= 1024 ? { warmup: 0, minReps: 1, minMs: 0 } : {}),
    },
    {
      name: 'tfjs-wasm',
      gflops(n, a, b) {
        const ta = tf.tensor2d(a, [n, n]);
        const tb = tf.tensor2d(b, [n, n]);
        const ms = timeIt(() => {
          const c = tf.matMul(ta, tb);
          c.dataSync();
          c.dispose();
        }, timing(n));
        tf.dispose([ta, tb]);
        return (2 * n ** 3) / 1e6 / ms;
      },
    },
  ];
  const blasColumns: GemmColumn[] = pytorchWhy
    ? []
    : [
        { name: `torch.mm ${threads} thr`, gflops: (n) => blasAt(n).torch[0] ?? Number.NaN },
        { name: `np.dot ${threads} thr`, gflops: (n) => blasAt(n).numpy?.[0] ?? Number.NaN },
      ];
  columns.push(...blasColumns);
  console.log(
    '\nsgemm, float32, GFLOP/s (Dendrite native and TypeScript, TF.js wasm, PyTorch and numpy over their BLAS)',
  );
  console.log(['size', ...columns.map((c) => c.name)].map((c) => c.padStart(15)).join(''));
  let last: number[] = [];
  for (const n of sizes) {
    const a = randomData(n * n, 1);
    const b = randomData(n * n, 2);
    last = columns.map((c) => c.gflops(n, a, b));
    console.log(
      [`${n}³`, ...last.map((g) => (Number.isFinite(g) ? g.toFixed(1) : '–'))].map((c) => c.padStart(15)).join(''),
    );
  }
  await tf.setBackend('cpu');
  dd.setBackend('ts');
  const n = sizes[sizes.length - 1] as number;
  const at = (name: string) => last[columns.findIndex((c) => c.name === name)] ?? Number.NaN;
  const native = at(`native ${threads} thr`);
  const best = blasColumns
    .map(({ name }) => ({ name, gflops: at(name) }))
    .filter((c) => Number.isFinite(c.gflops))
    .sort((x, y) => y.gflops - x.gflops)[0];
  if (best && Number.isFinite(native)) {
    console.log(
      `At ${n}³ the best BLAS figure is ${best.name}, ${fmt(best.gflops)} GFLOP/s; Dendrite native ${threads} thr ` +
        `reaches ${fmt(native)} GFLOP/s = ${((100 * native) / best.gflops).toFixed(0)}% of it (target ≥ 85%)` +
        `${quick ? '; --quick stops at 512³, the target is judged at 2048³' : ''}.`,
    );
  }
  return Number.isFinite(native) ? { gflops: native, where: `native ${threads} thr at ${n}³ above` } : undefined;
}

/** Threads of Dendrite's native backend (its default), or 1 when only the single-threaded TypeScript one exists. */
function dendriteThreads(): number {
  if (unavailable('dendrite-native', 1)) return 1;
  const previous = dd.getBackend();
  dd.setBackend('native');
  const n = dd.getNumThreads();
  dd.setBackend(previous);
  return n;
}

/** The environment every system runs under, Dendrite's thread count and PyTorch's BLAS. */
function printHeader(threads: number, systems: readonly SystemId[]): void {
  const cpus = os.cpus();
  const env = [
    'OPENBLAS_CORETYPE',
    'OMP_NUM_THREADS',
    'OPENBLAS_NUM_THREADS',
    'MKL_NUM_THREADS',
    'DENDRITE_NUM_THREADS',
  ]
    .map((k) => `${k}=${process.env[k] ?? '(unset)'}`)
    .join(' ');
  console.log(
    `Node ${process.version}; ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}; TF.js ${tf.version.tfjs}\n` +
      `Environment (the same for every system): ${env}\n` +
      `Dendrite threads: ${threads} (${unavailable('dendrite-native', threads) ? 'TypeScript backend only' : 'native backend default'}); ` +
      `the PyTorch child gets OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=${threads} and torch.set_num_threads(${threads})`,
  );
  if (systems.includes('pytorch')) {
    const p = pytorchInfo(threads);
    console.log('info' in p ? describePytorch(p.info) : `PyTorch: not available (${p.reason})`);
  }
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  dd.setBackend('ts');
  const systems = listFlag<SystemId>('systems', SYSTEM_IDS);
  const workloads = listFlag<WorkloadId>('workloads', WORKLOAD_IDS);
  const budgetS = numberFlag('budget') ?? (quick ? 4 : DEFAULT_TRAINING_OPTIONS.budgetMs / 1000);
  const threadsFlag = numberFlag('threads');
  if (threadsFlag !== undefined) dd.setNumThreads(threadsFlag);
  const threads = dendriteThreads();
  printHeader(threads, systems);
  let matMulPeak: { gflops: number; where: string } | undefined;
  if (!args.includes('--training-only')) {
    const mm = matMulRows();
    printTable('Matrix product (float32, single thread)', mm);
    printTable('Elementwise and reductions (float32, 2^20 elements)', elementwiseRows());
    matMulPeak = await nativeGemmTable(threads, systems.includes('pytorch'));
    if (!matMulPeak || !systems.includes('dendrite-native')) {
      const best = mm.reduce((a, b) => (b.dendrite > a.dendrite ? b : a));
      matMulPeak = { gflops: best.dendrite, where: `ts ${best.workload} above` };
    }
  }
  if (!args.includes('--no-training')) {
    await runTrainingBenchmarks({
      full: args.includes('--full'),
      budgetMs: budgetS * 1000,
      systems,
      workloads,
      threads,
      ...(matMulPeak ? { matMulPeak } : {}),
    });
  }
  if (!args.includes('--no-memory') && workloads.includes('mnist-mlp')) {
    runMemoryBenchmarks({ systems, threads, quick });
  }
}

await main();
