import { ENGINE } from '../core/engine.js';
import type { Tensor, Variable } from '../core/tensor.js';
import { add, mul } from '../ops/arithmetic.js';
import { scalar } from '../ops/convert.js';
import { gradientsWrt } from '../ops/grad.js';
import type { CallbackModel, Logs } from './callbacks.js';
import type { Compiled } from './compile.js';

export type { Compiled } from './compile.js';

/**
 * One batch as a training step receives it, in the model's structure: `x` is one tensor for a model with one
 * input and a list (in the order of `inputs`) otherwise; `y` and `sampleWeight` likewise by output.
 */
export interface StepData {
  readonly x: Tensor | Tensor[];
  readonly y: Tensor | Tensor[];
  readonly sampleWeight?: Tensor | (Tensor | undefined)[] | undefined;
}

/** What training needs of a model. */
export interface TrainingModel extends CallbackModel {
  readonly name: string;
  readonly built: boolean;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputFeatureShapes: readonly (readonly (number | null)[])[] | undefined;
  /** Seeds the per-epoch shuffle of `fit` (saved with the model so a resumed run shuffles identically). */
  shuffleSeed: number;
  /** One optimizer step; may return the logs to report (else the loop reads the model's metrics when needed). */
  trainStep(data: StepData): Logs | undefined;
  /** Loss and metrics on one batch without training. */
  testStep(data: StepData): Logs | undefined;
  /** The model's outputs on one batch in inference mode. */
  predictStep(x: Tensor | Tensor[]): Tensor | Tensor[];
  /** Every tracker and compiled metric back to zero (the loop calls it before each epoch and evaluation). */
  resetMetrics(): void;
  /** The current value of every tracker and metric, Keras's log names: `{ loss, accuracy, …, regularization_loss }`. */
  getMetricsResult(): Logs;
  /** Reads what the trackers and metrics left on the backend with `data()` (for a backend without readSync). */
  settleMetrics(): Promise<void>;
}

/** What the step functions call on the model. */
export interface StepModel {
  readonly name: string;
  readonly built: boolean;
  build(inputShape: readonly (number | null)[] | readonly (readonly (number | null)[])[]): void;
  readonly trainableWeights: Variable[];
  /** Activity penalties of the last forward pass plus current weight penalties. */
  readonly losses: Tensor[];
  applyToList(x: Tensor | Tensor[], options: { training: boolean }): unknown;
}

const warned = new Set<string>();
function warnOnce(name: string): void {
  if (warned.has(name)) return;
  warned.add(name);
  console.warn(`Model "${name}" has no trainable weights: training computes the loss but updates nothing.`);
}

/** Σ of a list of scalars (0 for none). */
function total(terms: readonly Tensor[], dtype: 'float32' | 'float64'): Tensor {
  return terms.reduce<Tensor>((acc, t) => add(acc, t), scalar(0, dtype));
}

function asList<T>(v: T | T[] | undefined, count: number): (T | undefined)[] {
  if (Array.isArray(v)) return v;
  return Array.from({ length: count }, () => v);
}

function batchSizeOf(x: Tensor | Tensor[]): number {
  const first = Array.isArray(x) ? x[0] : x;
  return (first?.shape[0] as number | undefined) ?? 0;
}

/**
 * The loss to minimise on one batch (Keras's `compute_loss`): Σ over outputs of weight·loss(y, yPred,
 * sampleWeight), plus every penalty in `model.losses`. It also folds the batch into the trackers behind the logs:
 * `loss`, each `<output>_loss` (unweighted, as Keras) and `regularization_loss`, as tensors, so nothing is read
 * back here.
 */
export function computeLoss(model: StepModel, compiled: Compiled, data: StepData, yPred: Tensor | Tensor[]): Tensor {
  const heads = compiled.heads;
  const ys = asList(data.y, heads.length);
  const preds = asList(yPred, heads.length);
  const weights = asList(data.sampleWeight, heads.length);
  const batch = batchSizeOf(data.x);
  let dataLoss: Tensor | undefined;
  heads.forEach((head, i) => {
    if (!head.loss) return;
    const value = head.loss.apply(ys[i] as Tensor, preds[i] as Tensor, weights[i]);
    head.tracker?.update(value, batch);
    // A weight of 1 multiplies nothing, so a single-output model's loss is exactly its loss function's value.
    const weighted = head.weight === 1 ? value : mul(value, scalar(head.weight, value.dtype));
    dataLoss = dataLoss ? add(dataLoss, weighted) : weighted;
  });
  const loss = dataLoss as Tensor;
  const penalty = total(model.losses, loss.dtype === 'float64' ? 'float64' : 'float32');
  const sum = add(loss, penalty);
  compiled.regularizationTracker.update(penalty, batch);
  compiled.lossTracker.update(sum, batch);
  return sum;
}

/** Folds one batch's predictions into the compiled metrics (Keras's `compute_metrics`). */
export function computeMetrics(compiled: Compiled, data: StepData, yPred: Tensor | Tensor[]): void {
  const count = compiled.heads.length;
  const ys = asList(data.y, count);
  const preds = asList(yPred, count);
  for (const m of compiled.metrics) m.metric.updateState(ys[m.output] as Tensor, preds[m.output] as Tensor);
}

/** The trackers' and metrics' values under Keras's names: loss, metrics, per-output losses, then penalties. */
export function metricsResult(compiled: Compiled, prefix = ''): Logs {
  const logs: Logs = { [`${prefix}loss`]: compiled.lossTracker.result() };
  for (const m of compiled.metrics) logs[`${prefix}${m.name}`] = m.metric.result();
  for (const h of compiled.heads) if (h.tracker) logs[`${prefix}${h.tracker.name}`] = h.tracker.result();
  logs[`${prefix}regularization_loss`] = compiled.regularizationTracker.result();
  return logs;
}

/** Every tracker and metric back to zero. */
export function resetCompiledMetrics(compiled: Compiled): void {
  compiled.lossTracker.resetState();
  compiled.regularizationTracker.resetState();
  for (const h of compiled.heads) h.tracker?.resetState();
  for (const m of compiled.metrics) m.metric.resetState();
}

function shapesOf(x: Tensor | Tensor[]): readonly (number | null)[] | (readonly (number | null)[])[] {
  const shape = (t: Tensor): (number | null)[] => [null, ...t.shape.slice(1)];
  return Array.isArray(x) ? x.map(shape) : shape(x);
}

/**
 * One optimizer step (Keras's `train_step`): forward in training mode, {@link computeLoss}, gradients of it with
 * respect to the trainable weights, one `applyGradients`, then the metrics on this batch's predictions.
 */
export function trainStepOf(model: StepModel, compiled: Compiled, data: StepData): void {
  ENGINE.tidy(() => {
    // A model whose input shape was never declared is built by its first batch; its weights must exist before
    // the list of what to differentiate is taken, or that first step would update nothing (and warn falsely).
    if (!model.built) model.build(shapesOf(data.x));
    const vars = model.trainableWeights;
    let yPred: Tensor | Tensor[] | undefined;
    const { grads } = gradientsWrt(() => {
      // Kept past the gradient scope: the metrics read them afterwards.
      const out = model.applyToList(data.x, { training: true }) as Tensor | Tensor[];
      yPred = Array.isArray(out) ? out.map((t) => ENGINE.keep(t)) : ENGINE.keep(out);
      return computeLoss(model, compiled, data, yPred);
    }, vars);
    const pairs: [Tensor, Variable][] = [];
    grads.forEach((g, i) => {
      if (g) pairs.push([g, vars[i] as Variable]);
    });
    // Keras skips the update (with a warning) for a model without trainable weights, e.g. a lone Dropout.
    if (vars.length > 0) compiled.optimizer.applyGradients(pairs);
    else warnOnce(model.name);
    const predictions = yPred as Tensor | Tensor[];
    computeMetrics(compiled, data, predictions);
    for (const t of Array.isArray(predictions) ? predictions : [predictions]) t.dispose();
  });
}

/** Loss and metrics on a batch without updating anything (Keras's `test_step`); penalties included as in Keras. */
export function testStepOf(model: StepModel, compiled: Compiled, data: StepData): void {
  ENGINE.tidy(() => {
    const yPred = model.applyToList(data.x, { training: false }) as Tensor | Tensor[];
    computeLoss(model, compiled, data, yPred);
    computeMetrics(compiled, data, yPred);
  });
}
