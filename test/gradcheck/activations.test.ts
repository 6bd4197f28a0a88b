// Gradient checks of the activation functions and the softmax family, and the subgradients at kinks.
import { test } from 'node:test';
import {
  add,
  elu,
  gelu,
  grad,
  hardSigmoid,
  leakyRelu,
  logSoftmax,
  logSumExp,
  mish,
  mul,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  softsign,
  type Tensor,
  tanh,
  tensor,
  tidy,
} from '../../src/index.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { testGrad, uniform } from '../util/gradcheck.js';

const f64 = (values: number[], shape?: number[]): Tensor => tensor(values, shape, 'float64');

describeEachBackend('gradcheck: activations', () => {
  const shape = [2, 3];
  testGrad(
    'relu',
    (x) => relu(x),
    () => [uniform(shape, 1, { avoid: [0] })],
  );
  testGrad(
    'relu6',
    (x) => relu6(x),
    () => [uniform([3, 4], 2, { low: -2, high: 8, avoid: [0, 6] })],
  );
  testGrad(
    'leakyRelu (alpha 0.2)',
    (x) => leakyRelu(x),
    () => [uniform(shape, 3, { avoid: [0] })],
  );
  testGrad(
    'leakyRelu (alpha 0.3)',
    (x) => leakyRelu(x, 0.3),
    () => [uniform(shape, 4, { avoid: [0] })],
  );
  testGrad(
    'elu',
    (x) => elu(x),
    () => [uniform(shape, 5, { avoid: [0] })],
  );
  testGrad(
    'selu',
    (x) => selu(x),
    () => [uniform(shape, 6, { avoid: [0] })],
  );
  testGrad(
    'gelu (exact)',
    (x) => gelu(x),
    () => [uniform([3, 4], 7, { low: -4, high: 4 })],
  );
  testGrad(
    'gelu (approximate)',
    (x) => gelu(x, true),
    () => [uniform([3, 4], 8, { low: -4, high: 4 })],
  );
  testGrad(
    'sigmoid',
    (x) => sigmoid(x),
    () => [uniform(shape, 9, { low: -6, high: 6 })],
  );
  testGrad(
    'sigmoid, saturated',
    (x) => sigmoid(x),
    () => [f64([-30, -12, 12, 30])],
  );
  testGrad(
    'tanh',
    (x) => tanh(x),
    () => [uniform(shape, 10, { low: -3, high: 3 })],
  );
  testGrad(
    'softplus',
    (x) => softplus(x),
    () => [uniform(shape, 11, { low: -6, high: 6 })],
  );
  testGrad(
    'softplus, large |x|',
    (x) => softplus(x),
    () => [f64([-40, -15, 15, 40])],
  );
  testGrad(
    'softsign',
    (x) => softsign(x),
    () => [uniform(shape, 12, { avoid: [0] })],
  );
  testGrad(
    'silu',
    (x) => silu(x),
    () => [uniform(shape, 13, { low: -5, high: 5 })],
  );
  testGrad(
    'mish',
    (x) => mish(x),
    () => [uniform(shape, 14, { low: -5, high: 5 })],
  );
  testGrad(
    'hardSigmoid',
    (x) => hardSigmoid(x),
    () => [uniform([3, 4], 15, { low: -5, high: 5, avoid: [-3, 3] })],
  );

  test("relu'(0) = 0", () => {
    tidy(() => {
      assertExact(grad((x) => relu(x))(f64([0, -1, 1])), [0, 0, 1]);
    });
  });

  test('relu6: gradient 0 at both kinks (0 and 6), 1 between', () => {
    tidy(() => {
      assertExact(grad((x) => relu6(x))(f64([0, 6, 3, -1, 7])), [0, 0, 1, 0, 0]);
    });
  });

  test("leakyRelu'(0) = alpha", () => {
    tidy(() => {
      assertClose(grad((x) => leakyRelu(x, 0.3))(f64([0, -1, 1])), [0.3, 0.3, 1], { atol: 0, rtol: 0 });
      assertClose(grad((x) => leakyRelu(x))(f64([0])), [0.2], { atol: 0, rtol: 0 });
    });
  });
});

describeEachBackend('gradcheck: softmax family', () => {
  const x = (seed: number): Tensor => uniform([2, 3, 4], seed, { low: -3, high: 3 });
  for (const axis of [-1, 0, 1, 2]) {
    testGrad(
      `softmax axis ${axis}`,
      (t) => softmax(t, axis),
      () => [x(20 + axis)],
    );
    testGrad(
      `logSoftmax axis ${axis}`,
      (t) => logSoftmax(t, axis),
      () => [x(30 + axis)],
    );
  }
  const axes: (number | number[] | null)[] = [null, 0, -1, [0, 2], [1, 2]];
  for (const axis of axes) {
    for (const keepDims of [false, true]) {
      testGrad(
        `logSumExp axis ${JSON.stringify(axis)}${keepDims ? ', keepDims' : ''}`,
        (t) => logSumExp(t, axis, keepDims),
        () => [x(40)],
      );
    }
  }
  testGrad(
    'softmax of large logits (shifted by 1000)',
    (t) => softmax(add(t, 1000)),
    () => [x(50)],
  );
  testGrad(
    'logSoftmax of large logits (shifted by −1000)',
    (t) => logSoftmax(add(t, -1000)),
    () => [x(51)],
  );
  // The max is a stopped constant inside logSumExp: tied maxima must not bend the gradient.
  testGrad(
    'logSumExp with tied maxima',
    (t) => logSumExp(mul(t, 1), -1),
    () => [f64([2, 2, 1, 0.5, 0.5, 0.5], [2, 3])],
  );
  testGrad(
    'softmax with tied maxima',
    (t) => softmax(t),
    () => [f64([2, 2, 1, 0.5, 0.5, 0.5], [2, 3])],
  );
  testGrad(
    'softmax of a vector',
    (t) => softmax(t),
    () => [uniform([5], 52)],
  );

  test('logSumExp gradient is softmax, exactly shared among ties', () => {
    tidy(() => {
      assertClose(grad((t) => logSumExp(t))(f64([1, 1, 1])), [1 / 3, 1 / 3, 1 / 3], { atol: 1e-15 });
    });
  });
});
