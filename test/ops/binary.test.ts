import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  DTypeError,
  div,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalNot,
  logicalOr,
  maximum,
  minimum,
  mul,
  notEqual,
  pow,
  ShapeError,
  scalar,
  squaredDifference,
  sub,
  tensor,
  where,
  zeros,
} from '../../src/index.js';
import { assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

const INF = Number.POSITIVE_INFINITY;
const NAN = Number.NaN;

describeEachBackend('binary ops: golden values at the edges', () => {
  test('add and mul propagate NaN and follow IEEE for infinities', () => {
    assertExact(add(tensor([1, NAN, INF, INF, -0]), tensor([NAN, 1, -INF, INF, -0])), [NAN, NAN, NAN, INF, -0]);
    assertExact(mul(tensor([NAN, 0, INF, -0, -2]), tensor([2, INF, -1, 3, 0])), [NAN, NAN, -INF, -0, -0]);
    assertExact(sub(tensor([INF, 0]), tensor([INF, -0])), [NAN, 0]);
  });

  test('div: x/0 = ±Infinity, 0/0 = NaN, x/Infinity = ±0; int32 operands give float32 (true division)', () => {
    assertExact(div(tensor([1, -1, 0, 1, -1]), tensor([0, 0, 0, -0, INF])), [INF, -INF, NAN, -INF, -0]);
    const q = div(tensor([7, -7], undefined, 'int32'), tensor([2, 2], undefined, 'int32'));
    assert.equal(q.dtype, 'float32');
    assertExact(q, [3.5, -3.5]);
  });

  test('pow: x^0 = 1 even for NaN; 1^y = 1 even for NaN (as C and NumPy); (−8)^(1/3) = NaN', () => {
    assertExact(pow(tensor([NAN, 0, INF]), tensor([0, 0, 0])), [1, 1, 1]);
    assertExact(pow(tensor([1, 1, -1, -1]), tensor([NAN, INF, INF, -INF])), [1, 1, 1, 1]);
    assertExact(pow(tensor([-8, 0, 0, 2]), tensor([1 / 3, -1, 0.5, -INF])), [NAN, INF, 0, 0]);
    assertExact(pow(tensor([2, 3], undefined, 'int32'), tensor([10, 2], undefined, 'int32')), [1024, 9]);
  });

  test('maximum and minimum: NaN in either operand gives NaN; ±0 are ordered as in Math.max', () => {
    assertExact(maximum(tensor([1, NAN, 3, -INF]), tensor([NAN, 2, 2, -1])), [NAN, NAN, 3, -1]);
    assertExact(minimum(tensor([1, NAN, 3, INF]), tensor([NAN, 2, 2, 1])), [NAN, NAN, 2, 1]);
    assertExact(maximum(tensor([-0]), tensor([0])), [0]);
    assertExact(minimum(tensor([-0]), tensor([0])), [-0]);
  });

  test('squaredDifference', () => {
    assertExact(squaredDifference(tensor([1, 5, INF]), tensor([4, 5, 1])), [9, 0, INF]);
  });

  test('numbers take the other operand’s dtype; int32 with a fraction becomes float32', () => {
    const i = add(tensor([1, 2], undefined, 'int32'), 3);
    assert.equal(i.dtype, 'int32');
    assertExact(i, [4, 5]);
    const f = add(tensor([1, 2], undefined, 'int32'), 0.5);
    assert.equal(f.dtype, 'float32');
    assertExact(f, [1.5, 2.5]);
    const d = mul(tensor([0.1], undefined, 'float64'), 3);
    assert.equal(d.dtype, 'float64');
    assertExact(d, [0.1 * 3]);
    assert.equal(add(tensor([1], undefined, 'int32'), tensor([1], undefined, 'float64')).dtype, 'float64');
    assert.equal(add(tensor([true]), tensor([true])).dtype, 'int32');
    assertExact(add(tensor([true]), tensor([true])), [2]);
  });

  test('comparisons return bool; NaN compares unequal to everything, itself included', () => {
    const a = tensor([1, 2, NAN, INF, -0]);
    const b = tensor([2, 2, NAN, INF, 0]);
    const eq = equal(a, b);
    assert.equal(eq.dtype, 'bool');
    assertExact(eq, [0, 1, 0, 1, 1]);
    assertExact(notEqual(a, b), [1, 0, 1, 0, 0]);
    assertExact(less(a, b), [1, 0, 0, 0, 0]);
    assertExact(lessEqual(a, b), [1, 1, 0, 1, 1]);
    assertExact(greater(a, b), [0, 0, 0, 0, 0]);
    assertExact(greaterEqual(a, b), [0, 1, 0, 1, 1]);
    // Mixed dtypes compare by value.
    assertExact(equal(tensor([1, 2], undefined, 'int32'), tensor([1, 2.5])), [1, 0]);
  });

  test('comparisons broadcast', () => {
    const g = greater(tensor([[1], [5]]), tensor([0, 2, 6]));
    assert.deepEqual(g.shape, [2, 3]);
    assertExact(g, [1, 0, 0, 1, 1, 0]);
    assertExact(less(tensor([1, 2, 3]), 2), [1, 0, 0]);
  });

  test('logicalAnd, logicalOr, logicalNot with broadcasting; they require bool', () => {
    const a = tensor([[true], [false]]);
    const b = tensor([true, false]);
    const and = logicalAnd(a, b);
    assert.equal(and.dtype, 'bool');
    assert.deepEqual(and.shape, [2, 2]);
    assertExact(and, [1, 0, 0, 0]);
    assertExact(logicalOr(a, b), [1, 1, 1, 0]);
    assertExact(logicalNot(b), [0, 1]);
    assert.throws(() => logicalAnd(tensor([1]), b), DTypeError);
    assert.throws(
      () => logicalOr(tensor([true, false, true]), b),
      (e: unknown) =>
        e instanceof ShapeError && /^logicalOr: shapes \[3\] and \[2\] cannot be broadcast/.test(e.message),
    );
  });

  test('where picks a where the condition holds and broadcasts all three operands', () => {
    const c = tensor([[true], [false]]); // [2,1]
    const a = tensor([1, 2, 3]); // [3]
    const b = scalar(-1); // []
    const w = where(c, a, b);
    assert.deepEqual(w.shape, [2, 3]);
    assertExact(w, [1, 2, 3, -1, -1, -1]);
    // Three different shapes: [2,1,1], [1,3,1], [4].
    const w3 = where(tensor([[[true]], [[false]]]), tensor([[[1], [2], [3]]]), tensor([10, 20, 30, 40]));
    assert.deepEqual(w3.shape, [2, 3, 4]);
    assert.deepEqual(w3.arraySync(), [
      [
        [1, 1, 1, 1],
        [2, 2, 2, 2],
        [3, 3, 3, 3],
      ],
      [
        [10, 20, 30, 40],
        [10, 20, 30, 40],
        [10, 20, 30, 40],
      ],
    ]);
  });

  test('where: NaN passes through the branch it is picked from; dtypes promote, two bools stay bool', () => {
    assertExact(where(tensor([true, false]), tensor([NAN, NAN]), tensor([1, 2])), [NAN, 2]);
    const m = where(tensor([true, false]), tensor([1, 2], undefined, 'int32'), 0.5);
    assert.equal(m.dtype, 'float32');
    assertExact(m, [1, 0.5]);
    const bools = where(tensor([true, false]), tensor([true, true]), tensor([false, false]));
    assert.equal(bools.dtype, 'bool');
    assertExact(bools, [1, 0]);
  });
});

describeEachBackend('broadcasting', () => {
  test('[2,3] + [3]', () => {
    const y = add(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      tensor([10, 20, 30]),
    );
    assert.deepEqual(y.shape, [2, 3]);
    assertExact(y, [11, 22, 33, 14, 25, 36]);
  });

  test('[2,1] + [1,3]', () => {
    const y = add(tensor([[1], [2]]), tensor([[10, 20, 30]]));
    assert.deepEqual(y.shape, [2, 3]);
    assertExact(y, [11, 21, 31, 12, 22, 32]);
  });

  test('[4,1,3] + [2,1]', () => {
    const a = tensor(
      Array.from({ length: 12 }, (_, i) => i),
      [4, 1, 3],
    );
    const b = tensor([[100], [200]]);
    const y = add(a, b);
    assert.deepEqual(y.shape, [4, 2, 3]);
    const expected: number[] = [];
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 2; j++) for (let k = 0; k < 3; k++) expected.push(i * 3 + k + (j + 1) * 100);
    assertExact(y, expected);
  });

  test('scalars on either side, and a rank-0 tensor with a rank-3 tensor', () => {
    assertExact(sub(10, tensor([1, 2])), [9, 8]);
    assertExact(sub(tensor([1, 2]), 10), [-9, -8]);
    assertExact(sub(scalar(5), scalar(7)), [-2]);
    assert.deepEqual(sub(scalar(5), scalar(7)).shape, []);
    const y = mul(scalar(2), tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]));
    assert.deepEqual(y.shape, [2, 2, 2]);
    assertExact(y, [2, 4, 6, 8, 10, 12, 14, 16]);
    assert.deepEqual(mul(tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), scalar(2)).shape, [2, 2, 2]);
  });

  test('broadcasting along a middle axis and on both operands at once', () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 1, 3]);
    const b = tensor([10, 20], [1, 2, 1]);
    const y = sub(a, b);
    assert.deepEqual(y.shape, [2, 2, 3]);
    assertExact(y, [-9, -8, -7, -19, -18, -17, -6, -5, -4, -16, -15, -14]);
  });

  test('incompatible shapes throw ShapeError naming the op and both shapes', () => {
    assert.throws(
      () => add(zeros([2, 3]), zeros([2])),
      (e: unknown) =>
        e instanceof ShapeError &&
        /^add: shapes \[2,3\] and \[2\] cannot be broadcast together \(axis -1 has sizes 3 and 2\)/.test(e.message),
    );
    assert.throws(() => mul(zeros([4, 1, 3]), zeros([2, 2])), ShapeError);
    assert.throws(() => where(tensor([true, false, true]), zeros([2]), 0), ShapeError);
  });
});
