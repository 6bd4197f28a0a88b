import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  EPSILON,
  MaxNorm,
  MinMaxNorm,
  maxNorm,
  minMaxNorm,
  NonNeg,
  nonNeg,
  UnitNorm,
  unitNorm,
} from '../../src/constraints/index.js';
import { dispose, memory, tensor } from '../../src/index.js';
import { assertClose, assertExact } from '../util/assert.js';

// Columns: norm 5, a zero column, norm √5. Rows: norms √10 and √20.
const W = [
  [3, 0, 1],
  [4, 0, -2],
];
const r5 = Math.sqrt(5);
const r10 = Math.sqrt(10);
const r20 = Math.sqrt(20);

describe('MaxNorm: w·clip(n, 0, maxValue)/(ε + n)', () => {
  test('axis 0 (default): columns above the cap scale down to it, the zero column stays 0', () => {
    const out = new MaxNorm({ maxValue: 2 }).apply(tensor(W));
    assertClose(out, [3 * 0.4, 0, 2 / r5, 4 * 0.4, 0, -4 / r5], { shape: [2, 3] });
    assert.ok(!Array.from(out.dataSync()).some(Number.isNaN));
  });

  test('axis 1: only the row above the cap changes', () => {
    const out = maxNorm({ maxValue: 4, axis: 1 }).apply(tensor(W));
    assertClose(out, [3, 0, 1, 16 / r20, 0, -8 / r20]);
  });

  test('default maxValue is 2', () => assert.equal(new MaxNorm().maxValue, 2));

  test('a list of axes takes one norm over all of them (a Conv2D filter: axes [0, 1, 2])', () => {
    // kernel [1, 1, 2, 2]: filter 0 = (3, 4) (norm 5), filter 1 = (0.3, 0.4) (norm 0.5)
    const k = tensor([3, 0.3, 4, 0.4], [1, 1, 2, 2]);
    assertClose(new MaxNorm({ maxValue: 1, axis: [0, 1, 2] }).apply(k), [0.6, 0.3, 0.8, 0.4], { shape: [1, 1, 2, 2] });
  });
});

describe('UnitNorm: w/(ε + √Σw²)', () => {
  test('axis 0', () => {
    assertClose(new UnitNorm().apply(tensor(W)), [0.6, 0, 1 / r5, 0.8, 0, -2 / r5]);
  });

  test('axis 1', () => {
    assertClose(unitNorm({ axis: 1 }).apply(tensor(W)), [3 / r10, 0, 1 / r10, 4 / r20, 0, -2 / r20]);
  });

  test('ε = 1e-7 exactly: a vector of norm 1e-7 becomes w/2e-7 (float64)', () => {
    assert.equal(EPSILON, 1e-7);
    const out = new UnitNorm().apply(tensor([[1e-7], [0]], undefined, 'float64'));
    assert.equal(out.dtype, 'float64');
    assertClose(out, [0.5, 0], { rtol: 1e-12, atol: 0 });
  });

  test('a zero vector stays zero, not NaN', () => {
    assertExact(new UnitNorm().apply(tensor([[0, 0]])), [0, 0]);
  });
});

describe('MinMaxNorm: w·(rate·clip(n, min, max) + (1 − rate)·n)/(ε + n)', () => {
  test('rate 1, axis 0: above max → max, in range unchanged, zero stays zero', () => {
    const out = new MinMaxNorm({ minValue: 1, maxValue: 3 }).apply(tensor(W));
    assertClose(out, [1.8, 0, 1, 2.4, 0, -2]);
    assert.ok(!Array.from(out.dataSync()).some(Number.isNaN));
  });

  test('below min → min (and above max → max in the same call)', () => {
    // column 0: norm 5 → 4; column 2: norm √5 → 3
    const out = minMaxNorm({ minValue: 3, maxValue: 4 }).apply(tensor(W));
    assertClose(out, [2.4, 0, 3 / r5, 3.2, 0, (-2 * 3) / r5]);
  });

  test('rate 0.5 moves half way: norm 5 with max 3 → 4', () => {
    const out = new MinMaxNorm({ minValue: 1, maxValue: 3, rate: 0.5 }).apply(tensor(W));
    assertClose(out, [2.4, 0, 1, 3.2, 0, -2]);
  });

  test('axis 1 with the defaults (min 0, max 1): every row gets norm 1', () => {
    assertClose(new MinMaxNorm({ axis: 1 }).apply(tensor(W)), [3 / r10, 0, 1 / r10, 4 / r20, 0, -2 / r20]);
  });
});

describe('NonNeg: w·(w ≥ 0)', () => {
  test('negatives become −0 (a product, as Keras), the rest pass', () => {
    assertExact(
      new NonNeg().apply(
        tensor([
          [-1, 0, 2],
          [-0.5, 3, 2 ** -120],
        ]),
      ),
      [-0, 0, 2, -0, 3, 2 ** -120],
    );
  });

  test('NaN stays NaN (divergence is not hidden)', () => {
    assertExact(nonNeg().apply(tensor([Number.NaN, -1])), [Number.NaN, -0]);
  });

  test('keeps dtype', () => {
    assert.equal(new NonNeg().apply(tensor([1, -1], undefined, 'float64')).dtype, 'float64');
  });
});

describe('constraints: memory and validation', () => {
  test('apply leaves exactly its result alive', () => {
    const w = tensor(W);
    for (const c of [new MaxNorm(), new UnitNorm(), new MinMaxNorm({ rate: 0.5 }), new NonNeg()]) {
      const before = memory().numTensors;
      const out = c.apply(w);
      assert.equal(memory().numTensors, before + 1, c.className);
      dispose(out);
    }
    dispose(w);
  });

  test('invalid values: what, expected, received', () => {
    for (const [bad, shown] of [
      [-1, '-1'],
      [0, '0'],
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
    ] as const) {
      const message = new RegExp(
        `^ValueError: Invalid value received for argument \`maxValue\` of MaxNorm. Expected a positive finite number. Received: maxValue=${shown}$`,
      );
      assert.throws(() => new MaxNorm({ maxValue: bad }), message);
      assert.throws(() => maxNorm(bad), message, 'the positional form names maxValue too');
    }
    assert.equal(maxNorm(3).maxValue, 3);
    assert.throws(
      () => new UnitNorm({ axis: 0.5 }),
      /^ValueError: Invalid value received for argument `axis` of UnitNorm\. Expected an integer or a non-empty array of integers\. Received: axis=0\.5$/,
    );
    assert.throws(() => new MaxNorm({ axis: [] }), /Received: axis=\[\]$/);
    assert.throws(
      () => new MinMaxNorm({ minValue: 2, maxValue: 1 }),
      /^ValueError: Invalid value received for argument `maxValue` of MinMaxNorm\. Expected a number ≥ minValue=2\. Received: maxValue=1$/,
    );
    assert.throws(
      () => new MinMaxNorm({ rate: 1.5 }),
      /^ValueError: Invalid value received for argument `rate` of MinMaxNorm\. Expected a number between 0 and 1\. Received: rate=1\.5$/,
    );
    assert.throws(() => new MinMaxNorm({ minValue: -1 }), /Received: minValue=-1$/);
  });

  test('an axis beyond the weight’s rank fails at apply, naming the axis', () => {
    assert.throws(() => new UnitNorm({ axis: 2 }).apply(tensor(W)), /axis=2/);
  });
});
