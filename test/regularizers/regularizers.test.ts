import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad, ones, tensor, tidy, ValueError } from '../../src/index.js';
import * as regularizers from '../../src/regularizers/index.js';
import { assertClose } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

const f64 = (v: number[], shape?: number[]) => tensor(v, shape, 'float64');

describeEachBackend('regularizers', () => {
  test('L1 = l1·Σ|w|, L2 = l2·Σw² (no ½), L1L2 = both', () => {
    tidy(() => {
      const w = f64([1, -2, 0.5, 0]);
      assertClose(new regularizers.L1(0.1).apply(w), 0.1 * 3.5, { atol: 1e-15 });
      assertClose(new regularizers.L2(0.1).apply(w), 0.1 * 5.25, { atol: 1e-15 });
      assertClose(new regularizers.L1L2({ l1: 0.1, l2: 0.2 }).apply(w), 0.35 + 1.05, { atol: 1e-15 });
    });
  });

  test('golden value from Keras: L2(2) on ones([5,5]) is 50', () => {
    tidy(() => assertClose(new regularizers.L2(2).apply(ones([5, 5])), 50));
  });

  test('factories: l1(c = 0.01), l2(c = 0.01), l1l2(l1 = 0.01, l2 = 0.01), objects, and the l1_l2 alias', () => {
    assert.equal(regularizers.l1().l1, 0.01);
    assert.equal(regularizers.l1(0.3).l1, 0.3);
    assert.equal(regularizers.l1({ l1: 0.2 }).l1, 0.2);
    assert.equal(regularizers.l2().l2, 0.01);
    assert.equal(regularizers.l2({ l2: 0.5 }).l2, 0.5);
    const a = regularizers.l1l2(0.01);
    assert.deepEqual([a.l1, a.l2], [0.01, 0.01]); // tf.keras 2 and the seed; Keras 3 would give l2 = 0
    const b = regularizers.l1l2(0.1, 0.2);
    assert.deepEqual([b.l1, b.l2], [0.1, 0.2]);
    const c = regularizers.l1l2({ l1: 0.3 });
    assert.deepEqual([c.l1, c.l2], [0.3, 0.01]);
    assert.equal(regularizers.l1_l2, regularizers.l1l2);
  });

  test('class defaults follow Keras: L1(0.01), L2(0.01), L1L2(0, 0)', () => {
    assert.equal(new regularizers.L1().l1, 0.01);
    assert.equal(new regularizers.L2().l2, 0.01);
    const d = new regularizers.L1L2();
    assert.deepEqual([d.l1, d.l2], [0, 0]);
  });

  test("string identifiers 'l1', 'l2', 'l1l2', 'l1_l2' mean 0.01 each; functions are custom regularizers", () => {
    assert.equal((regularizers.get('l1') as regularizers.L1).l1, 0.01);
    assert.equal((regularizers.get('l2') as regularizers.L2).l2, 0.01);
    for (const id of ['l1l2', 'l1_l2'] as const) {
      const r = regularizers.get(id) as regularizers.L1L2;
      assert.deepEqual([r.l1, r.l2], [0.01, 0.01]);
    }
    tidy(() => {
      const custom = regularizers.get((w) => tensor(w.size)) as regularizers.Regularizer;
      assertClose(custom.apply(ones([2, 3])), 6);
      const bad = regularizers.get(() => ones([2])) as regularizers.Regularizer;
      assert.throws(
        () => bad.apply(ones([1])),
        /A custom regularizer must return a scalar tensor. Received: shape \[2\]/,
      );
    });
    assert.throws(
      () => regularizers.get('l3' as never),
      /Unknown regularizer. Expected one of 'l1', 'l2', 'l1l2', 'l1_l2'.*Received: "l3"/,
    );
  });

  test('negative, NaN or infinite coefficients are ValueErrors naming the value', () => {
    const cases: [() => unknown, RegExp][] = [
      [
        () => regularizers.l1(-0.1),
        /Invalid value received for argument `l1` of L1. Expected a non-negative finite number. Received: l1=-0.1/,
      ],
      [() => regularizers.l2(Number.NaN), /argument `l2` of L2.*Received: l2=NaN/],
      [() => regularizers.l1l2(0.01, Number.POSITIVE_INFINITY), /argument `l2` of L1L2.*Received: l2=Infinity/],
      [() => new regularizers.OrthogonalRegularizer({ factor: -1 }), /argument `factor` of OrthogonalRegularizer/],
      [
        () => new regularizers.OrthogonalRegularizer({ mode: 'diagonal' as never }),
        /argument `mode` of OrthogonalRegularizer.*Received: mode="diagonal"/,
      ],
    ];
    for (const [fn, re] of cases) assert.throws(fn, (e: unknown) => e instanceof ValueError && re.test(e.message));
  });

  test("L1's gradient is l1·sign(w), and 0 at w = 0 (the subgradient Keras and TensorFlow use)", () => {
    tidy(() => {
      const g = grad((w) => new regularizers.L1(0.5).apply(w))(f64([2, -3, 0]));
      assertClose(g, [0.5, -0.5, 0], { atol: 0 });
      const g2 = grad((w) => new regularizers.L2(0.5).apply(w))(f64([2, -3, 0]));
      assertClose(g2, [2, -3, 0], { atol: 1e-15 }); // 2·l2·w
    });
  });

  test('OrthogonalRegularizer follows Keras: factor·½·Σ_{i≠j}|cos(rowᵢ,rowⱼ)| / (n(n−1)/2)', () => {
    tidy(() => {
      // rows (1,0), (1,1), (0,1): cosines 1/√2, 0, 1/√2 → Σ over i≠j = 2·(2/√2) = 2√2; pairs 3
      const w = f64([1, 0, 1, 1, 0, 1], [3, 2]);
      const expected = (0.1 * 0.5 * 2 * Math.SQRT2) / 3;
      assertClose(new regularizers.OrthogonalRegularizer({ factor: 0.1 }).apply(w), expected, { atol: 1e-15 });
      // columns of the same matrix: (1,1,0) and (0,1,1): cosine 1/2 → Σ = 1, one pair
      assertClose(new regularizers.OrthogonalRegularizer({ factor: 0.1, mode: 'columns' }).apply(w), 0.05, {
        atol: 1e-15,
      });
      assert.throws(() => new regularizers.OrthogonalRegularizer().apply(ones([2])), /inputs must be 2-D/);
    });
  });

  test('getConfig round-trips through the registry', () => {
    for (const r of [
      new regularizers.L1(0.3),
      new regularizers.L2(0.2),
      new regularizers.L1L2({ l1: 0.1, l2: 0.4 }),
      new regularizers.OrthogonalRegularizer({ factor: 0.2, mode: 'columns' }),
    ]) {
      const back = regularizers.get({ className: r.className, config: r.getConfig() }) as regularizers.Regularizer;
      assert.equal(back.className, r.className);
      assert.deepEqual(back.getConfig(), r.getConfig());
    }
    assert.throws(
      () => regularizers.get({ className: 'Nope', config: {} }),
      /Unknown regularizer class. Expected one of L1, L2, L1L2, OrthogonalRegularizer. Received: "Nope"/,
    );
  });
});
