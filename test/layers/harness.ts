import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigDict } from '../../src/core/config.js';
import {
  add,
  memory,
  mul,
  type Shape,
  square,
  sub,
  sum,
  type Tensor,
  tensor,
  tidy,
  type Variable,
  variable,
  variableGrads,
} from '../../src/index.js';
import type { Layer, LayerShape } from '../../src/layers/layer.js';
import { assertExact } from '../util/assert.js';
import { rng } from '../util/gradcheck.js';

export interface CheckLayerOptions {
  /** The weight shapes after the build, in Keras order (default: the layer has no weights). */
  weightShapes?: readonly (readonly number[])[];
  /** Learning rate of the training step (default 0.1). */
  learningRate?: number;
}

/** A float32 input of uniform values in [−0.5, 0.5), the same for a given seed on every run. */
export function layerInput(shape: Shape, seed = 1): Tensor {
  const next = rng(seed);
  const size = shape.reduce((p, d) => p * d, 1);
  return tensor(
    Array.from({ length: size }, () => next() - 0.5),
    shape,
  );
}

const sampleShape = (shape: Shape): LayerShape => [null, ...shape.slice(1)];

/** The harness's training objective: Σ layer(x)² plus every penalty the layer reports. */
function objective(layer: Layer, x: Tensor): Tensor {
  let loss = sum(square(layer.apply(x, { training: true })));
  for (const penalty of layer.losses) loss = add(loss, penalty);
  return loss;
}

/**
 * One plain gradient step `p −= lr·∂loss/∂p` on the layer's trainable weights, or on the input
 * (a variable) for a layer without weights, so that the layer's backward pass is exercised either way.
 * Returns the loss before the step.
 */
function trainStep(layer: Layer, x: Variable, learningRate: number): number {
  return tidy(() => {
    const params = layer.trainableWeights.length > 0 ? layer.trainableWeights : [x];
    const { value, grads } = variableGrads(() => objective(layer, x), params);
    for (const p of params) {
      const g = grads[p.name];
      assert.ok(g, `no gradient reached ${p.name}`);
      p.assign(sub(p, mul(g, learningRate)));
    }
    return value.dataSync()[0] as number;
  });
}

/**
 * The checks every layer passes (registered as a `describe` block of tests): it builds on the first
 * `apply` with the declared weights, its output shape is `computeOutputShape`'s, `new Cls(getConfig())`
 * rebuilds an equal layer, one gradient step lowers the harness loss, and training leaks no tensor.
 *
 * `makeLayer` must give identical layers on each call (seed any randomness): the step's loss
 * after the update is measured on a fresh layer, so that a random layer draws the same noise.
 */
export function checkLayer(
  name: string,
  makeLayer: () => Layer,
  inputShape: Shape,
  { weightShapes = [], learningRate = 0.1 }: CheckLayerOptions = {},
): void {
  describe(`layer harness: ${name}`, () => {
    test('builds on the first apply, with the declared weights, and only once', () => {
      tidy(() => {
        const layer = makeLayer();
        assert.equal(layer.built, false);
        assert.equal(layer.weights.length, 0);
        layer.apply(layerInput(inputShape), { training: true });
        assert.equal(layer.built, true);
        assert.deepEqual(layer.builtInputShape, sampleShape(inputShape));
        assert.deepEqual(
          layer.weights.map((w) => w.shape),
          weightShapes.map((s) => [...s]),
        );
        assert.deepEqual(layer.trainableWeights, layer.weights);
        assert.deepEqual(layer.nonTrainableWeights, []);
        assert.equal(
          layer.countParams(),
          weightShapes.reduce((n, s) => n + s.reduce((p, d) => p * d, 1), 0),
        );
        for (const w of layer.weights) {
          assert.ok(w.name.startsWith(`${layer.name}/`), `weight ${w.name} is not named after ${layer.name}`);
        }
        const before = layer.weights;
        layer.apply(layerInput(inputShape, 2));
        assert.equal(layer.weights.length, before.length);
        for (const [i, w] of layer.weights.entries()) {
          assert.equal(w, before[i], 'a second apply must not create weights');
        }
        layer.dispose();
      });
    });

    test('the output shape is computeOutputShape(input shape), in training and inference', () => {
      tidy(() => {
        const layer = makeLayer();
        const x = layerInput(inputShape);
        for (const training of [true, false]) {
          const y = layer.apply(x, { training });
          assert.deepEqual(y.shape, [...layer.computeOutputShape(inputShape)]);
          assert.equal(y.dtype, layer.dtype);
        }
        const symbolic = layer.computeOutputShape(sampleShape(inputShape));
        assert.equal(symbolic[0], null, 'the batch axis stays unknown');
        assert.deepEqual(symbolic.slice(1), layer.computeOutputShape(inputShape).slice(1));
        layer.dispose();
      });
    });

    test('new Cls(getConfig()) rebuilds an equal layer: same config, same outputs with the same weights', () => {
      tidy(() => {
        const x = layerInput(inputShape);
        const layer = makeLayer();
        const Cls = layer.constructor as new (config: ConfigDict) => Layer;
        const config = layer.getConfig();
        assert.deepEqual(JSON.parse(JSON.stringify(config)), config, 'the config must be plain JSON');
        const copy = new Cls(config);
        assert.equal(copy.className, layer.className);
        assert.deepEqual(copy.getConfig(), config);
        // Fresh layers from the same config draw the same noise (the seed is part of the config).
        layer.build(sampleShape(inputShape));
        copy.build(sampleShape(inputShape));
        copy.setWeights(layer.getWeights());
        assertExact(copy.apply(x, { training: true }), layer.apply(x, { training: true }));
        assertExact(copy.apply(x), layer.apply(x));
        assert.deepEqual(copy.getConfig(), layer.getConfig(), 'building must not change the config');
        layer.dispose();
        copy.dispose();
      });
    });

    test('one gradient step on Σ layer(x)² + Σ layer.losses lowers the loss', () => {
      const x = tidy(() => variable(layerInput(inputShape), true));
      const trained = makeLayer();
      const before = trainStep(trained, x, learningRate);
      // Measure on a fresh (identically seeded) layer holding the updated weights: the same noise as the step saw.
      const fresh = makeLayer();
      fresh.build(sampleShape(inputShape));
      tidy(() => fresh.setWeights(trained.getWeights()));
      const after = tidy(() => objective(fresh, x).dataSync()[0] as number);
      assert.ok(Number.isFinite(before) && before > 0, `loss before the step: ${before}`);
      assert.ok(after < before, `the loss did not decrease: ${before} → ${after}`);
      trained.dispose();
      fresh.dispose();
      x.dispose();
    });

    test('no tensor leaks: 10 training steps inside tidy, then dispose() frees the layer', () => {
      const start = memory().numTensors;
      const x = tidy(() => variable(layerInput(inputShape), true));
      const layer = makeLayer();
      trainStep(layer, x, 0.01); // builds the weights and records the first activity penalty
      const afterFirst = memory().numTensors;
      for (let i = 0; i < 10; i++) trainStep(layer, x, 0.01);
      assert.equal(memory().numTensors, afterFirst, 'tensors leaked across training steps');
      layer.dispose();
      x.dispose();
      assert.equal(memory().numTensors, start, 'tensors left after dispose()');
    });
  });
}
