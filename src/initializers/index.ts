/**
 * Weight initializers (Keras's `keras.initializers`, TensorFlow.js's factory names): classes such as
 * `GlorotUniform`, factories such as `glorotUniform({ seed })`, and `getInitializer` for string identifiers.
 * The package root exports this module as the `initializers` namespace.
 *
 * @example
 * ```ts
 * import { initializers } from 'dendrite';
 * const w = initializers.heNormal({ seed: 1 }).apply([784, 256]);
 * ```
 * @module
 */

export {
  Constant,
  type ConstantArgs,
  constant,
  Identity,
  type IdentityArgs,
  identity,
  Ones,
  ones,
  Zeros,
  zeros,
} from './constant.js';
export {
  deserializeInitializer,
  getInitializer,
  INITIALIZER_NAMES,
  type InitializerIdentifier,
  type InitializerName,
  type InitializerString,
  initializerRegistry,
  type SnakeCaseInitializerName,
  serializeInitializer,
} from './get.js';
export { Initializer, type SeedArgs } from './initializer.js';
export { Orthogonal, type OrthogonalArgs, orthogonal } from './orthogonal.js';
export {
  type NormalArgs,
  RandomNormal,
  RandomUniform,
  randomNormal,
  randomUniform,
  TruncatedNormal,
  truncatedNormal,
  type UniformArgs,
} from './random.js';
export {
  computeFans,
  GlorotNormal,
  GlorotUniform,
  glorotNormal,
  glorotUniform,
  HeNormal,
  HeUniform,
  heNormal,
  heUniform,
  LecunNormal,
  LecunUniform,
  leCunNormal,
  leCunUniform,
  lecunNormal,
  lecunUniform,
  TRUNCATED_NORMAL_STDDEV,
  VarianceScaling,
  type VarianceScalingArgs,
  type VarianceScalingConfig,
  type VarianceScalingDistribution,
  type VarianceScalingMode,
  varianceScaling,
} from './variance-scaling.js';
