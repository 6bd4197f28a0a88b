// The fused ops against the unfused compositions they replace (the definition), on every backend: fusedMatMul's
// values and gradients, its error messages, dropoutWithMask bit for bit, and penalty/penaltyGrad golden values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FusedActivation } from '../../src/backends/kernel-names.js';
import { seedKey } from '../../src/core/random.js';
import {
  add,
  cast,
  type DType,
  DTypeError,
  div,
  grads,
  less,
  matMul,
  mul,
  randomUniform,
  relu,
  SeedGenerator,
  ShapeError,
  sigmoid,
  sum,
  type Tensor,
  tanh,
  tensor,
  tidy,
  ValueError,
  zeros,
} from '../../src/index.js';
import { Dropout } from '../../src/layers/dropout.js';
import { dropoutWithMask } from '../../src/ops/dropout.js';
import { fusedMatMul } from '../../src/ops/fused.js';
import { penalty, penaltyGrad } from '../../src/ops/penalty.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { rng } from '../util/gradcheck.js';

const ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'sigmoid', 'tanh'];
const TRANSPOSES: readonly (readonly [boolean, boolean])[] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** Uniform values in [low, high) from a seeded stream (independent of Dendrite's random ops). */
function random(shape: number[], seed: number, dtype: DType = 'float32', low = -1, high = 1): Tensor {
  const next = rng(seed);
  const size = shape.reduce((p, d) => p * d, 1);
  return tensor(
    Array.from({ length: size }, () => low + (high - low) * next()),
    shape,
    dtype,
  );
}

/** act(op(a)·op(b) + bias) with the separate ops: what fusedMatMul must equal. */
function unfused(a: Tensor, b: Tensor, bias: Tensor | null, act: FusedActivation, tA: boolean, tB: boolean): Tensor {
  const z = bias ? add(matMul(a, b, tA, tB), bias) : matMul(a, b, tA, tB);
  return act === 'relu' ? relu(z) : act === 'sigmoid' ? sigmoid(z) : act === 'tanh' ? tanh(z) : z;
}

/** The operands of an m×k·k×n product, stored transposed where asked. */
function operands(m: number, k: number, n: number, tA: boolean, tB: boolean, seed: number, dtype: DType) {
  return {
    a: random(tA ? [k, m] : [m, k], seed, dtype),
    b: random(tB ? [n, k] : [k, n], seed + 1, dtype),
    bias: random([n], seed + 2, dtype),
  };
}

type ErrorClass = new (...args: never[]) => Error;

/** Asserts that `fn` throws exactly `cls` with a message matching `pattern` (as test/ops/errors.test.ts does). */
function throwsWith(fn: () => unknown, cls: ErrorClass, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.equal((e as Error)?.constructor, cls, `expected ${cls.name}, got ${(e as Error)?.constructor?.name}: ${e}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

describeEachBackend('fusedMatMul equals matMul + bias + activation', () => {
  const SIZES: readonly (readonly [number, number, number])[] = [
    [7, 13, 5],
    [33, 65, 17],
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    // float32: the two paths may sum the k products in different orders; float64 leaves only that rounding.
    const tol = dtype === 'float32' ? { rtol: 1e-5, atol: 2e-5 } : { rtol: 1e-12, atol: 1e-12 };
    for (const [m, k, n] of SIZES) {
      for (const act of ACTIVATIONS) {
        test(`${dtype}, ${m}×${k}×${n}, ${act}: every transpose combination, with and without bias`, () => {
          tidy(() => {
            for (const [tA, tB] of TRANSPOSES) {
              const { a, b, bias } = operands(m, k, n, tA, tB, m + k + n, dtype);
              for (const withBias of [true, false]) {
                const y = fusedMatMul({
                  a,
                  b,
                  bias: withBias ? bias : null,
                  activation: act,
                  transposeA: tA,
                  transposeB: tB,
                });
                assert.equal(y.dtype, dtype);
                assertClose(y, unfused(a, b, withBias ? bias : null, act, tA, tB), tol);
              }
            }
          });
        });
      }
    }
  }

  test('defaults: linear, no transposes, bias omitted or undefined', () => {
    tidy(() => {
      const { a, b } = operands(3, 4, 2, false, false, 1, 'float32');
      assertClose(fusedMatMul({ a, b }), matMul(a, b), { rtol: 1e-6, atol: 1e-6 });
      assertClose(fusedMatMul({ a, b, bias: undefined }), matMul(a, b), { rtol: 1e-6, atol: 1e-6 });
    });
  });

  test('NaN and infinities pass through the epilogue as through the separate ops', () => {
    tidy(() => {
      const a = tensor([1, 0, 0, 1, 1, 1], [3, 2]);
      const b = tensor([Number.NaN, Number.POSITIVE_INFINITY, 0, Number.NEGATIVE_INFINITY, -2, 3], [2, 3]);
      const bias = tensor([0, 0, -0]);
      for (const act of ACTIVATIONS) {
        assertExact(fusedMatMul({ a, b, bias, activation: act }), unfused(a, b, bias, act, false, false));
      }
    });
  });

  test('empty products: m = 0, n = 0, and k = 0 (bias and activation of a zero sum)', () => {
    tidy(() => {
      assert.deepEqual(fusedMatMul({ a: zeros([0, 3]), b: zeros([3, 2]), bias: zeros([2]) }).shape, [0, 2]);
      assert.deepEqual(fusedMatMul({ a: zeros([2, 3]), b: zeros([3, 0]), bias: zeros([0]) }).shape, [2, 0]);
      const y = fusedMatMul({ a: zeros([2, 0]), b: zeros([0, 2]), bias: tensor([1, -1]), activation: 'relu' });
      assertExact(y, [1, 0, 1, 0]);
    });
  });
});

describeEachBackend('fusedMatMul gradients equal those of the unfused composition', () => {
  for (const act of ACTIVATIONS) {
    test(`${act}: d/da, d/db, d/dbias of Σ fusedMatMul·r, every transpose combination`, () => {
      tidy(() => {
        const [m, k, n] = [7, 13, 5];
        for (const [tA, tB] of TRANSPOSES) {
          const { a, b, bias } = operands(m, k, n, tA, tB, 40, 'float32');
          const r = random([m, n], 43, 'float32');
          const fused = grads((a, b, bias) =>
            sum(mul(fusedMatMul({ a, b, bias, activation: act, transposeA: tA, transposeB: tB }), r)),
          )([a, b, bias]);
          const reference = grads((a, b, bias) => sum(mul(unfused(a, b, bias, act, tA, tB), r)))([a, b, bias]);
          fused.forEach((g, i) => {
            assertClose(g as Tensor, reference[i] as Tensor, { rtol: 1e-5, atol: 1e-5 });
          });
          // Without a bias the gradient has two entries.
          const noBias = grads((a, b) =>
            sum(mul(fusedMatMul({ a, b, activation: act, transposeA: tA, transposeB: tB }), r)),
          )([a, b]);
          const noBiasRef = grads((a, b) => sum(mul(unfused(a, b, null, act, tA, tB), r)))([a, b]);
          noBias.forEach((g, i) => {
            assertClose(g as Tensor, noBiasRef[i] as Tensor, { rtol: 1e-5, atol: 1e-5 });
          });
        }
      });
    });
  }

  test('a gradient with respect to the bias alone', () => {
    tidy(() => {
      const { a, b, bias } = operands(4, 3, 2, false, false, 50, 'float32');
      const [g] = grads((bias) => sum(fusedMatMul({ a, b, bias, activation: 'linear' })))([bias]);
      assertClose(g as Tensor, [4, 4], { rtol: 0, atol: 0 });
    });
  });
});

describeEachBackend('fusedMatMul errors name the problem', () => {
  test('operands that are not 2-D', () => {
    throwsWith(
      () => fusedMatMul({ a: zeros([2, 3, 4]), b: zeros([4, 5]) }),
      ShapeError,
      /^fused\.matMul: a and b must be 2-D\. Received: a with shape \[2,3,4\] and b with shape \[4,5\]$/,
    );
    throwsWith(
      () => fusedMatMul({ a: zeros([3]), b: zeros([3, 5]) }),
      ShapeError,
      /^fused\.matMul: a and b must be 2-D\. Received: a with shape \[3\] and b with shape \[3,5\]$/,
    );
  });

  test('inner dimensions that differ, with and without transposes', () => {
    throwsWith(
      () => fusedMatMul({ a: zeros([2, 3]), b: zeros([4, 5]) }),
      ShapeError,
      /^fused\.matMul: inner dimensions differ: a with shape \[2,3\] and b with shape \[4,5\]$/,
    );
    throwsWith(
      () => fusedMatMul({ a: zeros([2, 3]), b: zeros([2, 4]), transposeB: true }),
      ShapeError,
      /^fused\.matMul: inner dimensions differ: a with shape \[2,3\] and b with shape \[2,4\] \(transposed\)$/,
    );
    throwsWith(
      () => fusedMatMul({ a: zeros([2, 3]), b: zeros([3, 4]), transposeA: true }),
      ShapeError,
      /^fused\.matMul: inner dimensions differ: a with shape \[2,3\] \(transposed\) and b with shape \[3,4\]$/,
    );
  });

  test('a bias that is not of length n', () => {
    throwsWith(
      () => fusedMatMul({ a: zeros([2, 3]), b: zeros([3, 5]), bias: zeros([4]) }),
      ShapeError,
      /^fused\.matMul: bias must have shape \[5\]\. Received: \[4\]$/,
    );
    throwsWith(
      () => fusedMatMul({ a: zeros([2, 3]), b: zeros([3, 5]), bias: zeros([1, 5]) }),
      ShapeError,
      /^fused\.matMul: bias must have shape \[5\]\. Received: \[1,5\]$/,
    );
  });

  test('an activation no fused kernel applies', () => {
    throwsWith(
      () => fusedMatMul({ a: zeros([2, 3]), b: zeros([3, 5]), activation: 'softmax' as FusedActivation }),
      ValueError,
      /^fused\.matMul: activation must be one of "linear", "relu", "sigmoid", "tanh"\. Received: "softmax"$/,
    );
  });

  test('integer operands, and operands of two float dtypes', () => {
    throwsWith(
      () => fusedMatMul({ a: zeros([2, 3], 'int32'), b: zeros([3, 5], 'int32') }),
      DTypeError,
      /^fused\.matMul: operands must share one float dtype\. Received: a=int32, b=int32$/,
    );
    throwsWith(
      () => fusedMatMul({ a: zeros([2, 3]), b: zeros([3, 5], 'int32') }),
      DTypeError,
      /^fused\.matMul: operands must share one float dtype\. Received: a=float32, b=int32$/,
    );
    throwsWith(
      () => fusedMatMul({ a: zeros([2, 3]), b: zeros([3, 5]), bias: zeros([5], 'float64') }),
      DTypeError,
      /^fused\.matMul: operands must share one float dtype\. Received: a=float32, b=float32, bias=float64$/,
    );
  });
});

/** The seed the Dropout layer passes to its `call`'s first draw, for a layer built with `seed`. */
const layerSeed = (seed: number): number => new SeedGenerator(seed).nextSeed();

describeEachBackend('dropoutWithMask', () => {
  const RATES = [0.1, 0.3, 0.5, 0.9];

  /** The unfused layer's formula: keep = u < 1 − rate; y = x·keep/(1 − rate); mask = keep/(1 − rate). */
  function reference(x: Tensor, rate: number, seed: number): [Tensor, Tensor] {
    const keep = cast(less(randomUniform(x.shape, 0, 1, 'float32', seed), 1 - rate), x.dtype);
    return [div(mul(x, keep), 1 - rate), div(keep, 1 - rate)];
  }

  for (const dtype of ['float32', 'float64'] as const) {
    for (const rate of RATES) {
      test(`${dtype}, rate ${rate}: the unfused formula's values and mask, bit for bit (positive x)`, () => {
        tidy(() => {
          const x = random([37, 23], 7, dtype, 0.1, 4);
          const s = layerSeed(11);
          const [y, mask] = dropoutWithMask(x, rate, seedKey(s, 'Dropout'));
          const [yRef, maskRef] = reference(x, rate, s);
          assert.equal(y.dtype, dtype);
          assert.equal(mask.dtype, dtype);
          assert.deepEqual(y.shape, x.shape);
          assertExact(y, yRef);
          assertExact(mask, maskRef);
        });
      });
    }
  }

  // The unfused formula multiplies the dropped units by 0: −x·0 = −0 and NaN·0 = Inf·0 = NaN; so does the kernel.
  test('dropped negative, NaN and infinite units: the unfused formula’s −0 and NaN', () => {
    tidy(() => {
      const values = Array.from({ length: 64 }, (_, i) =>
        i % 4 === 0 ? Number.NaN : i % 4 === 1 ? Number.NEGATIVE_INFINITY : i % 4 === 2 ? -1.5 : 2,
      );
      const x = tensor(values, [64]);
      const s = layerSeed(5);
      const [y] = dropoutWithMask(x, 0.5, seedKey(s, 'Dropout'));
      assertExact(y, reference(x, 0.5, s)[0]);
    });
  });

  test('rate 0 keeps everything, unscaled', () => {
    tidy(() => {
      const x = random([5, 4], 3);
      const [y, mask] = dropoutWithMask(x, 0, [1, 2]);
      assertExact(y, x);
      assertExact(mask, new Array(20).fill(1));
    });
  });

  test('the keep rate is 1 − rate within 4σ over 100,000 units, and the mean of x is preserved', () => {
    tidy(() => {
      const n = 100_000;
      for (const rate of [0.2, 0.5, 0.75]) {
        const [y, mask] = dropoutWithMask(tensor(new Float32Array(n).fill(1), [n]), rate, seedKey(1234, 'Dropout'));
        const m = mask.dataSync();
        let kept = 0;
        for (let i = 0; i < n; i++) if (m[i] !== 0) kept++;
        const p = 1 - rate;
        const sigma = Math.sqrt(n * p * (1 - p));
        assert.ok(
          Math.abs(kept - n * p) < 4 * sigma,
          `rate ${rate}: kept ${kept} of ${n}, expected ${n * p} ± ${4 * sigma}`,
        );
        const mean = (sum(y).dataSync()[0] as number) / n;
        assert.ok(Math.abs(mean - 1) < (4 * sigma) / (n * p), `rate ${rate}: mean ${mean}`);
      }
    });
  });

  test('different seeds drop different units; the same seed the same ones', () => {
    tidy(() => {
      const x = random([200], 9, 'float32', 1, 2);
      const [a] = dropoutWithMask(x, 0.5, seedKey(1, 'Dropout'));
      const [b] = dropoutWithMask(x, 0.5, seedKey(1, 'Dropout'));
      const [c] = dropoutWithMask(x, 0.5, seedKey(2, 'Dropout'));
      assertExact(a, b);
      assert.notDeepEqual(Array.from(a.dataSync()), Array.from(c.dataSync()));
    });
  });

  test('errors: an integer x, a rate outside [0, 1)', () => {
    throwsWith(
      () => dropoutWithMask(zeros([2], 'int32'), 0.5, [1, 2]),
      DTypeError,
      /^dropout: x must be a float tensor\. Received dtype int32$/,
    );
    for (const rate of [1, -0.1, Number.NaN]) {
      throwsWith(() => dropoutWithMask(zeros([2]), rate, [1, 2]), ValueError, /^dropout: rate must be in \[0, 1\)\./);
    }
  });

  test('the Dropout layer: noiseShape null (fused) and noiseShape = the input shape (unfused) drop the same units', () => {
    tidy(() => {
      for (const dtype of ['float32', 'float64'] as const) {
        const x = random([16, 9], 21, dtype, 0.5, 3);
        for (const rate of [0.25, 0.6]) {
          const fused = new Dropout({ rate, seed: 77, dtype });
          const general = new Dropout({ rate, seed: 77, noiseShape: [null, null], dtype });
          // Two calls each: the second draws the generator's next seed on both paths.
          for (let call = 0; call < 2; call++) {
            assertExact(fused.apply(x, { training: true }), general.apply(x, { training: true }));
          }
        }
      }
    });
  });
});

describeEachBackend('penalty and penaltyGrad', () => {
  test('golden values: x = [1, −2, 3], l1 = 0.01, l2 = 0.1 → 0.06 + 1.4', () => {
    tidy(() => {
      const x = [1, -2, 3];
      const p32 = penalty(tensor(x), 0.01, 0.1);
      assert.equal(p32.dtype, 'float32');
      assert.deepEqual(p32.shape, []);
      assertClose(p32, [1.46], { rtol: 1e-7, atol: 0 });
      const p64 = penalty(tensor(x, [3], 'float64'), 0.01, 0.1);
      assert.equal(p64.dtype, 'float64');
      assertClose(p64, [1.46], { rtol: 1e-15, atol: 0 });
      assertClose(penalty(tensor(x, [3], 'float64'), 0.01, 0), [0.06], { rtol: 1e-15, atol: 0 });
      assertClose(penalty(tensor(x, [3], 'float64'), 0, 0.1), [1.4], { rtol: 1e-15, atol: 0 });
      assertExact(penalty(tensor(x, [3], 'float64'), 0, 0), [0]);
    });
  });

  test('any shape is summed whole', () => {
    tidy(() => {
      assertClose(penalty(tensor([0.5, -0.5, 1, -1, 2, -2], [1, 2, 3], 'float64'), 1, 1), [17.5], { atol: 0 });
    });
  });

  test('NaN, infinities, empty input', () => {
    tidy(() => {
      const inf = Number.POSITIVE_INFINITY;
      assertExact(penalty(tensor([1, Number.NaN]), 0.01, 0.1), [Number.NaN]);
      assertExact(penalty(tensor([1, Number.NaN]), 0.01, 0), [Number.NaN]);
      assertExact(penalty(tensor([1, Number.NaN]), 0, 0.1), [Number.NaN]);
      assertExact(penalty(tensor([1, -inf]), 0.01, 0.1), [inf]);
      assertExact(penalty(tensor([inf, -inf], [2], 'float64'), 0.01, 0), [inf]);
      assertExact(penalty(tensor([inf, -inf], [2], 'float64'), 0, 0.1), [inf]);
      assertExact(penalty(zeros([0]), 0.01, 0.1), [0]);
      assertExact(penalty(zeros([3, 0], 'float64'), 0.01, 0.1), [0]);
    });
  });

  test('an integer x is refused', () => {
    throwsWith(
      () => penalty(zeros([2], 'int32'), 0.1, 0.1),
      DTypeError,
      /^penalty: x must be a float tensor\. Received dtype int32$/,
    );
  });

  test('penaltyGrad: dy·(l1·sign(x) + 2·l2·x), with sign(0) = 0', () => {
    tidy(() => {
      const x = [1, -2, 0, -0, 3, 0.5];
      const dy = 2;
      const expected = x.map((v) => dy * (0.01 * Math.sign(v) + 2 * 0.1 * v));
      assertClose(penaltyGrad(tensor(dy, [], 'float64'), tensor(x, [6], 'float64'), 0.01, 0.1), expected, {
        rtol: 1e-15,
        atol: 0,
      });
      const g32 = penaltyGrad(tensor(dy), tensor(x, [2, 3]), 0.01, 0.1);
      assert.equal(g32.dtype, 'float32');
      assert.deepEqual(g32.shape, [2, 3]);
      assertClose(g32, expected, { rtol: 1e-6, atol: 0 });
      // L1 alone at 0: exactly 0 (the subgradient Keras and TensorFlow Playground use).
      assertClose(penaltyGrad(tensor(1), tensor([0, -0, 4, -4]), 0.5, 0), [0, 0, 0.5, -0.5], { rtol: 0, atol: 0 });
      // L2 alone: 2·l2·x.
      assertClose(penaltyGrad(tensor(-1), tensor([0, 4, -4]), 0, 0.25), [0, -2, 2], { rtol: 0, atol: 0 });
    });
  });

  test('penaltyGrad at NaN is NaN', () => {
    tidy(() => {
      assertExact(penaltyGrad(tensor(1), tensor([Number.NaN]), 0.5, 0.5), [Number.NaN]);
      assertExact(penaltyGrad(tensor(1), tensor([Number.NaN]), 0.5, 0), [Number.NaN]);
    });
  });

  // The L1 penalty is finite-sloped everywhere: its gradient at ±Inf is ±l1 (what grad(l1·Σ|x|) gives); an absent L2
  // term must not add 0·Inf = NaN.
  test('penaltyGrad of L1 alone at ±Infinity is ±l1', () => {
    tidy(() => {
      const inf = Number.POSITIVE_INFINITY;
      assertExact(penaltyGrad(tensor(1), tensor([inf, -inf]), 0.5, 0), [0.5, -0.5]);
    });
  });
});
