import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as activations from '../../src/activations/index.js';
import {
  ACTIVATION_IDENTIFIERS,
  ACTIVATION_NAMES,
  type ActivationName,
  getActivation,
} from '../../src/activations/index.js';
import { relu, silu, softmax, type Tensor, tensor } from '../../src/index.js';
import { assertClose } from '../util/assert.js';

const X = [-2, -0.5, 0, 1, 3, 7];
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => Math.log1p(Math.exp(x));
// Φ at the points of X (standard normal CDF, to 16 digits), for the exact gelu.
const PHI = [0.022750131948179195, 0.3085375387259869, 0.5, 0.8413447460685429, 0.9986501019683699, 0.9999999999987201];
const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

/** Row-wise over the last axis of the 2×3 input below. */
const ROWS = [
  [1, 2, 3],
  [-1, 0, 5],
];
const softmaxRow = (r: number[]) => {
  const m = Math.max(...r);
  const e = r.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

const ELEMENTWISE: Record<Exclude<ActivationName, 'softmax' | 'logSoftmax'>, (x: number) => number> = {
  relu: (x) => Math.max(x, 0),
  sigmoid: sig,
  tanh: Math.tanh,
  linear: (x) => x,
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  selu: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
  gelu: (x) => x * (PHI[X.indexOf(x)] as number),
  leakyRelu: (x) => (x > 0 ? x : 0.2 * x),
  softplus,
  softsign: (x) => x / (1 + Math.abs(x)),
  silu: (x) => x * sig(x),
  swish: (x) => x * sig(x),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  hardSigmoid: (x) => Math.min(Math.max(x / 6 + 0.5, 0), 1),
  exponential: Math.exp,
  mish: (x) => x * Math.tanh(softplus(x)),
};

describe('getActivation: values', () => {
  for (const [name, f] of Object.entries(ELEMENTWISE)) {
    test(`${name}(${X.join(', ')})`, () => {
      const a = getActivation(name as ActivationName);
      assert.equal(a.name, name);
      assertClose(a.apply(tensor(X)), X.map(f), { rtol: 1e-5, atol: 1e-6 });
    });
  }

  test('softmax over the last axis (rank 2 and rank 3)', () => {
    const out = getActivation('softmax').apply(tensor(ROWS));
    assertClose(out, ROWS.flatMap(softmaxRow), { rtol: 1e-6, atol: 1e-7 });
    const r3 = getActivation('softmax').apply(tensor([ROWS, ROWS]));
    assertClose(r3, [...ROWS.flatMap(softmaxRow), ...ROWS.flatMap(softmaxRow)], { shape: [2, 2, 3], atol: 1e-7 });
  });

  test('logSoftmax over the last axis', () => {
    const out = getActivation('logSoftmax').apply(tensor(ROWS));
    assertClose(out, ROWS.flatMap(softmaxRow).map(Math.log), { rtol: 1e-6, atol: 1e-6 });
  });

  test('linear returns the very same tensor; undefined and null mean linear', () => {
    const x = tensor([1, -2]);
    for (const id of ['linear', undefined, null] as const) {
      const a = getActivation(id);
      assert.equal(a.name, 'linear');
      assert.equal(a.apply(x), x);
    }
  });

  test('Keras 3 choices: hardSigmoid is x/6 + 0.5 (not Keras 2’s 0.2x + 0.5), gelu is exact, leakyRelu slope 0.2', () => {
    assertClose(getActivation('hardSigmoid').apply(tensor([-2])), [1 / 6]);
    // tanh-approximate gelu(1) = 0.841192 would fail this
    assertClose(getActivation('gelu').apply(tensor([1])), [0.8413447460685429], { rtol: 1e-6, atol: 0 });
    assertClose(getActivation('leakyRelu').apply(tensor([-10])), [-2]);
  });
});

describe('getActivation: identifiers', () => {
  test('the name list is exactly the documented set', () => {
    assert.deepEqual([...ACTIVATION_NAMES].sort(), [
      'elu',
      'exponential',
      'gelu',
      'hardSigmoid',
      'leakyRelu',
      'linear',
      'logSoftmax',
      'mish',
      'relu',
      'relu6',
      'selu',
      'sigmoid',
      'silu',
      'softmax',
      'softplus',
      'softsign',
      'swish',
      'tanh',
    ]);
    for (const id of ACTIVATION_IDENTIFIERS) assert.doesNotThrow(() => getActivation(id), id);
  });

  test('snake_case and camelCase agree, and the name is camelCase', () => {
    const x = tensor([[-3, -0.25, 0.5, 4]]);
    for (const [snake, camel] of [
      ['leaky_relu', 'leakyRelu'],
      ['hard_sigmoid', 'hardSigmoid'],
      ['log_softmax', 'logSoftmax'],
    ] as const) {
      const a = getActivation(snake);
      assert.equal(a.name, camel);
      assertClose(a.apply(x), getActivation(camel).apply(x), { rtol: 0, atol: 0 });
    }
  });

  test('swish and silu are the same function', () => {
    assert.equal(activations.swish, activations.silu);
    const x = tensor([-1, 2]);
    assertClose(getActivation('swish').apply(x), getActivation('silu').apply(x), { rtol: 0, atol: 0 });
  });

  test('a function keeps its name (or "anonymous"); an Activation is returned as is', () => {
    const a = getActivation(relu);
    assert.equal(a.name, 'relu');
    assertClose(a.apply(tensor([-1, 1])), [0, 1]);
    const fns = [(x: Tensor) => x];
    assert.equal(getActivation(fns[0]).name, 'anonymous');
    const resolved = getActivation('tanh');
    assert.equal(getActivation(resolved), resolved);
  });

  test('unknown name: ValueError listing every name', () => {
    assert.throws(
      () => getActivation('relux' as never),
      /^ValueError: Unknown activation\. Expected one of relu, sigmoid, tanh, softmax, linear, .*mish, leaky_relu, hard_sigmoid, log_softmax\. Received: "relux"$/,
    );
    assert.throws(() => getActivation('LeakyRelu' as never), /Received: "LeakyRelu"$/);
    assert.throws(
      () => getActivation(42 as never),
      /^ValueError: Could not interpret activation identifier\. Expected a name, a function or null\. Received: 42$/,
    );
  });
});

describe('activations namespace', () => {
  test('exports one function per camelCase name, plus getActivation', () => {
    const exported = new Map(Object.entries(activations));
    for (const name of ACTIVATION_NAMES) assert.equal(typeof exported.get(name), 'function', name);
    assert.equal(activations.relu, relu);
    assert.equal(activations.softmax, softmax);
    assert.equal(activations.silu, silu);
  });

  test('exponential and linear', () => {
    assertClose(activations.exponential(tensor([0, 1])), [1, Math.E]);
    const x = tensor([5]);
    assert.equal(activations.linear(x), x);
  });
});
