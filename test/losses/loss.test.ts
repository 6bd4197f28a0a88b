// The Loss classes: sample weights, reductions, options, configs and memory.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { grad, memory, ShapeError, type Tensor, tensor, ValueError } from '../../src/index.js';
import {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  deserializeLoss,
  Hinge,
  Huber,
  KLDivergence,
  type Loss,
  LossFunctionWrapper,
  MeanAbsoluteError,
  MeanSquaredError,
  SparseCategoricalCrossentropy,
  serializeLoss,
} from '../../src/losses/index.js';
import { assertClose } from '../util/assert.js';

const f64 = (values: number[], shape: number[]): Tensor => tensor(values, shape, 'float64');
const close = (actual: Tensor, expected: number[] | number): void => {
  assertClose(actual, expected, { atol: 1e-12, rtol: 1e-12 });
};
const { log } = Math;

// Per-sample mse of these: differences [-1, 0, 1] and [0, 2, -3] → [2/3, 13/3].
const yTrue = f64([0, 1, 2, 3, 4, 5], [2, 3]);
const yPred = f64([1, 1, 1, 3, 2, 8], [2, 3]);
const perSample = [2 / 3, 13 / 3];

describe('Loss.apply: sample weights and the reduction', () => {
  const mse = new MeanSquaredError();

  test('default sum_over_batch_size: Σ per-sample / N, a scalar', () => {
    close(mse.call(yTrue, yPred), perSample);
    const r = mse.apply(yTrue, yPred);
    assert.deepEqual(r.shape, []);
    close(r, (2 / 3 + 13 / 3) / 2);
  });

  test('sample weights: Σ w·ℓ / N, the zero weights still counted in N', () => {
    close(mse.apply(yTrue, yPred, f64([2, 0.5], [2])), (2 * (2 / 3) + 0.5 * (13 / 3)) / 2);
    close(mse.apply(yTrue, yPred, f64([1, 0], [2])), 2 / 3 / 2);
    close(mse.apply(yTrue, yPred, f64([0, 0], [2])), 0);
  });

  test('weights [n, 1], a scalar weight and a plain array weigh the same samples', () => {
    const expected = (3 * (2 / 3) + 1 * (13 / 3)) / 2;
    close(mse.apply(yTrue, yPred, f64([3, 1], [2, 1])), expected);
    close(mse.apply(yTrue, yPred, [3, 1]), expected);
    close(mse.apply(yTrue, yPred, 2), (2 * (2 / 3) + 2 * (13 / 3)) / 2);
  });

  test('per-sample losses [n, t] (sequence outputs) with weights [n]: each sample’s t values weighted, N = n·t', () => {
    const t = f64([0, 0, 0, 0, 0, 0, 0, 0], [2, 2, 2]);
    const p = f64([1, 3, 2, 2, 0, 4, 1, 1], [2, 2, 2]);
    // per-sample [[5, 4], [8, 1]]; sample 0 weighted 2, sample 1 weighted 0
    close(mse.apply(t, p, f64([2, 0], [2])), (2 * 5 + 2 * 4 + 0 * 8 + 0 * 1) / 4);
  });

  test('weights that do not fit are a ShapeError naming the loss', () => {
    assert.throws(
      () => mse.apply(yTrue, yPred, f64([1, 2, 3], [3])),
      (e: unknown) =>
        e instanceof ShapeError &&
        /^mean_squared_error: `sampleWeight` must weigh samples .* Expected a shape that broadcasts to \[2\]\. Received: sampleWeight\.shape=\[3\]$/.test(
          e.message,
        ),
    );
  });

  test('reduction sum: Σ w·ℓ', () => {
    close(new MeanSquaredError({ reduction: 'sum' }).apply(yTrue, yPred, [2, 1]), 2 * (2 / 3) + 13 / 3);
  });

  test('reduction mean_with_sample_weight: Σ w·ℓ / Σ w, and 0 when Σ w = 0', () => {
    const loss = new MeanSquaredError({ reduction: 'mean_with_sample_weight' });
    close(loss.apply(yTrue, yPred, [3, 1]), (3 * (2 / 3) + 13 / 3) / 4);
    close(loss.apply(yTrue, yPred, [0, 0]), 0);
    // without weights it is the plain mean
    close(loss.apply(yTrue, yPred), (2 / 3 + 13 / 3) / 2);
  });

  test('reduction none: the weighted per-sample values', () => {
    const r = new MeanSquaredError({ reduction: 'none' }).apply(yTrue, yPred, [3, 1]);
    assert.deepEqual(r.shape, [2]);
    close(r, [3 * (2 / 3), 13 / 3]);
  });

  test('an empty batch reduces to 0', () => {
    close(mse.apply(f64([], [0, 3]), f64([], [0, 3])), 0);
  });

  test('the gradient flows through the weights and the reduction: ∂/∂p = 2(p − y)·w/(k·N)', () => {
    const g = grad((p) => mse.apply(yTrue, p, f64([2, 0], [2])))(yPred);
    close(g, [(2 * 1 * 2) / 6, 0, (2 * -1 * 2) / 6, 0, 0, 0]);
  });

  test('apply adds exactly its result to memory', () => {
    const before = memory().numTensors;
    const r = new CategoricalCrossentropy({ labelSmoothing: 0.1 }).apply(yTrue, yPred, [1, 2]);
    assert.equal(memory().numTensors, before + 1);
    r.dispose();
  });
});

describe('the loss classes compute their functions', () => {
  const cases: [string, Loss, Tensor, Tensor, number[]][] = [
    ['MeanAbsoluteError', new MeanAbsoluteError(), yTrue, yPred, [2 / 3, 5 / 3]],
    [
      'BinaryCrossentropy with label smoothing',
      new BinaryCrossentropy({ labelSmoothing: 0.2 }),
      f64([1, 0], [2, 1]),
      f64([0.6, 0.6], [2, 1]),
      [-(0.9 * log(0.6) + 0.1 * log(0.4)), -(0.1 * log(0.6) + 0.9 * log(0.4))],
    ],
    [
      'CategoricalCrossentropy from logits',
      new CategoricalCrossentropy({ fromLogits: true }),
      f64([0, 1], [1, 2]),
      f64([0, 0], [1, 2]),
      [log(2)],
    ],
    [
      'SparseCategoricalCrossentropy',
      new SparseCategoricalCrossentropy(),
      tensor([1, 0], [2], 'int32'),
      f64([0.25, 0.75, 0.5, 0.5], [2, 2]),
      [-log(0.75), -log(0.5)],
    ],
    ['Huber delta 2', new Huber({ delta: 2 }), f64([0, 0], [2, 1]), f64([3, -1.5], [2, 1]), [4, 1.125]],
    ['Hinge', new Hinge(), f64([0, 1], [1, 2]), f64([-0.5, 0.5], [1, 2]), [0.5]],
    [
      'KLDivergence',
      new KLDivergence(),
      f64([0.5, 0.5], [1, 2]),
      f64([0.25, 0.75], [1, 2]),
      [0.5 * log(2) + 0.5 * log(2 / 3)],
    ],
  ];
  for (const [name, loss, t, p, expected] of cases) {
    test(`${name}: call is per sample, apply is their mean`, () => {
      close(loss.call(t, p), expected);
      close(loss.apply(t, p), expected.reduce((a, b) => a + b, 0) / expected.length);
    });
  }

  test('BinaryCrossentropy: fromLogits at ±100 stays finite through apply', () => {
    const r = new BinaryCrossentropy({ fromLogits: true }).apply(f64([1, 0], [2, 1]), f64([-100, 100], [2, 1]));
    close(r, 100 + Math.exp(-100));
  });
});

describe('names, configs and validation', () => {
  test('Keras default names', () => {
    const names = [
      new MeanSquaredError(),
      new MeanAbsoluteError(),
      new BinaryCrossentropy(),
      new CategoricalCrossentropy(),
      new SparseCategoricalCrossentropy(),
      new Huber(),
      new Hinge(),
      new KLDivergence(),
    ].map((l) => l.name);
    assert.deepEqual(names, [
      'mean_squared_error',
      'mean_absolute_error',
      'binary_crossentropy',
      'categorical_crossentropy',
      'sparse_categorical_crossentropy',
      'huber_loss',
      'hinge',
      'kl_divergence',
    ]);
  });

  test('getConfig holds exactly the constructor options, and deserialize rebuilds an equal loss', () => {
    const losses: Loss[] = [
      new MeanSquaredError({ reduction: 'sum' }),
      new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1, axis: 0, name: 'bce' }),
      new CategoricalCrossentropy({ labelSmoothing: 0.2 }),
      new SparseCategoricalCrossentropy({ fromLogits: true }),
      new Huber({ delta: 0.5 }),
      new KLDivergence(),
    ];
    assert.deepEqual(serializeLoss(losses[1] as Loss), {
      className: 'BinaryCrossentropy',
      config: { name: 'bce', reduction: 'sum_over_batch_size', fromLogits: true, labelSmoothing: 0.1, axis: 0 },
    });
    for (const loss of losses) {
      const copy = deserializeLoss(serializeLoss(loss));
      assert.equal(copy.constructor, loss.constructor);
      assert.deepEqual(copy.getConfig(), loss.getConfig());
    }
  });

  test('invalid options are ValueErrors at construction', () => {
    assert.throws(
      () => new BinaryCrossentropy({ fromLogits: 'yes' as unknown as boolean }),
      /^ValueError: Invalid value received for argument `fromLogits` of BinaryCrossentropy\. Expected a boolean\. Received: fromLogits="yes"$/,
    );
    assert.throws(
      () => new MeanSquaredError({ reduction: 'avg' as never }),
      /^ValueError: Invalid value received for argument `reduction` of MeanSquaredError\. Expected one of "sum_over_batch_size", "mean", "sum", "mean_with_sample_weight", "none"\. Received: reduction="avg"$/,
    );
    assert.throws(() => new Huber({ delta: -1 }), /`delta` of Huber\. Expected a number > 0\. Received: delta=-1/);
    assert.throws(
      () => new CategoricalCrossentropy({ labelSmoothing: -0.1 }),
      /`labelSmoothing` of \w+\. Expected a number in \[0, 1\]/,
    );
    assert.throws(() => new Hinge({ delta: 1 } as never), /^UnknownOptionError: Hinge: unknown option `delta`/);
    assert.throws(
      () => deserializeLoss({ className: 'Nope', config: {} }),
      /^ValueError: Unknown loss class\. Expected one of .*MeanSquaredError.*Received: "Nope"$/,
    );
    assert.throws(() => new MeanSquaredError({ name: '' }), ValueError);
  });
});

describe('LossFunctionWrapper', () => {
  function absError(t: Tensor, p: Tensor): Tensor {
    return new MeanAbsoluteError({ reduction: 'none' }).call(t, p);
  }

  test('is named after the function and reduces its per-sample values', () => {
    const loss = new LossFunctionWrapper(absError);
    assert.equal(loss.name, 'absError');
    close(loss.apply(yTrue, yPred, [1, 0]), 2 / 3 / 2);
  });

  test('hands the function float tensors (labels cast to the predictions dtype)', () => {
    let seen: string[] = [];
    const loss = new LossFunctionWrapper((t, p) => {
      seen = [t.dtype, p.dtype];
      return p;
    });
    loss.apply([1, 2], tensor([1, 2], [2], 'int32'));
    assert.deepEqual(seen, ['float32', 'float32']);
  });
});
