import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argMax, argMin, fill, max, mean, min, prod, range, reshape, scalar, sum, tensor } from '../../src/index.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

const INF = Number.POSITIVE_INFINITY;
const NAN = Number.NaN;

/** x = [2,3,4] holding 0..23: x[i][j][k] = 12i + 4j + k. */
const cube = () => reshape(range(24), [2, 3, 4]);

describeEachBackend('reductions', () => {
  test('sum over each single axis of a [2,3,4] tensor', () => {
    const x = cube();
    const s0 = sum(x, 0);
    assert.deepEqual(s0.shape, [3, 4]);
    assertExact(s0, [12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34]);
    const s1 = sum(x, 1);
    assert.deepEqual(s1.shape, [2, 4]);
    assertExact(s1, [12, 15, 18, 21, 48, 51, 54, 57]);
    const s2 = sum(x, 2);
    assert.deepEqual(s2.shape, [2, 3]);
    assertExact(s2, [6, 22, 38, 54, 70, 86]);
  });

  test('non-contiguous axes [0,2], negative axes, and axis lists in any order', () => {
    const x = cube();
    const s = sum(x, [0, 2]);
    assert.deepEqual(s.shape, [3]);
    assertExact(s, [60, 92, 124]);
    assertExact(sum(x, [2, 0]), [60, 92, 124]);
    assertExact(sum(x, [-1, -3]), [60, 92, 124]);
    assertExact(sum(x, -1), [6, 22, 38, 54, 70, 86]);
    assertExact(max(x, [0, 2]), [15, 19, 23]);
    assertExact(min(x, [0, 1]), [0, 1, 2, 3]);
    assertClose(mean(x, [0, 2]), [7.5, 11.5, 15.5]);
    assertExact(prod(tensor([1, 2, 3, 4, 5, 6], [2, 3]), [0]), [4, 10, 18]);
  });

  test('keepDims keeps reduced axes as size 1', () => {
    const x = cube();
    assert.deepEqual(sum(x, [0, 2], true).shape, [1, 3, 1]);
    assert.deepEqual(max(x, -1, true).shape, [2, 3, 1]);
    assert.deepEqual(mean(x, undefined, true).shape, [1, 1, 1]);
    assert.deepEqual(prod(x, 1, true).shape, [2, 1, 4]);
    assertExact(min(x, 1, true), [0, 1, 2, 3, 12, 13, 14, 15]);
  });

  test('all axes: by default, with null, and with the full list', () => {
    const x = cube();
    assert.deepEqual(sum(x).shape, []);
    assertExact(sum(x), [276]);
    assertExact(sum(x, null), [276]);
    assertExact(sum(x, [0, 1, 2]), [276]);
    assertExact(max(x), [23]);
    assertExact(min(x), [0]);
    assertExact(mean(x), [11.5]);
    assertExact(
      prod(
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
      [24],
    );
  });

  test('an empty axis list reduces nothing', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const s = sum(x, []);
    assert.deepEqual(s.shape, [2, 2]);
    assertExact(s, [1, 2, 3, 4]);
  });

  test('a scalar reduced over axis 0 or −1 is itself', () => {
    assertExact(sum(scalar(3), 0), [3]);
    assertExact(max(scalar(3), -1), [3]);
    assertExact(mean(scalar(3), 0), [3]);
    assert.deepEqual(sum(scalar(3), 0, true).shape, []);
  });

  test('dtypes: bool sums to int32, int32 means are float32, float64 stays float64', () => {
    const b = sum(tensor([true, true, false]));
    assert.equal(b.dtype, 'int32');
    assertExact(b, [2]);
    const i = sum(tensor([1, 2], undefined, 'int32'));
    assert.equal(i.dtype, 'int32');
    const m = mean(tensor([1, 2], undefined, 'int32'));
    assert.equal(m.dtype, 'float32');
    assertExact(m, [1.5]);
    const d = mean(tensor([0.1, 0.2], undefined, 'float64'));
    assert.equal(d.dtype, 'float64');
    assertExact(d, [(0.1 + 0.2) / 2]);
  });

  test('NaN wins max and min; infinities are ordinary values', () => {
    assertExact(max(tensor([1, NAN, 3])), [NAN]);
    assertExact(min(tensor([1, NAN, 3])), [NAN]);
    assertExact(max(tensor([NAN, INF])), [NAN]);
    assertExact(max(tensor([-INF, -INF])), [-INF]);
    assertExact(min(tensor([INF, 1])), [1]);
    assertExact(sum(tensor([INF, -INF])), [NAN]);
    assertExact(
      max(
        tensor([
          [1, NAN],
          [3, 4],
        ]),
        1,
      ),
      [NAN, 4],
    );
  });

  test('argMax / argMin: axes, ties go to the first index, the first NaN wins', () => {
    const x = tensor([
      [1, 9, 9],
      [7, 2, 7],
    ]);
    const a0 = argMax(x);
    assert.equal(a0.dtype, 'int32');
    assert.deepEqual(a0.shape, [3]);
    assertExact(a0, [1, 0, 0]);
    assertExact(argMax(x, 1), [1, 0]);
    assertExact(argMax(x, -1), [1, 0]);
    assertExact(argMin(x, 1), [0, 1]);
    assertExact(argMin(x, 0), [0, 1, 1]);
    assertExact(argMax(tensor([1, NAN, 5, NAN])), [1]);
    assertExact(argMin(tensor([1, NAN, -5, NAN])), [1]);
    assertExact(argMax(tensor([NAN, 1])), [0]);
    assertExact(argMax(tensor([-INF, -INF])), [0]);
    assertExact(argMax(cube(), 1), [2, 2, 2, 2, 2, 2, 2, 2]);
  });

  test('float32 sums are accurate: 1e6 × 0.1 is within 1e-3 relative of 1e5', () => {
    const x = fill([1_000_000], 0.1);
    const s = sum(x).dataSync()[0] as number;
    assert.ok(Math.abs(s - 1e5) / 1e5 < 1e-3, `sum = ${s}`);
    // Also along a leading axis (the bias-gradient path) and a trailing one.
    const m = reshape(x, [1000, 1000]);
    const rows = sum(m, 0).dataSync();
    const cols = sum(m, 1).dataSync();
    assert.ok(Math.abs((rows[0] as number) - 100) < 1e-3, `column sum = ${rows[0]}`);
    assert.ok(Math.abs((cols[999] as number) - 100) < 1e-3, `row sum = ${cols[999]}`);
    assertClose(mean(x), [0.1], { rtol: 1e-6 });
  });
});
