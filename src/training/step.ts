import { ENGINE } from '../core/engine.js';
import type { Tensor, Variable } from '../core/tensor.js';
import type { Loss } from '../losses/loss.js';
import type { Metric } from '../metrics/metric.js';
import { add } from '../ops/arithmetic.js';
import { scalar } from '../ops/convert.js';
import { gradientsWrt } from '../ops/grad.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { CallbackModel } from './callbacks.js';

/** What training needs of a model. */
export interface TrainingModel extends CallbackModel {
  readonly name: string;
  apply(x: Tensor, options: { training: boolean }): Tensor;
  readonly built: boolean;
  /** Creates the weights for inputs of this shape (batch axis null). */
  build(inputShape: readonly (number | null)[]): void;
  readonly trainableWeights: Variable[];
  /** Activity penalties of the last call plus current weight penalties. */
  readonly losses: Tensor[];
  /** The shape of one sample, when the model knows it (for checking and reshaping data). */
  readonly inputFeatureShape: readonly (number | null)[] | undefined;
  /** Seeds the per-epoch shuffle of `fit` (saved with the model so a resumed run shuffles identically). */
  shuffleSeed: number;
}

/** The result of `compile()`. */
export interface Compiled {
  readonly optimizer: Optimizer;
  readonly loss: Loss;
  readonly metrics: readonly { readonly name: string; readonly metric: Metric }[];
}

export interface StepResult {
  /** Data loss + penalties: the number Keras reports as `loss`. */
  readonly loss: number;
  /** The penalties alone (Σ model.losses). */
  readonly regularization: number;
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

/**
 * One optimizer step (Keras's `train_step`): forward in training mode, loss = data loss +
 * Σ model.losses, gradients of that with respect to the trainable weights, one
 * `applyGradients`, then the metrics update on this batch's predictions.
 */
export function trainStep(
  model: TrainingModel,
  compiled: Compiled,
  x: Tensor,
  y: Tensor,
  sampleWeight?: Tensor,
): StepResult {
  return ENGINE.tidy(() => {
    // A model whose input shape was never declared is built by its first batch; its weights must exist before
    // the list of what to differentiate is taken, or that first step would update nothing (and warn falsely).
    if (!model.built) model.build([null, ...x.shape.slice(1)]);
    const vars = model.trainableWeights;
    let yPred: Tensor | undefined;
    let penalty: Tensor | undefined;
    const { value, grads } = gradientsWrt(() => {
      // Kept past the gradient scope: the metrics and the logs read them afterwards.
      yPred = ENGINE.keep(model.apply(x, { training: true }));
      const dataLoss = compiled.loss.apply(y, yPred, sampleWeight);
      penalty = ENGINE.keep(total(model.losses, dataLoss.dtype === 'float64' ? 'float64' : 'float32'));
      return add(dataLoss, penalty);
    }, vars);
    const pairs: [Tensor, Variable][] = [];
    grads.forEach((g, i) => {
      if (g) pairs.push([g, vars[i] as Variable]);
    });
    // Keras skips the update (with a warning) for a model without trainable weights, e.g. a lone Dropout.
    if (vars.length > 0) compiled.optimizer.applyGradients(pairs);
    else warnOnce(model.name);
    const predictions = yPred as Tensor;
    const reg = penalty as Tensor;
    for (const m of compiled.metrics) m.metric.updateState(y, predictions);
    const result = { loss: value.dataSync()[0] as number, regularization: reg.dataSync()[0] as number };
    predictions.dispose();
    reg.dispose();
    return result;
  });
}

/** Loss and metrics on a batch without updating anything (Keras's `test_step`); penalties included as in Keras. */
export function testStep(
  model: TrainingModel,
  compiled: Compiled,
  x: Tensor,
  y: Tensor,
  sampleWeight?: Tensor,
): StepResult {
  return ENGINE.tidy(() => {
    const yPred = model.apply(x, { training: false });
    const dataLoss = compiled.loss.apply(y, yPred, sampleWeight);
    const reg = total(model.losses, dataLoss.dtype === 'float64' ? 'float64' : 'float32');
    for (const m of compiled.metrics) m.metric.updateState(y, yPred);
    return { loss: add(dataLoss, reg).dataSync()[0] as number, regularization: reg.dataSync()[0] as number };
  });
}
