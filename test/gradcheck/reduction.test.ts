// Gradient checks of the reductions and norms over several axes, with keepDims, ties and zeros.
import { test } from 'node:test';
import { grad, max, mean, min, norm, prod, sum, type Tensor, tensor, tidy } from '../../src/index.js';
import { assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { distinct, testGrad, uniform } from '../util/gradcheck.js';

const f64 = (values: number[], shape?: number[]): Tensor => tensor(values, shape, 'float64');
type Axis = number | number[] | null;

const AXES: readonly Axis[] = [null, 0, 1, -1, [0, 2], [1, 2]];
const name = (op: string, axis: Axis, keepDims: boolean): string =>
  `${op} axis ${JSON.stringify(axis)}${keepDims ? ', keepDims' : ''}`;

/** Values in ±[0.5, 1.5): away from 0, so prod's y/x path is exercised with no zero. */
function signedAwayFromZero(shape: number[], seed: number): Tensor {
  return uniform(shape, seed, { low: -1.5, high: 1.5, avoid: [0], margin: 0.5 });
}

describeEachBackend('gradcheck: reductions', () => {
  const shape = [2, 3, 4];
  AXES.forEach((axis, i) => {
    for (const keepDims of [false, true]) {
      const seed = 10 * i + (keepDims ? 1 : 0);
      testGrad(
        name('sum', axis, keepDims),
        (x) => sum(x, axis, keepDims),
        () => [uniform(shape, seed)],
      );
      testGrad(
        name('mean', axis, keepDims),
        (x) => mean(x, axis, keepDims),
        () => [uniform(shape, seed + 100)],
      );
      testGrad(
        name('max', axis, keepDims),
        (x) => max(x, axis, keepDims),
        () => distinct([shape], seed + 200),
      );
      testGrad(
        name('min', axis, keepDims),
        (x) => min(x, axis, keepDims),
        () => distinct([shape], seed + 300),
      );
      testGrad(
        name('prod', axis, keepDims),
        (x) => prod(x, axis, keepDims),
        () => [signedAwayFromZero(shape, seed + 400)],
      );
    }
  });
  testGrad(
    'sum of a scalar',
    (x) => sum(x),
    () => [f64([2.5], [])],
  );
  testGrad(
    'mean of a vector',
    (x) => mean(x),
    () => [uniform([5], 1)],
  );

  // prod is multilinear, so the central difference is exact even at a zero.
  testGrad(
    'prod over rows: no zero / one zero / two zeros',
    (x) => prod(x, 1),
    () => [f64([1.5, -2, 0.5, 3, 0, -1.25, 0, 2, 0], [3, 3])],
  );
  testGrad(
    'prod of all elements with one zero',
    (x) => prod(x),
    () => [f64([1.5, -2, 0, 0.75], [2, 2])],
  );
  testGrad(
    'prod of all elements with two zeros',
    (x) => prod(x),
    () => [f64([1.5, 0, 0, 0.75], [2, 2])],
  );
  testGrad(
    'prod over axis 0, keepDims, zeros in some columns',
    (x) => prod(x, 0, true),
    () => [f64([0, 2, 0, -1, 3, 0.5, 0, 4, 1.5], [3, 3])],
  );

  test('prod: the one zero gets the product of the others; with two zeros everything gets 0', () => {
    tidy(() => {
      assertExact(grad((x) => prod(x))(f64([2, 0, 3])), [0, 6, 0]);
      assertExact(grad((x) => prod(x))(f64([0, 0, 3])), [0, 0, 0]);
      assertExact(grad((x) => prod(x))(f64([2, 4, 3])), [12, 6, 8]);
    });
  });

  test('max: tied maxima share the gradient equally', () => {
    tidy(() => {
      assertExact(grad((x) => max(x))(f64([3, 1, 3, 2])), [0.5, 0, 0.5, 0]);
      assertExact(grad((x) => max(x))(f64([1, 1, 1, 1])), [0.25, 0.25, 0.25, 0.25]);
      // Per row, with dy = [2, 4]: row 0 has three tied maxima, row 1 one.
      const g = grad((x) => max(x, 1, true))(f64([5, 5, 5, 0, 1, 7], [2, 3]), f64([2, 4], [2, 1]));
      assertExact(g, [2 / 3, 2 / 3, 2 / 3, 0, 0, 4]);
    });
  });

  test('min: tied minima share the gradient equally', () => {
    tidy(() => {
      assertExact(grad((x) => min(x, 0))(f64([1, 2, 1, 0], [2, 2])), [0.5, 0, 0.5, 1]);
    });
  });
});

describeEachBackend('gradcheck: norm', () => {
  const x = (seed: number): Tensor => uniform([3, 4], seed, { avoid: [0], margin: 0.2 });
  // Distinct absolute values, no zero: max|x| and min|x| have a single winner per row and column.
  const abs = (): Tensor => f64([0.5, -1.75, 2.25, -1.1, -3, 1.25, -0.8, 2.6, 1.4, -2.0, 0.3, 2.95], [3, 4]);
  const AXES_N: readonly Axis[] = [null, 0, 1, -1, [0, 1]];
  AXES_N.forEach((axis, i) => {
    for (const keepDims of [false, true]) {
      const seed = 10 * i + (keepDims ? 1 : 0);
      const suffix = ` axis ${JSON.stringify(axis)}${keepDims ? ', keepDims' : ''}`;
      testGrad(
        `euclidean${suffix}`,
        (t) => norm(t, 'euclidean', axis, keepDims),
        () => [x(seed)],
      );
      testGrad(
        `ord 1${suffix}`,
        (t) => norm(t, 1, axis, keepDims),
        () => [x(seed + 100)],
      );
      testGrad(
        `ord Infinity${suffix}`,
        (t) => norm(t, Number.POSITIVE_INFINITY, axis, keepDims),
        () => [abs()],
      );
      testGrad(
        `ord -Infinity${suffix}`,
        (t) => norm(t, Number.NEGATIVE_INFINITY, axis, keepDims),
        () => [abs()],
      );
      testGrad(
        `ord 3${suffix}`,
        (t) => norm(t, 3, axis, keepDims),
        () => [x(seed + 200)],
      );
    }
  });
  testGrad(
    "'fro' over both axes",
    (t) => norm(t, 'fro', [0, 1]),
    () => [x(300)],
  );
  testGrad(
    'ord 2 of a vector',
    (t) => norm(t, 2),
    () => [uniform([5], 301, { avoid: [0] })],
  );
  testGrad(
    'ord 0.5 of a vector',
    (t) => norm(t, 0.5),
    () => [uniform([5], 302, { avoid: [0], margin: 0.2 })],
  );
});
