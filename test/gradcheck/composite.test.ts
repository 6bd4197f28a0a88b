// Gradient checks of whole computations as models build them (several ops, shared tensors, broadcasting),
// and of empty tensors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  concat,
  div,
  grads,
  logSoftmax,
  matMul,
  max,
  mean,
  mul,
  neg,
  relu,
  rsqrt,
  sigmoid,
  softmax,
  square,
  squaredDifference,
  sub,
  sum,
  type Tensor,
  tanh,
  tensor,
  tidy,
} from '../../src/index.js';
import { assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { testGrad, uniform } from '../util/gradcheck.js';

const f64 = (values: number[], shape?: number[]): Tensor => tensor(values, shape, 'float64');

describeEachBackend('gradcheck: composite', () => {
  // One-hot labels for a batch of 4 over 3 classes.
  const labels = (): Tensor => f64([1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1], [4, 3]);

  testGrad(
    'dense layer + softmax cross-entropy (x, kernel, bias)',
    (x, w, b) => mean(neg(sum(mul(labels(), logSoftmax(add(matMul(x, w), b))), -1))),
    () => [uniform([4, 5], 1), uniform([5, 3], 2), uniform([3], 3)],
  );
  testGrad(
    'two-layer MLP with tanh and a squared error',
    (x, w1, b1, w2) => mean(squaredDifference(matMul(tanh(add(matMul(x, w1), b1)), w2), labels())),
    () => [uniform([4, 2], 4), uniform([2, 6], 5), uniform([6], 6), uniform([6, 3], 7)],
  );
  testGrad(
    'layer normalization over the last axis',
    (x, gamma, beta) => {
      const mu = mean(x, -1, true);
      const centered = sub(x, mu);
      const variance = mean(square(centered), -1, true);
      return add(mul(mul(centered, rsqrt(add(variance, 1e-5))), gamma), beta);
    },
    () => [uniform([3, 5], 8), uniform([5], 9), uniform([5], 10)],
  );
  testGrad(
    'scaled dot-product attention (q, k, v)',
    (q, k, v) => matMul(softmax(div(matMul(q, k, false, true), Math.sqrt(4))), v),
    () => [uniform([2, 3, 4], 11), uniform([2, 5, 4], 12), uniform([2, 5, 2], 13)],
  );
  testGrad(
    'gated unit: x·sigmoid(x) + relu(x)·tanh(x), x used four times',
    (x) => add(mul(x, sigmoid(x)), mul(relu(x), tanh(x))),
    () => [uniform([3, 4], 14, { avoid: [0] })],
  );
  testGrad(
    'regularized loss: data term plus L2 and max-norm penalties on a shared weight',
    (w, x) => add(add(sum(matMul(x, w)), mul(sum(square(w)), 0.01)), max(sum(square(w), 0))),
    () => [uniform([3, 2], 15), uniform([4, 3], 16)],
  );
  testGrad(
    'residual block: x + W₂·relu(W₁·x)',
    (x, w1, w2) => add(x, matMul(relu(matMul(x, w1)), w2)),
    () => [uniform([2, 3], 17), uniform([3, 4], 18), uniform([4, 3], 19)],
  );

  // Empty tensors: gradients keep their (empty) shapes and pieces next to them get the right slices.
  testGrad(
    'sum of an empty vector',
    (x) => sum(x),
    () => [f64([], [0])],
  );
  testGrad(
    'matMul with inner dimension 0',
    (a, b) => matMul(a, b),
    () => [f64([], [2, 0]), f64([], [0, 3])],
  );
  testGrad(
    'concat of an empty piece and a full one',
    (a, b) => concat([a, b], 1),
    () => [f64([], [2, 0]), uniform([2, 3], 20)],
  );
  testGrad(
    'max over the non-empty axis of a [0,3] tensor',
    (x) => max(x, 1),
    () => [f64([], [0, 3])],
  );

  test('matMul with inner dimension 0: zero output, empty gradients', () => {
    tidy(() => {
      const [da, db] = grads((a, b) => matMul(a, b))([f64([], [2, 0]), f64([], [0, 3])]) as [Tensor, Tensor];
      assertExact(da, []);
      assertExact(db, []);
      assert.deepEqual(da.shape, [2, 0]);
      assert.deepEqual(db.shape, [0, 3]);
    });
  });
});
