// Every error of the reshaping layers, class and message pinned (Keras's words where Keras has them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Input,
  layers,
  NotImplementedError,
  ShapeError,
  tensor,
  UnknownOptionError,
  ValueError,
} from '../../../src/index.js';

type Case = [string, () => unknown, new (...a: never[]) => Error, string];

const CASES: Case[] = [
  [
    'Reshape: a dimension below -1',
    () => new layers.Reshape([2, -2]),
    ValueError,
    'Reshape: Each dimension in `target_shape` must be a non-negative integer, or `-1` for a single unknown dimension. Received: target_shape=[2,-2].',
  ],
  [
    'Reshape: two -1',
    () => new layers.Reshape([-1, -1]),
    ValueError,
    'Reshape: There must be at most one unknown dimension (-1) in target_shape. Received: target_shape=[-1,-1].',
  ],
  [
    'Reshape: not an array',
    () => new layers.Reshape('3' as never),
    ValueError,
    'Reshape: Each dimension in `target_shape` must be a non-negative integer, or `-1` for a single unknown dimension. Received: target_shape="3".',
  ],
  [
    'Reshape: sizes differ (symbolic)',
    () => new layers.Reshape([4]).apply(Input({ shape: [2, 3] })),
    ShapeError,
    'The total size of the tensor must be unchanged. Received: input_shape=(2, 3), target_shape=(4,)',
  ],
  [
    'Reshape: -1 cannot divide',
    () => new layers.Reshape([-1, 4]).apply(Input({ shape: [2, 3] })),
    ShapeError,
    'The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in target_shape. Received: input_shape=(2, 3), target_shape=(-1, 4)',
  ],
  [
    'Reshape: sizes differ (eager)',
    () => new layers.Reshape([5]).apply(tensor([[1, 2, 3, 4]])),
    ShapeError,
    'The total size of the tensor must be unchanged. Received: input_shape=(4,), target_shape=(5,)',
  ],
  [
    'Permute: not 1-based',
    () => new layers.Permute([0, 1]),
    ValueError,
    'Permute: Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims=[0,1]',
  ],
  [
    'Permute: wrong rank',
    () => new layers.Permute([2, 1], { name: 'perm' }).apply(Input({ shape: [3] })),
    ShapeError,
    'Input 0 of layer "perm" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (None, 3)',
  ],
  [
    'RepeatVector: n = 0',
    () => new layers.RepeatVector(0),
    ValueError,
    'RepeatVector: Argument `n` should be a positive integer. Received: n=0',
  ],
  [
    'RepeatVector: n = 1.5',
    () => new layers.RepeatVector(1.5),
    ValueError,
    'RepeatVector: Argument `n` should be a positive integer. Received: n=1.5',
  ],
  [
    'RepeatVector: rank 3',
    () => new layers.RepeatVector(2, { name: 'rv' }).apply(Input({ shape: [3, 2] })),
    ShapeError,
    'Input 0 of layer "rv" is incompatible with the layer: expected ndim=2, found ndim=3. Full shape received: (None, 3, 2)',
  ],
  [
    'ZeroPadding1D: three values',
    () => new layers.ZeroPadding1D([1, 2, 3] as never),
    ValueError,
    'ZeroPadding1D: The `padding` argument must be a tuple of 2 integers. Received padding=[1,2,3]',
  ],
  [
    'ZeroPadding1D: negative',
    () => new layers.ZeroPadding1D(-1),
    ValueError,
    'ZeroPadding1D: The `padding` argument must be a tuple of 2 integers. Received padding=-1, including values [-1] that do not satisfy `value >= 0`',
  ],
  [
    'ZeroPadding1D: a string inside',
    () => new layers.ZeroPadding1D(['a', 1] as never),
    ValueError,
    'ZeroPadding1D: The `padding` argument must be a tuple of 2 integers. Received padding=["a",1] including element "a"',
  ],
  [
    'ZeroPadding2D: three values',
    () => new layers.ZeroPadding2D([1, 2, 3] as never),
    ValueError,
    'ZeroPadding2D: `padding` should have two elements. Received: padding=[1,2,3].',
  ],
  [
    'ZeroPadding2D: a short pair',
    () => new layers.ZeroPadding2D([[1, 2], [3]] as never),
    ValueError,
    'ZeroPadding2D: The `2nd entry of padding` argument must be a tuple of 2 integers. Received 2nd entry of padding=[3]',
  ],
  [
    'ZeroPadding2D: a string',
    () => new layers.ZeroPadding2D('same' as never),
    ValueError,
    'ZeroPadding2D: `padding` should be either an int, a tuple of 2 ints (symmetric_height_padding, symmetric_width_padding), or a tuple of 2 tuples of 2 ints ((top_padding, bottom_padding), (left_padding, right_padding)). Received: padding="same".',
  ],
  [
    'ZeroPadding2D: channels_first',
    () => new layers.ZeroPadding2D({ dataFormat: 'channels_first' as never }),
    NotImplementedError,
    "ZeroPadding2D: dataFormat 'channels_first' is not implemented; use 'channels_last'",
  ],
  [
    'ZeroPadding2D: an unknown dataFormat',
    () => new layers.ZeroPadding2D({ dataFormat: 'nhwc' as never }),
    ValueError,
    'Invalid value received for argument `dataFormat` of ZeroPadding2D. Expected one of \'channels_last\'. Received: dataFormat="nhwc"',
  ],
  [
    'Cropping1D: nothing left (symbolic)',
    () => new layers.Cropping1D([2, 2], { name: 'crop' }).apply(Input({ shape: [4, 2] })),
    ShapeError,
    'Layer "crop": `cropping` parameter of `Cropping1D` layer must be smaller than the input length. Received: inputs.shape=(None, 4, 2), cropping=(2, 2)',
  ],
  [
    'Cropping1D: nothing left (eager)',
    () => new layers.Cropping1D([2, 2], { name: 'crop' }).apply(tensor(new Array(8).fill(0), [1, 4, 2])),
    ShapeError,
    'Layer "crop": `cropping` parameter of `Cropping1D` layer must be smaller than the input length. Received: inputs.shape=(1, 4, 2), cropping=(2, 2)',
  ],
  [
    'Cropping1D: computeOutputShape',
    () => new layers.Cropping1D([2, 2], { name: 'crop' }).computeOutputShape([null, 3, 2]),
    ShapeError,
    'Layer "crop": `cropping` parameter of `Cropping1D` layer must be smaller than the input length. Received: input_shape=(None, 3, 2), cropping=(2, 2)',
  ],
  [
    'Cropping2D: nothing left',
    () =>
      new layers.Cropping2D(
        [
          [1, 1],
          [0, 3],
        ],
        { name: 'crop' },
      ).apply(Input({ shape: [4, 3, 2] })),
    ShapeError,
    'Layer "crop": Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: inputs.shape=(None, 4, 3, 2), cropping=((1, 1), (0, 3))',
  ],
  [
    'Cropping2D: negative',
    () => new layers.Cropping2D(-1),
    ValueError,
    'Cropping2D: `cropping` cannot be negative. Received: cropping=-1.',
  ],
  [
    'UpSampling1D: size 0',
    () => new layers.UpSampling1D(0),
    ValueError,
    'UpSampling1D: Argument `size` should be a positive integer. Received: size=0',
  ],
  [
    'UpSampling2D: a zero factor',
    () => new layers.UpSampling2D([2, 0]),
    ValueError,
    'UpSampling2D: The `size` argument must be a tuple of 2 integers. Received size=[2,0], including values [0] that do not satisfy `value > 0`',
  ],
  [
    'UpSampling2D: bilinear',
    () => new layers.UpSampling2D({ interpolation: 'bilinear' }),
    NotImplementedError,
    "UpSampling2D: interpolation 'bilinear' is not implemented; use 'nearest'",
  ],
  [
    'UpSampling2D: an unknown interpolation',
    () => new layers.UpSampling2D({ interpolation: 'cubic' as never }),
    ValueError,
    "Invalid value received for argument `interpolation` of UpSampling2D. Expected one of 'nearest', 'bilinear', 'bicubic', 'lanczos3', 'lanczos5', 'area'. Received: interpolation=\"cubic\"",
  ],
  [
    'UpSampling2D: rank 3',
    () => new layers.UpSampling2D({ name: 'up' }).apply(Input({ shape: [3, 2] })),
    ShapeError,
    'Input 0 of layer "up" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (None, 3, 2)',
  ],
  [
    'UpSampling2D: an unknown option',
    () => new layers.UpSampling2D({ sizes: 2 } as never),
    UnknownOptionError,
    'UpSampling2D: unknown option `sizes`; did you mean `size`? Expected one of name, trainable, inputShape, batchInputShape, batchSize, inputDim, dtype, activityRegularizer, size, dataFormat, interpolation. Received: sizes=2',
  ],
];

for (const [name, f, Cls, message] of CASES) {
  test(name, () => {
    assert.throws(f, (e: unknown) => {
      assert.ok(e instanceof Cls, `${(e as Error).constructor.name} is not a ${Cls.name}`);
      assert.equal((e as Error).message, message);
      return true;
    });
  });
}

test('default names follow Keras: zero_padding2d, cropping1d, up_sampling2d, spatial_dropout3d', () => {
  assert.match(new layers.ZeroPadding2D().name, /^zero_padding2d(_\d+)?$/);
  assert.match(new layers.Cropping1D().name, /^cropping1d(_\d+)?$/);
  assert.match(new layers.UpSampling2D().name, /^up_sampling2d(_\d+)?$/);
  assert.match(new layers.SpatialDropout3D(0.1).name, /^spatial_dropout3d(_\d+)?$/);
  assert.match(new layers.RepeatVector(2).name, /^repeat_vector(_\d+)?$/);
});
