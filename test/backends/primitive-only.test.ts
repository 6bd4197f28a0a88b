// A backend with the primitive kernels alone (test/backends/primitive-backend.ts) trains what the fused kernels train
// — a Dense + Dropout + L2 model under every optimizer and every crossentropy — and its numbers equal the ts backend's,
// which runs the fused kernels, within float32 rounding: the composite bodies and the kernels compute one function.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kernelsOf } from '../../src/backends/backend.js';
import { FUSED_KERNELS } from '../../src/backends/kernel-names.js';
import {
  layers,
  losses,
  oneHot,
  optimizers,
  regularizers,
  Sequential,
  setBackend,
  setRandomSeed,
  sum,
  type Tensor,
  tensor,
  tidy,
  valueAndGrad,
} from '../../src/index.js';
import { lcg } from '../fixtures/datasets.js';
import { assertClose } from '../util/assert.js';
import { PRIMITIVE } from './primitive-backend.js';

/**
 * float32 on both sides: the kernels round once where the composites round each intermediate, a few ulps a step. Four
 * epochs of training stay within 1e-6 relative (about 8 float32 ulps); 0 fails, so the comparison is not vacuous.
 */
const TOLERANCE = { rtol: 1e-6, atol: 1e-7 };

const OPTIMIZERS: Readonly<Record<string, () => optimizers.Optimizer>> = {
  sgd: () => new optimizers.SGD({ learningRate: 0.1 }),
  'sgd, momentum': () => new optimizers.SGD({ learningRate: 0.05, momentum: 0.9 }),
  'sgd, nesterov and weight decay': () =>
    new optimizers.SGD({ learningRate: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.01 }),
  adam: () => new optimizers.Adam({ learningRate: 0.01 }),
  'adam, amsgrad': () => new optimizers.Adam({ learningRate: 0.01, amsgrad: true }),
  adamw: () => new optimizers.AdamW({ learningRate: 0.01, weightDecay: 0.05 }),
  rmsprop: () => new optimizers.RMSprop({ learningRate: 0.01 }),
  adagrad: () => new optimizers.Adagrad({ learningRate: 0.1 }),
};

interface Run {
  loss: number[];
  weights: Float32Array[];
}

/** Fits a seeded Dense(relu, L2) → Dropout → Dense model on `backend` and returns its per-epoch losses and weights. */
async function train(
  backend: string,
  optimizer: () => optimizers.Optimizer,
  loss: string,
  softmax: boolean,
): Promise<Run> {
  setBackend(backend);
  setRandomSeed(7);
  const u = lcg(11);
  const xs = Array.from({ length: 64 }, () => Array.from({ length: 6 }, () => u() * 2 - 1));
  const labels = xs.map((r) => ((r[0] as number) * (r[1] as number) > 0 ? 1 : 0));
  const x = tensor(xs);
  const y = softmax ? oneHot(tensor(labels, [64], 'int32'), 2) : tensor(labels, [64, 1]);
  const model = new Sequential();
  model.add(new layers.Dense(8, { inputDim: 6, activation: 'relu', kernelRegularizer: regularizers.l2(0.01) }));
  model.add(new layers.Dropout({ rate: 0.25, seed: 3 }));
  model.add(new layers.Dense(softmax ? 2 : 1, { activation: softmax ? 'softmax' : 'sigmoid' }));
  model.compile({ optimizer: optimizer(), loss });
  const history = await model.fit(x, y, { epochs: 4, batchSize: 16, shuffle: false, verbose: 0 });
  const run = {
    loss: history.history.loss as number[],
    weights: model.trainableWeights.map((w) => w.dataSync() as Float32Array),
  };
  model.dispose();
  x.dispose();
  y.dispose();
  return run;
}

function assertRunsClose(actual: Run, expected: Run): void {
  assertClose(tensor(actual.loss), expected.loss, TOLERANCE);
  assert.equal(actual.weights.length, expected.weights.length);
  actual.weights.forEach((w, i) => {
    assertClose(tensor(w), Array.from(expected.weights[i] as Float32Array), TOLERANCE);
  });
}

describe('a backend with the primitive kernels alone', () => {
  test('registers none of the fused kernels, and the ts backend registers them all', () => {
    assert.deepEqual(
      kernelsOf(PRIMITIVE).filter((k) => (FUSED_KERNELS as readonly string[]).includes(k)),
      [],
    );
    for (const k of FUSED_KERNELS) assert.ok(kernelsOf('ts').includes(k), k);
  });

  for (const [name, optimizer] of Object.entries(OPTIMIZERS)) {
    test(`Dense + Dropout + L2 trains under ${name}, as on the ts backend (binary and categorical crossentropy)`, async () => {
      for (const [loss, softmax] of [
        ['binaryCrossentropy', false],
        ['categoricalCrossentropy', true],
      ] as const) {
        const reference = await train('ts', optimizer, loss, softmax);
        const composite = await train(PRIMITIVE, optimizer, loss, softmax);
        assert.ok(
          (reference.loss[3] as number) < (reference.loss[0] as number),
          `${loss}: the loss falls ${reference.loss}`,
        );
        assertRunsClose(composite, reference);
      }
    });
  }

  // Each crossentropy's value and gradient in the predictions, of probabilities and of logits, along the last axis
  // (the fused kernels' case) and another.
  const CROSSENTROPIES: Readonly<Record<string, (t: Tensor, p: Tensor) => Tensor>> = {
    binary: (t, p) => losses.binaryCrossentropy(t, p),
    'binary, from logits': (t, p) => losses.binaryCrossentropy(t, p, { fromLogits: true }),
    'binary, axis 0': (t, p) => losses.binaryCrossentropy(t, p, { axis: 0 }),
    categorical: (t, p) => losses.categoricalCrossentropy(t, p),
    'categorical, from logits, label smoothing': (t, p) =>
      losses.categoricalCrossentropy(t, p, { fromLogits: true, labelSmoothing: 0.1 }),
    'categorical, axis 0': (t, p) => losses.categoricalCrossentropy(t, p, { axis: 0 }),
  };
  for (const [name, loss] of Object.entries(CROSSENTROPIES)) {
    test(`crossentropy, ${name}: value and gradient as on the ts backend`, () => {
      const results = ['ts', PRIMITIVE].map((backend) => {
        setBackend(backend);
        return tidy(() => {
          const u = lcg(5);
          const t = tensor(
            Array.from({ length: 15 }, () => (u() > 0.5 ? 1 : 0)),
            [5, 3],
          );
          const logits = name.includes('logits');
          const p = tensor(
            Array.from({ length: 15 }, () => (logits ? 8 * u() - 4 : 0.02 + 0.96 * u())),
            [5, 3],
          );
          const { value, grad } = valueAndGrad((q: Tensor) => sum(loss(t, q)))(p);
          return [Array.from(value.dataSync()), Array.from(grad.dataSync())];
        });
      });
      const [[v0, g0], [v1, g1]] = results as [[number[], number[]], [number[], number[]]];
      assertClose(tensor(v1), v0, TOLERANCE);
      assertClose(tensor(g1), g0, TOLERANCE);
    });
  }
});
