import { ENGINE } from '../core/engine.js';
import { describe, StateError, ValueError } from '../core/errors.js';
import { seededPermutation } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { checkInteger, checkOptions, invalidArgument, optionalBoolean } from '../core/validate.js';
import { concat, slice } from '../ops/shape.js';
import { type Callback, type CallbackHooks, CallbackList, History, type Logs } from './callbacks.js';
import type { Compiled } from './compile.js';
import { checkDeferred, type DeferredCheck } from './data.js';
import {
  type AdaptedData,
  type Arrays,
  adaptData,
  adaptInputs,
  batchOf,
  classWeightsFor,
  type DataStructure,
  sampleCount,
  splitArrays,
  tensorsOf,
} from './data-adapter.js';
import { Progbar, startEpochProgress } from './progress.js';
import type { StepData, TrainingModel } from './step.js';

export interface FitArgs {
  /** Number of passes over the data (default 1). */
  epochs?: number;
  /** Samples per gradient step (default 32; the last batch may be smaller). */
  batchSize?: number;
  /** Hold out the LAST fraction of x/y (before shuffling) for validation. */
  validationSplit?: number;
  /** `[xVal, yVal]` or `[xVal, yVal, sampleWeightVal]`; takes precedence over `validationSplit`. */
  validationData?: readonly [DataStructure, DataStructure] | readonly [DataStructure, DataStructure, DataStructure];
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
  /** Weight of each training sample in the loss: one array for every output, or one per output (list or dict). */
  sampleWeight?: DataStructure;
}

export interface EvaluateArgs {
  batchSize?: number;
  sampleWeight?: DataStructure;
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

/** The model's batch in its own structure: one tensor for one input/output, else a list. */
function stepData(model: TrainingModel, batch: Arrays): StepData {
  const one = <T>(list: readonly T[], names: readonly string[]): T | T[] =>
    names.length > 1 ? list.slice() : (list[0] as T);
  const weights = batch.sampleWeight;
  return {
    x: one(batch.x, model.inputNames),
    y: one(batch.y, model.outputNames),
    sampleWeight: weights.every((w) => w === undefined)
      ? undefined
      : model.outputNames.length > 1
        ? weights.slice()
        : weights[0],
  };
}

/** A step's logs: what it returned, else the model's trackers and metrics (read only now). */
function stepLogs(model: TrainingModel, returned: Logs | undefined, prefix = ''): Logs {
  const logs = returned ?? model.getMetricsResult();
  if (prefix === '') return logs;
  return Object.fromEntries(Object.entries(logs).map(([k, v]) => [`${prefix}${k}`, v]));
}

/** Runs every test step over the data; returns what the last step returned (the logs are read after). */
function testBatches(
  model: TrainingModel,
  data: Arrays,
  batchSize: number,
  prefix: string,
  progress?: Progbar,
): Logs | undefined {
  model.resetMetrics();
  const n = sampleCount(data);
  let last: Logs | undefined;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(start + batchSize, n);
    last = ENGINE.tidy(() => model.testStep(stepData(model, batchOf(data, null, start, end))));
    const returned = last;
    progress?.update(Math.ceil(end / batchSize), () => stepLogs(model, returned, prefix));
  }
  return last;
}

/**
 * Whether the active backend reads synchronously. Without, `fit` settles the trackers with `data()` before it
 * reports (an epoch's end, a callback's batch), and the progress bar shows no numbers mid-epoch.
 */
function readsSync(): boolean {
  return ENGINE.backend.readSync !== undefined;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Keras's `fit` loop. Reported numbers follow Keras: the epoch `loss` is the batch-size-weighted
 * mean of each batch's total loss (data loss + penalties); `val_loss` includes the penalties too.
 * Beyond Keras, `regularization_loss` / `val_regularization_loss` report the penalty part alone.
 */
export async function fitLoop(
  model: TrainingModel,
  x: DataStructure,
  y: DataStructure,
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
  const deferred: DeferredCheck[] = [];
  const all = adaptData(model, x, y, args.sampleWeight, op, '', deferred);
  const cleanup: Tensor[] = [...all.owned];
  try {
    requireSamples(op, sampleCount(all), '`x`');
    let train: Arrays = all;
    let validation: Arrays | undefined;
    if (args.validationData) {
      const vd = args.validationData;
      if (!Array.isArray(vd) || vd.length < 2 || vd.length > 3) {
        throw new ValueError(
          `fit: \`validationData\` must be [xVal, yVal] or [xVal, yVal, sampleWeightVal]. Received: ${describe(vd)}`,
        );
      }
      const adapted: AdaptedData = adaptData(model, vd[0], vd[1], vd[2], op, 'val_', deferred);
      cleanup.push(...adapted.owned);
      validation = adapted;
    } else if (args.validationSplit !== undefined && args.validationSplit !== 0) {
      [train, validation] = splitArrays(all, args.validationSplit, op);
      cleanup.push(...tensorsOf(train), ...tensorsOf(validation));
    }
    // Keras weights the training loss by class and never val_loss: the weights are made for the training part only.
    if (args.classWeight) {
      const weights = classWeightsFor(train.y, args.classWeight, op);
      cleanup.push(weights);
      train = { ...train, sampleWeight: [weights] };
    }
    await checkDeferred(deferred);
    const sync = readsSync();
    const samples = sampleCount(train);
    requireSamples(op, samples, 'the training part of `x` (after `validationSplit`)');
    if (validation) requireSamples(op, sampleCount(validation), 'the validation data');
    const steps = Math.ceil(samples / batchSize);
    const history = new History();
    const callbacks = new CallbackList([...(args.callbacks ?? []), history], model, {
      epochs,
      steps,
      samples,
      batchSize,
      verbose,
    });
    // Batch logs are read from the backend only when someone looks at them: a callback with onBatchEnd, or the
    // progress bar when it draws. Otherwise an epoch runs without a single read until its end.
    const batchLogsWanted = callbacks.wantsBatchLogs();
    model.stopTraining = false;
    await callbacks.trainBegin();
    let logs: Logs = {};
    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
      await callbacks.epochBegin(epoch);
      const progress = verbose === 0 ? undefined : startEpochProgress(epoch, epochs, steps, verbose);
      model.resetMetrics();
      // Epoch e's order depends only on (model.shuffleSeed, e): a resumed run shuffles as the original did.
      const order = !shuffle ? null : seededPermutation(samples, model.shuffleSeed, epoch);
      let last: Logs | undefined;
      for (let step = 0; step < steps; step++) {
        const begun = callbacks.batchBegin(step, {
          batch: step,
          size: Math.min(batchSize, samples - step * batchSize),
        });
        if (begun) await begun;
        const start = step * batchSize;
        const end = Math.min(start + batchSize, samples);
        last = ENGINE.tidy(() => model.trainStep(stepData(model, batchOf(train, order, start, end))));
        const returned = last;
        if (batchLogsWanted) {
          if (!sync) await model.settleMetrics();
          const ended = callbacks.batchEnd(step, stepLogs(model, returned));
          if (ended) await ended;
        }
        progress?.update(step + 1, sync ? () => stepLogs(model, returned) : {});
        if (model.stopTraining) break;
      }
      await model.settleMetrics();
      logs = stepLogs(model, last);
      if (validation) {
        const lastTest = testBatches(model, validation, batchSize, 'val_');
        await model.settleMetrics();
        logs = { ...logs, ...stepLogs(model, lastTest, 'val_') };
      }
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
export function evaluateLoop(model: TrainingModel, x: DataStructure, y: DataStructure, args: EvaluateArgs = {}): Logs {
  checkOptions('evaluate', args, EVALUATE_KEYS);
  const batchSize = checkInteger('evaluate', 'batchSize', args.batchSize ?? 32);
  const verbose = checkVerbose('evaluate', args.verbose);
  const data = adaptData(model, x, y, args.sampleWeight, 'evaluate');
  try {
    requireSamples('evaluate', sampleCount(data), '`x`');
    const steps = Math.ceil(sampleCount(data) / batchSize);
    const progress = verbose === 0 ? undefined : new Progbar({ target: steps, verbose });
    const logs = stepLogs(model, testBatches(model, data, batchSize, '', progress));
    progress?.finish(logs);
    return logs;
  } finally {
    for (const t of data.owned) t.dispose();
  }
}

/**
 * Keras's `predict`: the model in inference mode over the data, batch by batch. A model with several outputs
 * returns one tensor per output.
 */
export function predictLoop(model: TrainingModel, x: DataStructure, args: PredictArgs = {}): Tensor | Tensor[] {
  checkOptions('predict', args, ['batchSize']);
  const batchSize = checkInteger('predict', 'batchSize', args.batchSize ?? 32);
  const owned: Tensor[] = [];
  try {
    const xs = adaptInputs(model, x, 'predict', '', owned);
    const n = (xs[0] as Tensor).shape[0] as number;
    const inputOf = (list: Tensor[]): Tensor | Tensor[] => (model.inputNames.length > 1 ? list : (list[0] as Tensor));
    return ENGINE.tidy(() => {
      if (n <= batchSize) return copyIfSame(model.predictStep(inputOf(xs)), xs);
      const parts: Tensor[][] = [];
      let several = false;
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        const out = model.predictStep(inputOf(xs.map((t) => slice(t, [start], [size]))));
        several = Array.isArray(out);
        parts.push(Array.isArray(out) ? out : [out]);
      }
      const joined = (parts[0] as Tensor[]).map((_, i) =>
        concat(
          parts.map((p) => p[i] as Tensor),
          0,
        ),
      );
      return several ? joined : (joined[0] as Tensor);
    });
  } finally {
    for (const t of owned) t.dispose();
  }
}

// An identity model would hand back its input; the caller owns the result, so give it its own tensor.
function copyIfSame(y: Tensor | Tensor[], xs: readonly Tensor[]): Tensor | Tensor[] {
  if (Array.isArray(y)) return y.map((t) => (xs.includes(t) ? t.clone() : t));
  return xs.includes(y) ? y.clone() : y;
}

/** Runs one step on one batch with fresh metrics and reports it as logs: `{ loss, …metrics, regularization_loss }`. */
function onBatch(
  op: 'trainOnBatch' | 'testOnBatch',
  model: TrainingModel,
  x: DataStructure,
  y: DataStructure,
  sampleWeight?: DataStructure,
): Logs {
  const data = adaptData(model, x, y, sampleWeight, op);
  try {
    model.resetMetrics();
    const batch = stepData(model, data);
    const returned = ENGINE.tidy(() => (op === 'trainOnBatch' ? model.trainStep(batch) : model.testStep(batch)));
    return stepLogs(model, returned);
  } finally {
    for (const t of data.owned) t.dispose();
  }
}

/** One step on one batch (Keras's `train_on_batch`, metrics reset first); returns the logs. */
export function trainOnBatchLoop(
  model: TrainingModel,
  x: DataStructure,
  y: DataStructure,
  sampleWeight?: DataStructure,
): Logs {
  return onBatch('trainOnBatch', model, x, y, sampleWeight);
}

/** Loss and metrics on one batch (Keras's `test_on_batch`). */
export function testOnBatchLoop(
  model: TrainingModel,
  x: DataStructure,
  y: DataStructure,
  sampleWeight?: DataStructure,
): Logs {
  return onBatch('testOnBatch', model, x, y, sampleWeight);
}

export function requireCompiled(compiled: Compiled | undefined, op: string): Compiled {
  if (!compiled) throw new StateError(`You must call \`compile()\` before \`${op}()\``);
  return compiled;
}
