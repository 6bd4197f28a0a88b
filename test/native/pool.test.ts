// The native thread pool: many threads, a competing load and several JavaScript threads at once must give the
// results of one thread and never hang. Correctness only: timing on a shared machine proves nothing in a test
// (bench/busy.ts measures speed). Each test has a timeout, so a deadlock fails instead of stalling the suite.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as os from 'node:os';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { loadNative } from '../../src/backends/native/load.js';
import * as dd from '../../src/node.js';
import { rng } from '../util/gradcheck.js';

const native = loadNative();
const skip = native.ok ? false : `native addon not available: ${native.reason}`;
const TIMEOUT = 60_000;

/** Float32 data in [-0.5, 0.5) from a seeded generator. */
function data(n: number, seed: number): Float32Array {
  const random = rng(seed);
  return Float32Array.from({ length: n }, () => random() - 0.5);
}

/**
 * Every kind of parallel kernel above its threshold: GEMMs split by rows and by columns (and ragged), unary,
 * binary and expensive (exp) elementwise passes, a full and a column reduction, and two training steps of a
 * Dense/Dropout model (the fused Dense, penalty, crossentropy and Adam kernels).
 */
async function workload(): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  dd.tidy(() => {
    for (const [m, n, k] of [
      [300, 200, 300],
      [37, 700, 129],
      [513, 65, 257],
    ] as const) {
      const a = dd.tensor(data(m * k, m), [m, k]);
      const b = dd.tensor(data(k * n, n), [k, n]);
      out.push(dd.matMul(a, b).dataSync() as Float32Array);
      out.push(dd.matMul(a, dd.transpose(b), false, true).dataSync() as Float32Array);
    }
    const x = dd.tensor(data(300_000, 5), [600, 500]);
    const y = dd.tensor(data(300_000, 6), [600, 500]);
    out.push(dd.add(x, y).dataSync() as Float32Array);
    out.push(dd.exp(x).dataSync() as Float32Array);
    out.push(dd.relu(y).dataSync() as Float32Array);
    out.push(dd.sum(x).dataSync() as Float32Array);
    out.push(dd.sum(y, 0).dataSync() as Float32Array);
  });
  dd.setRandomSeed(7);
  const model = new dd.Sequential();
  model.add(
    new dd.layers.Dense(256, { inputShape: [300], activation: 'relu', kernelRegularizer: dd.regularizers.l2(1e-3) }),
  );
  model.add(new dd.layers.Dropout(0.3));
  model.add(new dd.layers.Dense(10, { activation: 'softmax' }));
  model.compile({ optimizer: new dd.optimizers.Adam({ learningRate: 1e-2 }), loss: 'categoricalCrossentropy' });
  const labels = new Float32Array(512 * 10);
  for (let i = 0; i < 512; i++) labels[i * 10 + (i % 10)] = 1;
  const xs = dd.tensor(data(512 * 300, 8), [512, 300]);
  const ys = dd.tensor(labels, [512, 10]);
  await model.fit(xs, ys, { epochs: 1, batchSize: 256, shuffle: false, verbose: 0 });
  for (const w of model.getWeights()) out.push(w.dataSync() as Float32Array);
  xs.dispose();
  ys.dispose();
  model.dispose();
  return out;
}

/**
 * a and b agree: products and reductions may round differently when their work is split differently (each thread's
 * partial sums), so within a relative 1e-5 of the largest magnitude; elementwise results exactly.
 */
function assertClose(actual: readonly Float32Array[], expected: readonly Float32Array[], label: string): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, j) => {
    const a = actual[j] as Float32Array;
    assert.equal(a.length, e.length, `${label}: result ${j} length`);
    let scale = 0;
    for (const v of e) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < e.length; i++) {
      const d = Math.abs((a[i] as number) - (e[i] as number));
      if (!(d <= 1e-5 * scale)) assert.fail(`${label}: result ${j}, element ${i}: ${a[i]} against ${e[i]}`);
    }
  });
}

/** Processes that each burn one core until killed. */
function burn(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}

describe('thread pool', { skip }, () => {
  const initial = dd.getNumThreads();
  let reference: Float32Array[] = [];
  before(async () => {
    dd.setBackend('native');
    dd.setNumThreads(1);
    reference = await workload();
  });
  after(() => {
    dd.setNumThreads(initial);
    dd.setBackend('native');
  });

  test('16 threads, on however many cores, give the results of one thread', { timeout: TIMEOUT }, async () => {
    dd.setNumThreads(16);
    assert.equal(dd.getNumThreads(), 16);
    for (let rep = 0; rep < 3; rep++) assertClose(await workload(), reference, `16 threads, pass ${rep}`);
  });

  test('with a process burning every core, results stay those of one thread', { timeout: TIMEOUT }, async () => {
    const hogs = burn(os.availableParallelism());
    try {
      // Long enough for the pool to find its helpers late, turn serial, and probe again (thread-pool.cc).
      const stop = performance.now() + 3000;
      for (let rep = 0; performance.now() < stop || rep < 4; rep++) {
        const threads = [initial, 16, 3, 1][rep % 4] as number;
        dd.setNumThreads(threads);
        assertClose(await workload(), reference, `${threads} threads under load, pass ${rep}`);
      }
    } finally {
      for (const h of hogs) h.kill('SIGKILL');
    }
  });

  test('JavaScript worker threads share the pool without deadlock', { timeout: TIMEOUT }, async () => {
    if (!native.ok) return;
    const addon = native.addon;
    const [m, n, k] = [200, 300, 150];
    const a = data(m * k, 1);
    const b = data(k * n, 2);
    addon.setNumThreads(1);
    const expected = new Float32Array(m * n);
    addon.matmul(a, 0, b, 0, expected, 0, m, n, k, false, false);
    // Each worker loads the addon itself (its own N-API environment over the one process-wide pool) and multiplies
    // in a loop while this thread multiplies and changes the thread count under them.
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.path);
      const { a, b, m, n, k, reps } = workerData;
      let worst = 0;
      for (let r = 0; r < reps; r++) {
        const out = new Float32Array(m * n);
        addon.matmul(a, 0, b, 0, out, 0, m, n, k, false, false);
        for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - workerData.expected[i]));
      }
      parentPort.postMessage(worst);
    `;
    const workerData = { path: native.path, a, b, m, n, k, reps: 40, expected };
    const workers = [0, 1].map(() => new Worker(source, { eval: true, workerData }));
    const results = workers.map(
      (w) =>
        new Promise<number>((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
        }),
    );
    let done = false;
    void Promise.all(results).finally(() => {
      done = true;
    });
    for (let r = 0; !done; r++) {
      addon.setNumThreads([2, 16, 1, 3][r % 4] as number);
      const out = new Float32Array(m * n);
      addon.matmul(a, 0, b, 0, out, 0, m, n, k, false, false);
      assertClose([out], [expected], `main thread, pass ${r}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const worst of await Promise.all(results)) assert.ok(worst <= 1e-5, `a worker's products differ by ${worst}`);
  });

  test('poolStats counts parallel jobs and serial spells', () => {
    if (!native.ok) return;
    const before = native.addon.poolStats();
    native.addon.setNumThreads(2);
    const n = 256;
    const x = data(n * n, 3);
    native.addon.matmul(x, 0, x, 0, new Float32Array(n * n), 0, n, n, n, false, false);
    const now = native.addon.poolStats();
    assert.ok(Number.isInteger(now.parallelJobs) && Number.isInteger(now.serialSpells));
    // One job more, unless the pool is serial for a while from an earlier test's load.
    assert.ok(now.parallelJobs >= before.parallelJobs && now.parallelJobs <= before.parallelJobs + 1);
    assert.ok(now.serialSpells >= before.serialSpells);
  });
});
