export { Dense, type DenseArgs } from './dense.js';
export { Dropout, type DropoutArgs } from './dropout.js';
export { type CallOptions, formatLayerShape, Layer, type LayerArgs, type LayerShape } from './layer.js';
export {
  AlphaDropout,
  GaussianDropout,
  type GaussianDropoutArgs,
  GaussianNoise,
  type GaussianNoiseArgs,
} from './noise.js';
export { Activation, ActivityRegularization, Flatten, Input, InputLayer } from './structural.js';
