/**
 * Dendrite: deep learning for TypeScript with the Keras API, built around regularization.
 *
 * This is the platform-neutral root, what `import 'dendrite'` gives a page (through a bundler's `browser`
 * condition): the TypeScript backend, models saved to `indexeddb://` or `downloads://` and loaded from there, a
 * URL or bytes. Nothing here reads `process`, `Buffer`, `require` or a `node:` module. Under Node the package
 * resolves to node.ts instead, which adds the native backend, files, MNIST and the file-writing callbacks
 * (docs/platforms.md).
 *
 * @example
 * ```ts
 * import { tensor, grad, mul } from 'dendrite';
 * grad((x) => mul(x, x))(tensor([3])).print(); // Tensor([6], shape=[1], dtype=float32)
 * ```
 * @packageDocumentation
 */

import { TsBackend } from './backends/ts/register.js';
import { ENGINE } from './core/engine.js';
import { fusedMatMul } from './ops/fused.js';
import './gradients/register.js';

// The reference backend, everywhere. The Node entry point (node.ts) adds the native one, which outranks it.
ENGINE.registerBackend('ts', () => new TsBackend(), 1);

/** Threads the active backend's kernels use: 1 on the TypeScript backend. (`setNumThreads` is Node's: node.ts.) */
export function getNumThreads(): number {
  return ENGINE.backend.capabilities.threads;
}

export * as activations from './activations/index.js';
// backend interface (for backend authors)
export type {
  Backend,
  BackendCapabilities,
  BackendMemory,
  DataId,
  KernelFunc,
  TensorInfo,
} from './backends/backend.js';
export { registerKernel } from './backends/backend.js';
export type { KernelAttrs, KernelName } from './backends/kernel-names.js';
export * as constraints from './constraints/index.js';
export { dispose, getBackend, keep, memory, setBackend, tidy } from './core/api.js';
export type { ConfigDict, ConfigValue, Serializable, SerializedObject } from './core/config.js';
// core
export type { DType, TypedArray } from './core/dtype.js';
export type { MemoryInfo, TensorContainer } from './core/engine.js';
export {
  DendriteError,
  DTypeError,
  MissingDependencyError,
  NotImplementedError,
  ResourceExhaustedError,
  ShapeError,
  StateError,
  UnknownOptionError,
  ValueError,
} from './core/errors.js';
export { type GradientConfig, type GradientContext, registerGradient } from './core/gradient-registry.js';
export { DEFAULT_MAX_TENSOR_BYTES, getMaxTensorBytes, setMaxTensorBytes } from './core/memory-limit.js';
export { SeedGenerator, setRandomSeed } from './core/random.js';
export type { Shape } from './core/shape.js';
export { type NestedArray, Tensor, Variable } from './core/tensor.js';
export * as datasets from './data/index.js';
export * as initializers from './initializers/index.js';
export { DENDRITE_VERSION as version } from './io/format.js';
export {
  type LoadOptions,
  loadModel,
  MAX_MODEL_FILE_SIZE,
  ModelFileError,
  ModelSaveError,
  type ModelSource,
  type ModelStore,
  modelFromJSON,
  modelToJSON,
  registerModelStore,
} from './io/index.js';
// Keras API
export * as layers from './layers/index.js';
export { Input } from './layers/structural.js';
export { type SymbolicHistory, SymbolicTensor } from './layers/symbolic-tensor.js';
export * as losses from './losses/index.js';
export * as metrics from './metrics/index.js';
export { type CompileArgs, Model, type ModelArgs, type ModelInputs, type SaveOptions } from './models/model.js';
export { Sequential } from './models/sequential.js';
export {
  elu,
  gelu,
  hardSigmoid,
  leakyRelu,
  mish,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softplus,
  softsign,
  tanh,
} from './ops/activations.js';
export { add, div, maximum, minimum, mul, pow, squaredDifference, sub } from './ops/arithmetic.js';
export {
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalNot,
  logicalOr,
  notEqual,
  where,
} from './ops/compare.js';
// ops
export { type NestedValues, scalar, type TensorLike, tensor } from './ops/convert.js';
export { eye, fill, linspace, ones, onesLike, range, variable, zeros, zerosLike } from './ops/creation.js';
export { grad, grads, valueAndGrad, valueAndGrads, variableGrads } from './ops/grad.js';
export { stopGradient } from './ops/gradient-stop.js';
export { dot, matMul } from './ops/mat-mul.js';
/** Fused ops (TensorFlow.js's `tf.fused`): `fused.matMul({ a, b, bias, activation })` is Dense's forward in one kernel. */
export const fused = { matMul: fusedMatMul } as const;
export type { FusedMatMulArgs } from './ops/fused.js';
export { type NormOrder, norm } from './ops/norm.js';
export { randomBernoulli, randomNormal, randomUniform, truncatedNormal } from './ops/random.js';
export { argMax, argMin, max, mean, min, prod, sum } from './ops/reduction.js';
export {
  broadcastTo,
  concat,
  expandDims,
  gather,
  oneHot,
  pad,
  reshape,
  slice,
  split,
  squeeze,
  stack,
  tile,
  transpose,
  unstack,
} from './ops/shape.js';
export { logSoftmax, logSumExp, softmax } from './ops/softmax.js';
export {
  abs,
  cast,
  ceil,
  clipByValue,
  erf,
  exp,
  expm1,
  floor,
  isFinite,
  isNaN,
  log,
  log1p,
  neg,
  reciprocal,
  round,
  rsqrt,
  sign,
  sqrt,
  square,
} from './ops/unary.js';
export * as optimizers from './optimizers/index.js';
export * as regularizers from './regularizers/index.js';
export * as callbacks from './training/callbacks/index.js';
export { Callback, type CallbackHooks, History, LambdaCallback, type Logs } from './training/callbacks.js';
export type { DataLike } from './training/data.js';
export type { DataStructure } from './training/data-adapter.js';
export type { EvaluateArgs, FitArgs, PredictArgs } from './training/loops.js';
export type { StepData } from './training/step.js';
