import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  elu,
  gelu,
  hardSigmoid,
  leakyRelu,
  logSoftmax,
  logSumExp,
  mish,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  softsign,
  tanh,
  tensor,
} from '../../src/index.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

const INF = Number.POSITIVE_INFINITY;
const NAN = Number.NaN;
const f64 = (values: number[]) => tensor(values, undefined, 'float64');

// Klambauer et al. (2017), as in Keras and TensorFlow.
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

describeEachBackend('activations: golden values at the edges', () => {
  test('relu: 0 at −0 and below, NaN propagates, int32 stays int32', () => {
    assertExact(
      relu(tensor([-2, 0, 3, -INF, INF, NAN, 3e38, -3e38])),
      [0, 0, 3, 0, INF, NAN, 3e38, 0].map(Math.fround),
    );
    assertExact(relu(tensor([1e308, -1e308, -INF], undefined, 'float64')), [1e308, 0, 0]);
    assertClose(relu(tensor([-0])), [0]);
    const i = relu(tensor([-1, 2], undefined, 'int32'));
    assert.equal(i.dtype, 'int32');
    assertExact(i, [0, 2]);
  });

  test('relu6 and leakyRelu (default alpha 0.2, custom alpha)', () => {
    assertExact(relu6(tensor([-1, 3, 6, 7, INF, NAN])), [0, 3, 6, 6, 6, NAN]);
    assertClose(leakyRelu(tensor([-10, 0, 5, -INF])), [-2, 0, 5, -INF]);
    assertClose(leakyRelu(tensor([-10, 4]), 0.5), [-5, 4]);
    assertExact(leakyRelu(tensor([NAN])), [NAN]);
  });

  test('sigmoid: ±Infinity give 1 and 0, ±1000 saturate without NaN, NaN propagates', () => {
    assertExact(sigmoid(tensor([INF, -INF, 1000, -1000, 0, NAN])), [1, 0, 1, 0, 0.5, NAN]);
    assertClose(sigmoid(f64([2, -20])), [0.8807970779778824, 2.0611536181902037e-9], { rtol: 1e-14, atol: 0 });
  });

  test('tanh: ±Infinity give ±1, −0 stays −0', () => {
    assertExact(tanh(tensor([INF, -INF, -0, 0, NAN])), [1, -1, -0, 0, NAN]);
    assertClose(tanh(f64([0.5])), [0.46211715726000974], { rtol: 1e-14, atol: 0 });
  });

  test('softplus: log 2 at 0, exactly x for large x, tiny but positive for very negative x', () => {
    assertExact(softplus(tensor([100, 1e30, INF, -INF])), [100, 1e30, INF, 0].map(Math.fround));
    assertClose(
      softplus(f64([0, 1, -1, -100])),
      [Math.LN2, 1.3132616875182228, 0.3132616875182228, 3.720075976020836e-44],
      { rtol: 1e-14, atol: 0 },
    );
    assertExact(softplus(tensor([NAN])), [NAN]);
  });

  test('elu and selu use their constants; both are −0 at −0', () => {
    assertClose(elu(f64([-1, 0, 2, -INF])), [-0.6321205588285577, 0, 2, -1], { rtol: 1e-15, atol: 0 });
    assertClose(
      selu(f64([-1, 1, 2, -INF])),
      [-1.1113307378125628, SELU_SCALE, 2 * SELU_SCALE, -SELU_SCALE * SELU_ALPHA],
      { rtol: 1e-15, atol: 0 },
    );
    assertExact(elu(tensor([-0])), [-0]);
    assertExact(selu(tensor([-0, NAN])), [-0, NAN]);
  });

  test('gelu, exact (x·Φ(x)) against known values, also where Φ(x) is tiny', () => {
    assertClose(
      gelu(f64([-8, -3, -1, -0.5, 0.5, 1, 2, 3])),
      [
        -4.976768459417427e-15, -0.0040496940948902835, -0.15865525393145705, -0.15426876936299344, 0.34573123063700656,
        0.8413447460685429, 1.9544997361036416, 2.99595030590511,
      ],
      { rtol: 1e-13, atol: 0 },
    );
    // The limit at −Infinity is 0 (not −Infinity·0 = NaN); at +Infinity, Infinity.
    assertClose(gelu(f64([-INF, INF, 0])), [0, INF, 0]);
    assertExact(gelu(f64([NAN])), [NAN]);
    assert.equal(gelu(tensor([1], undefined, 'int32')).dtype, 'float32');
  });

  test('gelu, approximate (tanh form) against known values', () => {
    assertClose(
      gelu(f64([-8, -3, -1, -0.5, 0.5, 1, 2, 3]), true),
      [
        -3.1077829375011112e-21, -0.003637392081773019, -0.1588080093917233, -0.15428599017485609, 0.34571400982514394,
        0.8411919906082767, 1.954597694087775, 2.996362607918227,
      ],
      { rtol: 1e-12, atol: 0 },
    );
    assertClose(gelu(f64([-INF, INF]), true), [0, INF]);
  });

  test('hardSigmoid is Keras 3’s clip(x/6 + 1/2, 0, 1)', () => {
    assertClose(hardSigmoid(tensor([-4, -3, -1.5, 0, 1, 3, 4, INF, -INF])), [0, 0, 0.25, 0.5, 2 / 3, 1, 1, 1, 0]);
    assertExact(hardSigmoid(tensor([NAN])), [NAN]);
  });

  test('softsign, silu and mish', () => {
    assertClose(softsign(f64([3, -1, 0])), [0.75, -0.5, 0], { rtol: 1e-15 });
    assertClose(silu(f64([1, -2, 0])), [0.7310585786300049, -0.23840584404423512, 0], { rtol: 1e-14 });
    assertClose(mish(f64([1, -1, 0])), [0.8650983882673103, -0.3034014613741089, 0], { rtol: 1e-14 });
  });
});

describeEachBackend('softmax family: large and infinite inputs', () => {
  test('softmax of ordinary values sums to 1 along the axis', () => {
    assertClose(softmax(f64([1, 2, 3])), [0.09003057317038046, 0.24472847105479764, 0.6652409557748219], {
      rtol: 1e-14,
    });
    const s = softmax(
      tensor([
        [1, 2],
        [3, 3],
      ]),
      0,
    );
    // Columns [1, 3] and [2, 3].
    assertClose(s, [0.11920292, 0.26894142, 0.88079708, 0.73105858]);
  });

  test('softmax never overflows: 1e4, 1e30, equal huge logits', () => {
    assertExact(softmax(tensor([1e4, 0, -1e4])), [1, 0, 0]);
    assertExact(softmax(tensor([1e30, 0])), [1, 0]);
    assertExact(softmax(tensor([1e30, 1e30])), [0.5, 0.5]);
    assertExact(softmax(tensor([-1e30, -1e30])), [0.5, 0.5]);
  });

  test('softmax with −Infinity logits: [−Inf, 0] = [0, 1]; all −Infinity is NaN', () => {
    assertExact(softmax(tensor([Number.NEGATIVE_INFINITY, 0])), [0, 1]);
    assertExact(softmax(tensor([Number.NEGATIVE_INFINITY, 1e30, 1e30])), [0, 0.5, 0.5]);
    assertExact(softmax(tensor([-INF, -INF])), [NAN, NAN]);
    assertExact(softmax(tensor([NAN, 0])), [NAN, NAN]);
  });

  test('logSoftmax is exact where one logit dominates and finite for huge inputs', () => {
    assertClose(logSoftmax(f64([0, 0])), [-Math.LN2, -Math.LN2], { rtol: 1e-15 });
    assertExact(logSoftmax(tensor([1e4, 0])), [0, -1e4]);
    assertExact(logSoftmax(tensor([1e30, 0])), [0, -Math.fround(1e30)]);
    assertExact(logSoftmax(tensor([-INF, 0])), [-INF, 0]);
    const rows = logSoftmax(
      tensor([
        [0, 0],
        [1e4, 1e4],
      ]),
    );
    assertClose(rows, [-Math.LN2, -Math.LN2, -Math.LN2, -Math.LN2]);
  });

  test('logSumExp: large inputs, −Infinity entries, all −Infinity, +Infinity, axes and keepDims', () => {
    assertClose(logSumExp(f64([1000, 1000])), [1000.6931471805599], { rtol: 1e-15 });
    assertClose(logSumExp(f64([1, 2, 3])), [3.40760596444438], { rtol: 1e-14 });
    assertExact(logSumExp(tensor([1e30, 0])), [1e30].map(Math.fround));
    assertExact(logSumExp(tensor([-INF, 0])), [0]);
    assertExact(logSumExp(tensor([-INF, -INF])), [-INF]);
    assertExact(logSumExp(tensor([INF, 0])), [INF]);
    assertExact(logSumExp(tensor([NAN, 0])), [NAN]);
    const x = tensor([
      [0, 0],
      [-INF, -INF],
    ]);
    const r = logSumExp(x, 1);
    assert.deepEqual(r.shape, [2]);
    assertClose(r, [Math.LN2, -INF]);
    const k = logSumExp(x, -1, true);
    assert.deepEqual(k.shape, [2, 1]);
    assert.deepEqual(logSumExp(x).shape, []);
  });
});
