/**
 * The public `losses` namespace (Keras's `keras.losses`): per-sample functions, Loss classes, and lookup.
 * @example
 * ```ts
 * import { losses } from 'dendrite';
 * losses.getLoss('mse').apply(yTrue, yPred);
 * losses.binaryCrossentropy(yTrue, logits, { fromLogits: true }); // per sample
 * ```
 */

export { deserializeLoss, getLoss, type LossIdentifier, lossNames, lossRegistry, serializeLoss } from './get.js';
export {
  BinaryCrossentropy,
  type BinaryCrossentropyLossOptions,
  CategoricalCrossentropy,
  type CategoricalCrossentropyLossOptions,
  Hinge,
  Huber,
  type HuberLossOptions,
  KLDivergence,
  Loss,
  type LossFunction,
  LossFunctionWrapper,
  type LossOptions,
  MeanAbsoluteError,
  MeanSquaredError,
  type Reduction,
  reduceWeightedValues,
  SparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyLossOptions,
} from './loss.js';
export {
  type BinaryCrossentropyOptions,
  binaryCrossentropy,
  type CategoricalCrossentropyOptions,
  categoricalCrossentropy,
  type HuberOptions,
  hinge,
  huber,
  klDivergence,
  kld,
  kullbackLeiblerDivergence,
  meanAbsoluteError,
  meanSquaredError,
  type SparseCategoricalCrossentropyOptions,
  sparseCategoricalCrossentropy,
} from './losses.js';
export { EPSILON } from './utils.js';
