import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  broadcastTo,
  concat,
  expandDims,
  gather,
  oneHot,
  pad,
  range,
  reshape,
  scalar,
  slice,
  split,
  squeeze,
  stack,
  type Tensor,
  tensor,
  tile,
  transpose,
  unstack,
  zeros,
} from '../../src/index.js';
import { assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

/** x = [2,3,4] holding 0..23. */
const cube = () => reshape(range(24), [2, 3, 4]);
const int = (values: number[] | number[][], shape?: number[]) => tensor(values, shape, 'int32');
const values = (t: Tensor) => Array.from(t.dataSync());

describeEachBackend('shape ops', () => {
  test('reshape infers one −1 dimension and keeps row-major order', () => {
    const x = range(6);
    const r = reshape(x, [2, -1]);
    assert.deepEqual(r.shape, [2, 3]);
    assert.deepEqual(r.arraySync(), [
      [0, 1, 2],
      [3, 4, 5],
    ]);
    assert.deepEqual(reshape(x, [-1]).shape, [6]);
    assert.deepEqual(reshape(x, [3, 1, -1]).shape, [3, 1, 2]);
    assert.deepEqual(reshape(scalar(1), [1, 1]).shape, [1, 1]);
    assert.deepEqual(reshape(tensor([5]), []).shape, []);
  });

  test('transpose: default reverses axes; 3-D permutations move elements to the right places', () => {
    const m = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const t = transpose(m);
    assert.deepEqual(t.shape, [3, 2]);
    assertExact(t, [1, 4, 2, 5, 3, 6]);
    const x = cube();
    const y = transpose(x, [1, 0, 2]);
    assert.deepEqual(y.shape, [3, 2, 4]);
    // y[j][i][k] = x[i][j][k] = 12i + 4j + k
    assertExact(slice(y, [2, 1, 0], [1, 1, 4]), [20, 21, 22, 23]);
    const z = transpose(x, [2, 0, 1]);
    assert.deepEqual(z.shape, [4, 2, 3]);
    // z[k][i][j] = 12i + 4j + k
    assertExact(slice(z, [3, 0, 0], [1, 2, 3]), [3, 7, 11, 15, 19, 23]);
    const r = transpose(x);
    assert.deepEqual(r.shape, [4, 3, 2]);
    assertExact(slice(r, [1, 2, 0], [1, 1, 2]), [9, 21]);
    // The identity permutation and negative axes.
    assertExact(transpose(x, [0, 1, 2]), values(x));
    assert.deepEqual(transpose(x, [-1, 0, 1]).shape, [4, 2, 3]);
  });

  test('expandDims and squeeze', () => {
    const v = tensor([1, 2]);
    assert.deepEqual(expandDims(v).shape, [1, 2]);
    assert.deepEqual(expandDims(v, 1).shape, [2, 1]);
    assert.deepEqual(expandDims(v, -1).shape, [2, 1]);
    assert.deepEqual(expandDims(scalar(3)).shape, [1]);
    const s = zeros([1, 2, 1, 3, 1]);
    assert.deepEqual(squeeze(s).shape, [2, 3]);
    assert.deepEqual(squeeze(s, 2).shape, [1, 2, 3, 1]);
    assert.deepEqual(squeeze(s, [0, -1]).shape, [2, 1, 3]);
    assert.deepEqual(squeeze(zeros([1, 1])).shape, []);
  });

  test('concat along each axis', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([
      [5, 6],
      [7, 8],
    ]);
    const c0 = concat([a, b], 0);
    assert.deepEqual(c0.shape, [4, 2]);
    assertExact(c0, [1, 2, 3, 4, 5, 6, 7, 8]);
    const c1 = concat([a, b], 1);
    assert.deepEqual(c1.shape, [2, 4]);
    assertExact(c1, [1, 2, 5, 6, 3, 4, 7, 8]);
    assertExact(concat([a, b], -1), [1, 2, 5, 6, 3, 4, 7, 8]);
    const x = cube();
    const c2 = concat([x, x], 2);
    assert.deepEqual(c2.shape, [2, 3, 8]);
    assertExact(slice(c2, [1, 2, 0], [1, 1, 8]), [20, 21, 22, 23, 20, 21, 22, 23]);
    // Unequal sizes along the axis, and one tensor alone.
    assertExact(concat([tensor([1]), tensor([2, 3])]), [1, 2, 3]);
    assertExact(concat([a]), [1, 2, 3, 4]);
  });

  test('stack and unstack along each axis', () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    const s0 = stack([a, b]);
    assert.deepEqual(s0.shape, [2, 2]);
    assertExact(s0, [1, 2, 3, 4]);
    const s1 = stack([a, b], 1);
    assert.deepEqual(s1.shape, [2, 2]);
    assertExact(s1, [1, 3, 2, 4]);
    assertExact(stack([scalar(1), scalar(2), scalar(3)]), [1, 2, 3]);
    const u = unstack(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      1,
    );
    assert.equal(u.length, 3);
    assert.deepEqual(u[0]?.shape, [2]);
    assert.deepEqual(u.map(values), [
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    assert.deepEqual(
      unstack(tensor([1, 2])).map((t) => t.shape),
      [[], []],
    );
  });

  test('slice: partial begin, −1 size, missing trailing axes, number arguments', () => {
    const x = cube();
    const s = slice(x, [1, 1], [1, -1]);
    assert.deepEqual(s.shape, [1, 2, 4]);
    assertExact(s, [16, 17, 18, 19, 20, 21, 22, 23]);
    assertExact(slice(x, [0, 2, 1], [2, 1, 2]), [9, 10, 21, 22]);
    assertExact(slice(tensor([1, 2, 3, 4]), 1, 2), [2, 3]);
    assertExact(slice(tensor([1, 2, 3, 4]), 2), [3, 4]);
    assert.deepEqual(slice(tensor([1, 2, 3]), [3], [0]).shape, [0]);
  });

  test('split into equal parts and into given sizes (one may be −1)', () => {
    const x = tensor([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const halves = split(x, 2, 1);
    assert.deepEqual(
      halves.map((t) => t.shape),
      [
        [2, 2],
        [2, 2],
      ],
    );
    assert.deepEqual(halves.map(values), [
      [1, 2, 5, 6],
      [3, 4, 7, 8],
    ]);
    const parts = split(x, [1, 3], -1);
    assert.deepEqual(parts.map(values), [
      [1, 5],
      [2, 3, 4, 6, 7, 8],
    ]);
    assert.deepEqual(
      split(x, [1, -1, 2], 1).map((t) => t.shape),
      [
        [2, 1],
        [2, 1],
        [2, 2],
      ],
    );
    assert.deepEqual(split(x, 2).map(values), [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });

  test('gather along axis 0 and 1, with 2-D indices and with plain arrays of indices', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    const g0 = gather(x, int([2, 0]));
    assert.deepEqual(g0.shape, [2, 3]);
    assertExact(g0, [7, 8, 9, 1, 2, 3]);
    const g1 = gather(x, int([2, 2, 0]), 1);
    assert.deepEqual(g1.shape, [3, 3]);
    assertExact(g1, [3, 3, 1, 6, 6, 4, 9, 9, 7]);
    const g2 = gather(
      tensor([10, 20, 30]),
      int([
        [0, 1],
        [2, 0],
      ]),
    );
    assert.deepEqual(g2.shape, [2, 2]);
    assertExact(g2, [10, 20, 30, 10]);
    const g3 = gather(x, int([[1], [0]]), 1);
    assert.deepEqual(g3.shape, [3, 2, 1]);
    assertExact(g3, [2, 1, 5, 4, 8, 7]);
    assertExact(gather(tensor([10, 20, 30]), [2, 0]), [30, 10]);
    assert.deepEqual(gather(x, int([])).shape, [0, 3]);
  });

  test('oneHot: depth, on/off values, dtype, −1 and out-of-range indices give a row of offValue', () => {
    const o = oneHot(int([0, 2, -1, 3]), 3);
    assert.equal(o.dtype, 'float32');
    assert.deepEqual(o.shape, [4, 3]);
    assert.deepEqual(o.arraySync(), [
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    const c = oneHot(int([[1], [0]]), 2, 5, -1, 'int32');
    assert.equal(c.dtype, 'int32');
    assert.deepEqual(c.shape, [2, 1, 2]);
    assertExact(c, [-1, 5, 5, -1]);
    assertExact(oneHot([1], 2), [0, 1]);
  });

  test('tile repeats along each axis', () => {
    assertExact(tile(tensor([1, 2]), [3]), [1, 2, 1, 2, 1, 2]);
    const t = tile(tensor([[1, 2]]), [2, 2]);
    assert.deepEqual(t.shape, [2, 4]);
    assertExact(t, [1, 2, 1, 2, 1, 2, 1, 2]);
    assert.deepEqual(tile(tensor([[1], [2]]), [1, 3]).arraySync(), [
      [1, 1, 1],
      [2, 2, 2],
    ]);
    assert.deepEqual(tile(tensor([1, 2]), [0]).shape, [0]);
  });

  test('pad with zeros and with a constant', () => {
    const p = pad(tensor([[1, 2]]), [
      [1, 0],
      [2, 1],
    ]);
    assert.deepEqual(p.shape, [2, 5]);
    assertExact(p, [0, 0, 0, 0, 0, 0, 0, 1, 2, 0]);
    assertExact(pad(tensor([1]), [[1, 1]], -7), [-7, 1, -7]);
    assertExact(pad(zeros([0]), [[1, 2]], 3), [3, 3, 3]);
  });

  test('broadcastTo', () => {
    const b = broadcastTo(tensor([1, 2, 3]), [2, 3]);
    assert.deepEqual(b.shape, [2, 3]);
    assertExact(b, [1, 2, 3, 1, 2, 3]);
    assertExact(broadcastTo(tensor([[1], [2]]), [2, 2]), [1, 1, 2, 2]);
    assertExact(broadcastTo(scalar(4), [2, 1, 2]), [4, 4, 4, 4]);
    assert.deepEqual(broadcastTo(tensor([1, 2]), [2]).shape, [2]);
  });
});
