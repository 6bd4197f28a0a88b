// Every error of SeparableConv2D and Conv2DTranspose: its class and its message (what, expected, received), at
// construction and at the first call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layers, NotImplementedError, ShapeError, UnknownOptionError, ValueError, zeros } from '../../../src/index.js';

type ErrorClass = new (...args: never[]) => Error;
function throwsExactly(fn: () => unknown, cls: ErrorClass, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.equal((e as Error).constructor, cls, `expected ${cls.name}, got ${(e as Error).constructor.name}: ${e}`);
    assert.equal((e as Error).message, message);
    return true;
  });
}

test('SeparableConv2D: depthMultiplier (checked first, as Keras), filters, kernelSize', () => {
  throwsExactly(
    () => new layers.SeparableConv2D(0, 3, { depthMultiplier: 0 }),
    ValueError,
    'Invalid value for argument `depthMultiplier` of SeparableConv2D. Expected a strictly positive integer. Received depthMultiplier=0',
  );
  throwsExactly(
    () => new layers.SeparableConv2D(2.5, 3),
    ValueError,
    'Invalid value for argument `filters` of SeparableConv2D. Expected a strictly positive integer. Received filters=2.5',
  );
  throwsExactly(
    () => new layers.SeparableConv2D({ filters: 3 } as never),
    ValueError,
    'SeparableConv2D: the argument `kernelSize` is required (an integer or a tuple of 2 integers)',
  );
  throwsExactly(
    () => new layers.SeparableConv2D(3, [3, 0]),
    ValueError,
    'The `kernelSize` argument of SeparableConv2D must be a tuple of 2 positive integers. Received kernelSize=[3,0]',
  );
  throwsExactly(
    () => new layers.SeparableConv2D(3, 2, { strides: [1, 2, 1] }),
    ValueError,
    'The `strides` argument of SeparableConv2D must be a tuple of 2 positive integers. Received strides=[1,2,1]',
  );
  throwsExactly(
    () => new layers.SeparableConv2D(3, { filters: 4, kernelSize: 2 } as never),
    ValueError,
    'SeparableConv2D: `filters` was given twice, as a positional argument (3) and in the options (4). Give it once.',
  );
  // As Keras (and DepthwiseConv2D), strides and dilation may be combined in the depthwise step.
  assert.deepEqual(new layers.SeparableConv2D(1, 2, { strides: 2, dilationRate: 2 }).strides, [2, 2]);
});

test('SeparableConv2D: padding, dataFormat, strict options, inputs', () => {
  throwsExactly(
    () => new layers.SeparableConv2D(3, 2, { padding: 'causal' as never }),
    ValueError,
    "Invalid value received for argument `padding` of SeparableConv2D. Expected one of 'valid', 'same'. Received: padding=\"causal\"",
  );
  throwsExactly(
    () => new layers.SeparableConv2D(3, 2, { dataFormat: 'channels_first' }),
    NotImplementedError,
    "SeparableConv2D: dataFormat 'channels_first' is not supported yet; use 'channels_last' (inputs of shape [batch, …spatial, channels]), transposing the input if needed",
  );
  assert.throws(() => new layers.SeparableConv2D(3, 2, { pointwise_regularizer: 'l2' } as never), UnknownOptionError);
  assert.throws(() => new layers.SeparableConv2D(3, 2, { kernelRegularizer: 'l2' } as never), UnknownOptionError);
  throwsExactly(
    () => new layers.SeparableConv2D(3, 2, { useBias: 'yes' as never }),
    ValueError,
    'Invalid value received for argument `useBias` of SeparableConv2D. Expected a boolean (true or false). Received: useBias="yes"',
  );
  // Identifiers resolve at construction, not at the first fit.
  assert.throws(() => new layers.SeparableConv2D(3, 2, { pointwiseInitializer: 'nope' as never }), ValueError);
  assert.throws(() => new layers.SeparableConv2D(3, 2, { pointwiseRegularizer: 'l3' as never }), ValueError);
  assert.throws(() => new layers.SeparableConv2D(3, 2, { depthwiseConstraint: 'nope' as never }), ValueError);
  throwsExactly(
    () => new layers.SeparableConv2D(2, 2, { name: 's' }).apply(zeros([3, 3, 3])),
    ShapeError,
    'Layer "s" needs inputs of rank 4, of shape (batch, height, width, channels), with a known channel axis. Received: (None, 3, 3)',
  );
  const layer = new layers.SeparableConv2D(2, 2, { name: 's' });
  layer.apply(zeros([1, 3, 3, 3]));
  throwsExactly(
    () => layer.apply(zeros([1, 3, 3, 2])),
    ShapeError,
    'Input 0 of layer "s" is incompatible with the layer: expected rank 4 and axis -1 of input shape to have value 3, but received input with shape (1, 3, 3, 2)',
  );
  layer.dispose();
});

test('Conv2DTranspose: filters, kernelSize, outputPadding (non-negative, below its stride), strides with dilation', () => {
  throwsExactly(
    () => new layers.Conv2DTranspose(-1, 3),
    ValueError,
    'Invalid value for argument `filters` of Conv2DTranspose. Expected a strictly positive integer. Received filters=-1',
  );
  throwsExactly(
    () => new layers.Conv2DTranspose({ filters: 3 } as never),
    ValueError,
    'Conv2DTranspose: the argument `kernelSize` is required (an integer or a tuple of 2 integers)',
  );
  throwsExactly(
    () => new layers.Conv2DTranspose(3, 2, { outputPadding: [0, -1], strides: 2 }),
    ValueError,
    'The `outputPadding` argument of Conv2DTranspose must be a tuple of 2 non-negative integers. Received outputPadding=[0,-1]',
  );
  throwsExactly(
    () => new layers.Conv2DTranspose(3, 2, { outputPadding: [1, 0] }),
    ValueError,
    'Conv2DTranspose: `outputPadding` must be strictly less than `strides` for all dimensions. At dimension 0, `outputPadding` is 1 but `strides` is 1. Received: outputPadding=[1,0], strides=[1,1]',
  );
  throwsExactly(
    () => new layers.Conv2DTranspose(3, 2, { strides: [3, 2], outputPadding: 2 }),
    ValueError,
    'Conv2DTranspose: `outputPadding` must be strictly less than `strides` for all dimensions. At dimension 1, `outputPadding` is 2 but `strides` is 2. Received: outputPadding=[2,2], strides=[3,2]',
  );
  assert.deepEqual(new layers.Conv2DTranspose(3, 2, { strides: 2, outputPadding: 0 }).outputPadding, [0, 0]);
  throwsExactly(
    () => new layers.Conv2DTranspose(3, 2, { strides: [1, 2], dilationRate: [2, 1] }),
    ValueError,
    'Conv2DTranspose: `strides > 1` not supported in conjunction with `dilationRate > 1`. Received: strides=[1,2] and dilationRate=[2,1]',
  );
});

test('Conv2DTranspose: padding, dataFormat, strict options, inputs', () => {
  throwsExactly(
    () => new layers.Conv2DTranspose(3, 2, { padding: 'full' as never }),
    ValueError,
    "Invalid value received for argument `padding` of Conv2DTranspose. Expected one of 'valid', 'same'. Received: padding=\"full\"",
  );
  throwsExactly(
    () => new layers.Conv2DTranspose(3, 2, { dataFormat: 'channels_first' }),
    NotImplementedError,
    "Conv2DTranspose: dataFormat 'channels_first' is not supported yet; use 'channels_last' (inputs of shape [batch, …spatial, channels]), transposing the input if needed",
  );
  assert.throws(() => new layers.Conv2DTranspose(3, 2, { output_padding: 1 } as never), UnknownOptionError);
  assert.throws(() => new layers.Conv2DTranspose(3, 2, { groups: 1 } as never), UnknownOptionError);
  assert.throws(() => new layers.Conv2DTranspose(3, 2, { kernelRegularizer: 'l3' as never }), ValueError);
  throwsExactly(
    () => new layers.Conv2DTranspose(2, 2, { name: 't' }).apply(zeros([3, 3, 3])),
    ShapeError,
    'Layer "t" needs inputs of rank 4, of shape (batch, height, width, channels), with a known channel axis. Received: (None, 3, 3)',
  );
  const layer = new layers.Conv2DTranspose(2, 2, { name: 't' });
  layer.apply(zeros([1, 3, 3, 3]));
  throwsExactly(
    () => layer.apply(zeros([1, 3, 3, 2])),
    ShapeError,
    'Input 0 of layer "t" is incompatible with the layer: expected rank 4 and axis -1 of input shape to have value 3, but received input with shape (1, 3, 3, 2)',
  );
  layer.dispose();
});

test('layer names are Keras’s: separable_conv2d, conv2d_transpose', () => {
  assert.match(new layers.SeparableConv2D(1, 1).name, /^separable_conv2d(_\d+)?$/);
  assert.match(new layers.Conv2DTranspose(1, 1).name, /^conv2d_transpose(_\d+)?$/);
});
