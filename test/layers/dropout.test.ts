import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ones, setRandomSeed, type Tensor, tensor, tidy } from '../../src/index.js';
import { Dropout } from '../../src/layers/dropout.js';
import { assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { rng } from '../util/gradcheck.js';

const N = 100_000;

/** N float32 values in [1, 2): never 0, so a zero in the output is a dropped unit. */
function positiveInput(n = N, seed = 5): Tensor {
  const next = rng(seed);
  return tensor(Float32Array.from({ length: n }, () => 1 + next()));
}

const values = (t: Tensor): number[] => Array.from(t.dataSync());
const mask = (t: Tensor): number[] => values(t).map((v) => (v === 0 ? 0 : 1));

describeEachBackend('Dropout', () => {
  for (const [rate, seed] of [
    [0.1, 1],
    [0.5, 2],
    [0.9, 3],
  ] as const) {
    test(`rate ${rate}: kept fraction 1 − rate ± 0.005; kept values are exactly x/(1 − rate) in float32; dropped are 0`, () => {
      tidy(() => {
        const x = positiveInput();
        const xs = values(x);
        const ys = values(new Dropout({ rate, seed }).apply(x, { training: true }));
        const scale = Math.fround(1 - rate);
        let kept = 0;
        for (let i = 0; i < N; i++) {
          const y = ys[i] as number;
          if (Object.is(y, 0)) continue;
          kept++;
          const expected = Math.fround((xs[i] as number) / scale);
          if (y !== expected) assert.fail(`element ${i}: kept value ${y}, expected x/(1 − rate) = ${expected}`);
        }
        const fraction = kept / N;
        assert.ok(Math.abs(fraction - (1 - rate)) <= 0.005, `kept fraction ${fraction}, expected ${1 - rate} ± 0.005`);
      });
    });
  }

  test('the mean is preserved (±1%) for rates 0.1, 0.5, 0.9 (n = 1e6)', () => {
    tidy(() => {
      const n = 1_000_000;
      const x = ones([n]);
      for (const [rate, seed] of [
        [0.1, 4],
        [0.5, 5],
        [0.9, 6],
      ] as const) {
        const ys = new Dropout({ rate, seed }).apply(x, { training: true }).dataSync();
        let s = 0;
        for (let i = 0; i < n; i++) s += ys[i] as number;
        const m = s / n;
        assert.ok(Math.abs(m - 1) <= 0.01, `rate ${rate}: mean ${m}, expected 1 ± 1%`);
      }
    });
  });

  test('the identity at inference: training false or omitted returns the input values', () => {
    tidy(() => {
      const x = tensor([
        [1, -2, 3],
        [0.5, -0.25, 4],
      ]);
      const layer = new Dropout({ rate: 0.5, seed: 1 });
      assertExact(layer.apply(x), x);
      assertExact(layer.apply(x, {}), x);
      assertExact(layer.apply(x, { training: false }), x);
      assert.deepEqual(layer.apply(x).shape, [2, 3]);
    });
  });

  test('rate 0 is the identity even in training; rate 1 gives zeros', () => {
    tidy(() => {
      const x = positiveInput(1000);
      assertExact(new Dropout(0).apply(x, { training: true }), x);
      const zeroed = new Dropout(1).apply(x, { training: true });
      assert.deepEqual(zeroed.shape, [1000]);
      assert.ok(values(zeroed).every((v) => v === 0));
      assertExact(new Dropout(1).apply(x), x); // still the identity at inference
    });
  });

  test('noiseShape [null, 1] drops whole rows; its kept rows are x/(1 − rate)', () => {
    tidy(() => {
      const rows = 2000;
      const cols = 8;
      const x = tensor(
        Float32Array.from({ length: rows * cols }, (_, i) => 1 + (i % 5)),
        [rows, cols],
      );
      const y = new Dropout({ rate: 0.5, noiseShape: [null, 1], seed: 9 }).apply(x, { training: true });
      assert.deepEqual(y.shape, [rows, cols]);
      const xs = values(x);
      const ys = values(y);
      let keptRows = 0;
      for (let r = 0; r < rows; r++) {
        const row = ys.slice(r * cols, (r + 1) * cols);
        const dropped = row.every((v) => v === 0);
        if (!dropped) keptRows++;
        row.forEach((v, c) => {
          const expected = dropped ? 0 : (xs[r * cols + c] as number) / 0.5;
          if (v !== expected) assert.fail(`row ${r} is neither dropped nor kept whole: column ${c} is ${v}`);
        });
      }
      assert.ok(Math.abs(keptRows / rows - 0.5) < 0.05, `kept ${keptRows} of ${rows} rows`);
    });
  });

  test('noiseShape [1, null] shares one mask across the batch', () => {
    tidy(() => {
      const y = new Dropout({ rate: 0.5, noiseShape: [1, null], seed: 3 }).apply(ones([50, 40]), { training: true });
      const m = mask(y);
      const first = m.slice(0, 40);
      assert.ok(first.some((v) => v === 0) && first.some((v) => v === 1));
      for (let r = 1; r < 50; r++) assert.deepEqual(m.slice(r * 40, (r + 1) * 40), first, `row ${r}`);
    });
  });

  test('a seed makes the sequence of masks reproducible; consecutive calls draw new masks', () => {
    tidy(() => {
      const x = ones([1000]);
      const a = new Dropout({ rate: 0.5, seed: 42 });
      const b = new Dropout(0.5, { seed: 42 });
      const a1 = mask(a.apply(x, { training: true }));
      const a2 = mask(a.apply(x, { training: true }));
      const b1 = mask(b.apply(x, { training: true }));
      const b2 = mask(b.apply(x, { training: true }));
      assert.deepEqual(b1, a1, 'first masks differ');
      assert.deepEqual(b2, a2, 'second masks differ');
      assert.notDeepEqual(a2, a1, 'consecutive calls gave the same mask');
      const other = mask(new Dropout({ rate: 0.5, seed: 43 }).apply(x, { training: true }));
      assert.notDeepEqual(other, a1, 'seeds 42 and 43 gave the same mask');
      // Inference calls draw nothing: the seeded sequence is unchanged by them.
      const c = new Dropout({ rate: 0.5, seed: 42 });
      c.apply(x);
      assert.deepEqual(mask(c.apply(x, { training: true })), a1);
    });
  });

  test('unseeded layers reproduce after setRandomSeed(s)', () => {
    tidy(() => {
      const x = ones([1000]);
      setRandomSeed(1234);
      const a = new Dropout(0.5);
      const a1 = mask(a.apply(x, { training: true }));
      const a2 = mask(a.apply(x, { training: true }));
      setRandomSeed(1234);
      const b = new Dropout(0.5);
      assert.deepEqual(mask(b.apply(x, { training: true })), a1);
      assert.deepEqual(mask(b.apply(x, { training: true })), a2);
      assert.notDeepEqual(a2, a1);
      setRandomSeed(4321);
      assert.notDeepEqual(mask(new Dropout(0.5).apply(x, { training: true })), a1);
    });
  });

  test('float64 inputs keep their dtype; the config holds rate, noiseShape and seed', () => {
    tidy(() => {
      const layer = new Dropout({ rate: 0.25, noiseShape: [null, 1], seed: 3, dtype: 'float64' });
      assert.equal(layer.apply(tensor([[1, 2]], undefined, 'float64'), { training: true }).dtype, 'float64');
      const config = layer.getConfig();
      assert.equal(config.rate, 0.25);
      assert.deepEqual(config.noiseShape, [null, 1]);
      assert.equal(config.seed, 3);
      assert.equal(new Dropout(0.5).getConfig().noiseShape, null);
      assert.equal(new Dropout(0.5).getConfig().seed, null, 'unseeded: seed null, as Keras writes it');
    });
  });
});
