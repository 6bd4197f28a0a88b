export { Dense, type DenseArgs } from './dense.js';
export { Dropout, type DropoutArgs } from './dropout.js';
export { type CallOptions, formatLayerShape, Layer, type LayerArgs, type LayerShape } from './layer.js';
export { Add, add } from './merging/add.js';
export { Average, average } from './merging/average.js';
export { Merge, type MergeArgs, type MergeFunction } from './merging/base-merge.js';
export { Concatenate, type ConcatenateArgs, concatenate } from './merging/concatenate.js';
export { Dot, type DotArgs, type DotAxes, dot } from './merging/dot.js';
export { Maximum, maximum } from './merging/maximum.js';
export { Minimum, minimum } from './merging/minimum.js';
export { Multiply, multiply } from './merging/multiply.js';
export { Subtract, subtract } from './merging/subtract.js';
export {
  AlphaDropout,
  GaussianDropout,
  type GaussianDropoutArgs,
  GaussianNoise,
  type GaussianNoiseArgs,
} from './noise.js';
export { BatchNormalization, type BatchNormalizationArgs } from './normalization/batch-normalization.js';
export { GroupNormalization, type GroupNormalizationArgs } from './normalization/group-normalization.js';
export { LayerNormalization, type LayerNormalizationArgs } from './normalization/layer-normalization.js';
export {
  AffineAugmentation,
  type AffineAugmentationArgs,
  type FlipMode,
  RandomContrast,
  type RandomContrastArgs,
  RandomFlip,
  type RandomFlipArgs,
  RandomRotation,
  type RandomRotationArgs,
  RandomTranslation,
  type RandomTranslationArgs,
  RandomZoom,
  type RandomZoomArgs,
} from './preprocessing/index.js';
export { type RecurrentArgs, RecurrentLayer } from './recurrent/base-rnn.js';
export { Bidirectional, type BidirectionalArgs, type MergeMode } from './recurrent/bidirectional.js';
export { GRU, type GRUArgs } from './recurrent/gru.js';
export { LSTM, type LSTMArgs } from './recurrent/lstm.js';
export { SimpleRNN, type SimpleRNNArgs } from './recurrent/simple-rnn.js';
export { Activation, ActivityRegularization, Flatten, Input, InputLayer } from './structural.js';
