// The checker checks itself: a gradient known to be wrong (cut by stopGradient) must fail, with a message
// that names the input, the element and both values; a non-float64 input is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { add, memory, mul, square, stopGradient, sum, type Tensor, tensor, tidy } from '../../src/index.js';
import { describeEachBackend } from '../util/backends.js';
import { distinct, gradCheck, rng, uniform } from '../util/gradcheck.js';

const f64 = (values: number[], shape?: number[]): Tensor => tensor(values, shape, 'float64');

describeEachBackend('gradcheck: the checker', () => {
  test('a wrong gradient fails, naming input, element, analytic and numeric values', () => {
    tidy(() => {
      // Analytic d/dx (stop(x²) + x) = 1; the true derivative is 2x + 1.
      const f = (x: Tensor): Tensor => add(stopGradient(square(x)), x);
      assert.throws(
        () => gradCheck(f, [f64([0, 0.5], [1, 2])]),
        /^AssertionError.*input 0, element 1 \[0,1\]: analytic -?[\d.e-]+, numeric -?[\d.e-]+/s,
      );
      // Element 0 sits at x = 0, where the stopped term has zero derivative: it passes, so element 1 is named.
    });
  });

  test('the failing input is named when it is not the first', () => {
    tidy(() => {
      const f = (a: Tensor, b: Tensor): Tensor => add(a, mul(stopGradient(b), b));
      assert.throws(() => gradCheck(f, [f64([1, 2]), f64([3, 4])]), /input 1, element 0 \[0\]/);
    });
  });

  test('every element of a non-scalar output is weighed: an error in one output element is caught', () => {
    tidy(() => {
      // Output element 2 alone is wrong (its x² term is cut): a sum-only check (dy = ones) could be fooled by
      // a compensating error, a random dy cannot.
      const mask = f64([0, 0, 1]);
      const f = (x: Tensor): Tensor => add(x, add(mul(square(x), sub1(mask)), mul(stopGradient(square(x)), mask)));
      assert.throws(() => gradCheck(f, [f64([0.3, -0.7, 1.1])]), /input 0, element 2 \[2\]/);
      gradCheck((x) => add(x, square(x)), [f64([0.3, -0.7, 1.1])]);
    });
  });

  test('a float32 input is refused', () => {
    tidy(() => {
      assert.throws(() => gradCheck((x) => sum(x), [tensor([1, 2])]), /input 0 must be float64\. Received: float32/);
    });
  });

  test('the checker leaves no tensor behind', () => {
    tidy(() => {
      const x = uniform([3, 2], 1);
      const before = memory().numTensors;
      gradCheck((t) => mul(t, t), [x]);
      assert.equal(memory().numTensors, before);
    });
  });

  test('sampling helpers are seeded, and keep away from kinks and ties', () => {
    tidy(() => {
      assert.deepEqual([rng(7)(), rng(7)()], [rng(7)(), rng(7)()]);
      assert.deepEqual(uniform([4], 3).dataSync(), uniform([4], 3).dataSync());
      const u = uniform([200], 4, { avoid: [0, 1], margin: 0.1 }).dataSync();
      assert.ok(u.every((v) => Math.abs(v) >= 0.1 && Math.abs(v - 1) >= 0.1));
      const [a, b] = distinct([[10], [3, 4]], 5) as [Tensor, Tensor];
      const all = [...a.dataSync(), ...b.dataSync()].sort((p, q) => p - q);
      for (let i = 1; i < all.length; i++) assert.ok((all[i] as number) - (all[i - 1] as number) > 0.1);
    });
  });
});

function sub1(t: Tensor): Tensor {
  return add(mul(t, -1), 1);
}
