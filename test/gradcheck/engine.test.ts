// The gradient machinery itself: accumulation, missing paths, stopGradient, variables, dy, depth, second order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  grad,
  grads,
  memory,
  mul,
  pow,
  softplus,
  square,
  stopGradient,
  sum,
  type Tensor,
  tensor,
  tidy,
  ValueError,
  valueAndGrads,
  variable,
  variableGrads,
} from '../../src/index.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { testGrad, uniform } from '../util/gradcheck.js';

const f64 = (values: number[], shape?: number[]): Tensor => tensor(values, shape, 'float64');

/** Asserts that `fn` throws a ValueError whose message matches `pattern`. */
function throwsValueError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ValueError, `expected a ValueError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describeEachBackend('gradcheck: engine', () => {
  test('a gradient reaching x along two paths accumulates: d/dx (x·x + x) = 2x + 1', () => {
    tidy(() => {
      assertExact(grad((x) => add(mul(x, x), x))(f64([-1.5, 0, 2])), [-2, 1, 5]);
    });
  });
  testGrad(
    'accumulation over three paths of different shapes',
    (x) => add(mul(x, sum(x)), square(x)),
    () => [uniform([2, 3], 1)],
  );

  test('grads of f that ignores an argument throws a ValueError naming it', () => {
    tidy(() => {
      throwsValueError(
        () => grads((a, _b) => mul(a, 2))([f64([1]), f64([2])]),
        /^grads: cannot compute the gradient with respect to argument 1: the result does not depend on it\. Make sure f uses every argument, through ops \(not through dataSync\(\)\)\.$/,
      );
      throwsValueError(
        () => grad(() => f64([1]))(f64([1])),
        /^grad: cannot compute the gradient with respect to argument 0: the result does not depend on it\./,
      );
    });
  });

  test('no tensor leaks when grads throws for a missing path', () => {
    tidy(() => {
      const a = f64([1, 2]);
      const b = f64([3, 4]);
      const before = memory().numTensors;
      assert.throws(() => grads((x, _y) => square(x))([a, b]));
      assert.equal(memory().numTensors, before);
    });
  });

  test('grad of the identity is dy, and leaves x alive', () => {
    tidy(() => {
      const x = f64([1, -2]);
      assertExact(grad((t) => t)(x), [1, 1]);
      assert.equal(x.isDisposed, false, 'grad disposed its own argument');
      assertExact(x, [1, -2]);
      // The missing-argument error path disposes the value too: it must not take the argument with it.
      const y = f64([3]);
      assert.throws(() => grads((a, _b) => a)([x, y]), ValueError);
      assert.equal(x.isDisposed, false, 'grads disposed its own argument');
    });
  });

  test('stopGradient blocks the gradient: d/dx x·stop(x) = x, not 2x', () => {
    tidy(() => {
      assertExact(grad((x) => mul(x, stopGradient(x)))(f64([3, -2])), [3, -2]);
      throwsValueError(() => grad((x) => square(stopGradient(x)))(f64([3])), /argument 0: the result does not depend/);
    });
  });

  test('variableGrads: keyed by variable name; a variable f does not use is absent', () => {
    tidy(() => {
      const w = variable(f64([1, -2, 3]), true, 'gradcheck_w');
      const b = variable(f64([0.5]), true, 'gradcheck_b');
      const unused = variable(f64([7]), true, 'gradcheck_unused');
      const x = f64([2, 4, -1]);
      const f = (): Tensor => add(sum(mul(w, x)), sum(square(b)));
      const { value, grads: gs } = variableGrads(f, [w, b, unused]);
      assert.deepEqual(Object.keys(gs).sort(), ['gradcheck_b', 'gradcheck_w']);
      assertExact(gs.gradcheck_w as Tensor, [2, 4, -1]);
      assertExact(gs.gradcheck_b as Tensor, [1]);
      assertClose(value, [2 - 8 - 3 + 0.25], { atol: 1e-12 });
      // Without a list: every trainable variable alive, still only those f uses.
      const all = variableGrads(f);
      assert.deepEqual(Object.keys(all.grads).sort(), ['gradcheck_b', 'gradcheck_w']);
      for (const v of [w, b, unused]) v.dispose();
    });
  });

  test('variableGrads of a non-scalar f throws a ValueError', () => {
    tidy(() => {
      const w = variable(f64([1, 2]), true, 'gradcheck_vector');
      throwsValueError(
        () => variableGrads(() => mul(w, 2), [w]),
        /^variableGrads: f must return a scalar tensor\. Received: shape \[2\]$/,
      );
      w.dispose();
    });
  });

  test('dy of the wrong shape throws a ValueError with both shapes', () => {
    tidy(() => {
      throwsValueError(
        () => grads((a) => mul(a, 2))([f64([1, 2, 3, 4, 5, 6], [2, 3])], f64([1, 2, 3])),
        /dy must have the shape of f's result\. Expected \[2,3\]\. Received: \[3\]$/,
      );
      throwsValueError(() => grad((a) => sum(a))(f64([1, 2]), f64([1])), /Expected \[\]\. Received: \[1\]$/);
    });
  });

  test('dy scales the vector–Jacobian product', () => {
    tidy(() => {
      const { value, grads: gs } = valueAndGrads((a, b) => mul(a, b))([f64([1, 2]), f64([3, 4])], f64([10, -1]));
      assertExact(value, [3, 8]);
      assertExact(gs[0] as Tensor, [30, -4]);
      assertExact(gs[1] as Tensor, [10, -2]);
    });
  });

  test('a chain of 5,000 sequential adds back-propagates without overflowing the stack', () => {
    tidy(() => {
      const x = f64([1, 2]);
      const before = memory().numTensors;
      const g = grad((t) => {
        let y = t;
        for (let i = 0; i < 5000; i++) y = add(y, t);
        return sum(y);
      })(x);
      assertExact(g, [5001, 5001]);
      g.dispose();
      assert.equal(memory().numTensors, before, 'the backward pass leaked tensors');
    });
  });

  test('second order: grad(grad(x³)) = 6x', () => {
    tidy(() => {
      const x = f64([2, -1]);
      assertClose(grad((t) => grad((u) => mul(mul(u, u), u))(t))(x), [12, -6]);
      assertClose(grad((t) => grad((u) => pow(u, 3))(t))(x), [12, -6]);
      // third order through softplus: softplus‴(x) = σ(x)(1 − σ(x))(1 − 2σ(x)); at 1 that is −0.0908577…
      assertClose(grad((t) => grad((u) => grad((v) => softplus(v))(u))(t))(f64([1])), [-0.09085774767294842], {
        atol: 1e-12,
      });
    });
  });
});
