// Golden values for the per-sample loss functions, hand-computed in float64 (the arithmetic is written out).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { grad, memory, ShapeError, type Tensor, tensor, tidy, ValueError } from '../../src/index.js';
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  EPSILON,
  hinge,
  huber,
  klDivergence,
  kld,
  kullbackLeiblerDivergence,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from '../../src/losses/index.js';
import { assertClose } from '../util/assert.js';

const f64 = (values: number[], shape: number[]): Tensor => tensor(values, shape, 'float64');
const close = (actual: Tensor | number[], expected: number[], shape?: number[]): void => {
  if (shape && !Array.isArray(actual)) assert.deepEqual(actual.shape, shape, 'shape');
  assertClose(actual, expected, { atol: 1e-12, rtol: 1e-12 });
};
const { log, exp } = Math;
const sigmoid = (x: number): number => 1 / (1 + exp(-x));
const softmax = (xs: number[]): number[] => {
  const m = Math.max(...xs);
  const e = xs.map((x) => exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const allFinite = (t: Tensor): boolean => Array.from(t.dataSync()).every(Number.isFinite);

describe('meanSquaredError / meanAbsoluteError', () => {
  const yTrue = f64([0, 1, 2, 3, 4, 5], [2, 3]);
  const yPred = f64([1, 1, 1, 3, 2, 8], [2, 3]);

  test('mean over the last axis only: one value per sample', () => {
    // differences: [-1, 0, 1] and [0, 2, -3]
    close(meanSquaredError(yTrue, yPred), [(1 + 0 + 1) / 3, (0 + 4 + 9) / 3], [2]);
    close(meanAbsoluteError(yTrue, yPred), [(1 + 0 + 1) / 3, (0 + 2 + 3) / 3], [2]);
  });

  test('labels [n] line up with predictions [n, 1] (Keras squeeze_or_expand_to_same_rank)', () => {
    close(meanSquaredError(f64([1, 2], [2]), f64([0, 4], [2, 1])), [1, 4], [2]);
    close(meanAbsoluteError(f64([1, 2], [2, 1]), f64([0, 4], [2])), [1, 2], [2]);
  });

  test('rank-3 predictions reduce the last axis only', () => {
    const t = f64([0, 0, 0, 0, 0, 0, 0, 0], [2, 2, 2]);
    const p = f64([1, 3, 2, 2, 0, 4, 1, 1], [2, 2, 2]);
    close(meanSquaredError(t, p), [(1 + 9) / 2, (4 + 4) / 2, (0 + 16) / 2, (1 + 1) / 2], [2, 2]);
  });

  test('int32 labels and predictions are cast to float32', () => {
    const r = meanSquaredError(tensor([1, 2], [1, 2], 'int32'), tensor([2, 5], [1, 2], 'int32'));
    assert.equal(r.dtype, 'float32');
    close(r, [(1 + 9) / 2]);
  });

  test('float64 predictions keep float64; labels take the predictions dtype', () => {
    const r = meanSquaredError(tensor([1, 2], [1, 2], 'int32'), f64([2, 5], [1, 2]));
    assert.equal(r.dtype, 'float64');
  });

  test('a shape mismatch is a ShapeError naming the loss and both shapes', () => {
    assert.throws(
      () => meanSquaredError(f64([0, 0, 0, 0, 0, 0], [2, 3]), f64([0, 0, 0, 0, 0, 0, 0, 0], [2, 4])),
      (e: unknown) =>
        e instanceof ShapeError &&
        /^meanSquaredError: `yTrue` and `yPred` must have the same shape\. Received: yTrue\.shape=\[2,3\], yPred\.shape=\[2,4\]$/.test(
          e.message,
        ),
    );
    // [n, 3] against [n, 1] would broadcast in Keras; here it is an error.
    assert.throws(
      () => meanAbsoluteError(f64([0, 0, 0], [1, 3]), f64([0], [1, 1])),
      /meanAbsoluteError: .*\[1,3\].*\[1,1\]/,
    );
  });

  test('the gradient of mse in yPred is 2(p − y)/k', () => {
    const g = grad((p) => meanSquaredError(yTrue, p))(yPred);
    close(g, [2 / 3, 0, -2 / 3, 0, -4 / 3, 2]);
  });
});

describe('binaryCrossentropy', () => {
  test('from probabilities: −mean(y log p + (1 − y) log(1 − p)) over the last axis', () => {
    const r = binaryCrossentropy(f64([1, 0, 0, 1], [2, 2]), f64([0.9, 0.2, 0.3, 0.6], [2, 2]));
    close(r, [(-log(0.9) - log(0.8)) / 2, (-log(0.7) - log(0.6)) / 2], [2]);
  });

  test('NOTE: probabilities are clipped to [ε, 1 − ε]: p = 0 or 1 costs −log ε, never Infinity', () => {
    const r = binaryCrossentropy(f64([1, 0, 1, 0], [4, 1]), f64([0, 1, 1, 0], [4, 1]));
    close(r, [-log(EPSILON), -log(1 - (1 - EPSILON)), -log(1 - EPSILON), -log(1 - EPSILON)], [4]);
    assert.ok(-log(EPSILON) > 16.11 && -log(EPSILON) < 16.12);
  });

  test('label smoothing ls: y·(1 − ls) + 0.5·ls (1 → 0.9, 0 → 0.1 for ls = 0.2)', () => {
    const r = binaryCrossentropy(f64([1, 0], [2, 1]), f64([0.6, 0.6], [2, 1]), { labelSmoothing: 0.2 });
    close(r, [-(0.9 * log(0.6) + 0.1 * log(0.4)), -(0.1 * log(0.6) + 0.9 * log(0.4))]);
  });

  test('from logits: max(x, 0) − x·y + log(1 + e^−|x|), equal to the probability form at p = sigmoid(x)', () => {
    const x = [-3, -0.5, 0, 0.25, 2, 4];
    const y = [0, 1, 1, 0, 1, 0];
    const expected = x.map((xi, i) => Math.max(xi, 0) - xi * (y[i] as number) + Math.log1p(exp(-Math.abs(xi))));
    const logits = binaryCrossentropy(f64(y, [6, 1]), f64(x, [6, 1]), { fromLogits: true });
    close(logits, expected);
    const probs = binaryCrossentropy(f64(y, [6, 1]), f64(x.map(sigmoid), [6, 1]));
    close(probs, expected);
    // and with label smoothing on both paths
    const a = binaryCrossentropy(f64(y, [6, 1]), f64(x, [6, 1]), { fromLogits: true, labelSmoothing: 0.1 });
    const b = binaryCrossentropy(f64(y, [6, 1]), f64(x.map(sigmoid), [6, 1]), { labelSmoothing: 0.1 });
    close(a, Array.from(b.dataSync()));
  });

  test('extreme logits ±100: exact and finite, in float64 and float32', () => {
    const y = [1, 0, 1, 0];
    const x = [100, -100, -100, 100];
    // log1p(e^−100) = e^−100 to double precision; a wrong sign would give 100 or 200.
    const r = binaryCrossentropy(f64(y, [4, 1]), f64(x, [4, 1]), { fromLogits: true });
    close(r, [exp(-100), exp(-100), 100 + exp(-100), 100 + exp(-100)]);
    const r32 = binaryCrossentropy(tensor(y, [4, 1]), tensor(x, [4, 1]), { fromLogits: true });
    assert.ok(allFinite(r32));
    assertClose(r32, [0, 0, 100, 100], { atol: 1e-5, rtol: 1e-6 });
    const g = grad((p) => binaryCrossentropy(tensor(y, [4, 1]), p, { fromLogits: true }))(tensor(x, [4, 1]));
    assert.ok(allFinite(g));
    assertClose(g, [0, 0, -1, 1], { atol: 1e-6 });
  });

  test('NOTE: the logits gradient at x = 0 is sigmoid(0) − y = 0.5 − y (not the subgradient 1 − y)', () => {
    const g = grad((x) => binaryCrossentropy(f64([1, 0], [1, 2]), x, { fromLogits: true }))(f64([0, 0], [1, 2]));
    close(g, [(0.5 - 1) / 2, (0.5 - 0) / 2]);
  });

  test('`axis` picks the axis the mean runs over', () => {
    const y = f64([1, 0, 0, 1], [2, 2]);
    const p = f64([0.9, 0.2, 0.3, 0.6], [2, 2]);
    close(binaryCrossentropy(y, p, { axis: 0 }), [(-log(0.9) - log(0.7)) / 2, (-log(0.8) - log(0.6)) / 2], [2]);
  });

  test('invalid options are ValueErrors that say what, expected, received', () => {
    const y = f64([1], [1, 1]);
    assert.throws(
      () => binaryCrossentropy(y, y, { labelSmoothing: 1.5 }),
      (e: unknown) =>
        e instanceof ValueError &&
        e.message ===
          'Invalid value received for argument `labelSmoothing` of binaryCrossentropy. Expected a number in [0, 1]. Received: labelSmoothing=1.5',
    );
    assert.throws(
      () => binaryCrossentropy(y, y, { fromLogits: 1 as unknown as boolean }),
      /`fromLogits` of \w+\. Expected a boolean\. Received: fromLogits=1/,
    );
    assert.throws(
      () => binaryCrossentropy(y, y, { fromLogit: true } as never),
      /^UnknownOptionError: binaryCrossentropy: unknown option `fromLogit`; did you mean `fromLogits`\? Expected one of fromLogits, labelSmoothing, axis\. Received: fromLogit=true$/,
    );
  });
});

describe('categoricalCrossentropy', () => {
  test('from probabilities: normalised to sum 1, then −Σ y log p', () => {
    // row 1 sums to 4: normalised to [0.5, 0.25, 0.25]
    const r = categoricalCrossentropy(f64([0, 1, 0, 0, 0, 1], [2, 3]), f64([0.2, 0.5, 0.3, 2, 1, 1], [2, 3]));
    close(r, [-log(0.5), -log(0.25)], [2]);
  });

  test('soft labels weigh every class: −Σ y log p', () => {
    const r = categoricalCrossentropy(f64([0.25, 0.75], [1, 2]), f64([0.4, 0.6], [1, 2]));
    close(r, [-(0.25 * log(0.4) + 0.75 * log(0.6))]);
  });

  test('label smoothing ls: y·(1 − ls) + ls/numClasses ([0, 1, 0] → [0.1, 0.8, 0.1] for ls = 0.3)', () => {
    const r = categoricalCrossentropy(f64([0, 1, 0], [1, 3]), f64([0.2, 0.5, 0.3], [1, 3]), { labelSmoothing: 0.3 });
    close(r, [-(0.1 * log(0.2) + 0.8 * log(0.5) + 0.1 * log(0.3))]);
  });

  test('NOTE: probabilities are clipped to [ε, 1 − ε] after normalising', () => {
    const r = categoricalCrossentropy(f64([1, 0, 0, 1], [2, 2]), f64([0, 1, 0, 1], [2, 2]));
    close(r, [-log(EPSILON), -log(1 - EPSILON)]);
  });

  test('from logits: −Σ y·logSoftmax(x), equal to the probability form at p = softmax(x)', () => {
    const x = [1, 2, 3, -1, 0.5, 0];
    const y = [0, 1, 0, 0.2, 0.3, 0.5];
    const lse0 = log(exp(1) + exp(2) + exp(3));
    const lse1 = log(exp(-1) + exp(0.5) + exp(0));
    const expected = [-(2 - lse0), -(0.2 * (-1 - lse1) + 0.3 * (0.5 - lse1) + 0.5 * (0 - lse1))];
    close(categoricalCrossentropy(f64(y, [2, 3]), f64(x, [2, 3]), { fromLogits: true }), expected);
    const p = [...softmax(x.slice(0, 3)), ...softmax(x.slice(3))];
    close(categoricalCrossentropy(f64(y, [2, 3]), f64(p, [2, 3])), expected);
  });

  test('extreme logits [100, −100, 0]: exact and finite', () => {
    // logSumExp = 100 + log(1 + e^−200 + e^−100) = 100 + e^−100 to double precision
    const r = categoricalCrossentropy(f64([0, 1, 0, 1, 0, 0], [2, 3]), f64([100, -100, 0, 100, -100, 0], [2, 3]), {
      fromLogits: true,
    });
    close(r, [200 + exp(-100), exp(-100)]);
    const r32 = categoricalCrossentropy(tensor([0, 1, 0], [1, 3]), tensor([100, -100, 0], [1, 3]), {
      fromLogits: true,
    });
    assert.ok(allFinite(r32));
  });

  test('`axis` picks the class axis', () => {
    // classes along axis 0: columns are samples
    const r = categoricalCrossentropy(f64([0, 1, 1, 0], [2, 2]), f64([0.3, 0.6, 0.7, 0.4], [2, 2]), { axis: 0 });
    close(r, [-log(0.7), -log(0.6)]);
  });

  test('one class is an error (the loss would be 0 whatever the prediction)', () => {
    assert.throws(
      () => categoricalCrossentropy(f64([1, 1], [2, 1]), f64([0.3, 0.9], [2, 1])),
      (e: unknown) =>
        e instanceof ShapeError &&
        /categoricalCrossentropy: `yPred` must hold at least 2 classes along axis -1.*binaryCrossentropy.*yPred\.shape=\[2,1\]/.test(
          e.message,
        ),
    );
  });
});

describe('sparseCategoricalCrossentropy', () => {
  const probs = f64([0.2, 0.5, 0.3, 0.1, 0.1, 0.8], [2, 3]);
  const logits = f64([1, 2, 3, -1, 0.5, 0], [2, 3]);
  const oneHot = f64([0, 1, 0, 0, 0, 1], [2, 3]);

  test('−log p[label]', () => {
    close(sparseCategoricalCrossentropy(tensor([1, 2], [2], 'int32'), probs), [-log(0.5), -log(0.8)], [2]);
  });

  test('agrees with categoricalCrossentropy of the one-hot labels (labels [n], [n, 1], int32 or float)', () => {
    for (const fromLogits of [false, true]) {
      const input = fromLogits ? logits : probs;
      const expected = Array.from(categoricalCrossentropy(oneHot, input, { fromLogits }).dataSync());
      close(sparseCategoricalCrossentropy(tensor([1, 2], [2], 'int32'), input, { fromLogits }), expected, [2]);
      close(sparseCategoricalCrossentropy(tensor([1, 2], [2, 1], 'int32'), input, { fromLogits }), expected, [2]);
      close(sparseCategoricalCrossentropy(f64([1, 2], [2]), input, { fromLogits }), expected, [2]);
    }
  });

  test('extreme logits stay finite', () => {
    const r = sparseCategoricalCrossentropy([0, 1], f64([-100, 100, 100, -100], [2, 2]), { fromLogits: true });
    close(r, [200 + exp(-200), 200 + exp(-200)]);
  });

  test('a label outside [0, numClasses) or not an integer is a ValueError, not a silent 0', () => {
    assert.throws(
      () => sparseCategoricalCrossentropy([1, 3], probs),
      (e: unknown) =>
        e instanceof ValueError &&
        /^sparseCategoricalCrossentropy: labels must be integer class indices in \[0, 3\) \(yPred has 3 classes\)\. Received: 3 at flat index 1 of yTrue\.shape=\[2\]$/.test(
          e.message,
        ),
    );
    assert.throws(() => sparseCategoricalCrossentropy(f64([1.5, 0], [2]), probs), /Received: 1\.5 at flat index 0/);
    assert.throws(() => sparseCategoricalCrossentropy([-1, 0], probs), /Received: -1 at flat index 0/);
  });

  test('labels that do not fit the batch shape are a ShapeError', () => {
    assert.throws(
      () => sparseCategoricalCrossentropy([0, 1, 2], probs),
      (e: unknown) =>
        e instanceof ShapeError &&
        /^sparseCategoricalCrossentropy: `yTrue` and `yPred` must have shapes S \(or S \+ \[1\]\) and S \+ \[numClasses\]\. Received: yTrue\.shape=\[3\], yPred\.shape=\[2,3\]$/.test(
          e.message,
        ),
    );
  });
});

describe('huber', () => {
  test('½e² where |e| ≤ delta, delta·|e| − ½delta² beyond, mean over the last axis', () => {
    // e = yPred − yTrue = [0.5, −2, 0.9]; near delta the branches differ (0.405 vs 0.4), at delta they meet
    const r = huber(f64([0, 2, 0], [1, 3]), f64([0.5, 0, 0.9], [1, 3]));
    close(r, [(0.5 * 0.25 + (1 * 2 - 0.5) + 0.5 * 0.81) / 3]);
  });

  test('delta = 2: e = 3 costs 2·3 − ½·4 = 4; e = −1.5 costs ½·2.25', () => {
    close(huber(f64([0, 0], [2, 1]), f64([3, -1.5], [2, 1]), { delta: 2 }), [4, 1.125]);
  });

  test('delta must be positive', () => {
    assert.throws(
      () => huber([[0]], [[1]], { delta: 0 }),
      /^ValueError: Invalid value received for argument `delta` of huber\. Expected a number > 0\. Received: delta=0$/,
    );
  });
});

describe('hinge', () => {
  test('labels in {0, 1} are mapped to {−1, 1}: mean(max(1 − y·p, 0))', () => {
    // y' = [−1, 1, 1]: max(1.3, 0), max(0.6, 0), max(−1, 0)
    const expected = [(1.3 + 0.6 + 0) / 3];
    close(hinge(f64([0, 1, 1], [1, 3]), f64([0.3, 0.4, 2], [1, 3])), expected);
    close(hinge(f64([-1, 1, 1], [1, 3]), f64([0.3, 0.4, 2], [1, 3])), expected);
  });

  test('a batch with any label outside {0, 1} is used as given (as Keras)', () => {
    // y = [0, 2]: max(1 − 0, 0) = 1, max(1 − 2·0.25, 0) = 0.5
    close(hinge(f64([0, 2], [1, 2]), f64([0.3, 0.25], [1, 2])), [(1 + 0.5) / 2]);
  });
});

describe('kld', () => {
  test('Σ y log(y / p) over the last axis', () => {
    close(kld(f64([0.5, 0.5], [1, 2]), f64([0.25, 0.75], [1, 2])), [0.5 * log(2) + 0.5 * log(0.5 / 0.75)]);
  });

  test('NOTE: zeros are clipped to ε: a zero label adds ε·log(ε/p), a zero prediction costs y·log(y/ε)', () => {
    const r = kld(f64([0, 1, 1, 0], [2, 2]), f64([0.5, 0.5, 0, 1], [2, 2]));
    close(r, [EPSILON * log(EPSILON / 0.5) + log(1 / 0.5), log(1 / EPSILON) + EPSILON * log(EPSILON / 1)]);
  });

  test('the aliases are the same function', () => {
    assert.equal(klDivergence, kld);
    assert.equal(kullbackLeiblerDivergence, kld);
  });
});

test('the functional losses add exactly their result to memory', () => {
  const y = f64([1, 0], [1, 2]);
  const p = f64([0.3, 0.7], [1, 2]);
  const before = memory().numTensors;
  const results = tidy(() => [
    meanSquaredError(y, p),
    binaryCrossentropy(y, p, { labelSmoothing: 0.1 }),
    categoricalCrossentropy(y, p),
    sparseCategoricalCrossentropy([0], p, { fromLogits: true }),
    huber(y, p),
    hinge(y, p),
    kld(y, p),
  ]);
  assert.equal(memory().numTensors, before + results.length);
  for (const r of results) r.dispose();
  assert.equal(memory().numTensors, before);
});
