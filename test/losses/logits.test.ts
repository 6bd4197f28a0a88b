// Crossentropy of a sigmoid/softmax output is computed from that output's logits, as Keras 3 (TensorFlow backend)
// and tf.keras do; the golden values come from real Keras (test/fixtures/keras-numbers/make_logits_fixture.py).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  grad,
  layers,
  losses,
  optimizers,
  Sequential,
  sigmoid,
  softmax,
  sum,
  type Tensor,
  tensor,
} from '../../src/index.js';

interface Case {
  loss: string;
  activation: 'sigmoid' | 'softmax';
  units: number;
  kernel: number[][];
  bias: number[];
  y: number[] | number[][];
  loss_before: number;
  weights_after_one_sgd_step: [number[][], number[]];
}
const fixture = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../test/fixtures/keras-numbers/logits-crossentropy.json', import.meta.url)),
    'utf8',
  ),
) as {
  x: number[][];
  cases: Case[];
  probabilities: { p: number[][]; labels: number[]; sparse: number[]; categorical: number[] };
};

const close = (actual: number, expected: number, tol: number, what: string): void =>
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs Keras ${expected}`,
  );

describe('crossentropy of saturated sigmoid/softmax outputs equals Keras (from the logits)', () => {
  for (const c of fixture.cases) {
    test(`${c.loss} after Dense(${c.units}, ${c.activation}): the loss and one SGD step`, () => {
      const model = new Sequential();
      model.add(new layers.Dense(c.units, { inputDim: 2, activation: c.activation }));
      model.compile({ optimizer: new optimizers.SGD({ learningRate: 0.1 }), loss: c.loss as 'mse' });
      model.setWeights([tensor(c.kernel), tensor(c.bias)]);
      const x = tensor(fixture.x);
      const y = c.loss.startsWith('sparse') ? tensor(c.y as number[], [4]) : tensor(c.y as number[][]);
      const logs = model.evaluate(x, y, { verbose: 0 });
      close(logs.loss as number, c.loss_before, 1e-5, 'loss');
      model.trainOnBatch(x, y);
      const [k, b] = model.getWeights().map((w) => Array.from(w.dataSync()));
      c.weights_after_one_sgd_step[0].flat().forEach((v, i) => {
        close(k?.[i] as number, v, 1e-5, `kernel[${i}]`);
      });
      c.weights_after_one_sgd_step[1].forEach((v, i) => {
        close(b?.[i] as number, v, 1e-5, `bias[${i}]`);
      });
    });
  }

  test('the issue’s figures: a saturated binary output costs its logit, not the clip’s −log ε', () => {
    const logits = tensor([[-30]]);
    const p = sigmoid(logits);
    close(losses.binaryCrossentropy([[1]], p).dataSync()[0] as number, 30, 1e-6, 'from the logits');
    // The same probabilities as a plain array carry no logits: clipped, as Keras clips them.
    close(
      losses.binaryCrossentropy([[1]], p.arraySync() as number[][]).dataSync()[0] as number,
      16.118,
      1e-4,
      'clipped',
    );
  });

  test('only the matching activation counts: binary crossentropy of a softmax output uses the probabilities', () => {
    // Keras note: Keras would feed softmax logits to the sigmoid crossentropy; Dendrite does not mix them.
    const p = softmax(tensor([[40, 0]]));
    close(losses.binaryCrossentropy([[1, 0]], p).dataSync()[0] as number, 0, 1e-6, 'clipped probabilities');
  });

  test('the gradient flows through the logits (it does not vanish at the clip)', () => {
    const w = tensor([[-30]]);
    const g = grad((v: Tensor) => sum(losses.binaryCrossentropy([[1]], sigmoid(v))))(w);
    close(g.dataSync()[0] as number, -1, 1e-6, 'd/dx of softplus(−x) at −30');
  });
});

describe('probabilities without logits, as Keras', () => {
  const { p, labels, sparse, categorical } = fixture.probabilities;
  test('sparse: clipped, then renormalised; categorical: renormalised, then clipped', () => {
    const s = losses.sparseCategoricalCrossentropy(labels, p).dataSync();
    sparse.forEach((v, i) => {
      close(s[i] as number, v, 1e-6, `sparse[${i}]`);
    });
    const oneHot = labels.map((l) => [0, 1, 2].map((j) => (j === l ? 1 : 0)));
    const cc = losses.categoricalCrossentropy(oneHot, p).dataSync();
    categorical.forEach((v, i) => {
      close(cc[i] as number, v, 1e-6, `categorical[${i}]`);
    });
  });
});
