import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomNormal, type Tensor, tensor, tidy } from '../../src/index.js';
import { AlphaDropout, GaussianDropout, GaussianNoise } from '../../src/layers/noise.js';
import { assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { rng } from '../util/gradcheck.js';

const N = 100_000;

function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += ((xs[i] as number) - mean) ** 2;
  return { mean, variance: v / (xs.length - 1) };
}

/** N float32 values in [0.5, 1.5) ∪ (−1.5, −0.5]: away from 0, so out/x is well defined. */
function awayFromZero(seed: number): Tensor {
  const next = rng(seed);
  return tensor(Float32Array.from({ length: N }, () => (next() < 0.5 ? -1 : 1) * (0.5 + next())));
}

function assertNear(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual}, expected ${expected} ± ${tol}`);
}

describeEachBackend('noise layers', () => {
  test('GaussianNoise: output − input has mean ≈ 0 and std ≈ stddev (n = 1e5)', () => {
    tidy(() => {
      for (const stddev of [0.1, 2]) {
        const x = awayFromZero(1);
        const xs = x.dataSync();
        const ys = new GaussianNoise({ stddev, seed: 3 }).apply(x, { training: true }).dataSync();
        const noise = Float64Array.from(ys, (y, i) => y - (xs[i] as number));
        const { mean, variance } = moments(noise);
        assertNear(mean / stddev, 0, 0.015, `stddev ${stddev}: mean of the noise / stddev`);
        assertNear(Math.sqrt(variance) / stddev, 1, 0.01, `stddev ${stddev}: std of the noise / stddev`);
      }
    });
  });

  for (const rate of [0.2, 0.5]) {
    test(`GaussianDropout(${rate}): E[out/x] ≈ 1 and Var[out/x] ≈ rate/(1 − rate) (n = 1e5)`, () => {
      tidy(() => {
        const x = awayFromZero(2);
        const xs = x.dataSync();
        const ys = new GaussianDropout({ rate, seed: 4 }).apply(x, { training: true }).dataSync();
        const { mean, variance } = moments(Float64Array.from(ys, (y, i) => y / (xs[i] as number)));
        const expectedVariance = rate / (1 - rate);
        assertNear(mean, 1, 0.01, 'E[out/x]');
        assertNear(variance / expectedVariance, 1, 0.03, 'Var[out/x] / (rate/(1 − rate))');
      });
    });
  }

  for (const rate of [0.1, 0.3]) {
    test(`AlphaDropout(${rate}) keeps a standard normal input at mean 0, variance 1 (within 2%, n = 1e5)`, () => {
      tidy(() => {
        const x = randomNormal([N], 0, 1, 'float32', 5);
        const layer = new AlphaDropout({ rate, seed: 6 });
        const y = layer.apply(x, { training: true });
        const alphaP = -1.6732632423543772 * 1.0507009873554805;
        const a = ((1 - rate) * (1 + rate * alphaP * alphaP)) ** -0.5;
        const droppedValue = a * alphaP - a * alphaP * rate;
        const ys = y.dataSync();
        let dropped = 0;
        for (let i = 0; i < N; i++) if (Math.abs((ys[i] as number) - droppedValue) < 1e-6) dropped++;
        assertNear(dropped / N, rate, 0.005, 'fraction set to the dropped value');
        const { mean, variance } = moments(ys);
        assertNear(mean, 0, 0.02, 'mean');
        assertNear(variance, 1, 0.02, 'variance');
        // Without the affine correction the variance would be off by far more than 2%.
        const raw = moments(Float64Array.from(ys, (v) => (v - -a * alphaP * rate) / a));
        assert.ok(Math.abs(raw.variance - 1) > 0.05, `the check cannot tell a from 1 (raw variance ${raw.variance})`);
      });
    });
  }

  test('all three are the identity at inference (training false or omitted) and in training at rate/stddev 0', () => {
    tidy(() => {
      const x = tensor([
        [1, -2, 3],
        [0.5, 0, -4],
      ]);
      for (const layer of [
        new GaussianNoise({ stddev: 1, seed: 1 }),
        new GaussianDropout({ rate: 0.5, seed: 1 }),
        new AlphaDropout({ rate: 0.5, seed: 1 }),
      ]) {
        assertExact(layer.apply(x), x);
        assertExact(layer.apply(x, { training: false }), x);
      }
      for (const layer of [new GaussianNoise(0), new GaussianDropout(0), new AlphaDropout(0)]) {
        assertExact(layer.apply(x, { training: true }), x);
      }
    });
  });

  test('a seed reproduces the noise sequence; consecutive calls differ', () => {
    tidy(() => {
      const x = tensor(new Float32Array(100).fill(1));
      for (const make of [
        () => new GaussianNoise({ stddev: 1, seed: 8 }),
        () => new GaussianDropout({ rate: 0.5, seed: 8 }),
        () => new AlphaDropout({ rate: 0.5, seed: 8 }),
      ]) {
        const a = make();
        const b = make();
        const a1 = a.apply(x, { training: true });
        const a2 = a.apply(x, { training: true });
        assertExact(b.apply(x, { training: true }), a1);
        assertExact(b.apply(x, { training: true }), a2);
        assert.notDeepEqual(Array.from(a2.dataSync()), Array.from(a1.dataSync()), `${a.className}: same noise twice`);
      }
    });
  });

  test('AlphaDropout noiseShape [null, 1] drops whole rows to the same value', () => {
    tidy(() => {
      const rows = 500;
      const x = randomNormal([rows, 4], 0, 1, 'float32', 9);
      const ys = new AlphaDropout({ rate: 0.5, noiseShape: [null, 1], seed: 2 })
        .apply(x, { training: true })
        .dataSync();
      let droppedRows = 0;
      for (let r = 0; r < rows; r++) {
        const row = Array.from(ys.slice(r * 4, (r + 1) * 4));
        if (row.every((v) => v === row[0])) droppedRows++;
      }
      assertNear(droppedRows / rows, 0.5, 0.08, 'fraction of rows dropped whole');
    });
  });
});
