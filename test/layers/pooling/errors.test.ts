// Every error of the pooling layers: its class and its message (what, expected, received).
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

test('poolSize: default 2 for max pooling, required for average pooling (as Keras); strides default poolSize', () => {
  assert.deepEqual(new layers.MaxPooling2D().poolSize, [2, 2]);
  assert.deepEqual(new layers.MaxPooling1D({ poolSize: 3 }).strides, [3]);
  assert.deepEqual(new layers.AveragePooling2D({ poolSize: [2, 3], strides: null }).strides, [2, 3]);
  throwsExactly(
    () => new layers.AveragePooling2D(),
    ValueError,
    'AveragePooling2D: the argument `poolSize` is required (an integer or a tuple of 2 integers)',
  );
  throwsExactly(
    () => new layers.MaxPooling2D({ poolSize: [2, 2, 2] }),
    ValueError,
    'The `poolSize` argument of MaxPooling2D must be a tuple of 2 positive integers. Received poolSize=[2,2,2]',
  );
  throwsExactly(
    () => new layers.AveragePooling1D({ poolSize: 2, strides: 0 }),
    ValueError,
    'The `strides` argument of AveragePooling1D must be a tuple of 1 positive integers. Received strides=0',
  );
});

test("padding 'valid' or 'same'; dataFormat 'channels_first' not supported yet; keepdims a boolean; strict options", () => {
  throwsExactly(
    () => new layers.MaxPooling1D({ padding: 'causal' as never }),
    ValueError,
    "Invalid value received for argument `padding` of MaxPooling1D. Expected one of 'valid', 'same'. Received: padding=\"causal\"",
  );
  for (const make of [
    () => new layers.MaxPooling2D({ dataFormat: 'channels_first' }),
    () => new layers.GlobalAveragePooling1D({ dataFormat: 'channels_first' }),
  ]) {
    assert.throws(
      make,
      (e: unknown) => e instanceof NotImplementedError && /'channels_first' is not supported yet/.test(e.message),
    );
  }
  throwsExactly(
    () => new layers.GlobalMaxPooling1D({ keepdims: 'yes' as never }),
    ValueError,
    'Invalid value received for argument `keepdims` of GlobalMaxPooling1D. Expected a boolean (true or false). Received: keepdims="yes"',
  );
  assert.throws(() => new layers.MaxPooling2D({ pool_size: 2 } as never), UnknownOptionError);
  assert.throws(() => new layers.GlobalMaxPooling2D({ keepDims: true } as never), UnknownOptionError);
});

test('inputs of the wrong rank', () => {
  throwsExactly(
    () => new layers.MaxPooling2D({ name: 'p' }).apply(zeros([1, 4, 4])),
    ShapeError,
    'Input 0 of layer "p" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (1, 4, 4)',
  );
  throwsExactly(
    () => new layers.GlobalAveragePooling1D({ name: 'g' }).apply(zeros([1, 4, 4, 1])),
    ShapeError,
    'Input 0 of layer "g" is incompatible with the layer: expected ndim=3, found ndim=4. Full shape received: (1, 4, 4, 1)',
  );
});

test('layer names are Keras’s: max_pooling2d, global_average_pooling1d', () => {
  assert.match(new layers.MaxPooling2D().name, /^max_pooling2d(_\d+)?$/);
  assert.match(new layers.GlobalAveragePooling1D().name, /^global_average_pooling1d(_\d+)?$/);
});
