export { BaseConv, type ConvArgs, type SpatialSize } from './convolutional/base-conv.js';
export { Conv1D, type Conv1DArgs } from './convolutional/conv1d.js';
export { Conv2D, type Conv2DArgs } from './convolutional/conv2d.js';
export { Conv2DTranspose, type Conv2DTransposeArgs } from './convolutional/conv2d-transpose.js';
export { DepthwiseConv2D, type DepthwiseConv2DArgs } from './convolutional/depthwise-conv2d.js';
export { SeparableConv2D, type SeparableConv2DArgs } from './convolutional/separable-conv2d.js';
export { Embedding, type EmbeddingArgs } from './core/embedding.js';
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
export { AveragePooling1D } from './pooling/average-pooling1d.js';
export { AveragePooling2D } from './pooling/average-pooling2d.js';
export { BaseGlobalPooling, type GlobalPoolingArgs } from './pooling/base-global-pooling.js';
export { BasePooling, type PoolingArgs } from './pooling/base-pooling.js';
export { GlobalAveragePooling1D } from './pooling/global-average-pooling1d.js';
export { GlobalAveragePooling2D } from './pooling/global-average-pooling2d.js';
export { GlobalMaxPooling1D } from './pooling/global-max-pooling1d.js';
export { GlobalMaxPooling2D } from './pooling/global-max-pooling2d.js';
export { MaxPooling1D } from './pooling/max-pooling1d.js';
export { MaxPooling2D } from './pooling/max-pooling2d.js';
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
export type { DataFormat, Pair } from './reshaping/arguments.js';
export { Cropping1D, type Cropping1DArgs } from './reshaping/cropping-1d.js';
export { Cropping2D, type Cropping2DArgs, type Cropping2DValue } from './reshaping/cropping-2d.js';
export { Permute, type PermuteArgs } from './reshaping/permute.js';
export { RepeatVector, type RepeatVectorArgs } from './reshaping/repeat-vector.js';
export { Reshape, type ReshapeArgs } from './reshaping/reshape.js';
export { UpSampling1D, type UpSampling1DArgs } from './reshaping/up-sampling-1d.js';
export {
  UP_SAMPLING_INTERPOLATIONS,
  UpSampling2D,
  type UpSampling2DArgs,
  type UpSamplingInterpolation,
} from './reshaping/up-sampling-2d.js';
export { ZeroPadding1D, type ZeroPadding1DArgs } from './reshaping/zero-padding-1d.js';
export { type Padding2D, ZeroPadding2D, type ZeroPadding2DArgs } from './reshaping/zero-padding-2d.js';
export {
  SpatialDropout,
  SpatialDropout1D,
  SpatialDropout2D,
  SpatialDropout3D,
  type SpatialDropoutArgs,
} from './spatial-dropout.js';
export { Activation, ActivityRegularization, Flatten, Input, InputLayer } from './structural.js';
