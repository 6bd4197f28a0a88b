// SeparableConv2D and Conv2DTranspose in models: the penalties of every regularized weight in model.losses, the
// constraints of both kernels after a step, a save → loadModel round trip, and an encoder–decoder that learns.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  constraints,
  layers,
  loadModel,
  optimizers,
  regularizers,
  Sequential,
  type Tensor,
  tensor,
  tidy,
} from '../../../src/node.js';
import { describeEachBackend } from '../../util/backends.js';
import { rng } from '../../util/gradcheck.js';

const values = (t: Tensor) => Array.from(t.dataSync());
const near = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) < 1e-5 * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);
const sumOf = (xs: number[], f: (v: number) => number) => xs.reduce((s, v) => s + f(v), 0);

/** Images whose target is their own value field, smoothed: what an encoder–decoder can learn. */
function images(n: number, seed: number): { x: Tensor; y: Tensor } {
  const next = rng(seed);
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = next() - 0.5;
    const b = next() - 0.5;
    for (let r = 0; r < 6; r++) for (let c = 0; c < 6; c++) xs.push(a * (r / 5) + b * (c / 5));
  }
  return { x: tensor(xs, [n, 6, 6, 1]), y: tensor(xs, [n, 6, 6, 1]) };
}

describeEachBackend('SeparableConv2D and Conv2DTranspose in models', () => {
  test('model.losses holds the depthwise, pointwise, bias and kernel penalties, with their values', () => {
    tidy(() => {
      const sep = new layers.SeparableConv2D(2, 2, {
        depthMultiplier: 2,
        depthwiseRegularizer: regularizers.l2(0.1),
        pointwiseRegularizer: regularizers.l1(0.2),
        biasRegularizer: regularizers.l2(0.3),
        biasInitializer: 'ones',
        inputShape: [4, 4, 2],
      });
      const deconv = new layers.Conv2DTranspose(1, 2, { strides: 2, kernelRegularizer: regularizers.l1(0.4) });
      const model = new Sequential({ layers: [sep, deconv] });
      const [d, p, b] = sep.getWeights().map(values) as [number[], number[], number[]];
      const k = deconv.getWeights().map(values)[0] as number[];
      const losses = model.losses.map((t) => t.dataSync()[0] as number);
      assert.equal(losses.length, 4);
      near(losses[0] as number, 0.1 * sumOf(d, (v) => v * v), 'depthwise l2');
      near(losses[1] as number, 0.2 * sumOf(p, Math.abs), 'pointwise l1');
      near(losses[2] as number, 0.3 * sumOf(b, (v) => v * v), 'bias l2');
      near(losses[3] as number, 0.4 * sumOf(k, Math.abs), 'transpose kernel l1');
      model.dispose();
    });
  });

  test('the constraints of both kernels and the bias hold after a training step', async () => {
    const sep = new layers.SeparableConv2D(2, 3, {
      padding: 'same',
      depthwiseConstraint: constraints.nonNeg(),
      pointwiseConstraint: constraints.nonNeg(),
      biasConstraint: constraints.nonNeg(),
      inputShape: [6, 6, 1],
    });
    const deconv = new layers.Conv2DTranspose(1, 2, { kernelConstraint: constraints.nonNeg(), padding: 'same' });
    const model = new Sequential({ layers: [sep, deconv] });
    model.compile({ optimizer: new optimizers.SGD({ learningRate: 1 }), loss: 'mse' });
    const { x } = images(4, 3);
    const y = tensor(
      Array.from({ length: 4 * 36 }, (_, i) => -1 - (i % 3)),
      [4, 6, 6, 1],
    );
    await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    for (const w of [...sep.getWeights(), deconv.getWeights()[0] as Tensor]) {
      assert.ok(
        values(w).every((v) => v >= 0),
        'a non-negative constraint held',
      );
    }
    model.dispose();
  });

  test('save → loadModel restores the config, Keras-named weights and predictions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dendrite-convx-'));
    const model = new Sequential({
      layers: [
        new layers.SeparableConv2D(3, 3, { depthMultiplier: 2, strides: 2, padding: 'same', inputShape: [6, 6, 1] }),
        new layers.Conv2DTranspose(1, 3, { strides: 2, padding: 'same', outputPadding: 1 }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const { x, y } = images(4, 7);
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
    const path = join(dir, 'convx.dendrite');
    await model.save(path);
    const loaded = await loadModel(path);
    assert.equal(loaded.toJSON(), model.toJSON());
    assert.deepEqual(
      loaded.weights.map((w) => w.name.split('/').at(-1)),
      ['depthwise_kernel', 'pointwise_kernel', 'bias', 'kernel', 'bias'],
    );
    const p1 = model.predict(x) as Tensor;
    const p2 = loaded.predict(x) as Tensor;
    assert.deepEqual(p2.shape, [4, 6, 6, 1]); // (3 − 1)·2 + 3 mod 2 + outputPadding 1
    assert.deepEqual(values(p2), values(p1));
    p1.dispose();
    p2.dispose();
    model.dispose();
    loaded.dispose();
  });

  test('an encoder–decoder (SeparableConv2D strides 2 → Conv2DTranspose strides 2) learns to reconstruct', async () => {
    const model = new Sequential({
      layers: [
        new layers.SeparableConv2D(4, 3, { strides: 2, padding: 'same', activation: 'tanh', inputShape: [6, 6, 1] }),
        new layers.Conv2DTranspose(1, 3, { strides: 2, padding: 'same' }),
      ],
    });
    model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.03 }), loss: 'mse' });
    const { x, y } = images(16, 5);
    const history = await model.fit(x, y, { epochs: 30, batchSize: 8, verbose: 0 });
    const loss = history.history.loss as number[];
    assert.ok((loss.at(-1) as number) < 0.2 * (loss[0] as number), `loss ${loss[0]} → ${loss.at(-1)}`);
    model.dispose();
  });
});

test('docs/layers.md: the autoencoder example builds, with the shapes its comments state', () => {
  const doc = readFileSync(fileURLToPath(new URL('../../../../docs/layers.md', import.meta.url)), 'utf8');
  const block = /```ts\n(const autoencoder[\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(block, 'no autoencoder example in docs/layers.md');
  const build = new Function('Sequential', 'layers', `${block}\nreturn autoencoder;`);
  const model = build(Sequential, layers) as Sequential;
  const stated = [...block.matchAll(/\/\/ \[([\d, ]+)\]/g)].map((m) => [
    null,
    ...(m[1] as string).split(', ').map(Number),
  ]);
  assert.equal(stated.length, 2);
  let shape: (number | null)[] = [null, 28, 28, 1];
  const shapes = model.layers
    .filter((l) => l.className !== 'InputLayer')
    .map((l) => {
      shape = l.computeOutputShape(shape) as (number | null)[];
      return shape;
    });
  assert.deepEqual(shapes, stated);
  const y = model.predict(tensor(new Array(2 * 28 * 28).fill(0.5), [2, 28, 28, 1])) as Tensor;
  assert.deepEqual(y.shape, [2, 28, 28, 1]);
  y.dispose();
  model.dispose();
});
