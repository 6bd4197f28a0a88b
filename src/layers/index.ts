export { BaseConv, type ConvArgs, type SpatialSize } from './convolutional/base-conv.js';
export { Conv1D, type Conv1DArgs } from './convolutional/conv1d.js';
export { Conv2D, type Conv2DArgs } from './convolutional/conv2d.js';
export { DepthwiseConv2D, type DepthwiseConv2DArgs } from './convolutional/depthwise-conv2d.js';
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
export { Activation, ActivityRegularization, Flatten, Input, InputLayer } from './structural.js';
