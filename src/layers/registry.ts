import type { ActivationIdentifier } from '../activations/get.js';
import { ClassRegistry, type ConfigDict, type SerializedObject } from '../core/config.js';
import { Conv1D, type Conv1DArgs } from './convolutional/conv1d.js';
import { Conv2D, type Conv2DArgs } from './convolutional/conv2d.js';
import { Conv2DTranspose, type Conv2DTransposeArgs } from './convolutional/conv2d-transpose.js';
import { DepthwiseConv2D, type DepthwiseConv2DArgs } from './convolutional/depthwise-conv2d.js';
import { SeparableConv2D, type SeparableConv2DArgs } from './convolutional/separable-conv2d.js';
import { Embedding, type EmbeddingArgs } from './core/embedding.js';
import { Dense, type DenseArgs } from './dense.js';
import { Dropout, type DropoutArgs } from './dropout.js';
import type { Layer, LayerArgs, LayerShape } from './layer.js';
import { Add } from './merging/add.js';
import { Average } from './merging/average.js';
import { Concatenate, type ConcatenateArgs } from './merging/concatenate.js';
import { Dot, type DotArgs } from './merging/dot.js';
import { Maximum } from './merging/maximum.js';
import { Minimum } from './merging/minimum.js';
import { Multiply } from './merging/multiply.js';
import { Subtract } from './merging/subtract.js';
import { AlphaDropout, GaussianDropout, GaussianNoise } from './noise.js';
import { BatchNormalization, type BatchNormalizationArgs } from './normalization/batch-normalization.js';
import { GroupNormalization, type GroupNormalizationArgs } from './normalization/group-normalization.js';
import { LayerNormalization, type LayerNormalizationArgs } from './normalization/layer-normalization.js';
import { AveragePooling1D } from './pooling/average-pooling1d.js';
import { AveragePooling2D } from './pooling/average-pooling2d.js';
import type { GlobalPoolingArgs } from './pooling/base-global-pooling.js';
import type { PoolingArgs } from './pooling/base-pooling.js';
import { GlobalAveragePooling1D } from './pooling/global-average-pooling1d.js';
import { GlobalAveragePooling2D } from './pooling/global-average-pooling2d.js';
import { GlobalMaxPooling1D } from './pooling/global-max-pooling1d.js';
import { GlobalMaxPooling2D } from './pooling/global-max-pooling2d.js';
import { MaxPooling1D } from './pooling/max-pooling1d.js';
import { MaxPooling2D } from './pooling/max-pooling2d.js';
import { RandomContrast, type RandomContrastArgs } from './preprocessing/random-contrast.js';
import { RandomFlip, type RandomFlipArgs } from './preprocessing/random-flip.js';
import { RandomRotation, type RandomRotationArgs } from './preprocessing/random-rotation.js';
import { RandomTranslation, type RandomTranslationArgs } from './preprocessing/random-translation.js';
import { RandomZoom, type RandomZoomArgs } from './preprocessing/random-zoom.js';
import { Bidirectional, type BidirectionalArgs } from './recurrent/bidirectional.js';
import { GRU, type GRUArgs } from './recurrent/gru.js';
import { LSTM, type LSTMArgs } from './recurrent/lstm.js';
import { SimpleRNN, type SimpleRNNArgs } from './recurrent/simple-rnn.js';
import { Cropping1D, type Cropping1DArgs } from './reshaping/cropping-1d.js';
import { Cropping2D, type Cropping2DArgs } from './reshaping/cropping-2d.js';
import { Permute, type PermuteArgs } from './reshaping/permute.js';
import { RepeatVector, type RepeatVectorArgs } from './reshaping/repeat-vector.js';
import { Reshape, type ReshapeArgs } from './reshaping/reshape.js';
import { UpSampling1D, type UpSampling1DArgs } from './reshaping/up-sampling-1d.js';
import { UpSampling2D, type UpSampling2DArgs } from './reshaping/up-sampling-2d.js';
import { ZeroPadding1D, type ZeroPadding1DArgs } from './reshaping/zero-padding-1d.js';
import { ZeroPadding2D, type ZeroPadding2DArgs } from './reshaping/zero-padding-2d.js';
import { SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, type SpatialDropoutArgs } from './spatial-dropout.js';
import { Activation, ActivityRegularization, Flatten, InputLayer } from './structural.js';

/**
 * Layer class name → factory from a config (what `getConfig()` returned), for rebuilding saved models.
 * Loading a model looks layer classes up here and nowhere else: nothing named in a file is executed.
 * Each constructor validates its own options, so a bad config fails with the layer's own message.
 * @example `layerRegistry.deserialize({ className: 'Dropout', config: { rate: 0.5 } })`
 */
export const layerRegistry = new ClassRegistry<Layer>('layer');
// The casts only name the option types: every constructor checks the values it receives.
layerRegistry.register('Dense', (c) => new Dense(c as unknown as DenseArgs));
layerRegistry.register('Dropout', (c) => new Dropout(c as unknown as DropoutArgs));
layerRegistry.register('GaussianNoise', (c) => new GaussianNoise(c as unknown as LayerArgs & { stddev: number }));
layerRegistry.register('GaussianDropout', (c) => new GaussianDropout(c as unknown as LayerArgs & { rate: number }));
layerRegistry.register('AlphaDropout', (c) => new AlphaDropout(c as unknown as LayerArgs & { rate: number }));
layerRegistry.register('ActivityRegularization', (c) => new ActivityRegularization(c as LayerArgs));
layerRegistry.register(
  'Activation',
  (c) => new Activation(c as unknown as LayerArgs & { activation: ActivationIdentifier }),
);
layerRegistry.register('Flatten', (c) => new Flatten(c as LayerArgs));
// Keras 3 writes an InputLayer's shape as `batch_shape`.
layerRegistry.register('InputLayer', (c: ConfigDict & { batchShape?: LayerShape }) => {
  const { batchShape, ...rest } = c;
  const args = rest as LayerArgs & { shape?: LayerShape };
  return new InputLayer(
    batchShape !== undefined && args.batchInputShape === undefined ? { ...args, batchInputShape: batchShape } : args,
  );
});
layerRegistry.register('Concatenate', (c) => new Concatenate(c as ConcatenateArgs));
layerRegistry.register('Add', (c) => new Add(c as LayerArgs));
layerRegistry.register('Subtract', (c) => new Subtract(c as LayerArgs));
layerRegistry.register('Multiply', (c) => new Multiply(c as LayerArgs));
layerRegistry.register('Average', (c) => new Average(c as LayerArgs));
layerRegistry.register('Maximum', (c) => new Maximum(c as LayerArgs));
layerRegistry.register('Minimum', (c) => new Minimum(c as LayerArgs));
layerRegistry.register('Dot', (c) => new Dot(c as unknown as DotArgs));
layerRegistry.register('RandomFlip', (c) => new RandomFlip(c as RandomFlipArgs));
layerRegistry.register('RandomContrast', (c) => new RandomContrast(c as unknown as RandomContrastArgs));
layerRegistry.register('RandomTranslation', (c) => new RandomTranslation(c as unknown as RandomTranslationArgs));
layerRegistry.register('RandomRotation', (c) => new RandomRotation(c as unknown as RandomRotationArgs));
layerRegistry.register('RandomZoom', (c) => new RandomZoom(c as unknown as RandomZoomArgs));
layerRegistry.register('SimpleRNN', (c) => new SimpleRNN(c as unknown as SimpleRNNArgs));
layerRegistry.register('LSTM', (c) => new LSTM(c as unknown as LSTMArgs));
layerRegistry.register('GRU', (c) => new GRU(c as unknown as GRUArgs));
// The wrapped layers are saved as whole objects ({ className, config }) and rebuilt from this registry.
layerRegistry.register('Bidirectional', (c: ConfigDict) => {
  const { layer, backwardLayer, ...rest } = c as ConfigDict & {
    layer?: SerializedObject;
    backwardLayer?: SerializedObject;
  };
  return new Bidirectional({
    ...(rest as Omit<BidirectionalArgs, 'layer'>),
    layer: (layer ? layerRegistry.deserialize(layer) : layer) as BidirectionalArgs['layer'],
    ...(backwardLayer ? { backwardLayer: layerRegistry.deserialize(backwardLayer) as BidirectionalArgs['layer'] } : {}),
  });
});
layerRegistry.register('BatchNormalization', (c) => new BatchNormalization(c as BatchNormalizationArgs));
layerRegistry.register('LayerNormalization', (c) => new LayerNormalization(c as LayerNormalizationArgs));
layerRegistry.register('GroupNormalization', (c) => new GroupNormalization(c as GroupNormalizationArgs));
// Reshaping, Embedding and the spatial dropouts (issue 12).
layerRegistry.register('Reshape', (c) => new Reshape(c as unknown as ReshapeArgs));
layerRegistry.register('Permute', (c) => new Permute(c as unknown as PermuteArgs));
layerRegistry.register('RepeatVector', (c) => new RepeatVector(c as unknown as RepeatVectorArgs));
layerRegistry.register('ZeroPadding1D', (c) => new ZeroPadding1D(c as ZeroPadding1DArgs));
layerRegistry.register('ZeroPadding2D', (c) => new ZeroPadding2D(c as ZeroPadding2DArgs));
layerRegistry.register('Cropping1D', (c) => new Cropping1D(c as Cropping1DArgs));
layerRegistry.register('Cropping2D', (c) => new Cropping2D(c as Cropping2DArgs));
layerRegistry.register('UpSampling1D', (c) => new UpSampling1D(c as UpSampling1DArgs));
layerRegistry.register('UpSampling2D', (c) => new UpSampling2D(c as UpSampling2DArgs));
layerRegistry.register('Embedding', (c) => new Embedding(c as unknown as EmbeddingArgs));
layerRegistry.register('SpatialDropout1D', (c) => new SpatialDropout1D(c as unknown as SpatialDropoutArgs));
layerRegistry.register('SpatialDropout2D', (c) => new SpatialDropout2D(c as unknown as SpatialDropoutArgs));
layerRegistry.register('SpatialDropout3D', (c) => new SpatialDropout3D(c as unknown as SpatialDropoutArgs));
// Convolution and pooling (src/layers/convolutional, src/layers/pooling).
layerRegistry.register('Conv1D', (c) => new Conv1D(c as unknown as Conv1DArgs));
layerRegistry.register('Conv2D', (c) => new Conv2D(c as unknown as Conv2DArgs));
layerRegistry.register('DepthwiseConv2D', (c) => new DepthwiseConv2D(c as unknown as DepthwiseConv2DArgs));
layerRegistry.register('SeparableConv2D', (c) => new SeparableConv2D(c as unknown as SeparableConv2DArgs));
layerRegistry.register('Conv2DTranspose', (c) => new Conv2DTranspose(c as unknown as Conv2DTransposeArgs));
layerRegistry.register('AveragePooling1D', (c) => new AveragePooling1D(c as PoolingArgs));
layerRegistry.register('AveragePooling2D', (c) => new AveragePooling2D(c as PoolingArgs));
layerRegistry.register('MaxPooling1D', (c) => new MaxPooling1D(c as PoolingArgs));
layerRegistry.register('MaxPooling2D', (c) => new MaxPooling2D(c as PoolingArgs));
layerRegistry.register('GlobalAveragePooling1D', (c) => new GlobalAveragePooling1D(c as GlobalPoolingArgs));
layerRegistry.register('GlobalAveragePooling2D', (c) => new GlobalAveragePooling2D(c as GlobalPoolingArgs));
layerRegistry.register('GlobalMaxPooling1D', (c) => new GlobalMaxPooling1D(c as GlobalPoolingArgs));
layerRegistry.register('GlobalMaxPooling2D', (c) => new GlobalMaxPooling2D(c as GlobalPoolingArgs));
