// Gradient checks of the broadcasting binary ops and `where`, each over the same set of broadcast shapes.
import { test } from 'node:test';
import {
  add,
  div,
  grads,
  maximum,
  minimum,
  mul,
  pow,
  type Shape,
  squaredDifference,
  sub,
  type Tensor,
  tensor,
  tidy,
  where,
} from '../../src/index.js';
import { assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { distinct, testGrad, uniform } from '../util/gradcheck.js';

const f64 = (values: number[], shape?: number[]): Tensor => tensor(values, shape, 'float64');

/** [a's shape, b's shape]: equal shapes, then each kind of broadcast. */
const PAIRS: readonly (readonly [Shape, Shape])[] = [
  [
    [2, 3],
    [2, 3],
  ],
  [[2, 3], [3]],
  [[3], [2, 3]],
  [
    [2, 1],
    [1, 3],
  ],
  [[2, 3], []],
  [[], [2, 3]],
  [
    [4, 1, 3],
    [2, 1],
  ],
  [[], []],
];

const label = (op: string, [sa, sb]: readonly [Shape, Shape]): string => `${op} [${sa}] with [${sb}]`;

describeEachBackend('gradcheck: binary ops', () => {
  PAIRS.forEach((pair, i) => {
    const [sa, sb] = pair;
    const seed = 100 * i;
    testGrad(
      label('add', pair),
      (a, b) => add(a, b),
      () => [uniform(sa, seed), uniform(sb, seed + 1)],
    );
    testGrad(
      label('sub', pair),
      (a, b) => sub(a, b),
      () => [uniform(sa, seed + 2), uniform(sb, seed + 3)],
    );
    testGrad(
      label('mul', pair),
      (a, b) => mul(a, b),
      () => [uniform(sa, seed + 4), uniform(sb, seed + 5)],
    );
    testGrad(
      label('div', pair),
      (a, b) => div(a, b),
      () => [uniform(sa, seed + 6), uniform(sb, seed + 7, { avoid: [0], margin: 0.5 })],
    );
    // A positive base keeps d/db aᵇ = aᵇ·log a defined.
    testGrad(
      label('pow', pair),
      (a, b) => pow(a, b),
      () => [uniform(sa, seed + 8, { low: 0.3, high: 2 }), uniform(sb, seed + 9, { low: -2, high: 2 })],
    );
    testGrad(
      label('maximum', pair),
      (a, b) => maximum(a, b),
      () => distinct([sa, sb], seed + 10),
    );
    testGrad(
      label('minimum', pair),
      (a, b) => minimum(a, b),
      () => distinct([sa, sb], seed + 11),
    );
    testGrad(
      label('squaredDifference', pair),
      (a, b) => squaredDifference(a, b),
      () => [uniform(sa, seed + 12), uniform(sb, seed + 13)],
    );
  });

  testGrad(
    'pow, negative base with an integer exponent',
    (a) => pow(a, 3),
    () => [uniform([2, 3], 20, { avoid: [0] })],
  );
  testGrad(
    'pow, a tensor raised to itself',
    (a) => pow(a, a),
    () => [uniform([2, 3], 21, { low: 0.3, high: 2 })],
  );
  testGrad(
    'mul, one tensor on both sides',
    (a) => mul(a, a),
    () => [uniform([2, 3], 22)],
  );

  // [condition, a, b] shapes: condition broadcast too.
  const WHERE: readonly (readonly [Shape, Shape, Shape])[] = [
    [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
    [[2, 3], [3], [2, 3]],
    [[2, 3], [2, 1], []],
    [
      [2, 1],
      [1, 3],
      [2, 3],
    ],
    [[3], [2, 3], [2, 1]],
    [[4, 1, 3], [2, 1], [3]],
  ];
  WHERE.forEach(([sc, sa, sb], i) => {
    const condition = (): Tensor => {
      const n = sc.reduce((p, d) => p * d, 1);
      return tensor(
        Array.from({ length: n }, (_, k) => (k * 7 + i) % 3 !== 0),
        sc,
        'bool',
      );
    };
    testGrad(
      `where [${sc}] ? [${sa}] : [${sb}]`,
      (a, b) => where(condition(), mul(a, 2), mul(b, b)),
      () => [uniform(sa, 300 + i), uniform(sb, 310 + i)],
    );
  });

  test('pow at a ≤ 0: d/db is 0 (aᵇ·log a is undefined there), d/da is b·aᵇ⁻¹', () => {
    tidy(() => {
      const [da, db] = grads((a, b) => pow(a, b))([f64([-2, 0, 3]), f64([2, 2, 2])]);
      assertExact(da as Tensor, [-4, 0, 6]);
      assertExact(db as Tensor, [0, 0, 9 * Math.log(3)]);
    });
  });

  test('maximum: a tie sends the whole gradient to a', () => {
    tidy(() => {
      const [da, db] = grads((a, b) => maximum(a, b))([f64([1, 2, 5]), f64([1, 3, 5])]);
      assertExact(da as Tensor, [1, 0, 1]);
      assertExact(db as Tensor, [0, 1, 0]);
    });
  });

  test('minimum: a tie sends the whole gradient to a', () => {
    tidy(() => {
      const [da, db] = grads((a, b) => minimum(a, b))([f64([1, 4, 5]), f64([1, 3, 5])]);
      assertExact(da as Tensor, [1, 0, 1]);
      assertExact(db as Tensor, [0, 1, 0]);
    });
  });

  test('maximum: a broadcast scalar collects the gradient of every element it wins or ties', () => {
    tidy(() => {
      const [da, db] = grads((a, b) => maximum(a, b))([f64([0, 1, 2, 3]), f64([2])]);
      assertExact(da as Tensor, [0, 0, 1, 1]);
      assertExact(db as Tensor, [2]);
    });
  });
});
