import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  randomBernoulli,
  randomNormal,
  randomUniform,
  SeedGenerator,
  setRandomSeed,
  type Tensor,
  truncatedNormal,
} from '../../src/index.js';
import { describeEachBackend } from '../util/backends.js';

const N = 200_000;

function stats(t: Tensor): { mean: number; variance: number; min: number; max: number; values: ArrayLike<number> } {
  const v = t.dataSync();
  let s = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    s += x;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const mean = s / v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += ((v[i] as number) - mean) ** 2;
  return { mean, variance: ss / (v.length - 1), min: lo, max: hi, values: v };
}

function near(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected} ± ${tol}, got ${actual}`);
}

const same = (a: Tensor, b: Tensor) => assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
const differ = (a: Tensor, b: Tensor) => assert.notDeepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));

describeEachBackend('random: reproducibility', () => {
  test('setRandomSeed restarts the global stream for every random op', () => {
    const draw = () => [
      randomUniform([50]),
      randomNormal([50]),
      truncatedNormal([50]),
      randomBernoulli([50], 0.5),
      randomUniform([50], -5, 5, 'int32'),
    ];
    setRandomSeed(1234);
    const first = draw();
    setRandomSeed(1234);
    const second = draw();
    for (const [i, t] of first.entries()) same(t, second[i] as Tensor);
    // Successive draws from the stream differ.
    setRandomSeed(1234);
    differ(randomUniform([50]), randomUniform([50]));
  });

  test('different global seeds give different values', () => {
    setRandomSeed(1);
    const a = randomNormal([50]);
    setRandomSeed(2);
    differ(a, randomNormal([50]));
  });

  test('an explicit seed gives the same values on every call, whatever the global stream does', () => {
    setRandomSeed(5);
    const a = randomUniform([50], 0, 1, 'float32', 42);
    randomUniform([10]);
    const b = randomUniform([50], 0, 1, 'float32', 42);
    setRandomSeed(6);
    const c = randomUniform([50], 0, 1, 'float32', 42);
    same(a, b);
    same(a, c);
    same(randomNormal([20], 0, 1, 'float32', 9), randomNormal([20], 0, 1, 'float32', 9));
    same(truncatedNormal([20], 0, 1, 'float32', 9), truncatedNormal([20], 0, 1, 'float32', 9));
    same(randomBernoulli([20], 0.3, 'float32', 9), randomBernoulli([20], 0.3, 'float32', 9));
  });

  test('different explicit seeds differ, nearby seeds included', () => {
    differ(randomUniform([50], 0, 1, 'float32', 0), randomUniform([50], 0, 1, 'float32', 1));
    differ(randomNormal([50], 0, 1, 'float32', 7), randomNormal([50], 0, 1, 'float32', 8));
    differ(randomUniform([50], 0, 1, 'float32', 2 ** 40), randomUniform([50], 0, 1, 'float32', 2 ** 40 + 1));
  });

  test('SeedGenerator: the same seed gives the same sequence; successive seeds and other seeds differ', () => {
    const seq = (s: number) => {
      const g = new SeedGenerator(s);
      return Array.from({ length: 20 }, () => g.nextSeed());
    };
    const a = seq(7);
    assert.deepEqual(seq(7), a);
    assert.equal(new Set(a).size, a.length);
    assert.ok(a.every((s) => Number.isSafeInteger(s) && s >= 0));
    const b = seq(8);
    assert.ok(
      a.every((s) => !b.includes(s)),
      'sequences of seeds 7 and 8 overlap',
    );
    // Seeds from a generator drive ops to new values each time, reproducibly.
    const g1 = new SeedGenerator(11);
    const g2 = new SeedGenerator(11);
    const x1 = randomUniform([20], 0, 1, 'float32', g1.nextSeed());
    const y1 = randomUniform([20], 0, 1, 'float32', g1.nextSeed());
    differ(x1, y1);
    same(x1, randomUniform([20], 0, 1, 'float32', g2.nextSeed()));
    same(y1, randomUniform([20], 0, 1, 'float32', g2.nextSeed()));
  });

  test('an unseeded SeedGenerator follows the global stream', () => {
    setRandomSeed(99);
    const a = new SeedGenerator().nextSeed();
    setRandomSeed(99);
    assert.equal(new SeedGenerator().nextSeed(), a);
  });
});

describeEachBackend('random: distributions (n = 200,000, fixed seeds)', () => {
  test('randomUniform [0, 1): mean 1/2, variance 1/12, inside the half-open interval', () => {
    const s = stats(randomUniform([N], 0, 1, 'float32', 101));
    near(s.mean, 0.5, 0.005, 'mean');
    near(s.variance, 1 / 12, 0.002, 'variance');
    assert.ok(s.min >= 0, `min ${s.min}`);
    assert.ok(s.max < 1, `max ${s.max}`);
    near(s.min, 0, 1e-3, 'min');
    near(s.max, 1, 1e-3, 'max');
  });

  test('randomUniform [−3, 5) in float32 and float64', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const t = randomUniform([N], -3, 5, dtype, 102);
      assert.equal(t.dtype, dtype);
      const s = stats(t);
      near(s.mean, 1, 0.005 * 8, `${dtype} mean`);
      near(s.variance, 64 / 12, 0.002 * 64, `${dtype} variance`);
      assert.ok(s.min >= -3 && s.max < 5, `${dtype} range [${s.min}, ${s.max}]`);
    }
  });

  test('randomUniform never returns maxval, even where rounding lands on it (narrow ranges far from 0)', () => {
    // Each range is only a few ulps wide, so many draws round to maxval before the kernel steps them back.
    const cases = [
      ['float32', 2 ** 24, 2 ** 24 + 2],
      ['float32', -(2 ** 24) - 8, -(2 ** 24)],
      ['float64', 1e15, 1e15 + 1],
      ['float64', -(2 ** 53) - 8, -(2 ** 53)],
    ] as const;
    for (const [dtype, minval, maxval] of cases) {
      const s = stats(randomUniform([2000], minval, maxval, dtype, 113));
      assert.ok(s.min >= minval && s.max < maxval, `${dtype} [${minval}, ${maxval}): range [${s.min}, ${s.max}]`);
    }
  });

  test('randomUniform int32 [0, 10): integers, every value about equally often', () => {
    const t = randomUniform([N], 0, 10, 'int32', 103);
    assert.equal(t.dtype, 'int32');
    const s = stats(t);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i] as number;
      assert.ok(Number.isInteger(v) && v >= 0 && v < 10, `value ${v}`);
      counts[v] = (counts[v] as number) + 1;
    }
    for (const [v, c] of counts.entries()) near(c / N, 0.1, 0.005, `frequency of ${v}`);
    near(s.mean, 4.5, 0.03, 'mean');
    // Negative ranges too.
    const neg = stats(randomUniform([1000], -5, -2, 'int32', 104));
    assert.ok(neg.min === -5 && neg.max === -3, `range [${neg.min}, ${neg.max}]`);
  });

  test('randomNormal: mean 0, std 1, ~68.27% within one σ; custom mean and stdDev', () => {
    const s = stats(randomNormal([N], 0, 1, 'float32', 105));
    near(s.mean, 0, 0.01, 'mean');
    near(Math.sqrt(s.variance), 1, 0.01, 'std');
    let inside = 0;
    for (let i = 0; i < s.values.length; i++) if (Math.abs(s.values[i] as number) <= 1) inside++;
    near(inside / N, 0.6827, 0.005, 'fraction within 1σ');
    const c = stats(randomNormal([N], 3, 2, 'float64', 106));
    near(c.mean, 3, 0.02, 'mean');
    near(Math.sqrt(c.variance), 2, 0.02, 'std');
    assert.ok(c.values.length === N && Number.isFinite(c.min) && Number.isFinite(c.max));
  });

  test('truncatedNormal: everything within 2σ of the mean, std ≈ 0.8796σ', () => {
    const s = stats(truncatedNormal([N], 0, 1, 'float32', 107));
    assert.ok(s.min >= -2 && s.max <= 2, `range [${s.min}, ${s.max}]`);
    near(s.mean, 0, 0.01, 'mean');
    near(Math.sqrt(s.variance), 0.8796, 0.01, 'std');
    // The tails are really cut off but the body reaches close to them.
    assert.ok(s.min < -1.99 && s.max > 1.99, `range [${s.min}, ${s.max}]`);
    const c = stats(truncatedNormal([N], 10, 3, 'float32', 108));
    assert.ok(c.min >= 4 && c.max <= 16, `range [${c.min}, ${c.max}]`);
    near(c.mean, 10, 0.03, 'mean');
    near(Math.sqrt(c.variance), 0.8796 * 3, 0.03, 'std');
  });

  test('randomBernoulli keeps a fraction p of ones for p = 0.1, 0.5, 0.9; p = 0 and p = 1 are exact', () => {
    for (const p of [0.1, 0.5, 0.9]) {
      const s = stats(randomBernoulli([N], p, 'float32', 109));
      for (let i = 0; i < 100; i++) assert.ok(s.values[i] === 0 || s.values[i] === 1);
      near(s.mean, p, 0.005, `p = ${p}`);
    }
    const zero = randomBernoulli([N], 0, 'float32', 110);
    assert.equal(stats(zero).max, 0);
    const one = randomBernoulli([N], 1, 'float32', 111);
    assert.equal(stats(one).min, 1);
    const b = randomBernoulli([4], 0.5, 'bool', 112);
    assert.equal(b.dtype, 'bool');
    assert.equal(randomBernoulli([4], 0.5, 'int32', 112).dtype, 'int32');
  });
});
