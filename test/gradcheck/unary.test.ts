// Gradient checks of the elementwise math ops, and their documented subgradients at kinks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  abs,
  cast,
  clipByValue,
  erf,
  exp,
  expm1,
  grad,
  grads,
  log,
  log1p,
  mul,
  neg,
  reciprocal,
  rsqrt,
  sign,
  sqrt,
  square,
  type Tensor,
  tensor,
  tidy,
  ValueError,
} from '../../src/index.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { testGrad, uniform } from '../util/gradcheck.js';

const f64 = (values: number[], shape?: number[]): Tensor => tensor(values, shape, 'float64');

describeEachBackend('gradcheck: unary math', () => {
  const shape = [2, 3];
  testGrad(
    'neg',
    (x) => neg(x),
    () => [uniform(shape, 1)],
  );
  testGrad(
    'abs',
    (x) => abs(x),
    () => [uniform(shape, 2, { avoid: [0] })],
  );
  testGrad(
    'sign (zero gradient)',
    (x) => sign(x),
    () => [uniform(shape, 3, { avoid: [0] })],
  );
  testGrad(
    'square',
    (x) => square(x),
    () => [uniform(shape, 4)],
  );
  testGrad(
    'sqrt',
    (x) => sqrt(x),
    () => [uniform(shape, 5, { low: 0.2, high: 3 })],
  );
  testGrad(
    'rsqrt',
    (x) => rsqrt(x),
    () => [uniform(shape, 6, { low: 0.2, high: 3 })],
  );
  testGrad(
    'reciprocal',
    (x) => reciprocal(x),
    () => [uniform(shape, 7, { avoid: [0], margin: 0.3 })],
  );
  testGrad(
    'exp',
    (x) => exp(x),
    () => [uniform(shape, 8)],
  );
  testGrad(
    'expm1',
    (x) => expm1(x),
    () => [uniform(shape, 9)],
  );
  testGrad(
    'expm1 near 0',
    (x) => expm1(x),
    () => [uniform(shape, 10, { low: -1e-3, high: 1e-3 })],
  );
  testGrad(
    'log',
    (x) => log(x),
    () => [uniform(shape, 11, { low: 0.2, high: 3 })],
  );
  testGrad(
    'log1p',
    (x) => log1p(x),
    () => [uniform(shape, 12, { low: -0.8, high: 3 })],
  );
  // The kernel switches from a series (|x| < 3) to a continued fraction (|x| ≥ 3): check both.
  testGrad(
    'erf, |x| < 3',
    (x) => erf(x),
    () => [uniform(shape, 13, { low: -2.9, high: 2.9 })],
  );
  testGrad(
    'erf, 3 ≤ |x| ≤ 5',
    (x) => erf(x),
    () => [uniform(shape, 14, { low: 3.1, high: 5 })],
  );
  testGrad(
    'erf, negative tail',
    (x) => erf(x),
    () => [uniform(shape, 15, { low: -5, high: -3.1 })],
  );
  testGrad(
    'clipByValue',
    (x) => clipByValue(x, -1, 1),
    () => [uniform(shape, 16, { low: -3, high: 3, avoid: [-1, 1] })],
  );
  testGrad(
    'clipByValue, asymmetric bounds',
    (x) => clipByValue(x, 0.5, 2),
    () => [uniform(shape, 17, { low: -1, high: 3, avoid: [0.5, 2] })],
  );
  testGrad(
    'cast float64 → float64',
    (x) => cast(x, 'float64'),
    () => [uniform(shape, 18)],
  );
  // Through float32 the function is linear, so only rounding (~6e-8 relative) limits the difference: use a wide eps.
  testGrad(
    'cast float64 → float32 → float64',
    (x) => cast(mul(cast(x, 'float32'), 3), 'float64'),
    () => [uniform(shape, 19)],
    { eps: 1e-2, atol: 1e-4 },
  );

  test('cast float32 → float64 passes a float32 gradient back', () => {
    tidy(() => {
      const x = tensor([1.5, -2], [2], 'float32');
      const g = grad((t) => cast(t, 'float64'))(x, f64([0.25, -3]));
      assert.equal(g.dtype, 'float32');
      assertExact(g, [0.25, -3]);
    });
  });

  test('cast from int32 has no gradient', () => {
    tidy(() => {
      const x = tensor([1, 2], [2], 'int32');
      assert.throws(
        () => grads((t) => cast(t, 'float64'))([x]),
        (e: unknown) => e instanceof ValueError && /argument 0: the result does not depend on it/.test(e.message),
      );
    });
  });

  test("abs'(0) = 0", () => {
    tidy(() => {
      // ±0 both give 0 (sign(−0) = −0, which equals 0).
      assertClose(grad((x) => abs(x))(f64([0, -0, 2, -2])), [0, 0, 1, -1], { atol: 0, rtol: 0 });
    });
  });

  test('clipByValue passes the gradient at both bounds, and none outside', () => {
    tidy(() => {
      const g = grad((x) => clipByValue(x, -1, 1))(f64([-1, 1, -1.5, 1.5, 0]));
      assertExact(g, [1, 1, 0, 0, 1]);
    });
  });
});
