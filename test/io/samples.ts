import {
  constraints,
  initializers,
  layers,
  losses,
  metrics,
  optimizers,
  regularizers,
  type Serializable,
} from '../../src/node.js';

/**
 * The sample object for each registered class name: non-default options wherever a class has them, so the
 * round trip proves each option survives. A class registered without a sample fails the coverage test.
 */
export type Samples = Record<string, () => Serializable>;

export const LAYERS: Samples = {
  Dense: () =>
    new layers.Dense({
      units: 3,
      inputShape: [5],
      activation: 'leakyRelu',
      useBias: false,
      kernelInitializer: new initializers.VarianceScaling({
        scale: 2,
        mode: 'fanOut',
        distribution: 'uniform',
        seed: 3,
      }),
      biasInitializer: new initializers.Constant({ value: 0.5 }),
      kernelRegularizer: new regularizers.L1L2({ l1: 0.01, l2: 0.02 }),
      biasRegularizer: new regularizers.L2({ l2: 0.5 }),
      kernelConstraint: new constraints.MaxNorm({ maxValue: 3, axis: 1 }),
      biasConstraint: new constraints.NonNeg(),
      activityRegularizer: new regularizers.L1({ l1: 0.1 }),
      trainable: false,
      name: 'the_dense',
    }),
  Dropout: () => new layers.Dropout({ rate: 0.3, noiseShape: [null, 1], seed: 5, name: 'drop' }),
  GaussianNoise: () => new layers.GaussianNoise({ stddev: 0.2, seed: 3 }),
  GaussianDropout: () => new layers.GaussianDropout({ rate: 0.2, dtype: 'float64' }),
  AlphaDropout: () => new layers.AlphaDropout({ rate: 0.1, noiseShape: [null, 4], seed: 9 }),
  ActivityRegularization: () => new layers.ActivityRegularization({ l1: 0.01, l2: 0.02 }),
  Activation: () => new layers.Activation({ activation: 'hardSigmoid' }),
  Flatten: () => new layers.Flatten({ inputShape: [2, 3], batchSize: 8 }),
  InputLayer: () => new layers.InputLayer({ shape: [4] }),
  Concatenate: () => new layers.Concatenate({ axis: 1, name: 'cat' }),
  Add: () => new layers.Add(),
  Subtract: () => new layers.Subtract({ trainable: false }),
  Multiply: () => new layers.Multiply({ dtype: 'float64' }),
  Average: () => new layers.Average(),
  Maximum: () => new layers.Maximum(),
  Minimum: () => new layers.Minimum({ name: 'lowest' }),
  Dot: () => new layers.Dot({ axes: [2, -1], normalize: true }),
  RandomFlip: () => new layers.RandomFlip({ mode: 'vertical', seed: 3, inputShape: [3, 4, 2] }),
  RandomContrast: () => new layers.RandomContrast([0.1, 0.4], { valueRange: [0, 1], seed: 5, inputShape: [3, 4, 2] }),
  RandomTranslation: () =>
    new layers.RandomTranslation([-0.2, 0.1], 0.3, {
      fillMode: 'constant',
      fillValue: 0.5,
      seed: 2,
      inputShape: [4, 5, 1],
    }),
  RandomRotation: () =>
    new layers.RandomRotation(0.1, { interpolation: 'nearest', fillMode: 'wrap', seed: 3, inputShape: [4, 5, 1] }),
  RandomZoom: () =>
    new layers.RandomZoom([-0.2, 0.3], { widthFactor: 0.1, fillMode: 'nearest', seed: 4, inputShape: [4, 5, 1] }),
  // Recurrent (issue 12).
  SimpleRNN: () => new layers.SimpleRNN({ units: 3, activation: 'relu', dropout: 0.2, seed: 4, returnSequences: true }),
  LSTM: () =>
    new layers.LSTM({
      units: 4,
      recurrentDropout: 0.1,
      unitForgetBias: false,
      recurrentRegularizer: regularizers.l2(0.01),
      goBackwards: true,
    }),
  GRU: () => new layers.GRU({ units: 2, resetAfter: false, recurrentActivation: 'hardSigmoid' }),
  Bidirectional: () => new layers.Bidirectional(new layers.LSTM(3, { returnSequences: true }), { mergeMode: 'sum' }),
  BatchNormalization: () =>
    new layers.BatchNormalization({
      momentum: 0.9,
      epsilon: 0.01,
      center: false,
      gammaInitializer: new initializers.Constant({ value: 2 }),
      movingMeanInitializer: new initializers.Constant({ value: 0.5 }),
      movingVarianceInitializer: new initializers.Constant({ value: 3 }),
      gammaRegularizer: new regularizers.L2({ l2: 0.01 }),
      gammaConstraint: new constraints.NonNeg(),
      name: 'bn',
    }),
  LayerNormalization: () =>
    new layers.LayerNormalization({
      axis: [-1],
      epsilon: 1e-5,
      betaInitializer: new initializers.Constant({ value: 0.25 }),
      betaRegularizer: new regularizers.L1({ l1: 0.01 }),
      betaConstraint: new constraints.MaxNorm({ maxValue: 2, axis: 0 }),
    }),
  GroupNormalization: () => new layers.GroupNormalization({ groups: 2, scale: false, epsilon: 0.1 }),
  // Reshaping, Embedding and the spatial dropouts (issue 12).
  Reshape: () => new layers.Reshape({ targetShape: [2, -1], name: 'reshape_sample' }),
  Permute: () => new layers.Permute([2, 1]),
  RepeatVector: () => new layers.RepeatVector({ n: 3, trainable: false }),
  ZeroPadding1D: () => new layers.ZeroPadding1D([1, 2]),
  ZeroPadding2D: () =>
    new layers.ZeroPadding2D({
      padding: [
        [1, 0],
        [2, 3],
      ],
    }),
  Cropping1D: () => new layers.Cropping1D([0, 2]),
  Cropping2D: () => new layers.Cropping2D({ cropping: [1, 2], dtype: 'float64' }),
  UpSampling1D: () => new layers.UpSampling1D(3),
  UpSampling2D: () => new layers.UpSampling2D({ size: [2, 3], interpolation: 'nearest' }),
  Embedding: () =>
    new layers.Embedding({
      inputDim: 20,
      outputDim: 4,
      embeddingsInitializer: new initializers.RandomNormal({ stddev: 0.1, seed: 2 }),
      embeddingsRegularizer: new regularizers.L2({ l2: 0.01 }),
      embeddingsConstraint: new constraints.MaxNorm({ maxValue: 2 }),
      activityRegularizer: new regularizers.L1({ l1: 0.001 }),
      maskZero: true,
      inputShape: [5],
    }),
  SpatialDropout1D: () => new layers.SpatialDropout1D({ rate: 0.2, seed: 4 }),
  SpatialDropout2D: () => new layers.SpatialDropout2D({ rate: 0.3 }),
  SpatialDropout3D: () => new layers.SpatialDropout3D({ rate: 0.4, seed: 8, dataFormat: 'channels_last' }),
  // Convolution and pooling (src/layers/convolutional, src/layers/pooling).
  Conv2D: () =>
    new layers.Conv2D(6, [3, 2], {
      strides: [2, 1],
      padding: 'same',
      groups: 2,
      activation: 'relu',
      useBias: false,
      kernelInitializer: 'heNormal',
      kernelRegularizer: regularizers.l2(0.01),
      activityRegularizer: regularizers.l1(0.02),
      kernelConstraint: constraints.maxNorm({ maxValue: 2 }),
      name: 'conv',
    }),
  Conv1D: () =>
    new layers.Conv1D({
      filters: 4,
      kernelSize: 3,
      padding: 'causal',
      dilationRate: 2,
      biasInitializer: 'ones',
      biasRegularizer: regularizers.l1(0.1),
      biasConstraint: constraints.nonNeg(),
    }),
  DepthwiseConv2D: () =>
    new layers.DepthwiseConv2D(3, {
      depthMultiplier: 2,
      padding: 'same',
      activation: 'tanh',
      depthwiseInitializer: 'heUniform',
      depthwiseRegularizer: regularizers.l1(0.01),
      depthwiseConstraint: constraints.unitNorm(),
      biasRegularizer: regularizers.l2(0.02),
    }),
  SeparableConv2D: () =>
    new layers.SeparableConv2D(4, [3, 2], {
      depthMultiplier: 2,
      strides: [2, 1],
      padding: 'same',
      activation: 'relu',
      depthwiseInitializer: 'heUniform',
      pointwiseInitializer: 'leCunNormal',
      biasInitializer: 'ones',
      depthwiseRegularizer: regularizers.l1(0.01),
      pointwiseRegularizer: regularizers.l2(0.02),
      biasRegularizer: regularizers.l2(0.03),
      activityRegularizer: regularizers.l1(0.04),
      depthwiseConstraint: constraints.unitNorm(),
      pointwiseConstraint: constraints.maxNorm({ maxValue: 2 }),
      biasConstraint: constraints.nonNeg(),
    }),
  Conv2DTranspose: () =>
    new layers.Conv2DTranspose({
      filters: 3,
      kernelSize: [3, 2],
      strides: 2,
      padding: 'same',
      outputPadding: [1, 0],
      activation: 'tanh',
      useBias: true,
      kernelInitializer: 'heNormal',
      kernelRegularizer: regularizers.l2(0.01),
      biasRegularizer: regularizers.l1(0.02),
      kernelConstraint: constraints.maxNorm({ maxValue: 3 }),
      name: 'deconv',
    }),
  MaxPooling2D: () => new layers.MaxPooling2D({ poolSize: [3, 2], strides: 1, padding: 'same' }),
  AveragePooling2D: () => new layers.AveragePooling2D({ poolSize: 2, strides: [1, 2] }),
  MaxPooling1D: () => new layers.MaxPooling1D({ poolSize: 3, padding: 'same' }),
  AveragePooling1D: () => new layers.AveragePooling1D({ poolSize: 2, strides: 1, dtype: 'float64' }),
  GlobalMaxPooling2D: () => new layers.GlobalMaxPooling2D({ keepdims: true }),
  GlobalAveragePooling2D: () => new layers.GlobalAveragePooling2D({ name: 'gap' }),
  GlobalMaxPooling1D: () => new layers.GlobalMaxPooling1D(),
  GlobalAveragePooling1D: () => new layers.GlobalAveragePooling1D({ keepdims: true }),
};

export const REGULARIZERS: Samples = {
  L1: () => new regularizers.L1({ l1: 0.02 }),
  L2: () => new regularizers.L2({ l2: 0.03 }),
  L1L2: () => new regularizers.L1L2({ l1: 0.01, l2: 0.04 }),
  OrthogonalRegularizer: () => new regularizers.OrthogonalRegularizer({ factor: 0.02, mode: 'columns' }),
};

export const INITIALIZERS: Samples = {
  Zeros: () => new initializers.Zeros(),
  Ones: () => new initializers.Ones(),
  Constant: () => new initializers.Constant({ value: -2.5 }),
  Identity: () => new initializers.Identity({ gain: 2 }),
  IdentityInitializer: () => new initializers.Identity({ gain: 3 }),
  RandomNormal: () => new initializers.RandomNormal({ mean: 1, stddev: 0.5, seed: 3 }),
  RandomUniform: () => new initializers.RandomUniform({ minval: -1, maxval: 2, seed: 4 }),
  TruncatedNormal: () => new initializers.TruncatedNormal({ mean: 0.1, stddev: 2 }),
  VarianceScaling: () =>
    new initializers.VarianceScaling({ scale: 0.5, mode: 'fanAvg', distribution: 'untruncatedNormal', seed: 7 }),
  GlorotUniform: () => new initializers.GlorotUniform({ seed: 1 }),
  GlorotNormal: () => new initializers.GlorotNormal({ seed: 2 }),
  HeUniform: () => new initializers.HeUniform({ seed: 3 }),
  HeNormal: () => new initializers.HeNormal(),
  LecunUniform: () => new initializers.LecunUniform({ seed: 5 }),
  LecunNormal: () => new initializers.LecunNormal({ seed: 6 }),
  Orthogonal: () => new initializers.Orthogonal({ gain: 1.5, seed: 2 }),
  OrthogonalInitializer: () => new initializers.Orthogonal({ gain: 0.5 }),
};

export const CONSTRAINTS: Samples = {
  MaxNorm: () => new constraints.MaxNorm({ maxValue: 3, axis: [0, 1] }),
  NonNeg: () => new constraints.NonNeg(),
  UnitNorm: () => new constraints.UnitNorm({ axis: 1 }),
  MinMaxNorm: () => new constraints.MinMaxNorm({ minValue: 0.5, maxValue: 2, rate: 0.5, axis: 0 }),
};

export const OPTIMIZERS: Samples = {
  SGD: () => new optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true, clipNorm: 1 }),
  Adam: () => new optimizers.Adam({ beta1: 0.8, beta2: 0.99, epsilon: 1e-6, amsgrad: true, globalClipNorm: 2 }),
  AdamW: () => new optimizers.AdamW({ weightDecay: 0.01, clipValue: 0.5 }),
  RMSprop: () =>
    new optimizers.RMSprop({
      learningRate: new optimizers.schedules.ExponentialDecay({
        initialLearningRate: 0.1,
        decaySteps: 10,
        decayRate: 0.9,
        staircase: true,
      }),
      rho: 0.8,
      centered: true,
      momentum: 0.1,
    }),
  Adagrad: () => new optimizers.Adagrad({ initialAccumulatorValue: 0.2, epsilon: 1e-5, name: 'ada' }),
};

export const SCHEDULES: Samples = {
  ExponentialDecay: () =>
    new optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }),
  InverseTimeDecay: () =>
    new optimizers.schedules.InverseTimeDecay({
      initialLearningRate: 0.2,
      decaySteps: 5,
      decayRate: 0.1,
      staircase: true,
    }),
  PiecewiseConstantDecay: () =>
    new optimizers.schedules.PiecewiseConstantDecay({ boundaries: [10, 20], values: [0.1, 0.01, 0.001] }),
};

export const LOSSES: Samples = {
  MeanSquaredError: () => new losses.MeanSquaredError({ reduction: 'sum' }),
  MeanAbsoluteError: () => new losses.MeanAbsoluteError({ name: 'l1' }),
  BinaryCrossentropy: () => new losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }),
  CategoricalCrossentropy: () => new losses.CategoricalCrossentropy({ labelSmoothing: 0.2, axis: -1 }),
  SparseCategoricalCrossentropy: () => new losses.SparseCategoricalCrossentropy({ fromLogits: true }),
  Huber: () => new losses.Huber({ delta: 2 }),
  Hinge: () => new losses.Hinge(),
  KLDivergence: () => new losses.KLDivergence({ reduction: 'none' }),
};

export const METRICS: Samples = {
  BinaryAccuracy: () => new metrics.BinaryAccuracy({ threshold: 0.3 }),
  CategoricalAccuracy: () => new metrics.CategoricalAccuracy({ name: 'acc' }),
  SparseCategoricalAccuracy: () => new metrics.SparseCategoricalAccuracy(),
  AutoAccuracy: () => new metrics.AutoAccuracy({ name: 'accuracy' }),
  MeanSquaredError: () => new metrics.MeanSquaredError(),
  MeanAbsoluteError: () => new metrics.MeanAbsoluteError({ name: 'mae' }),
  Precision: () => new metrics.Precision({ thresholds: 0.7 }),
  Recall: () => new metrics.Recall({ thresholds: 0.2 }),
  AUC: () => new metrics.AUC({ numThresholds: 50, curve: 'PR', fromLogits: true }),
};
