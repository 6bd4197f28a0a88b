// Every error of the merge layers, class and message pinned: Keras 3's checks (merge-layer broadcasting, batch
// sizes, Concatenate's axis, Dot's axes), made at build, on symbolic calls and on each eager call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Input, layers, ones, ShapeError, tidy, UnknownOptionError, ValueError } from '../../../src/index.js';

/** Throws exactly `Cls` (not a subclass or a parent) with exactly `message`. */
function throwsExactly(fn: () => unknown, Cls: typeof ValueError, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error, `expected an error, got ${String(e)}`);
    assert.equal(e.constructor, Cls, `expected a ${Cls.name}, got ${e.constructor.name}: ${e.message}`);
    assert.equal(e.message, message);
    return true;
  });
}

test('a merge layer must be called on a list: a single tensor, symbolic or not, before and after the build', () => {
  const notList = (shape: string) =>
    `Layer "add_a": a merge layer should be called on a list of inputs. Received: input_shape=${shape} (not a list of shapes)`;
  tidy(() => {
    const add = new layers.Add({ name: 'add_a' });
    throwsExactly(() => add.apply(ones([2, 3])), ValueError, notList('(None, 3)'));
    throwsExactly(() => add.apply(Input({ shape: [3] })), ValueError, notList('(None, 3)'));
    add.apply([ones([2, 3]), ones([2, 3])]);
    throwsExactly(
      () => add.apply(ones([2, 3])),
      ValueError,
      'Layer "add_a": a merge layer should be called on a list of inputs. Received: one tensor of shape (2, 3) (not a list of tensors)',
    );
    throwsExactly(() => add.apply(Input({ shape: [4, 3] })), ValueError, notList('(None, 4, 3)'));
  });
});

test('an empty list is refused, symbolic or not', () => {
  const message = 'Layer "max_a": a merge layer should be called on a list of at least 1 input. Received 0 inputs';
  throwsExactly(() => new layers.Maximum({ name: 'max_a' }).apply([]), ValueError, message);
  throwsExactly(() => layers.maximum([], { name: 'max_a' }), ValueError, message);
});

test('elementwise layers: sample shapes must broadcast (right-aligned), at build, symbolic and eager', () => {
  throwsExactly(
    () => new layers.Add({ name: 'add_b' }).apply([Input({ shape: [3] }), Input({ shape: [4] })]),
    ShapeError,
    'Layer "add_b": inputs have incompatible shapes. Received shapes (3,) and (4,): the samples of inputs[1] do not ' +
      'broadcast with those of inputs[0]',
  );
  // Keras's rule is right-aligned: (3, 4) and (3,) do not broadcast, although (3, 4) and (4,) do.
  throwsExactly(
    () => layers.multiply([Input({ shape: [3, 4] }), Input({ shape: [3] })], { name: 'mul_b' }),
    ShapeError,
    'Layer "mul_b": inputs have incompatible shapes. Received shapes (3, 4) and (3,): the samples of inputs[1] do ' +
      'not broadcast with those of inputs[0]',
  );
  tidy(() => {
    throwsExactly(
      () => layers.average([ones([2, 3, 1]), ones([2, 3, 4]), ones([2, 5])], { name: 'avg_b' }),
      ShapeError,
      'Layer "avg_b": inputs have incompatible shapes. Received shapes (3, 4) and (5,): the samples of inputs[2] do ' +
        'not broadcast with those of inputs[0] to inputs[1] broadcast together',
    );
  });
});

test('elementwise layers: known batch sizes must agree (symbolic with batchSize, and every eager call)', () => {
  throwsExactly(
    () => layers.add([Input({ shape: [3], batchSize: 2 }), Input({ shape: [3], batchSize: 5 })], { name: 'add_c' }),
    ShapeError,
    'Layer "add_c": cannot merge tensors with different batch sizes. Received tensors with shapes [(2, 3), (5, 3)]',
  );
  tidy(() => {
    const min = new layers.Minimum({ name: 'min_c' });
    min.apply([ones([4, 3]), ones([4, 3])]);
    // Built already: the check runs again on each call's real shapes, in the layer's words rather than the op's.
    throwsExactly(
      () => min.apply([ones([2, 3]), ones([4, 3])]),
      ShapeError,
      'Layer "min_c": cannot merge tensors with different batch sizes. Received tensors with shapes [(2, 3), (4, 3)]',
    );
    throwsExactly(
      () => min.apply([ones([4, 3]), ones([4, 2])]),
      ShapeError,
      'Layer "min_c": inputs have incompatible shapes. Received shapes (3,) and (2,): the samples of inputs[1] do ' +
        'not broadcast with those of inputs[0]',
    );
  });
});

test('a shared merge layer checks each symbolic call, not only the one that built it', () => {
  const add = new layers.Add({ name: 'add_d' });
  add.apply([Input({ shape: [3] }), Input({ shape: [3] })]);
  throwsExactly(
    () => add.apply([Input({ shape: [3] }), Input({ shape: [2] })]),
    ShapeError,
    'Layer "add_d": inputs have incompatible shapes. Received shapes (3,) and (2,): the samples of inputs[1] do ' +
      'not broadcast with those of inputs[0]',
  );
  assert.equal(add.inboundNodes.length, 1, 'the refused call records no node');
});

test('Subtract takes exactly 2 inputs', () => {
  const message = (shapes: string) =>
    `Layer "sub_a": a \`Subtract\` layer should be called on exactly 2 inputs. Received: input_shape=${shapes}`;
  throwsExactly(() => layers.subtract([Input({ shape: [3] })], { name: 'sub_a' }), ValueError, message('[(None, 3)]'));
  tidy(() => {
    throwsExactly(
      () => new layers.Subtract({ name: 'sub_a' }).apply([ones([2, 3]), ones([2, 3]), ones([2, 3])]),
      ValueError,
      message('[(None, 3), (None, 3), (None, 3)]'),
    );
  });
});

test('options are strict: a merge layer without options of its own takes only the layer options', () => {
  assert.throws(
    () => new layers.Add({ axis: 1 } as never),
    (e: unknown) =>
      e instanceof UnknownOptionError &&
      e.message.startsWith('Add: unknown option `axis`.') &&
      e.message.endsWith('Received: axis=1'),
  );
  assert.throws(
    () => new layers.Concatenate({ axes: 1 } as never),
    (e: unknown) =>
      e instanceof UnknownOptionError &&
      e.message.startsWith('Concatenate: unknown option `axes`; did you mean `axis`?'),
  );
  assert.throws(
    () => new layers.Dot({ axes: 1, normalise: true } as never),
    (e: unknown) =>
      e instanceof UnknownOptionError &&
      e.message.startsWith('Dot: unknown option `normalise`; did you mean `normalize`?'),
  );
});

test('Concatenate: axis an integer, in range for the inputs', () => {
  throwsExactly(
    () => new layers.Concatenate({ axis: 1.5 }),
    ValueError,
    'Invalid value received for argument `axis` of Concatenate. Expected an integer. Received: axis=1.5',
  );
  throwsExactly(
    () => new layers.Concatenate({ axis: '1' as unknown as number }),
    ValueError,
    'Invalid value received for argument `axis` of Concatenate. Expected an integer. Received: axis="1"',
  );
  throwsExactly(
    () => layers.concatenate([Input({ shape: [3] }), Input({ shape: [3] })], { axis: 2, name: 'cat_a' }),
    ValueError,
    'Invalid value received for argument `axis` of Layer "cat_a". Expected an axis in [-2, 1] for inputs of rank 2. ' +
      'Received: axis=2',
  );
  throwsExactly(
    () => layers.concatenate([Input({ shape: [3] }), Input({ shape: [3] })], { axis: -3, name: 'cat_a' }),
    ValueError,
    'Invalid value received for argument `axis` of Layer "cat_a". Expected an axis in [-2, 1] for inputs of rank 2. ' +
      'Received: axis=-3',
  );
});

test('Concatenate: one rank, and matching sizes off the concatenation axis, naming both axes', () => {
  const prefix = (axis: number, shapes: string) =>
    'Layer "cat_b": a `Concatenate` layer requires inputs with matching shapes except for the concatenation axis ' +
    `(axis=${axis}). Received: input_shape=${shapes}: `;
  throwsExactly(
    () => layers.concatenate([Input({ shape: [2, 5] }), Input({ shape: [5] })], { name: 'cat_b' }),
    ShapeError,
    `${prefix(-1, '[(None, 2, 5), (None, 5)]')}inputs[1] has rank 2, inputs[0] rank 3`,
  );
  throwsExactly(
    () => layers.concatenate([Input({ shape: [2, 5] }), Input({ shape: [3, 5] })], { name: 'cat_b' }),
    ShapeError,
    `${prefix(-1, '[(None, 2, 5), (None, 3, 5)]')}inputs[1] has size 3 on axis 1, inputs[0] has 2`,
  );
  // An unknown size matches any; the first known size is the reference.
  throwsExactly(
    () =>
      layers.concatenate([Input({ shape: [null, 5] }), Input({ shape: [3, 5] }), Input({ shape: [4, 1] })], {
        axis: 2,
        name: 'cat_b',
      }),
    ShapeError,
    `${prefix(2, '[(None, None, 5), (None, 3, 5), (None, 4, 1)]')}inputs[2] has size 4 on axis 1, inputs[1] has 3`,
  );
  // The batch axis is one of the others: known batch sizes must agree.
  throwsExactly(
    () =>
      layers.concatenate([Input({ shape: [2], batchSize: 3 }), Input({ shape: [2], batchSize: 4 })], {
        name: 'cat_b',
      }),
    ShapeError,
    `${prefix(-1, '[(3, 2), (4, 2)]')}inputs[1] has size 4 on axis 0, inputs[0] has 3`,
  );
  tidy(() => {
    const cat = new layers.Concatenate({ axis: 1, name: 'cat_b' });
    cat.apply([ones([2, 3, 4]), ones([2, 1, 4])]);
    throwsExactly(
      () => cat.apply([ones([2, 3, 4]), ones([2, 1, 5])]),
      ShapeError,
      `${prefix(1, '[(2, 3, 4), (2, 1, 5)]')}inputs[1] has size 5 on axis 2, inputs[0] has 4`,
    );
  });
});

test('Dot: axes required, an integer or a pair of integers; normalize a boolean', () => {
  const axesMessage = (received: string) =>
    `Invalid value received for argument \`axes\` of Dot. Expected an integer or a list of 2 integers. Received: axes=${received}`;
  throwsExactly(
    () => new layers.Dot({} as never),
    ValueError,
    'Dot: `axes` is required (an integer or a list of 2 integers). Received: none',
  );
  throwsExactly(() => new layers.Dot('a' as never), ValueError, axesMessage('"a"'));
  throwsExactly(() => new layers.Dot([1, 2, 3] as never), ValueError, axesMessage('[1,2,3]'));
  throwsExactly(() => new layers.Dot([1, 1.5]), ValueError, axesMessage('[1,1.5]'));
  throwsExactly(() => new layers.Dot({ axes: 1.5 }), ValueError, axesMessage('1.5'));
  throwsExactly(
    () => new layers.Dot(1, { normalize: 1 as never }),
    ValueError,
    'Invalid value received for argument `normalize` of Dot. Expected a boolean (true or false). Received: normalize=1',
  );
  throwsExactly(
    () => new layers.Dot(1, { axes: 2 } as never),
    ValueError,
    'Dot: `axes` was given twice, as the first argument (1) and in the options (2). Give it once.',
  );
});

test('Dot: exactly 2 inputs of rank ≥ 2, one batch size, axes in range and off the batch axis, equal sizes', () => {
  throwsExactly(
    () => layers.dot([Input({ shape: [3] }), Input({ shape: [3] }), Input({ shape: [3] })], { axes: 1, name: 'dot_a' }),
    ValueError,
    'Layer "dot_a": a `Dot` layer should be called on a list of 2 inputs. Received: input_shape=[(None, 3), (None, 3), (None, 3)]',
  );
  tidy(() => {
    throwsExactly(
      () => layers.dot([ones([2]), ones([2])], { axes: 1, name: 'dot_a' }),
      ShapeError,
      'Layer "dot_a": cannot do batch_dot on inputs with rank < 2. Received inputs with shapes (None,) and (None,)',
    );
    throwsExactly(
      () => layers.dot([ones([2, 3]), ones([4, 3])], { axes: 1, name: 'dot_a' }),
      ShapeError,
      'Layer "dot_a": cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes (2, 3) and (4, 3)',
    );
  });
  throwsExactly(
    () => layers.dot([Input({ shape: [3] }), Input({ shape: [3, 2] })], { axes: [1, 3], name: 'dot_a' }),
    ValueError,
    'Layer "dot_a": axis 3 is out of range for inputs[1] of shape (None, 3, 2) (rank 3). Received: axes=[1,3]',
  );
  throwsExactly(
    () => layers.dot([Input({ shape: [3] }), Input({ shape: [3] })], { axes: -3, name: 'dot_a' }),
    ValueError,
    'Layer "dot_a": axis -3 is out of range for inputs[0] of shape (None, 3) (rank 2). Received: axes=-3',
  );
  const batchAxis = (axes: string) =>
    'Layer "dot_a": cannot perform batch_dot over axis 0 (the batch axis). If your inputs are not batched, add a ' +
    `dummy batch dimension to your inputs using expandDims(x, 0). Received: axes=${axes}`;
  throwsExactly(
    () => layers.dot([Input({ shape: [3] }), Input({ shape: [3] })], { axes: 0, name: 'dot_a' }),
    ValueError,
    batchAxis('0'),
  );
  throwsExactly(
    () => layers.dot([Input({ shape: [3] }), Input({ shape: [3] })], { axes: [1, -2], name: 'dot_a' }),
    ValueError,
    batchAxis('[1,-2]'),
  );
  throwsExactly(
    () => layers.dot([Input({ shape: [3] }), Input({ shape: [4] })], { axes: 1, name: 'dot_a' }),
    ShapeError,
    'Layer "dot_a": incompatible input shapes: axis values 3 (at axis 1) != 4 (at axis 1). Full input shapes: (None, 3), (None, 4)',
  );
  throwsExactly(
    () => layers.dot([Input({ shape: [3, 5] }), Input({ shape: [4, 3] })], { axes: [2, 2], name: 'dot_a' }),
    ShapeError,
    'Layer "dot_a": incompatible input shapes: axis values 5 (at axis 2) != 3 (at axis 2). Full input shapes: (None, 3, 5), (None, 4, 3)',
  );
  // An unknown size matches (Keras note: Keras's build compares None != 3 and refuses).
  assert.deepEqual(layers.dot([Input({ shape: [null] }), Input({ shape: [3] })], { axes: 1 }).shape, [null, 1]);
});
