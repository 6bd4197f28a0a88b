// npm run bench:busy — the native backend's default thread count against one thread, on a quiet machine and on a
// busy one (another process burning one core), on the mnist-mlp training workload (bench/workloads.ts).
//
// Each repetition trains the same number of batches at 1 thread and at the default thread count, in alternating
// order, in this one process: the ratio default/1-thread is taken within a repetition, so that the load other
// users put on a shared machine falls on both sides of it. The tables report medians over the repetitions, and the
// spread (min–max of the ratio) says how noisy the machine was. The target under load is a ratio ≤ 1.10.
//
// DENDRITE_ADAPTIVE_THREADS=0 in the environment shows the pool without its serial fallback (thread-pool.cc).
//
// The competing load is a child `node -e "for(;;){}"` per busy core, started before and killed after the loaded
// repetitions (and on exit, however this process ends).
//
// Flags (after `npm run bench:busy --`):
//   --reps=N        repetitions per condition (default 5)
//   --batches=N     mnist-mlp batches of 128 per timed run (default 60)
//   --hogs=N        processes burning a core in the loaded condition (default 1)
//   --threads=N     the "default" side's thread count (default: the backend's own, i.e. every CPU)
//   --only=quiet|busy
import { type ChildProcess, spawn } from 'node:child_process';
import * as os from 'node:os';
import { loadNative } from '../src/backends/native/load.js';
import * as dd from '../src/node.js';
import { printGrid } from './harness.js';
import { buildDendriteModel, MNIST_MLP, makeDataset, TRAIN_DATA_SEED } from './workloads.js';

const args = process.argv.slice(2);

function intFlag(name: string, fallback: number): number {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  if (!arg) return fallback;
  const v = Number(arg.slice(name.length + 3));
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name}: expected a positive integer. Received: ${arg}`);
  return v;
}

const reps = intFlag('reps', 5);
const batches = intFlag('batches', 60);
const hogCount = intFlag('hogs', 1);
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
if (only !== undefined && only !== 'quiet' && only !== 'busy') {
  throw new Error(`--only: expected quiet or busy. Received: ${only}`);
}

const BATCH = 128;

const native = loadNative();
if (!native.ok) throw new Error(`bench:busy needs the native backend: ${native.reason}`);
const addon = native.addon;
dd.setBackend('native');
const defaultThreads = intFlag('threads', dd.getNumThreads());

const data = makeDataset(MNIST_MLP, batches * BATCH, TRAIN_DATA_SEED);
const x = dd.tensor(data.x, [data.n, data.inputDim], 'float32');
const y = dd.tensor(data.y, [data.n, data.labelDim], 'float32');
const WARMUP = 4 * BATCH;
const xWarm = dd.tensor(data.x.subarray(0, WARMUP * data.inputDim), [WARMUP, data.inputDim], 'float32');
const yWarm = dd.tensor(data.y.subarray(0, WARMUP * data.labelDim), [WARMUP, data.labelDim], 'float32');

/** Wall time in ms of one epoch of `batches` batches at `threads` threads, on a fresh model. */
async function trainMs(threads: number): Promise<number> {
  dd.setNumThreads(threads);
  const model = buildDendriteModel(MNIST_MLP);
  // Warm-up: the first batches allocate and fault in the buffers every later step reuses.
  await model.fit(xWarm, yWarm, { epochs: 1, batchSize: BATCH, verbose: 0 });
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize: BATCH, shuffle: true, verbose: 0 });
  const ms = performance.now() - t0;
  model.dispose();
  return ms;
}

const median = (v: readonly number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

interface Result {
  condition: string;
  one: number[];
  many: number[];
  ratios: number[];
  /** Per default-threads run: parallel jobs dispatched, and times the pool turned serial (poolStats deltas). */
  jobs: number[];
  spells: number[];
}

async function measure(condition: string): Promise<Result> {
  const r: Result = { condition, one: [], many: [], ratios: [], jobs: [], spells: [] };
  for (let i = 0; i < reps; i++) {
    // Alternate which side goes first, so that neither always inherits the other's warm caches.
    const order = i % 2 === 0 ? [1, defaultThreads] : [defaultThreads, 1];
    const ms: Record<number, number> = {};
    for (const t of order) {
      const before = addon.poolStats();
      ms[t] = await trainMs(t);
      const after = addon.poolStats();
      if (t === defaultThreads) {
        r.jobs.push(after.parallelJobs - before.parallelJobs);
        r.spells.push(after.serialSpells - before.serialSpells);
      }
    }
    const one = ms[1] as number;
    const many = ms[defaultThreads] as number;
    r.one.push(one);
    r.many.push(many);
    r.ratios.push(many / one);
    console.log(
      `  ${condition} rep ${i + 1}/${reps}: 1 thread ${one.toFixed(0)} ms, ${defaultThreads} threads ` +
        `${many.toFixed(0)} ms, ratio ${(many / one).toFixed(2)} (${r.jobs.at(-1)} parallel jobs, ` +
        `${r.spells.at(-1)} serial spells)`,
    );
  }
  return r;
}

const hogs: ChildProcess[] = [];
function stopHogs(): void {
  for (const h of hogs.splice(0)) h.kill('SIGKILL');
}
process.on('exit', stopHogs);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    stopHogs();
    process.exit(130);
  });
}

async function startHogs(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    hogs.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  }
  // Let them reach their loop (Node's start-up is ~50 ms) before the first timed run.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

console.log(
  `busy-machine benchmark: mnist-mlp, ${batches} batches of ${BATCH}, ${reps} repetitions; ` +
    `${os.availableParallelism()} CPUs, default threads ${defaultThreads}, adaptive ` +
    `${process.env.DENDRITE_ADAPTIVE_THREADS === '0' ? 'off' : 'on'}, load average ` +
    `${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
const results: Result[] = [];
if (only !== 'busy') results.push(await measure('quiet'));
if (only !== 'quiet') {
  await startHogs(hogCount);
  try {
    results.push(await measure(`busy (${hogCount} core${hogCount > 1 ? 's' : ''} burnt)`));
  } finally {
    stopHogs();
  }
}
for (const t of [x, y, xWarm, yWarm]) t.dispose();

printGrid(
  'mnist-mlp training, medians over repetitions (ratio: default / 1 thread, lower is better; target under load ≤ 1.10)',
  [
    'condition',
    '1 thread ms',
    `${defaultThreads} threads ms`,
    'samples/s (1)',
    `samples/s (${defaultThreads})`,
    'ratio',
    'ratio min–max',
    'parallel jobs',
    'serial spells',
  ],
  results.map((r) => [
    r.condition,
    median(r.one).toFixed(0),
    median(r.many).toFixed(0),
    ((batches * BATCH) / (median(r.one) / 1000)).toFixed(0),
    ((batches * BATCH) / (median(r.many) / 1000)).toFixed(0),
    median(r.ratios).toFixed(2),
    `${Math.min(...r.ratios).toFixed(2)}–${Math.max(...r.ratios).toFixed(2)}`,
    median(r.jobs).toFixed(0),
    median(r.spells).toFixed(0),
  ]),
);
