import { ENGINE } from '../core/engine.js';
import { describe, StateError, ValueError } from '../core/errors.js';
import { seededPermutation } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { checkInteger, checkOptions, invalidArgument, optionalBoolean } from '../core/validate.js';
import { Mean } from '../metrics/metric.js';
import { tensor } from '../ops/convert.js';
import { argMax } from '../ops/reduction.js';
import { concat, gather, slice } from '../ops/shape.js';
import { type Callback, type CallbackHooks, CallbackList, History, type Logs } from './callbacks.js';
import { assertNonNegativeWeights, assertSameSamples, type DataLike, splitPoint, toDataTensor } from './data.js';
import { Progbar, startEpochProgress } from './progress.js';
import { type Compiled, type StepResult, type TrainingModel, testStep, trainStep } from './step.js';

export interface FitArgs {
  /** Number of passes over the data (default 1). */
  epochs?: number;
  /** Samples per gradient step (default 32; the last batch may be smaller). */
  batchSize?: number;
  /** Hold out the LAST fraction of x/y (before shuffling) for validation. */
  validationSplit?: number;
  /** `[xVal, yVal]` or `[xVal, yVal, sampleWeightVal]`; takes precedence over `validationSplit`. */
  validationData?: readonly [DataLike, DataLike] | readonly [DataLike, DataLike, DataLike];
  /** Reshuffle the training samples before each epoch (default true). */
  shuffle?: boolean;
  callbacks?: readonly (Callback | CallbackHooks)[];
  /**
   * 0 silent; 1 (default) a progress bar redrawn in place on a terminal, one line per epoch when output is
   * not a terminal; 2 one line per epoch. Output goes to `setProgressStream`'s stream (default stdout).
   */
  verbose?: 0 | 1 | 2;
  /** Epoch to start at (to resume a run): epochs run from `initialEpoch` to `epochs − 1`. */
  initialEpoch?: number;
  /** Weight of each class in the loss, `{ 0: 1, 1: 5 }`; not together with `sampleWeight` (Keras 3). */
  classWeight?: Readonly<Record<number, number>>;
  /** Weight of each training sample in the loss. */
  sampleWeight?: DataLike;
}

export interface EvaluateArgs {
  batchSize?: number;
  sampleWeight?: DataLike;
  /** 0 silent; 1 (default, as Keras) a progress bar, or one line when output is not a terminal; 2 one line. */
  verbose?: 0 | 1 | 2;
}

const FIT_KEYS: readonly (keyof FitArgs)[] = [
  'epochs',
  'batchSize',
  'validationSplit',
  'validationData',
  'shuffle',
  'callbacks',
  'verbose',
  'initialEpoch',
  'classWeight',
  'sampleWeight',
];
const EVALUATE_KEYS: readonly (keyof EvaluateArgs)[] = ['batchSize', 'sampleWeight', 'verbose'];

/** Options of `predict`. */
export interface PredictArgs {
  /** Samples per forward pass (default 32). */
  batchSize?: number;
}

function checkVerbose(op: string, value: unknown): 0 | 1 | 2 {
  if (value === undefined) return 1;
  if (value !== 0 && value !== 1 && value !== 2) throw invalidArgument(op, 'verbose', '0, 1 or 2', value);
  return value;
}

/** An empty dataset would end in NaN logs (0/0) and callbacks that never run; Keras fails too. */
function requireSamples(op: string, n: number, what: string): void {
  if (n === 0)
    throw new ValueError(
      `${op}: ${what} has no samples (its first axis is 0); there is nothing to ${op === 'fit' ? 'train on' : 'evaluate'}`,
    );
}

function resetMetrics(compiled: Compiled): void {
  for (const m of compiled.metrics) m.metric.resetState();
}

function logsOf(compiled: Compiled, loss: Mean, reg: Mean, prefix = ''): Logs {
  const logs: Logs = { [`${prefix}loss`]: loss.result() };
  for (const m of compiled.metrics) logs[`${prefix}${m.name}`] = m.metric.result();
  logs[`${prefix}regularization_loss`] = reg.result();
  return logs;
}

/** Per-sample weights from a class-weight map (labels: int, one-hot, or binary probabilities). */
function classWeightsFor(y: Tensor, classWeight: Readonly<Record<number, number>>, op: string): Tensor {
  for (const [k, v] of Object.entries(classWeight)) {
    if (!Number.isInteger(Number(k)) || typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ValueError(
        `${op}: \`classWeight\` must map class indices to non-negative numbers. Received: ${k}: ${describe(v)}`,
      );
    }
  }
  const classes = ENGINE.tidy(() => {
    if (y.rank >= 2 && (y.shape[y.rank - 1] as number) > 1) return argMax(y, -1).dataSync();
    return y.dataSync().map((v) => Math.round(v));
  });
  const weights = new Float32Array(classes.length);
  classes.forEach((c, i) => {
    weights[i] = classWeight[c] ?? 1;
  });
  return tensor(weights, [weights.length], 'float32');
}

interface Prepared {
  x: Tensor;
  y: Tensor;
  sampleWeight: Tensor | undefined;
  owned: Tensor[];
}

function prepare(
  model: TrainingModel,
  x: DataLike,
  y: DataLike,
  sw: DataLike | undefined,
  op: string,
  prefix = '',
): Prepared {
  const owned: Tensor[] = [];
  const own = (t: Tensor, src: unknown): Tensor => {
    if (t !== src) owned.push(t);
    return t;
  };
  const X = own(toDataTensor(x, `${prefix}x`, op, { featureShape: model.inputFeatureShape, dtype: 'float32' }), x);
  const Y = own(toDataTensor(y, `${prefix}y`, op), y);
  const W = sw === undefined ? undefined : own(toDataTensor(sw, `${prefix}sampleWeight`, op, { dtype: 'float32' }), sw);
  if (W) assertNonNegativeWeights(W, `${prefix}sampleWeight`, op);
  assertSameSamples(op, [
    [`${prefix}x`, X],
    [`${prefix}y`, Y],
    [`${prefix}sampleWeight`, W],
  ]);
  const expected = model.inputFeatureShape;
  if (expected) {
    const actual = X.shape.slice(1);
    const ok = actual.length === expected.length && expected.every((d, i) => d === null || d === actual[i]);
    if (!ok) {
      throw new ValueError(
        `${op}: \`${prefix}x\` has samples of shape [${actual.join(',')}], but model "${model.name}" expects [${expected.map((d) => d ?? 'None').join(',')}]`,
      );
    }
  }
  return { x: X, y: Y, sampleWeight: W, owned };
}

function batchOf(
  data: Prepared,
  indices: Int32Array | null,
  start: number,
  end: number,
): [Tensor, Tensor, Tensor | undefined] {
  if (indices === null) {
    const take = (t: Tensor) => slice(t, [start], [end - start]);
    return [take(data.x), take(data.y), data.sampleWeight && take(data.sampleWeight)];
  }
  const idx = tensor(indices.subarray(start, end), [end - start], 'int32');
  return [gather(data.x, idx), gather(data.y, idx), data.sampleWeight && gather(data.sampleWeight, idx)];
}

function runTest(
  model: TrainingModel,
  compiled: Compiled,
  data: Prepared,
  batchSize: number,
  prefix: string,
  progress?: Progbar,
): Logs {
  resetMetrics(compiled);
  const loss = new Mean(); // batch-size-weighted, as Keras averages the epoch loss
  const reg = new Mean();
  const n = data.x.shape[0] as number;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(start + batchSize, n);
    const r = ENGINE.tidy(() => {
      const [xb, yb, wb] = batchOf(data, null, start, end);
      return testStep(model, compiled, xb, yb, wb);
    });
    loss.update(r.loss, end - start);
    reg.update(r.regularization, end - start);
    progress?.update(Math.ceil(end / batchSize), () => logsOf(compiled, loss, reg, prefix));
  }
  return logsOf(compiled, loss, reg, prefix);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Keras's `fit` loop. Reported numbers follow Keras: the epoch `loss` is the batch-size-weighted
 * mean of each batch's total loss (data loss + penalties); `val_loss` includes the penalties too.
 * Beyond Keras, `regularization_loss` / `val_regularization_loss` report the penalty part alone.
 */
export async function fitLoop(
  model: TrainingModel,
  compiled: Compiled,
  x: DataLike,
  y: DataLike,
  args: FitArgs = {},
): Promise<History> {
  const op = 'fit';
  checkOptions(op, args, FIT_KEYS);
  const epochs = args.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new ValueError(
      `Invalid value received for argument \`epochs\` of fit. Expected a non-negative integer. Received: epochs=${describe(epochs)}`,
    );
  }
  const batchSize = checkInteger(op, 'batchSize', args.batchSize ?? 32);
  const shuffle = optionalBoolean(op, 'shuffle', args.shuffle, true);
  if (args.callbacks !== undefined && !Array.isArray(args.callbacks)) {
    throw invalidArgument(op, 'callbacks', 'an array of callbacks', args.callbacks);
  }
  const initialEpoch = args.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) {
    throw new ValueError(
      `Invalid value received for argument \`initialEpoch\` of fit. Expected a non-negative integer. Received: initialEpoch=${describe(initialEpoch)}`,
    );
  }
  if (args.classWeight && args.sampleWeight !== undefined) {
    throw new ValueError(
      'fit: `classWeight` and `sampleWeight` cannot be given together (as in Keras 3); fold the class weights into sampleWeight',
    );
  }
  const verbose = checkVerbose(op, args.verbose);
  const all = prepare(model, x, y, args.sampleWeight, op);
  const cleanup: Tensor[] = [...all.owned];
  try {
    requireSamples(op, all.x.shape[0] as number, '`x`');
    let train = all;
    let validation: Prepared | undefined;
    if (args.validationData) {
      const vd = args.validationData;
      if (!Array.isArray(vd) || vd.length < 2 || vd.length > 3) {
        throw new ValueError(
          `fit: \`validationData\` must be [xVal, yVal] or [xVal, yVal, sampleWeightVal]. Received: ${describe(vd)}`,
        );
      }
      validation = prepare(model, vd[0], vd[1], vd[2], op, 'val_');
      cleanup.push(...validation.owned);
    } else if (args.validationSplit !== undefined && args.validationSplit !== 0) {
      const n = all.x.shape[0] as number;
      const at = splitPoint(n, args.validationSplit, op);
      const part = (t: Tensor | undefined, begin: number, size: number) => (t ? slice(t, [begin], [size]) : undefined);
      train = {
        x: part(all.x, 0, at) as Tensor,
        y: part(all.y, 0, at) as Tensor,
        sampleWeight: part(all.sampleWeight, 0, at),
        owned: [],
      };
      validation = {
        x: part(all.x, at, n - at) as Tensor,
        y: part(all.y, at, n - at) as Tensor,
        sampleWeight: part(all.sampleWeight, at, n - at),
        owned: [],
      };
      for (const t of [train.x, train.y, train.sampleWeight, validation.x, validation.y, validation.sampleWeight])
        if (t) cleanup.push(t);
    }
    // Keras weights the training loss by class and never val_loss: the weights are made for the training part only.
    if (args.classWeight) {
      train = { ...train, sampleWeight: classWeightsFor(train.y, args.classWeight, op) };
      cleanup.push(train.sampleWeight as Tensor);
    }
    const samples = train.x.shape[0] as number;
    requireSamples(op, samples, 'the training part of `x` (after `validationSplit`)');
    if (validation) requireSamples(op, validation.x.shape[0] as number, 'the validation data');
    const steps = Math.ceil(samples / batchSize);
    const history = new History();
    const callbacks = new CallbackList([...(args.callbacks ?? []), history], model, {
      epochs,
      steps,
      samples,
      batchSize,
      verbose,
    });
    model.stopTraining = false;
    await callbacks.trainBegin();
    let logs: Logs = {};
    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
      await callbacks.epochBegin(epoch);
      const progress = verbose === 0 ? undefined : startEpochProgress(epoch, epochs, steps, verbose);
      resetMetrics(compiled);
      const loss = new Mean(); // batch-size-weighted, as Keras averages the epoch loss
      const reg = new Mean();
      // Epoch e's order depends only on (model.shuffleSeed, e): a resumed run shuffles as the original did.
      const order = !shuffle ? null : seededPermutation(samples, model.shuffleSeed, epoch);
      for (let step = 0; step < steps; step++) {
        const begun = callbacks.batchBegin(step, {
          batch: step,
          size: Math.min(batchSize, samples - step * batchSize),
        });
        if (begun) await begun;
        const start = step * batchSize;
        const end = Math.min(start + batchSize, samples);
        const r: StepResult = ENGINE.tidy(() => {
          const [xb, yb, wb] = batchOf(train, order, start, end);
          return trainStep(model, compiled, xb, yb, wb);
        });
        loss.update(r.loss, end - start);
        reg.update(r.regularization, end - start);
        const batchLogs = logsOf(compiled, loss, reg);
        const ended = callbacks.batchEnd(step, batchLogs);
        if (ended) await ended;
        progress?.update(step + 1, batchLogs);
        if (model.stopTraining) break;
      }
      logs = logsOf(compiled, loss, reg);
      if (validation) logs = { ...logs, ...runTest(model, compiled, validation, batchSize, 'val_') };
      await callbacks.epochEnd(epoch, logs);
      progress?.finish(logs);
      await yieldToEventLoop();
    }
    await callbacks.trainEnd(logs);
    return history;
  } finally {
    for (const t of cleanup) t.dispose();
  }
}

/** Keras's `evaluate`: `{ loss, …metrics }` over the data, penalties included in `loss`. */
export function evaluateLoop(
  model: TrainingModel,
  compiled: Compiled,
  x: DataLike,
  y: DataLike,
  args: EvaluateArgs = {},
): Logs {
  checkOptions('evaluate', args, EVALUATE_KEYS);
  const batchSize = checkInteger('evaluate', 'batchSize', args.batchSize ?? 32);
  const verbose = checkVerbose('evaluate', args.verbose);
  const data = prepare(model, x, y, args.sampleWeight, 'evaluate');
  try {
    requireSamples('evaluate', data.x.shape[0] as number, '`x`');
    const steps = Math.ceil((data.x.shape[0] as number) / batchSize);
    const progress = verbose === 0 ? undefined : new Progbar({ target: steps, verbose });
    const logs = runTest(model, compiled, data, batchSize, '', progress);
    progress?.finish(logs);
    return logs;
  } finally {
    for (const t of data.owned) t.dispose();
  }
}

/** Keras's `predict`: the model in inference mode over the data, batch by batch. */
export function predictLoop(model: TrainingModel, x: DataLike, args: PredictArgs = {}): Tensor {
  checkOptions('predict', args, ['batchSize']);
  const batchSize = checkInteger('predict', 'batchSize', args.batchSize ?? 32);
  const X = toDataTensor(x, 'x', 'predict', { featureShape: model.inputFeatureShape, dtype: 'float32' });
  try {
    const n = X.shape[0] as number;
    return ENGINE.tidy(() => {
      if (n <= batchSize) return copyIfSame(model.apply(X, { training: false }), X);
      const parts: Tensor[] = [];
      for (let start = 0; start < n; start += batchSize) {
        parts.push(model.apply(slice(X, [start], [Math.min(batchSize, n - start)]), { training: false }));
      }
      return concat(parts, 0);
    });
  } finally {
    if (X !== x) X.dispose();
  }
}

// An identity model would hand back its input; the caller owns the result, so give it its own tensor.
function copyIfSame(y: Tensor, x: Tensor): Tensor {
  return y === x ? x.clone() : y;
}

/** Runs one step on one batch with fresh metrics and reports it as logs: `{ loss, …metrics, regularization_loss }`. */
function onBatch(
  op: 'trainOnBatch' | 'testOnBatch',
  step: typeof trainStep,
  model: TrainingModel,
  compiled: Compiled,
  x: DataLike,
  y: DataLike,
  sampleWeight?: DataLike,
): Logs {
  const data = prepare(model, x, y, sampleWeight, op);
  try {
    resetMetrics(compiled);
    const r = step(model, compiled, data.x, data.y, data.sampleWeight);
    const logs: Logs = { loss: r.loss };
    for (const m of compiled.metrics) logs[m.name] = m.metric.result();
    logs.regularization_loss = r.regularization;
    return logs;
  } finally {
    for (const t of data.owned) t.dispose();
  }
}

/** One step on one batch (Keras's `train_on_batch`, metrics reset first); returns the logs. */
export function trainOnBatchLoop(
  model: TrainingModel,
  compiled: Compiled,
  x: DataLike,
  y: DataLike,
  sampleWeight?: DataLike,
): Logs {
  return onBatch('trainOnBatch', trainStep, model, compiled, x, y, sampleWeight);
}

/** Loss and metrics on one batch (Keras's `test_on_batch`). */
export function testOnBatchLoop(
  model: TrainingModel,
  compiled: Compiled,
  x: DataLike,
  y: DataLike,
  sampleWeight?: DataLike,
): Logs {
  return onBatch('testOnBatch', testStep, model, compiled, x, y, sampleWeight);
}

export function requireCompiled(compiled: Compiled | undefined, op: string): Compiled {
  if (!compiled) throw new StateError(`You must call \`compile()\` before \`${op}()\``);
  return compiled;
}
