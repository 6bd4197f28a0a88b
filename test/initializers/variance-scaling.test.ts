import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dispose, memory, setRandomSeed, ValueError } from '../../src/index.js';
import {
  computeFans,
  GlorotNormal,
  GlorotUniform,
  glorotUniform,
  HeNormal,
  HeUniform,
  heNormal,
  LecunNormal,
  LecunUniform,
  leCunNormal,
  lecunNormal,
  TRUNCATED_NORMAL_STDDEV,
  VarianceScaling,
} from '../../src/initializers/index.js';
import { stats, within } from './stats.js';

describe('computeFans (Keras rule)', () => {
  test('rank 0 → [1, 1]', () => assert.deepEqual(computeFans([]), [1, 1]));
  test('rank 1 → [n, n]', () => assert.deepEqual(computeFans([7]), [7, 7]));
  test('rank 2 → [rows, cols]', () => assert.deepEqual(computeFans([3, 5]), [3, 5]));
  test('rank 3 (Conv1D [width, in, out]) → receptive field × in, × out', () => {
    assert.deepEqual(computeFans([5, 4, 6]), [20, 30]);
  });
  test('rank 4 (Conv2D [h, w, in, out])', () => assert.deepEqual(computeFans([3, 3, 16, 32]), [144, 288]));
  test('rank 5', () => assert.deepEqual(computeFans([2, 3, 4, 5, 6]), [24 * 5, 24 * 6]));
  test('a zero dimension gives fan 0 (apply guards it with max(1, fan))', () => {
    assert.deepEqual(computeFans([0, 4]), [0, 4]);
    const w = new HeNormal({ seed: 1 }).apply([0, 4]);
    assert.deepEqual(w.shape, [0, 4]);
  });
  test('invalid shape throws', () => assert.throws(() => computeFans([2, -1]), ValueError));
});

describe('variance-scaling distributions (seeded, large shapes)', () => {
  test('glorotUniform: |w| ≤ √(6/(fanIn+fanOut)), Var ≈ limit²/3 within 3%, mean ≈ 0', () => {
    const limit = Math.sqrt(6 / (200 + 300));
    const s = stats(glorotUniform({ seed: 11 }).apply([200, 300]));
    assert.ok(s.min >= -limit && s.max <= limit, `range [${s.min}, ${s.max}] vs ±${limit}`);
    // the extremes come close to the limit: the scale is not too small either
    assert.ok(s.max > 0.99 * limit && s.min < -0.99 * limit);
    assert.ok(...within(s.std ** 2, limit ** 2 / 3, 0.03));
    assert.ok(Math.abs(s.mean) < 0.02 * limit, `mean ${s.mean}`);
  });

  test('glorotNormal: std ≈ √(2/(fanIn+fanOut)) within 3% (truncation corrected), |w| ≤ 2σ', () => {
    const target = Math.sqrt(2 / (300 + 200));
    const s = stats(new GlorotNormal({ seed: 2 }).apply([300, 200]));
    assert.ok(...within(s.std, target, 0.03));
    const bound = (2 * target) / TRUNCATED_NORMAL_STDDEV;
    assert.ok(s.max <= bound * (1 + 1e-6) && s.min >= -bound * (1 + 1e-6), `range [${s.min}, ${s.max}] vs ±${bound}`);
  });

  test('heNormal: std ≈ √(2/fanIn) within 3%, |w| ≤ 2·√(2/fanIn)/0.8796', () => {
    const fanIn = 400;
    const target = Math.sqrt(2 / fanIn);
    const s = stats(heNormal({ seed: 3 }).apply([fanIn, 200]));
    assert.ok(...within(s.std, target, 0.03));
    const bound = (2 * target) / TRUNCATED_NORMAL_STDDEV;
    assert.ok(s.max <= bound * (1 + 1e-6) && s.min >= -bound * (1 + 1e-6));
    // without the 1/0.8796 correction the std would be 12% low: this test would catch a missing correction
    assert.ok(s.std > 0.95 * target);
  });

  test('heUniform on a conv kernel: limit √(6/fanIn) with fanIn = 3·3·16', () => {
    const limit = Math.sqrt(6 / 144);
    const s = stats(new HeUniform({ seed: 4 }).apply([3, 3, 16, 256]));
    assert.ok(s.min >= -limit && s.max <= limit);
    assert.ok(...within(s.std ** 2, limit ** 2 / 3, 0.03));
  });

  test('lecunNormal: Var ≈ 1/fanIn within 3%; lecunUniform: limit √(3/fanIn)', () => {
    const s = stats(lecunNormal({ seed: 5 }).apply([250, 240]));
    assert.ok(...within(s.std ** 2, 1 / 250, 0.03));
    const limit = Math.sqrt(3 / 250);
    const u = stats(new LecunUniform({ seed: 6 }).apply([250, 240]));
    assert.ok(u.min >= -limit && u.max <= limit && u.max > 0.99 * limit);
    assert.ok(...within(u.std ** 2, 1 / 250, 0.03));
  });

  test("VarianceScaling 'untruncatedNormal' fanOut: std √(scale/fanOut), with tails beyond 2σ", () => {
    const sigma = Math.sqrt(3 / 300);
    const s = stats(
      new VarianceScaling({ scale: 3, mode: 'fanOut', distribution: 'untruncatedNormal', seed: 7 }).apply([200, 300]),
    );
    assert.ok(...within(s.std, sigma, 0.03));
    assert.ok(s.max > 2.5 * sigma, `max ${s.max}: an untruncated normal of 60000 draws reaches past 2.5σ`);
  });

  test("snake_case and camelCase modes and 'normal' give the same values", () => {
    const a = new VarianceScaling({ mode: 'fan_avg', distribution: 'truncated_normal', seed: 8 });
    const b = new VarianceScaling({ mode: 'fanAvg', distribution: 'normal', seed: 8 });
    assert.deepEqual(a.getConfig(), b.getConfig());
    assert.deepEqual(a.apply([4, 6]).dataSync(), b.apply([4, 6]).dataSync());
    assert.deepEqual(a.getConfig(), { scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal', seed: 8 });
  });

  test('fanAvg divides by (fanIn + fanOut)/2 and fanIn by fanIn: seeded draws differ by exactly that factor', () => {
    const avg = new VarianceScaling({ mode: 'fanAvg', distribution: 'uniform', seed: 9 }).apply([10, 30]).dataSync();
    const fin = new VarianceScaling({ mode: 'fanIn', distribution: 'uniform', seed: 9 }).apply([10, 30]).dataSync();
    // same uniform draws scaled by limit: ratio = √(10/20)
    for (let i = 0; i < 5; i++) assert.ok(Math.abs((avg[i] as number) / (fin[i] as number) - Math.sqrt(0.5)) < 1e-5);
  });

  test('Glorot/He/Lecun equal VarianceScaling with their parameters (same seed, same values)', () => {
    const cases = [
      [new GlorotUniform({ seed: 1 }), { scale: 1, mode: 'fanAvg', distribution: 'uniform' }],
      [new GlorotNormal({ seed: 1 }), { scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal' }],
      [new HeUniform({ seed: 1 }), { scale: 2, mode: 'fanIn', distribution: 'uniform' }],
      [new HeNormal({ seed: 1 }), { scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' }],
      [new LecunUniform({ seed: 1 }), { scale: 1, mode: 'fanIn', distribution: 'uniform' }],
      [new LecunNormal({ seed: 1 }), { scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' }],
    ] as const;
    for (const [init, args] of cases) {
      assert.ok(init instanceof VarianceScaling);
      const ref = new VarianceScaling({ ...args, seed: 1 });
      assert.deepEqual(init.apply([5, 7]).dataSync(), ref.apply([5, 7]).dataSync(), init.className);
      assert.deepEqual(init.getConfig(), { seed: 1 }, init.className);
    }
  });

  test('leCunNormal is TensorFlow.js’s spelling of lecunNormal', () => {
    assert.equal(leCunNormal, lecunNormal);
  });
});

describe('variance-scaling seeds', () => {
  test('seeded: the same values every call (Keras 3)', () => {
    const init = new HeNormal({ seed: 42 });
    assert.deepEqual(init.apply([6, 5]).dataSync(), init.apply([6, 5]).dataSync());
  });

  test('two seeds differ', () => {
    const a = new GlorotUniform({ seed: 1 }).apply([4, 4]).dataSync();
    const b = new GlorotUniform({ seed: 2 }).apply([4, 4]).dataSync();
    assert.notDeepEqual(a, b);
  });

  test('unseeded: successive calls differ, and setRandomSeed replays the sequence', () => {
    const init = new GlorotUniform();
    setRandomSeed(123);
    const a1 = init.apply([3, 3]).dataSync();
    const a2 = init.apply([3, 3]).dataSync();
    setRandomSeed(123);
    const b1 = init.apply([3, 3]).dataSync();
    const b2 = init.apply([3, 3]).dataSync();
    assert.notDeepEqual(a1, a2);
    assert.deepEqual(a1, b1);
    assert.deepEqual(a2, b2);
  });

  test('apply leaves exactly its result alive', () => {
    const before = memory().numTensors;
    const w = new VarianceScaling({ seed: 1 }).apply([3, 3]);
    assert.equal(memory().numTensors, before + 1);
    dispose(w);
  });
});

describe('variance-scaling validation', () => {
  test('scale must be positive (Keras 3 rejects 0 too)', () => {
    assert.throws(
      () => new VarianceScaling({ scale: -1 }),
      /^ValueError: Invalid value received for argument `scale` of VarianceScaling\. Expected a positive finite number\. Received: scale=-1$/,
    );
    assert.throws(() => new VarianceScaling({ scale: 0 }), /Received: scale=0$/);
    assert.throws(() => new VarianceScaling({ scale: Number.NaN }), /Received: scale=NaN$/);
  });

  test('unknown mode and distribution list the choices', () => {
    assert.throws(
      () => new VarianceScaling({ mode: 'fan_sum' as never }),
      /^ValueError: Invalid value received for argument `mode` of VarianceScaling\. Expected one of fanIn, fan_in, fanOut, fan_out, fanAvg, fan_avg\. Received: mode="fan_sum"$/,
    );
    assert.throws(
      () => new VarianceScaling({ distribution: 'gaussian' as never }),
      /`distribution` of \w+\. Expected one of truncatedNormal, truncated_normal, normal, untruncatedNormal, untruncated_normal, uniform\. Received: distribution="gaussian"$/,
    );
  });

  test('a non-integer seed fails at construction', () => {
    assert.throws(
      () => new HeNormal({ seed: 1.5 }),
      /`seed` of \w+\. Expected an integer or null\. Received: seed=1\.5$/,
    );
  });

  test('an int32 dtype is refused with the initializer’s name', () => {
    assert.throws(() => new GlorotUniform().apply([2, 2], 'int32'), /^ValueError: GlorotUniform: invalid `dtype`/);
  });

  test('float64 is honoured', () => {
    assert.equal(new GlorotUniform({ seed: 1 }).apply([2, 2], 'float64').dtype, 'float64');
  });
});
