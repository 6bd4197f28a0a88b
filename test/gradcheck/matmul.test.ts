// Gradient checks of matMul: every transpose combination, batched and broadcast batches, vector operands.
import { dot, matMul, type Shape } from '../../src/index.js';
import { describeEachBackend } from '../util/backends.js';
import { testGrad, uniform } from '../util/gradcheck.js';

/** Swaps the last two axes of a shape (the stored shape of a transposed operand). */
const t = (s: Shape): number[] => [...s.slice(0, -2), s[s.length - 1] as number, s[s.length - 2] as number];

/** [a's shape, b's shape] before transposition: a [..., m, k] · b [..., k, n]. */
const CASES: readonly (readonly [string, Shape, Shape])[] = [
  ['2-D', [3, 4], [4, 5]],
  ['2-D, inner dimension 1', [3, 1], [1, 2]],
  ['batched rank 3', [2, 3, 4], [2, 4, 5]],
  ['rank 3 · rank 2 (b broadcast over the batch)', [2, 3, 4], [4, 2]],
  ['rank 2 · rank 3 (a broadcast over the batch)', [3, 4], [2, 4, 2]],
  ['batch 1 broadcast against batch 2', [1, 3, 4], [2, 4, 2]],
  ['rank 4 with both batch axes broadcast', [2, 1, 2, 3], [1, 3, 3, 2]],
];

describeEachBackend('gradcheck: matMul', () => {
  CASES.forEach(([name, sa, sb], i) => {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        testGrad(
          `${name}, transposeA=${transposeA}, transposeB=${transposeB}`,
          (a, b) => matMul(a, b, transposeA, transposeB),
          () => [uniform(transposeA ? t(sa) : sa, 10 * i), uniform(transposeB ? t(sb) : sb, 10 * i + 1)],
        );
      }
    }
  });

  testGrad(
    'vector · matrix',
    (a, b) => matMul(a, b),
    () => [uniform([4], 100), uniform([4, 3], 101)],
  );
  testGrad(
    'matrix · vector',
    (a, b) => matMul(a, b),
    () => [uniform([3, 4], 102), uniform([4], 103)],
  );
  testGrad(
    'transposed matrix · vector',
    (a, b) => matMul(a, b, true),
    () => [uniform([4, 3], 104), uniform([4], 105)],
  );
  testGrad(
    'vector · transposed matrix',
    (a, b) => matMul(a, b, false, true),
    () => [uniform([4], 106), uniform([3, 4], 107)],
  );
  testGrad(
    'vector · vector',
    (a, b) => matMul(a, b),
    () => [uniform([4], 108), uniform([4], 109)],
  );
  testGrad(
    'batch of matrices · vector',
    (a, b) => matMul(a, b),
    () => [uniform([2, 3, 4], 110), uniform([4], 111)],
  );
  testGrad(
    'vector · batch of matrices',
    (a, b) => matMul(a, b),
    () => [uniform([3], 112), uniform([2, 3, 4], 113)],
  );
  testGrad(
    'dot of vectors',
    (a, b) => dot(a, b),
    () => [uniform([5], 114), uniform([5], 115)],
  );
  testGrad(
    'a matrix times itself',
    (a) => matMul(a, a),
    () => [uniform([3, 3], 116)],
  );
  testGrad(
    'a matrix times its own transpose',
    (a) => matMul(a, a, false, true),
    () => [uniform([3, 4], 117)],
  );
});
