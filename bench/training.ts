// Training and inference benchmarks: the same Keras-style models (bench/workloads.ts) built, trained and run on the
// same synthetic data by Dendrite on its native backend and on its TypeScript backend, by TensorFlow.js (cpu and
// wasm backends) in this process, and by PyTorch (bench/pytorch_bench.py, a child process, when Debian's
// python3-torch is installed) at Dendrite's thread count. Dendrite native is the reference of every ratio
// (Dendrite (ts) when the native backend is not available or not selected).
//
// Speed is training samples/s over one epoch (`fit` wall time, shuffling and per-batch gathering included), after a
// short warm-up fit. A slow system would need minutes for a whole epoch, so by default each run is cut at the end of
// the first batch that finds both the time budget (15 s) spent and at least 20 batches done: such figures come from
// a prefix of the epoch and the tables say PARTIAL. `--full` runs every epoch to its end. A full epoch shorter than
// 3 s is repeated (up to 10 times) and the median reported, since one short epoch on a shared machine is mostly noise.
// Inference (predict) follows the same rules, a pass being 10 `predict` calls of 1,000 samples.
// A system that cannot run here (no native addon, no torch) is skipped with one line.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as dd from '../src/node.js';
import { fmt, printGrid, ratio, timeIt } from './harness.js';
import { dataFiles, type PytorchRun, pytorchInfo, runPytorch } from './pytorch.js';
import {
  buildDendriteModel,
  type Dataset,
  denseFlop,
  lcg,
  MNIST_MLP,
  type ModelSpec,
  makeDataset,
  PREDICT,
  PREDICT_DATA_SEED,
  TRAIN_DATA_SEED,
  TRAIN_WORKLOADS,
  type TrainWorkload,
  trainFlopPerSample,
  WORKLOAD_IDS,
  type WorkloadId,
} from './workloads.js';

export { WORKLOAD_IDS, type WorkloadId };
export type SystemId = 'dendrite-native' | 'dendrite-ts' | 'tfjs-cpu' | 'tfjs-wasm' | 'pytorch';
export const SYSTEM_IDS: readonly SystemId[] = ['dendrite-native', 'dendrite-ts', 'tfjs-cpu', 'tfjs-wasm', 'pytorch'];

export interface TrainingOptions {
  /** Whole epochs (and every predict batch) for every system, however long they take. */
  full: boolean;
  /** A run is cut once this much time has passed (default 15 s)… */
  budgetMs: number;
  /** …but not before this many training batches (default 20). */
  minBatches: number;
  systems: readonly SystemId[];
  workloads: readonly WorkloadId[];
  /** Threads of Dendrite's native backend, given to PyTorch too (1 when only the TypeScript backend runs). */
  threads: number;
  /** The reference Dendrite's best matMul GFLOP/s measured earlier in the run, to put the training GFLOP/s beside. */
  matMulPeak?: { gflops: number; where: string };
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  full: false,
  budgetMs: 15_000,
  minBatches: 20,
  systems: SYSTEM_IDS,
  workloads: WORKLOAD_IDS,
  threads: 1,
};

// ---------------------------------------------------------------------------------------------------------------
// Systems: one adapter per library. Methods (not function-typed fields) so a System<dd.Tensor> is a System<unknown>.

interface BenchModel<T> {
  /** One shuffled epoch; `stop(batch)` is asked after each batch and ends the epoch early. Returns the epoch loss. */
  fit(x: T, y: T, batchSize: number, stop: (batch: number) => boolean): Promise<number>;
  /** `model.predict`, its result read back to JavaScript and freed. */
  predict(x: T, batchSize: number): void;
  dispose(): void;
}

interface System<T> {
  id: SystemId;
  label: string;
  activate(): Promise<void>;
  numTensors(): number;
  tensor(values: Float32Array, shape: [number, number]): T;
  disposeTensor(t: T): void;
  build(spec: ModelSpec): BenchModel<T>;
}

/** Dendrite on one of its backends. */
function dendrite(backend: 'native' | 'ts'): System<dd.Tensor> {
  return {
    id: `dendrite-${backend}`,
    label: `Dendrite (${backend})`,
    async activate() {
      dd.setBackend(backend);
    },
    numTensors: () => dd.memory().numTensors,
    tensor: (values, shape) => dd.tensor(values, shape, 'float32'),
    disposeTensor: (t) => t.dispose(),
    build(spec) {
      const model = buildDendriteModel(spec);
      return {
        async fit(x, y, batchSize, stop) {
          const onBatchEnd = (batch: number) => {
            if (stop(batch)) model.stopTraining = true;
          };
          const h = await model.fit(x, y, {
            epochs: 1,
            batchSize,
            shuffle: true,
            verbose: 0,
            callbacks: [{ onBatchEnd }],
          });
          return h.history.loss?.[0] ?? Number.NaN;
        },
        predict(x, batchSize) {
          const out = model.predict(x, { batchSize });
          out.dataSync();
          out.dispose();
        },
        dispose: () => model.dispose(),
      };
    },
  };
}

function tfjs(backend: 'cpu' | 'wasm'): System<tf.Tensor> {
  return {
    id: backend === 'cpu' ? 'tfjs-cpu' : 'tfjs-wasm',
    label: `TF.js (${backend})`,
    async activate() {
      if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend '${backend}' did not start`);
      await tf.ready();
    },
    numTensors: () => tf.memory().numTensors,
    tensor: (values, shape) => tf.tensor2d(values, shape, 'float32'),
    disposeTensor: (t) => t.dispose(),
    build(spec) {
      const model = tf.sequential();
      spec.layers.forEach((l, i) => {
        if ('dropout' in l) {
          model.add(tf.layers.dropout({ rate: l.dropout }));
          return;
        }
        const kernelRegularizer =
          l.l1 !== undefined
            ? tf.regularizers.l1l2({ l1: l.l1, l2: l.l2 ?? 0 })
            : l.l2 !== undefined
              ? tf.regularizers.l2({ l2: l.l2 })
              : undefined;
        model.add(
          tf.layers.dense({
            units: l.units,
            ...(i === 0 ? { inputShape: [spec.inputDim] } : {}),
            activation: l.activation,
            ...(kernelRegularizer ? { kernelRegularizer } : {}),
          }),
        );
      });
      const optimizer = tf.train.adam(spec.learningRate);
      model.compile({ optimizer, loss: spec.loss });
      return {
        async fit(x, y, batchSize, stop) {
          const onBatchEnd = async (batch: number) => {
            if (stop(batch)) model.stopTraining = true;
          };
          // yieldEvery 'never': a callback must not add TF.js's periodic event-loop yields to the timing.
          const h = await model.fit(x, y, {
            epochs: 1,
            batchSize,
            shuffle: true,
            verbose: 0,
            yieldEvery: 'never',
            callbacks: { onBatchEnd },
          });
          return Number(h.history.loss?.[0] ?? Number.NaN);
        },
        predict(x, batchSize) {
          const out = model.predict(x, { batchSize }) as tf.Tensor;
          out.dataSync();
          out.dispose();
        },
        dispose() {
          model.dispose();
          optimizer.dispose(); // a TF.js model does not own the optimizer it was compiled with
        },
      };
    },
  };
}

const IN_PROCESS: Record<Exclude<SystemId, 'pytorch'>, System<unknown>> = {
  'dendrite-native': dendrite('native'),
  'dendrite-ts': dendrite('ts'),
  'tfjs-cpu': tfjs('cpu'),
  'tfjs-wasm': tfjs('wasm'),
};

/** The peer in a child process (bench/pytorch.ts): its runs follow the same rules but report no tensor counts. */
interface External {
  id: 'pytorch';
  label: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Measurement

interface Measurement {
  system: { id: SystemId; label: string };
  samplesPerSec: number;
  samples: number;
  batches: number;
  totalBatches: number;
  /** Timed passes (epochs, or rounds over the predict set): more than one when a full pass is short. */
  passes: number;
  /** Time of all timed passes. */
  seconds: number;
  /** Mean training loss (data + penalties) over the timed batches; NaN for inference. */
  loss: number;
  /** Live tensors just before and just after the timed part, and after everything the run made was freed. */
  tensors?: { before: number; after: number; leaked: number };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** A full pass shorter than this is repeated until the timed passes add up to it; the median pass is reported. */
const MIN_TIMED_MS = 3000;
const MAX_PASSES = 10;

interface Pass {
  samples: number;
  batches: number;
  ms: number;
}

/**
 * Times `pass` once, then again while the passes are full (`batches === totalBatches`) and add up to less than
 * MIN_TIMED_MS: a one-second epoch on a shared machine is mostly noise. Returns the median pass by rate.
 */
async function timePasses(
  totalBatches: number,
  pass: () => Promise<Pass>,
): Promise<{ median: Pass; passes: number; seconds: number }> {
  const done: Pass[] = [];
  let ms = 0;
  do {
    const p = await pass();
    done.push(p);
    ms += p.ms;
  } while (done.length < MAX_PASSES && (done[0] as Pass).batches === totalBatches && ms < MIN_TIMED_MS);
  done.sort((a, b) => b.samples / b.ms - a.samples / a.ms);
  return { median: done[Math.floor(done.length / 2)] as Pass, passes: done.length, seconds: ms / 1000 };
}

/** True once the run should end after this batch: budget spent and enough batches done (never with --full). */
function budget(opts: TrainingOptions, minBatches: number): { start(): void; spent(batchesDone: number): boolean } {
  let t0 = 0;
  return {
    start() {
      t0 = performance.now();
    },
    spent: (done) => !opts.full && done >= minBatches && performance.now() - t0 >= opts.budgetMs,
  };
}

async function measureTraining(
  sys: System<unknown>,
  w: TrainWorkload,
  data: Dataset,
  opts: TrainingOptions,
): Promise<Measurement> {
  await sys.activate();
  gc();
  const start = sys.numTensors();
  const model = sys.build(w.model);
  const upload = (rows: number) => [
    sys.tensor(data.x.subarray(0, rows * data.inputDim), [rows, data.inputDim]),
    sys.tensor(data.y.subarray(0, rows * data.labelDim), [rows, data.labelDim]),
  ];
  // Warm-up: short fits on the first 50 batches' rows, repeated until at least 3 batches and ~0.5 s have run, so that
  // JIT compilation, kernel set-up and the optimizer's slots are not timed (one 50-batch epoch of a small model is
  // a few milliseconds: far too short for a JIT to settle).
  const [wx, wy] = upload(Math.min(data.n, 50 * w.batchSize));
  const warm = performance.now();
  let warmBatches = 0;
  while (warmBatches < 3 || performance.now() - warm < 500) {
    await model.fit(wx, wy, w.batchSize, (batch) => {
      warmBatches++;
      return batch >= 2 && performance.now() - warm >= 500;
    });
  }
  sys.disposeTensor(wx);
  sys.disposeTensor(wy);

  const [x, y] = upload(data.n);
  const totalBatches = Math.ceil(data.n / w.batchSize);
  let loss = Number.NaN;
  gc();
  const tensorsBefore = sys.numTensors();
  const { median, passes, seconds } = await timePasses(totalBatches, async () => {
    const clock = budget(opts, opts.minBatches);
    let batches = 0;
    clock.start();
    const t0 = performance.now();
    const epochLoss = await model.fit(x, y, w.batchSize, (batch) => {
      batches = batch + 1;
      return clock.spent(batches);
    });
    const ms = performance.now() - t0;
    if (Number.isNaN(loss)) loss = epochLoss; // the first timed epoch's
    return { samples: Math.min(batches * w.batchSize, data.n), batches, ms };
  });
  const tensorsAfter = sys.numTensors();
  sys.disposeTensor(x);
  sys.disposeTensor(y);
  model.dispose();
  return {
    system: sys,
    samplesPerSec: median.samples / (median.ms / 1000),
    samples: median.samples,
    batches: median.batches,
    totalBatches,
    passes,
    seconds,
    loss,
    tensors: { before: tensorsBefore, after: tensorsAfter, leaked: sys.numTensors() - start },
  };
}

async function measurePredict(sys: System<unknown>, data: Dataset, opts: TrainingOptions): Promise<Measurement> {
  await sys.activate();
  gc();
  const start = sys.numTensors();
  const model = sys.build(MNIST_MLP);
  const { batchSize } = PREDICT;
  const chunks: unknown[] = [];
  for (let r = 0; r < data.n; r += batchSize) {
    const rows = Math.min(batchSize, data.n - r);
    chunks.push(sys.tensor(data.x.subarray(r * data.inputDim, (r + rows) * data.inputDim), [rows, data.inputDim]));
  }
  for (let i = 0; i < 2; i++) model.predict(chunks[0], batchSize);
  gc();
  const tensorsBefore = sys.numTensors();
  const { median, passes, seconds } = await timePasses(chunks.length, async () => {
    const clock = budget(opts, PREDICT.minBatches);
    let batches = 0;
    clock.start();
    const t0 = performance.now();
    for (const chunk of chunks) {
      model.predict(chunk, batchSize);
      batches++;
      if (clock.spent(batches)) break;
    }
    return { samples: Math.min(batches * batchSize, data.n), batches, ms: performance.now() - t0 };
  });
  const tensorsAfter = sys.numTensors();
  for (const c of chunks) sys.disposeTensor(c);
  model.dispose();
  return {
    system: sys,
    samplesPerSec: median.samples / (median.ms / 1000),
    samples: median.samples,
    batches: median.batches,
    totalBatches: chunks.length,
    passes,
    seconds,
    loss: Number.NaN,
    tensors: { before: tensorsBefore, after: tensorsAfter, leaked: sys.numTensors() - start },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reporting

/** Dendrite native, or Dendrite ts when native did not run: the system every ratio is taken against. */
function reference(rows: readonly Measurement[]): Measurement | undefined {
  return rows.find((r) => r.system.id === 'dendrite-native') ?? rows.find((r) => r.system.id === 'dendrite-ts');
}

function printMeasurements(title: string, rows: readonly Measurement[], withLoss: boolean): void {
  const ours = reference(rows);
  const ratioHeader = ours ? `${ours.system.id.replace('dendrite-', '')}/system` : 'ratio';
  const header = ['system', 'samples/s', ratioHeader, ...(withLoss ? ['loss'] : []), 'tensors', 'timed'];
  const body = rows.map((r) => {
    const timed =
      r.batches === r.totalBatches
        ? r.passes > 1
          ? `full: median of ${r.passes} passes over ${r.samples} samples, ${r.seconds.toFixed(1)} s in all`
          : `full: ${r.samples} samples in ${r.seconds.toFixed(1)} s`
        : `PARTIAL: first ${r.batches} of ${r.totalBatches} batches, ${r.seconds.toFixed(1)} s`;
    const t = r.tensors;
    const tensors = t ? `${t.before}→${t.after}${t.leaked !== 0 ? ` (${t.leaked} left)` : ''}` : '–';
    return [
      r.system.label,
      fmt(r.samplesPerSec),
      ours ? ratio(ours.samplesPerSec, r.samplesPerSec) : '–',
      ...(withLoss ? [r.loss.toFixed(3)] : []),
      tensors,
      timed,
    ];
  });
  printGrid(title, header, body, [0, header.length - 1]);
}

/** Time Dendrite spends in the matrix products of one mnist-mlp step, each at its real shape and transpose. */
function mnistStepMatMulMs(batch: number): { ms: number; flop: number } {
  const r = lcg(7);
  const rand = (rows: number, cols: number) => {
    const a = new Float32Array(rows * cols);
    for (let i = 0; i < a.length; i++) a[i] = r() - 0.5;
    return dd.tensor(a, [rows, cols]);
  };
  const dims = [784, 512, 512, 10];
  const acts = dims.map((d) => rand(batch, d)); // layer inputs / outputs, and their gradients (same shapes)
  const weights = dims.slice(1).map((d, i) => rand(dims[i] as number, d));
  let flop = 0;
  const products: [dd.Tensor, dd.Tensor, boolean, boolean][] = [];
  for (let l = 0; l < 3; l++) {
    const x = acts[l] as dd.Tensor;
    const dy = acts[l + 1] as dd.Tensor;
    const w = weights[l] as dd.Tensor;
    products.push([x, w, false, false]); // forward  x·W
    products.push([dy, w, false, true]); // dX = dy·Wᵀ (Dendrite computes it for the first layer too)
    products.push([x, dy, true, false]); // dW = xᵀ·dy
    flop += 3 * 2 * batch * (x.shape[1] as number) * (w.shape[1] as number);
  }
  const ms = timeIt(() => {
    for (const [a, b, ta, tb] of products) dd.matMul(a, b, ta, tb).dispose();
  });
  for (const t of [...acts, ...weights]) t.dispose();
  return { ms, flop };
}

function printDendriteGflops(
  m: Measurement,
  w: TrainWorkload,
  mm: { ms: number; flop: number },
  opts: TrainingOptions,
): void {
  const flop = trainFlopPerSample(w.model);
  const gflops = (m.samplesPerSec * flop) / 1e9;
  const stepMs = (1000 * w.batchSize) / m.samplesPerSec;
  const mmGflops = mm.flop / 1e6 / mm.ms;
  const peak = opts.matMulPeak
    ? `; ${((100 * gflops) / opts.matMulPeak.gflops).toFixed(0)}% of its matMul peak (${fmt(opts.matMulPeak.gflops)} GFLOP/s, ${opts.matMulPeak.where})`
    : '';
  console.log(
    `${m.system.label} on ${w.id}: ${fmt(m.samplesPerSec)} samples/s × ${(flop / 1e6).toFixed(2)} MFLOP/sample (6·Σ fan-in·fan-out) = ${fmt(gflops)} GFLOP/s${peak}.`,
  );
  console.log(
    `  A ${w.batchSize}-sample step takes ${stepMs.toFixed(1)} ms; its 9 matrix products alone, timed at the same shapes, take ${mm.ms.toFixed(1)} ms (${fmt(mmGflops)} GFLOP/s), so products are ~${((100 * mm.ms) / stepMs).toFixed(0)}% of the step.`,
  );
}

function printPredictGflops(m: Measurement): void {
  const flop = denseFlop(MNIST_MLP);
  console.log(
    `${m.system.label} predict: ${fmt(m.samplesPerSec)} samples/s × ${(flop / 1e6).toFixed(2)} MFLOP/sample = ${fmt((m.samplesPerSec * flop) / 1e9)} GFLOP/s.`,
  );
}

// ---------------------------------------------------------------------------------------------------------------

/** Why system `id` cannot run in this process (one line), or undefined when it can. */
export function unavailable(id: SystemId, threads: number): string | undefined {
  if (id === 'dendrite-native') {
    const previous = dd.getBackend();
    try {
      dd.setBackend('native');
    } catch (e) {
      return `the native backend is not available (npm run build:native): ${(e as Error).message.split('\n')[0]}`;
    } finally {
      dd.setBackend(previous);
    }
  }
  if (id === 'pytorch') {
    const p = pytorchInfo(threads);
    if ('reason' in p) return p.reason;
  }
  return undefined;
}

function pytorchPeer(threads: number): External {
  const p = pytorchInfo(threads);
  return { id: 'pytorch', label: 'info' in p ? `PyTorch ${p.info.torch}` : 'PyTorch' };
}

/** One training or predict run of PyTorch in a child process, under the same budget rules. */
function measurePytorch(peer: External, request: Record<string, unknown>, opts: TrainingOptions): Measurement {
  const r = runPytorch<PytorchRun>({
    mode: 'train',
    threads: opts.threads,
    budgetMs: opts.budgetMs,
    full: opts.full,
    minBatches: opts.minBatches,
    ...request,
  });
  return {
    system: peer,
    samplesPerSec: r.samplesPerSec,
    samples: r.samples,
    batches: r.batches,
    totalBatches: r.totalBatches,
    passes: r.passes,
    seconds: r.seconds,
    loss: r.loss ?? Number.NaN,
  };
}

export async function runTrainingBenchmarks(options: Partial<TrainingOptions> = {}): Promise<void> {
  const opts: TrainingOptions = { ...DEFAULT_TRAINING_OPTIONS, ...options };
  const previousTf = tf.getBackend();
  const previousDd = dd.getBackend();
  const how = opts.full
    ? 'Every run is a full epoch (--full).'
    : `A run is cut at the first batch end with ≥ ${opts.budgetMs / 1000} s spent and ≥ ${opts.minBatches} batches done ` +
      '(PARTIAL);\n--full runs whole epochs.';
  console.log(
    [
      '\nTraining: samples/s over one epoch of model.fit (shuffle on, batch gathering included), after a short warm-up fit.',
      how,
      `Ratios: Dendrite (native)'s samples/s ÷ each system's (above 1: Dendrite native is faster); Dendrite (ts) is the`,
      `reference when native does not run. PyTorch runs in a child process at ${opts.threads} thread(s), the same model`,
      '(nn.Linear, nn.Dropout, loss on logits, penalties added to the loss) on the same data, under the same rules.',
      'loss: mean training loss (data + penalties) over the timed batches. Labels are random, so every system should',
      'sit near chance (ln 10 = 2.30, ln 2 = 0.69) plus its penalty. tensors: live tensors before→after the timed part',
      '(equal = no growth); "left" counts tensors still alive after the model and data were freed.',
    ].join('\n'),
  );
  const ids = opts.systems.filter((id) => {
    const why = unavailable(id, opts.threads);
    if (why) console.log(`${id}: skipped (${why})`);
    return !why;
  });
  const refId = ids.includes('dendrite-native') ? 'dendrite-native' : 'dendrite-ts';
  const peer = pytorchPeer(opts.threads);
  const files = dataFiles();
  try {
    let i = 0;
    for (const w of TRAIN_WORKLOADS) {
      if (!opts.workloads.includes(w.id)) continue;
      const data = makeDataset(w.model, w.samples, TRAIN_DATA_SEED + i++);
      const rows: Measurement[] = [];
      let products: { ms: number; flop: number } | undefined;
      for (const id of ids) {
        if (id === 'pytorch') {
          const request = { spec: w.model, data: files.write(data), n: data.n, batchSize: w.batchSize };
          rows.push(measurePytorch(peer, request, opts));
          continue;
        }
        rows.push(await measureTraining(IN_PROCESS[id], w, data, opts));
        // Right after the reference's run, on its backend, under the same machine load.
        if (id === refId && w.id === 'mnist-mlp') products = mnistStepMatMulMs(w.batchSize);
      }
      printMeasurements(`${w.title}; batch ${w.batchSize}, ${w.samples} samples`, rows, true);
      const ours = reference(rows);
      if (ours && products) printDendriteGflops(ours, w, products, opts);
    }
    if (opts.workloads.includes('predict')) {
      const data = makeDataset(MNIST_MLP, PREDICT.samples, PREDICT_DATA_SEED);
      const rows: Measurement[] = [];
      for (const id of ids) {
        if (id === 'pytorch') {
          const request = { mode: 'predict', spec: MNIST_MLP, data: files.write(data), n: data.n };
          rows.push(
            measurePytorch(peer, { ...request, batchSize: PREDICT.batchSize, minBatches: PREDICT.minBatches }, opts),
          );
          continue;
        }
        rows.push(await measurePredict(IN_PROCESS[id], data, opts));
      }
      printMeasurements(
        `predict: the mnist-mlp model, model.predict on ${PREDICT.batchSize} samples at a time (batch ${PREDICT.batchSize}), ${PREDICT.samples} samples, result read back`,
        rows,
        false,
      );
      const ours = reference(rows);
      if (ours) printPredictGflops(ours);
    }
  } finally {
    files.remove();
  }
  await tf.setBackend(previousTf);
  dd.setBackend(previousDd);
}
