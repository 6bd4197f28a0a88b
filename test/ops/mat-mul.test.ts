import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dot, matMul, norm, range, reshape, tensor, transpose } from '../../src/index.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

const INF = Number.POSITIVE_INFINITY;

// a = [[1,2,3],[4,5,6]] (2×3), b = [[7,8],[9,10],[11,12]] (3×2); a·b = [[58,64],[139,154]].
const A = [
  [1, 2, 3],
  [4, 5, 6],
];
const B = [
  [7, 8],
  [9, 10],
  [11, 12],
];
const AB = [58, 64, 139, 154];

describeEachBackend('matMul and dot', () => {
  test('all four transpose combinations against the same hand-computed product', () => {
    const a = tensor(A);
    const b = tensor(B);
    const at = transpose(a);
    const bt = transpose(b);
    for (const [x, y, ta, tb] of [
      [a, b, false, false],
      [at, b, true, false],
      [a, bt, false, true],
      [at, bt, true, true],
    ] as const) {
      const p = matMul(x, y, ta, tb);
      assert.deepEqual(p.shape, [2, 2], `transposeA=${ta}, transposeB=${tb}`);
      assertExact(p, AB);
    }
    // bᵀ·aᵀ = (a·b)ᵀ
    assertExact(matMul(b, a, true, true), [58, 139, 64, 154]);
  });

  test('batched: [2,2,3]·[2,3,2], and a shared right operand broadcast over the batch', () => {
    const a = tensor([A, A.map((r) => r.map((v) => -v))]);
    const b = tensor([B, B]);
    const p = matMul(a, b);
    assert.deepEqual(p.shape, [2, 2, 2]);
    assertExact(p, [...AB, ...AB.map((v) => -v)]);
    const shared = matMul(a, tensor(B));
    assert.deepEqual(shared.shape, [2, 2, 2]);
    assertExact(shared, [...AB, ...AB.map((v) => -v)]);
    // Broadcast batch axes of size 1 on both sides: [2,1,2,3]·[1,3,3,2] → [2,3,2,2].
    const x = reshape(tensor([A, A]), [2, 1, 2, 3]);
    const y = tensor([B, B, B].flat(2), [1, 3, 3, 2]);
    const z = matMul(x, y);
    assert.deepEqual(z.shape, [2, 3, 2, 2]);
    assertExact(z, Array.from({ length: 6 }, () => AB).flat());
    // Batched with transposes.
    assertExact(matMul(transpose(a, [0, 2, 1]), b, true, false), [...AB, ...AB.map((v) => -v)]);
  });

  test('vector operands: vector·matrix, matrix·vector, vector·vector', () => {
    const vm = matMul(tensor([1, 2, 3]), tensor(B));
    assert.deepEqual(vm.shape, [2]);
    assertExact(vm, [58, 64]);
    const mv = matMul(tensor(A), tensor([1, 0, -1]));
    assert.deepEqual(mv.shape, [2]);
    assertExact(mv, [-2, -2]);
    const vv = dot(tensor([1, 2]), tensor([3, 4]));
    assert.deepEqual(vv.shape, []);
    assertExact(vv, [11]);
    assert.deepEqual(dot(tensor(A), tensor(B)).shape, [2, 2]);
    assertExact(dot(tensor(A), tensor(B)), AB);
    // A batched matrix times a vector.
    const bv = matMul(tensor([A, A]), tensor([1, 1, 1]));
    assert.deepEqual(bv.shape, [2, 2]);
    assertExact(bv, [6, 15, 6, 15]);
  });

  test('dtypes: int32 stays int32, mixed int32·float32 is float32, float64 is computed in float64', () => {
    const i = matMul(tensor(A, undefined, 'int32'), tensor(B, undefined, 'int32'));
    assert.equal(i.dtype, 'int32');
    assertExact(i, AB);
    const m = matMul(tensor(A, undefined, 'int32'), tensor(B));
    assert.equal(m.dtype, 'float32');
    assertExact(m, AB);
    const d = matMul(tensor([[0.1, 0.2]], undefined, 'float64'), tensor([[0.3], [0.4]], undefined, 'float64'));
    assert.equal(d.dtype, 'float64');
    assertClose(d, [0.1 * 0.3 + 0.2 * 0.4], { rtol: 1e-15 });
  });

  test('IEEE values flow through: Infinity·0 is NaN, NaN propagates to its row and column', () => {
    const p = matMul(
      tensor([
        [INF, 0],
        [1, 1],
      ]),
      tensor([
        [0, 1],
        [1, 1],
      ]),
    );
    assertExact(p, [Number.NaN, INF, 1, 2]);
  });

  test('a larger product agrees with a naive triple loop', () => {
    const m = 37;
    const k = 53;
    const n = 29;
    const a = reshape(range(m * k), [m, k]);
    const b = reshape(range(k * n), [k, n]);
    const av = a.dataSync();
    const bv = b.dataSync();
    const expected: number[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (av[i * k + p] as number) * (bv[p * n + j] as number);
        expected.push(s);
      }
    }
    assertClose(matMul(a, b), expected, { rtol: 1e-6 });
  });
});

describeEachBackend('norm', () => {
  const x = () =>
    tensor([
      [3, -4],
      [0, 12],
    ]);

  test('euclidean (default), fro and 2 are √Σx²', () => {
    assertClose(norm(x()), [13]);
    assertClose(norm(x(), 'fro'), [13]);
    assertClose(norm(tensor([3, 4]), 2), [5]);
  });

  test('1, Infinity, −Infinity and a general p', () => {
    assertClose(norm(x(), 1), [19]);
    assertClose(norm(x(), INF), [12]);
    assertClose(norm(x(), -INF), [0]);
    assertClose(norm(tensor([1, 2, 3], undefined, 'float64'), 3), [36 ** (1 / 3)], { rtol: 1e-14 });
    assertClose(norm(tensor([3, 4]), 0.5), [(Math.sqrt(3) + 2) ** 2], { rtol: 1e-6 });
  });

  test('along an axis, with keepDims', () => {
    const rows = norm(x(), 'euclidean', 1);
    assert.deepEqual(rows.shape, [2]);
    assertClose(rows, [5, 12]);
    const cols = norm(x(), 1, 0, true);
    assert.deepEqual(cols.shape, [1, 2]);
    assertClose(cols, [3, 16]);
    assertClose(norm(x(), INF, -1), [4, 12]);
    assertClose(norm(x(), 'fro', [0, 1]), [13]);
  });

  test('the norm of zeros is 0 and of an empty tensor is 0; int32 input gives float32', () => {
    assertExact(norm(tensor([0, 0])), [0]);
    assertExact(norm(tensor([])), [0]);
    const n = norm(tensor([3, 4], undefined, 'int32'));
    assert.equal(n.dtype, 'float32');
    assertClose(n, [5]);
  });
});
