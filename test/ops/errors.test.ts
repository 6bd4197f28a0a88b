import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  argMax,
  clipByValue,
  concat,
  DTypeError,
  eye,
  fill,
  gather,
  matMul,
  norm,
  oneHot,
  randomBernoulli,
  randomNormal,
  randomUniform,
  range,
  reshape,
  ShapeError,
  StateError,
  setBackend,
  slice,
  split,
  squeeze,
  stack,
  sum,
  tensor,
  tile,
  transpose,
  ValueError,
  variable,
  where,
  zeros,
} from '../../src/index.js';
import { describeEachBackend } from '../util/backends.js';

type ErrorClass = new (...args: never[]) => Error;

/** Asserts that `fn` throws exactly `cls` (not a subclass standing in for it) with a message matching `pattern`. */
function throwsWith(fn: () => unknown, cls: ErrorClass, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(
      e instanceof cls,
      `expected ${cls.name}, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`,
    );
    assert.equal((e as Error).constructor, cls, `expected exactly ${cls.name}, got ${(e as Error).constructor.name}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

describeEachBackend('error messages name the op, the argument, what was expected and what was received', (backend) => {
  test('matMul: inner dimension mismatch, with and without transposes; batch mismatch; rank 0; bool', () => {
    throwsWith(
      () => matMul(zeros([2, 3]), zeros([4, 5])),
      ShapeError,
      /^matMul: inner dimensions must agree; received a with shape \[2,3\] and b with shape \[4,5\]$/,
    );
    throwsWith(
      () => matMul(zeros([2, 3]), zeros([2, 4]), false, true),
      ShapeError,
      /^matMul: inner dimensions must agree; received a with shape \[2,3\] and b with shape \[2,4\] \(transposeA=false, transposeB=true\)$/,
    );
    throwsWith(
      () => matMul(zeros([2, 2, 3]), zeros([3, 3, 4])),
      ShapeError,
      /^matMul: batch dimensions must broadcast; received a with shape \[2,2,3\] and b with shape \[3,3,4\]$/,
    );
    throwsWith(
      () => matMul(zeros([]), zeros([2])),
      ShapeError,
      /^matMul: operands must have rank ≥ 1; received a with shape \[\]/,
    );
    throwsWith(() => matMul(tensor([[true]]), zeros([1, 1])), DTypeError, /^matMul: bool operands are not supported/);
  });

  test('add: shapes that do not broadcast', () => {
    throwsWith(
      () => add(zeros([2, 3]), zeros([4])),
      ShapeError,
      /^add: shapes \[2,3\] and \[4\] cannot be broadcast together \(axis -1 has sizes 3 and 4\)$/,
    );
  });

  test('reshape: element counts differ; two −1 dimensions', () => {
    throwsWith(
      () => reshape(zeros([2, 3]), [4, 2]),
      ShapeError,
      /^reshape: cannot reshape a tensor of shape \[2,3\] \(6 elements\) into \[4,2\]$/,
    );
    throwsWith(
      () => reshape(zeros([6]), [4, -1]),
      ShapeError,
      /^reshape: cannot reshape a tensor of shape \[6\] \(6 elements\) into \[4,-1\]$/,
    );
    throwsWith(() => reshape(zeros([6]), [-1, -1]), ValueError, /^reshape: at most one dimension may be -1/);
  });

  test('tensor: ragged nested arrays, non-integer int32, bool value 2, invalid dtype, wrong value count', () => {
    throwsWith(
      () => tensor([[1, 2], [3]]),
      ShapeError,
      /^tensor: nested arrays must be rectangular \(every row the same length\)\. Received: \[\[1,2\],\[3\]\]$/,
    );
    throwsWith(
      () => tensor([1, 2.5], undefined, 'int32'),
      DTypeError,
      /^tensor: int32 values must be integers in the int32 range\. Received: 2\.5 at index 1$/,
    );
    throwsWith(() => tensor([2 ** 31], undefined, 'int32'), DTypeError, /Received: 2147483648 at index 0/);
    throwsWith(
      () => tensor([1, 0, 2], undefined, 'bool'),
      DTypeError,
      /^tensor: bool values must be true\/false or 0\/1\. Received: 2 at index 2$/,
    );
    throwsWith(
      () => tensor(new Uint8Array([0, 7])),
      DTypeError,
      /^tensor: bool values must be .* Received: 7 at index 1$/,
    );
    throwsWith(
      // @ts-expect-error: an invalid dtype string, as JavaScript callers can pass
      () => tensor([1], undefined, 'float16'),
      ValueError,
      /^tensor: invalid `dtype`\. Expected one of float32, float64, int32, bool\. Received: "float16"$/,
    );
    throwsWith(
      () => tensor([1, 2, 3], [2, 2]),
      ShapeError,
      /^tensor: shape \[2,2\] needs 4 values\. Received: 3 values$/,
    );
    throwsWith(
      // @ts-expect-error: a string value
      () => tensor([1, 'a']),
      ValueError,
      /^tensor: values must be numbers or booleans\. Received: "a" at index 1$/,
    );
  });

  test('creation: fill with a value its dtype cannot hold; eye and range with bad arguments', () => {
    throwsWith(
      () => fill([2], 0.5, 'int32'),
      DTypeError,
      /^fill: an int32 `value` must be an integer .* Received: value=0\.5$/,
    );
    throwsWith(() => fill([2], 2, 'bool'), DTypeError, /^fill: a bool `value` must be 0 or 1\. Received: value=2$/);
    throwsWith(
      () => fill([-1], 0),
      ValueError,
      /^fill: invalid `shape`\. Expected an array of non-negative integers\. Received: \[-1\]$/,
    );
    throwsWith(() => eye(-1), ValueError, /^eye: `numRows` must be a non-negative integer\. Received: numRows=-1$/);
    // @ts-expect-error: an invalid dtype string
    throwsWith(() => eye(2, 2, 'complex64'), ValueError, /^eye: invalid `dtype`/);
    throwsWith(() => range(0, 5, 0), ValueError, /^range: `step` must be a finite non-zero number\. Received: step=0$/);
    throwsWith(() => range(0, Number.NaN), ValueError, /^range: `stop` must be a finite number\. Received: stop=NaN$/);
    throwsWith(
      () => range(0, 2.5, 1, 'int32'),
      DTypeError,
      /^range: an int32 range needs an integer `stop`\. Received: stop=2\.5$/,
    );
  });

  test('axes out of range name the op, the valid interval and the rank', () => {
    throwsWith(
      () => sum(zeros([2, 3]), 2),
      ValueError,
      /^sum: invalid `axis`\. Expected an integer in \[-2, 1\] for a tensor of rank 2\. Received: axis=2$/,
    );
    throwsWith(
      () => argMax(zeros([2, 3]), -3),
      ValueError,
      /^argMax: invalid `axis`\. Expected an integer in \[-2, 1\]/,
    );
    throwsWith(() => concat([zeros([2]), zeros([2])], 1), ValueError, /^concat: invalid `axis`/);
    throwsWith(() => sum(zeros([2]), 0.5), ValueError, /Received: axis=0\.5$/);
    throwsWith(
      () => transpose(zeros([2, 3]), [0, 0]),
      ValueError,
      /^transpose: `perm` must be a permutation of 0\.\.1\. Received: perm=\[0,0\]$/,
    );
    throwsWith(
      () => squeeze(zeros([2, 3]), 0),
      ShapeError,
      /^squeeze: axis 0 has size 2, expected 1 \(shape \[2,3\]\)$/,
    );
    throwsWith(
      () => argMax(zeros([0, 3]), 0),
      ValueError,
      /^argMax: cannot take the index of an extremum along an empty axis/,
    );
  });

  test('slice and split outside the tensor', () => {
    throwsWith(
      () => slice(zeros([3, 4]), [1, 2], [2, 3]),
      ShapeError,
      /^slice: begin \[1,2\] with size \[2,3\] reaches outside a tensor of shape \[3,4\] \(axis 1: begin 2, size 3, dimension 4\)$/,
    );
    throwsWith(() => slice(zeros([3]), [-1], [1]), ShapeError, /^slice: .*axis 0: begin -1/);
    throwsWith(
      () => slice(zeros([3]), [0, 0]),
      ShapeError,
      /^slice: begin\/size have more entries than the tensor's rank 1/,
    );
    throwsWith(() => split(zeros([5]), 2), ShapeError, /^split: axis 0 of size 5 cannot be split into 2 equal parts$/);
    throwsWith(
      () => split(zeros([5]), [2, 2]),
      ShapeError,
      /^split: sizes must be .* add up to axis 0's size 5\. Received: \[2,2\]$/,
    );
  });

  test('gather: index out of range names `indices`, the valid interval and the culprit', () => {
    throwsWith(
      () => gather(zeros([3, 2]), tensor([0, 3], undefined, 'int32')),
      ValueError,
      /^gather: `indices` out of range\. Expected values in \[0, 3\) for axis 0 of size 3\. Received: 3 at position 1$/,
    );
    throwsWith(
      () => gather(zeros([3, 2]), [-1], 1),
      ValueError,
      /^gather: `indices` out of range\. .* Received: -1 at position 0$/,
    );
    throwsWith(
      () => gather(zeros([3]), tensor([0.5])),
      DTypeError,
      /^gather: `indices` must be int32\. Received: dtype float32$/,
    );
  });

  test('oneHot: depth 0; non-int32 indices', () => {
    throwsWith(
      () => oneHot(tensor([0], undefined, 'int32'), 0),
      ValueError,
      /^oneHot: `depth` must be a positive integer\. Received: depth=0$/,
    );
    throwsWith(() => oneHot(tensor([0.5]), 2), DTypeError, /^oneHot: `indices` must be int32/);
  });

  test('clipByValue: min > max, NaN bounds', () => {
    throwsWith(
      () => clipByValue(zeros([2]), 1, 0),
      ValueError,
      /^clipByValue: `clipValueMin` must be ≤ `clipValueMax`\. Received: clipValueMin=1, clipValueMax=0$/,
    );
    throwsWith(() => clipByValue(zeros([2]), Number.NaN, 1), ValueError, /clipValueMin=NaN/);
  });

  test('random ops: minval ≥ maxval, fractional int32 bounds, p outside [0, 1], bad stdDev and seed', () => {
    throwsWith(
      () => randomUniform([2], 1, 1),
      ValueError,
      /^randomUniform: `minval` must be less than `maxval`\. Received: minval=1, maxval=1$/,
    );
    throwsWith(() => randomUniform([2], 2, 1), ValueError, /minval=2, maxval=1$/);
    throwsWith(
      () => randomUniform([2], 0, 2.5, 'int32'),
      ValueError,
      /^randomUniform: an int32 range needs integer bounds within \[-2\^31, 2\^31\]\. Received: minval=0, maxval=2\.5$/,
    );
    throwsWith(() => randomUniform([2], 0, 2 ** 40, 'int32'), ValueError, /maxval=1099511627776$/);
    throwsWith(
      () => randomBernoulli([2], 1.5),
      ValueError,
      /^randomBernoulli: `p` must be a probability in \[0, 1\]\. Received: p=1\.5$/,
    );
    throwsWith(() => randomBernoulli([2], Number.NaN), ValueError, /Received: p=NaN$/);
    throwsWith(
      () => randomNormal([2], 0, -1),
      ValueError,
      /^randomNormal: `stdDev` must be ≥ 0\. Received: stdDev=-1$/,
    );
    throwsWith(() => randomNormal([2], 0, 1, 'int32'), ValueError, /^randomNormal: `dtype` must be float32 or float64/);
    throwsWith(
      () => randomNormal([2], 0, 1, 'float32', 1.5),
      ValueError,
      /^randomNormal: invalid `seed`\. Expected an integer\. Received: seed=1\.5$/,
    );
  });

  test('norm: an unsupported ord', () => {
    throwsWith(
      () => norm(zeros([2]), 0),
      ValueError,
      /^norm: unsupported `ord`\. Expected 'euclidean', 'fro', a positive number or ±Infinity\. Received: ord=0$/,
    );
    // @ts-expect-error: an unsupported ord string
    throwsWith(() => norm(zeros([2]), 'nuc'), ValueError, /Received: ord="nuc"$/);
  });

  test('a disposed tensor passed to an op: StateError naming the op and the argument', () => {
    const x = tensor([1, 2]);
    x.dispose();
    throwsWith(() => add(1, x), StateError, /^add: argument `b` \(Tensor \d+, shape \[2\], float32\) is disposed/);
    throwsWith(() => sum(x), StateError, /^sum: argument `x` .* is disposed/);
    throwsWith(() => x.dataSync(), StateError, /is disposed/);
  });

  test('concat: dtype mismatch and shape mismatch; stack: shape mismatch; tile: bad reps', () => {
    throwsWith(
      () => concat([zeros([2]), zeros([2], 'int32')]),
      DTypeError,
      /^concat: all tensors must share a dtype\. Received: float32 and int32 \(tensors\[1\]\)$/,
    );
    throwsWith(
      () => concat([zeros([2, 2]), zeros([2, 3])], 0),
      ShapeError,
      /^concat: tensors\[1\] has shape \[2,3\], which does not match \[2,2\] outside axis 0$/,
    );
    throwsWith(
      () => stack([zeros([2]), zeros([3])]),
      ShapeError,
      /^stack: all tensors must have one shape\. Received: \[2\] and \[3\] \(tensors\[1\]\)$/,
    );
    throwsWith(
      () => tile(zeros([2]), [2, 2]),
      ValueError,
      /^tile: `reps` must hold one non-negative integer per axis \(1\)\. Received: \[2,2\]$/,
    );
  });

  test('where: a non-bool condition', () => {
    throwsWith(
      () => where(tensor([1, 0]), 1, 2),
      DTypeError,
      /^where: `condition` must be bool\. Received: dtype float32$/,
    );
  });

  test('Variable.assign with a wrong shape or dtype', () => {
    const v = variable(zeros([2]), true, `assign_check_${backend}`);
    throwsWith(
      () => v.assign(zeros([3])),
      ShapeError,
      /^Variable\.assign: the new value must match the variable "assign_check_\w+"\. Expected shape \[2\] and dtype float32\. Received: shape \[3\] and dtype float32$/,
    );
    throwsWith(() => v.assign(zeros([2], 'int32')), DTypeError, /Received: shape \[2\] and dtype int32$/);
    v.dispose();
  });

  test('setBackend with an unknown name lists the known ones', () => {
    throwsWith(
      () => setBackend('nope'),
      ValueError,
      /^setBackend: unknown backend\. Expected one of .*"ts".*\. Received: "nope"$/,
    );
    setBackend(backend);
  });
});
