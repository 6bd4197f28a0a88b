import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  concat,
  eye,
  fill,
  linspace,
  matMul,
  max,
  mean,
  min,
  ones,
  onesLike,
  prod,
  range,
  reshape,
  scalar,
  sum,
  tensor,
  zeros,
  zerosLike,
} from '../../src/index.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

describeEachBackend('creation', () => {
  test('tensor() from nested arrays infers the shape; numbers are float32, booleans bool', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.rank, 2);
    assert.equal(t.size, 6);
    assert.equal(t.dtype, 'float32');
    assert.deepEqual(t.arraySync(), [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = tensor([[true], [false]]);
    assert.equal(b.dtype, 'bool');
    assert.deepEqual(b.shape, [2, 1]);
    assertExact(b, [1, 0]);
  });

  test('tensor() from a flat array and a shape, with an explicit dtype', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    assert.deepEqual(t.shape, [3, 2]);
    assert.equal(t.dtype, 'int32');
    assert.ok(t.dataSync() instanceof Int32Array);
    assert.deepEqual(t.arraySync(), [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    // Booleans into a numeric dtype become 0/1.
    assertExact(tensor([true, false], undefined, 'float32'), [1, 0]);
  });

  test('tensor() from typed arrays keeps their dtype, except Float64Array (float32 unless asked)', () => {
    assert.equal(tensor(new Int32Array([1, 2])).dtype, 'int32');
    assert.equal(tensor(new Float32Array([1, 2])).dtype, 'float32');
    assert.equal(tensor(new Uint8Array([1, 0])).dtype, 'bool');
    const f = tensor(new Float64Array([0.1]));
    assert.equal(f.dtype, 'float32');
    assert.equal(f.dataSync()[0], Math.fround(0.1));
    const d = tensor(new Float64Array([0.1]), [1], 'float64');
    assert.equal(d.dtype, 'float64');
    assert.equal(d.dataSync()[0], 0.1);
    // A typed array with a shape.
    assert.deepEqual(tensor(new Float32Array([1, 2, 3, 4]), [2, 2]).arraySync(), [
      [1, 2],
      [3, 4],
    ]);
  });

  test('tensor() copies its input: changing the source array later does not change the tensor', () => {
    const src = new Float32Array([1, 2, 3]);
    const t = tensor(src);
    src[0] = 99;
    assertExact(t, [1, 2, 3]);
  });

  test('scalar() has shape [] and arraySync() returns a number', () => {
    const s = scalar(3.5);
    assert.deepEqual(s.shape, []);
    assert.equal(s.rank, 0);
    assert.equal(s.size, 1);
    assert.equal(s.arraySync(), 3.5);
    assert.equal(scalar(true).dtype, 'bool');
    assert.equal(scalar(7, 'int32').dtype, 'int32');
    assert.deepEqual(tensor(2).shape, []);
  });

  test('dataSync() returns a copy: mutating it does not change the tensor', () => {
    const t = tensor([1, 2, 3]);
    const d = t.dataSync();
    d[0] = 100;
    assertExact(t, [1, 2, 3]);
    const nested = t.arraySync() as number[];
    nested[1] = 100;
    assertExact(t, [1, 2, 3]);
  });

  test('data() and array() resolve to the same values as the sync versions', async () => {
    const t = tensor([
      [1, 2],
      [3, 4],
    ]);
    const d = await t.data();
    assert.ok(d instanceof Float32Array);
    assert.deepEqual(Array.from(d), [1, 2, 3, 4]);
    d[0] = 9;
    assertExact(t, [1, 2, 3, 4]);
    assert.deepEqual(await t.array(), [
      [1, 2],
      [3, 4],
    ]);
    assert.equal(await scalar(5).array(), 5);
  });

  test('zeros, ones, fill, zerosLike, onesLike', () => {
    const z = zeros([2, 3]);
    assert.deepEqual(z.shape, [2, 3]);
    assertExact(z, [0, 0, 0, 0, 0, 0]);
    const o = ones([2], 'int32');
    assert.equal(o.dtype, 'int32');
    assertExact(o, [1, 1]);
    assertExact(fill([3], 0.5), [0.5, 0.5, 0.5]);
    assertExact(fill([2], Number.NaN), [Number.NaN, Number.NaN]);
    assertExact(fill([], 7), [7]);
    assert.deepEqual(fill([], 7).shape, []);
    const b = tensor([true, false], [1, 2]);
    const zl = zerosLike(b);
    assert.equal(zl.dtype, 'bool');
    assert.deepEqual(zl.shape, [1, 2]);
    assertExact(zl, [0, 0]);
    const ol = onesLike(tensor([1, 2, 3], undefined, 'float64'));
    assert.equal(ol.dtype, 'float64');
    assertExact(ol, [1, 1, 1]);
  });

  test('eye: square, wide and tall', () => {
    assert.deepEqual(eye(2).arraySync(), [
      [1, 0],
      [0, 1],
    ]);
    assert.deepEqual(eye(2, 3).arraySync(), [
      [1, 0, 0],
      [0, 1, 0],
    ]);
    assert.deepEqual(eye(3, 2, 'int32').arraySync(), [
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    assert.deepEqual(eye(0).shape, [0, 0]);
  });

  test('linspace includes both ends exactly', () => {
    assertExact(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
    assertExact(linspace(1, -1, 3), [1, 0, -1]);
    const l = linspace(0, 0.3, 4);
    // The last value is `stop` itself, not start + 3·step (which would round differently).
    assert.equal(l.dataSync()[3], Math.fround(0.3));
    assertExact(linspace(2, 5, 1), [2]);
    assert.deepEqual(linspace(0, 1, 0).shape, [0]);
  });

  test('range: one argument, a step, a negative step, and empty ranges', () => {
    assertExact(range(4), [0, 1, 2, 3]);
    assertExact(range(1, 7, 2), [1, 3, 5]);
    assertExact(range(5, 0, -2), [5, 3, 1]);
    assertClose(range(0, 1, 0.25), [0, 0.25, 0.5, 0.75]);
    assert.deepEqual(range(0, 5, -1).shape, [0]);
    assert.deepEqual(range(3, 3).shape, [0]);
    const r = range(0, 3, 1, 'int32');
    assert.equal(r.dtype, 'int32');
    assertExact(r, [0, 1, 2]);
  });
});

describeEachBackend('empty shapes', () => {
  test('creation, shape, size and arraySync of [0] and [2,0,3]', () => {
    const a = tensor([]);
    assert.deepEqual(a.shape, [0]);
    assert.equal(a.size, 0);
    assert.equal(a.dtype, 'float32');
    assert.deepEqual(a.arraySync(), []);
    const b = zeros([2, 0, 3]);
    assert.deepEqual(b.shape, [2, 0, 3]);
    assert.equal(b.size, 0);
    assert.deepEqual(b.arraySync(), [[], []]);
    assert.deepEqual(tensor([[], []]).shape, [2, 0]);
    assert.deepEqual(tensor([], [0, 4]).shape, [0, 4]);
  });

  test('elementwise ops on empty tensors give empty tensors of the broadcast shape', () => {
    const y = add(zeros([2, 0, 3]), ones([3]));
    assert.deepEqual(y.shape, [2, 0, 3]);
    assert.equal(y.size, 0);
    assert.deepEqual(add(zeros([0, 1]), zeros([1, 4])).shape, [0, 4]);
    assert.deepEqual(add(zeros([0]), scalar(1)).shape, [0]);
  });

  test('reductions of nothing give their identities: sum 0, prod 1, max −Infinity, min +Infinity, mean NaN', () => {
    const e = zeros([0]);
    assertExact(sum(e), [0]);
    assertExact(prod(e), [1]);
    assertExact(max(e), [Number.NEGATIVE_INFINITY]);
    assertExact(min(e), [Number.POSITIVE_INFINITY]);
    assertExact(mean(e), [Number.NaN]);
    // Reducing the empty axis of [2,0,3] leaves [2,3] of identities; reducing another axis leaves an empty result.
    const t = zeros([2, 0, 3]);
    const s = sum(t, 1);
    assert.deepEqual(s.shape, [2, 3]);
    assertExact(s, [0, 0, 0, 0, 0, 0]);
    assertExact(prod(t, 1), [1, 1, 1, 1, 1, 1]);
    assert.deepEqual(sum(t, 2).shape, [2, 0]);
    assert.deepEqual(sum(t, [0, 2]).shape, [0]);
    assert.deepEqual(sum(t, 1, true).shape, [2, 1, 3]);
  });

  test('matMul with an inner dimension of 0 gives zeros (also large enough to reuse a pooled buffer)', () => {
    const small = matMul(zeros([2, 0]), zeros([0, 3]));
    assert.deepEqual(small.shape, [2, 3]);
    assertExact(small, [0, 0, 0, 0, 0, 0]);
    // Free a [64,64] buffer full of garbage first: an output that recycles it must still be all zeros.
    fill([64, 64], 7).dispose();
    const big = matMul(zeros([64, 0]), zeros([0, 64]));
    assert.ok(big.dataSync().every((v) => v === 0));
    assert.deepEqual(matMul(zeros([0, 3]), zeros([3, 2])).shape, [0, 2]);
  });

  test('concat with an empty part, and reshape of empty tensors', () => {
    const c = concat([tensor([[1, 2]]), zeros([0, 2]), tensor([[3, 4]])], 0);
    assert.deepEqual(c.shape, [2, 2]);
    assertExact(c, [1, 2, 3, 4]);
    assert.deepEqual(concat([zeros([2, 0]), ones([2, 1])], 1).shape, [2, 1]);
    assert.deepEqual(reshape(zeros([2, 0, 3]), [0, 5]).shape, [0, 5]);
    assert.deepEqual(reshape(zeros([2, 0, 3]), [3, -1, 2]).shape, [3, 0, 2]);
    assert.deepEqual(reshape(zeros([0]), [0, 1, 0]).shape, [0, 1, 0]);
  });
});
