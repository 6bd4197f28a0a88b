// Every error of Conv1D, Conv2D and DepthwiseConv2D: its class and its message (what, expected, received), at construction and at
// the first call.
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

test('filters, groups and their divisibility, as Keras words them', () => {
  const f = 'Invalid value for argument `filters` of Conv2D. Expected a strictly positive integer.';
  throwsExactly(() => new layers.Conv2D(0, 3), ValueError, `${f} Received filters=0`);
  throwsExactly(
    () => new layers.Conv2D({ filters: '3' as never, kernelSize: 3 }),
    ValueError,
    `${f} Received filters="3"`,
  );
  throwsExactly(
    () => new layers.Conv2D(4, 3, { groups: 0 }),
    ValueError,
    'The number of groups of Conv2D must be a positive integer. Received: groups=0',
  );
  throwsExactly(
    () => new layers.Conv1D(5, 3, { groups: 2 }),
    ValueError,
    'The number of filters of Conv1D must be evenly divisible by the number of groups. Received: groups=2, filters=5',
  );
});

test('kernelSize, strides and dilationRate: an integer or a tuple of rank positive integers', () => {
  throwsExactly(
    () => new layers.Conv2D({ filters: 3 } as never),
    ValueError,
    'Conv2D: the argument `kernelSize` is required (an integer or a tuple of 2 integers)',
  );
  throwsExactly(
    () => new layers.Conv2D(3, [3]),
    ValueError,
    'The `kernelSize` argument of Conv2D must be a tuple of 2 positive integers. Received kernelSize=[3]',
  );
  throwsExactly(
    () => new layers.Conv2D(3, [3, 0]),
    ValueError,
    'The `kernelSize` argument of Conv2D must be a tuple of 2 positive integers. Received kernelSize=[3,0]',
  );
  throwsExactly(
    () => new layers.Conv1D(3, 2, { strides: 1.5 }),
    ValueError,
    'The `strides` argument of Conv1D must be a tuple of 1 positive integers. Received strides=1.5',
  );
  throwsExactly(
    () => new layers.Conv2D(3, 2, { dilationRate: [1, -1] }),
    ValueError,
    'The `dilationRate` argument of Conv2D must be a tuple of 2 positive integers. Received dilationRate=[1,-1]',
  );
  throwsExactly(
    () => new layers.Conv2D(3, 2, { strides: 2, dilationRate: 2 }),
    ValueError,
    'Conv2D: `strides > 1` not supported in conjunction with `dilationRate > 1`. Received: strides=[2,2] and dilationRate=[2,2]',
  );
});

test("padding: 'valid' or 'same' ('causal' for Conv1D only); dataFormat: 'channels_first' is not supported yet", () => {
  throwsExactly(
    () => new layers.Conv2D(3, 2, { padding: 'causal' as never }),
    ValueError,
    "Invalid value received for argument `padding` of Conv2D. Expected one of 'valid', 'same'. Received: padding=\"causal\"",
  );
  assert.equal(new layers.Conv1D(3, 2, { padding: 'causal' }).padding, 'causal');
  throwsExactly(
    () => new layers.Conv2D(3, 2, { dataFormat: 'channels_first' }),
    NotImplementedError,
    "Conv2D: dataFormat 'channels_first' is not supported yet; use 'channels_last' (inputs of shape [batch, …spatial, channels]), transposing the input if needed",
  );
  throwsExactly(
    () => new layers.Conv1D(3, 2, { dataFormat: 'nwc' as never }),
    ValueError,
    "Invalid value received for argument `dataFormat` of Conv1D. Expected one of 'channels_last', 'channels_first'. Received: dataFormat=\"nwc\"",
  );
});

test('options: strict, booleans checked, a positional argument not given twice', () => {
  assert.throws(() => new layers.Conv2D(3, 2, { kernel_regularizer: 'l2' } as never), UnknownOptionError);
  throwsExactly(
    () => new layers.Conv2D(3, 2, { useBias: 1 as never }),
    ValueError,
    'Invalid value received for argument `useBias` of Conv2D. Expected a boolean (true or false). Received: useBias=1',
  );
  throwsExactly(
    () => new layers.Conv2D(3, { filters: 4, kernelSize: 2 } as never),
    ValueError,
    'Conv2D: `filters` was given twice, as a positional argument (3) and in the options (4). Give it once.',
  );
  assert.throws(() => new layers.Conv2D(3, 2, { activation: 'relux' as never }), ValueError);
  assert.throws(() => new layers.Conv2D(3, 2, { kernelInitializer: 'nope' as never }), ValueError);
});

test('inputs: rank 4 (Conv2D) or 3 (Conv1D), channels divisible by groups, the channels it was built for', () => {
  throwsExactly(
    () => new layers.Conv2D(4, 2, { groups: 2, name: 'c' }).apply(zeros([1, 3, 3, 3])),
    ShapeError,
    'The number of input channels of layer "c" must be evenly divisible by the number of groups. Received groups=2, but the input has 3 channels (full input shape is (None, 3, 3, 3))',
  );
  throwsExactly(
    () => new layers.Conv2D(4, 2, { name: 'c' }).apply(zeros([3, 3, 3])),
    ShapeError,
    'Layer "c" needs inputs of rank 4, of shape (batch, height, width, channels), with a known channel axis. Received: (None, 3, 3)',
  );
  throwsExactly(
    () => new layers.Conv1D(4, 2, { name: 'c' }).apply(zeros([3, 3, 3, 1])),
    ShapeError,
    'Layer "c" needs inputs of rank 3, of shape (batch, steps, channels), with a known channel axis. Received: (None, 3, 3, 1)',
  );
  const layer = new layers.Conv2D(4, 2, { name: 'c' });
  layer.apply(zeros([1, 3, 3, 3]));
  throwsExactly(
    () => layer.apply(zeros([1, 3, 3, 2])),
    ShapeError,
    'Input 0 of layer "c" is incompatible with the layer: expected rank 4 and axis -1 of input shape to have value 3, but received input with shape (1, 3, 3, 2)',
  );
  layer.dispose();
});

test('DepthwiseConv2D: depthMultiplier, kernelSize, padding, dataFormat, inputs', () => {
  throwsExactly(
    () => new layers.DepthwiseConv2D(3, { depthMultiplier: 0 }),
    ValueError,
    'Invalid value for argument `depthMultiplier` of DepthwiseConv2D. Expected a strictly positive integer. Received depthMultiplier=0',
  );
  throwsExactly(
    () => new layers.DepthwiseConv2D({} as never),
    ValueError,
    'DepthwiseConv2D: the argument `kernelSize` is required (an integer or a tuple of 2 integers)',
  );
  throwsExactly(
    () => new layers.DepthwiseConv2D(3, { kernelSize: 2 } as never),
    ValueError,
    'DepthwiseConv2D: `kernelSize` was given twice, as a positional argument (3) and in the options (2). Give it once.',
  );
  throwsExactly(
    () => new layers.DepthwiseConv2D([2, 2, 2]),
    ValueError,
    'The `kernelSize` argument of DepthwiseConv2D must be a tuple of 2 positive integers. Received kernelSize=[2,2,2]',
  );
  assert.throws(() => new layers.DepthwiseConv2D(2, { padding: 'causal' as never }), ValueError);
  assert.throws(() => new layers.DepthwiseConv2D(2, { dataFormat: 'channels_first' }), NotImplementedError);
  assert.throws(() => new layers.DepthwiseConv2D(2, { depthwise_regularizer: 'l2' } as never), UnknownOptionError);
  throwsExactly(
    () => new layers.DepthwiseConv2D(2, { name: 'd' }).apply(zeros([3, 3, 3])),
    ShapeError,
    'Layer "d" needs inputs of rank 4, of shape (batch, height, width, channels), with a known channel axis. Received: (None, 3, 3)',
  );
  const layer = new layers.DepthwiseConv2D(2, { name: 'd' });
  layer.apply(zeros([1, 3, 3, 3]));
  throwsExactly(
    () => layer.apply(zeros([1, 3, 3, 2])),
    ShapeError,
    'Input 0 of layer "d" is incompatible with the layer: expected rank 4 and axis -1 of input shape to have value 3, but received input with shape (1, 3, 3, 2)',
  );
  layer.dispose();
});

test('layer names are Keras’s: conv2d, conv1d', () => {
  assert.match(new layers.Conv2D(1, 1).name, /^conv2d(_\d+)?$/);
  assert.match(new layers.Conv1D(1, 1).name, /^conv1d(_\d+)?$/);
});
