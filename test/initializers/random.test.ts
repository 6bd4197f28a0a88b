import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setRandomSeed, ValueError } from '../../src/index.js';
import {
  RandomNormal,
  RandomUniform,
  randomNormal,
  randomUniform,
  TruncatedNormal,
  truncatedNormal,
} from '../../src/initializers/index.js';
import { stats, within } from './stats.js';

describe('RandomNormal / RandomUniform / TruncatedNormal', () => {
  test('defaults are Keras’s: N(0, 0.05²), U[−0.05, 0.05), truncated N(0, 0.05²)', () => {
    assert.deepEqual(new RandomNormal().getConfig(), { mean: 0, stddev: 0.05, seed: null });
    assert.deepEqual(new RandomUniform().getConfig(), { minval: -0.05, maxval: 0.05, seed: null });
    assert.deepEqual(new TruncatedNormal().getConfig(), { mean: 0, stddev: 0.05, seed: null });
  });

  test('randomNormal: mean and std within 3%', () => {
    const s = stats(randomNormal({ mean: 2, stddev: 0.5, seed: 1 }).apply([300, 200]));
    assert.ok(...within(s.mean, 2, 0.01));
    assert.ok(...within(s.std, 0.5, 0.03));
    assert.ok(s.max > 2 + 2.5 * 0.5, 'untruncated: tails beyond 2σ');
  });

  test('randomUniform: within [minval, maxval), variance (b − a)²/12 within 3%', () => {
    const s = stats(randomUniform({ minval: -1, maxval: 3, seed: 2 }).apply([300, 200]));
    assert.ok(s.min >= -1 && s.max < 3, `range [${s.min}, ${s.max}]`);
    assert.ok(...within(s.std ** 2, 16 / 12, 0.03));
    assert.ok(...within(s.mean, 1, 0.02));
  });

  test('truncatedNormal: every value within 2σ of the mean, std ≈ 0.8796σ', () => {
    const s = stats(truncatedNormal({ mean: 1, stddev: 0.1, seed: 3 }).apply([300, 200]));
    assert.ok(s.min >= 1 - 0.2 - 1e-6 && s.max <= 1 + 0.2 + 1e-6, `range [${s.min}, ${s.max}]`);
    assert.ok(...within(s.std, 0.1 * 0.87962566103423978, 0.03));
  });

  test('stddev 0 gives the mean everywhere', () => {
    assert.deepEqual(Array.from(new RandomNormal({ mean: 3, stddev: 0, seed: 1 }).apply([3]).dataSync()), [3, 3, 3]);
  });

  test('seeded: same values every call; different seeds differ', () => {
    for (const make of [
      (seed: number) => new RandomNormal({ seed }),
      (seed: number) => new RandomUniform({ seed }),
      (seed: number) => new TruncatedNormal({ seed }),
    ]) {
      const init = make(5);
      const a = init.apply([4, 3]).dataSync();
      assert.deepEqual(a, init.apply([4, 3]).dataSync(), init.className);
      assert.deepEqual(a, make(5).apply([4, 3]).dataSync(), `${init.className}: a new instance, same seed`);
      assert.notDeepEqual(a, make(6).apply([4, 3]).dataSync(), init.className);
    }
  });

  test('unseeded: setRandomSeed(s) replays the same sequence of draws', () => {
    const init = new RandomUniform();
    setRandomSeed(7);
    const a = [init.apply([5]).dataSync(), init.apply([5]).dataSync()];
    setRandomSeed(7);
    const b = [init.apply([5]).dataSync(), init.apply([5]).dataSync()];
    assert.deepEqual(a, b);
    assert.notDeepEqual(a[0], a[1]);
  });

  test('errors: negative stddev, minval ≥ maxval, non-finite mean, bad seed', () => {
    assert.throws(
      () => new RandomNormal({ stddev: -1 }),
      /^ValueError: Invalid value received for argument `stddev` of RandomNormal\. Expected a non-negative finite number\. Received: stddev=-1$/,
    );
    assert.throws(
      () => new TruncatedNormal({ stddev: -0.1 }),
      /^ValueError: .*`stddev` of TruncatedNormal.*stddev=-0\.1$/,
    );
    assert.throws(
      () => new RandomUniform({ minval: 1, maxval: 1 }),
      /^ValueError: Invalid value received for argument `maxval` of RandomUniform\. Expected a number greater than minval=1\. Received: maxval=1$/,
    );
    assert.throws(() => new RandomUniform({ minval: 2, maxval: 1 }), ValueError);
    assert.throws(
      () => new RandomNormal({ mean: Number.POSITIVE_INFINITY }),
      /`mean` of \w+\. Expected a finite number\. Received: mean=Infinity$/,
    );
    assert.throws(() => new RandomUniform({ seed: '1' as never }), /Received: seed="1"$/);
  });

  test('int32 dtype is refused; float64 honoured', () => {
    assert.throws(() => new RandomNormal().apply([2], 'int32'), /^ValueError: RandomNormal: invalid `dtype`/);
    assert.equal(new TruncatedNormal({ seed: 1 }).apply([2], 'float64').dtype, 'float64');
  });
});
