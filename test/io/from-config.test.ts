import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  constraints,
  initializers,
  layers,
  losses,
  metrics,
  optimizers,
  regularizers,
  Sequential,
} from '../../src/node.js';

// Every configurable class rebuilds from its own getConfig() through the static fromConfig (Keras's
// from_config); the registries behind loadModel are tested class by class in round-trip.test.ts.
test('Class.fromConfig(obj.getConfig()) rebuilds an equal object, one class from every family', () => {
  const cases: { getConfig(): unknown; constructor: unknown }[] = [
    new layers.Dense(3, {
      activation: 'relu',
      kernelRegularizer: regularizers.l1(0.02),
      kernelConstraint: constraints.maxNorm({ maxValue: 2 }),
    }),
    new layers.Dropout({ rate: 0.3, seed: 5, noiseShape: [null, 1] }),
    new layers.AlphaDropout(0.1),
    new regularizers.L1L2({ l1: 0.1, l2: 0.2 }),
    new regularizers.OrthogonalRegularizer({ factor: 0.2, mode: 'columns' }),
    new initializers.VarianceScaling({ scale: 2, mode: 'fanOut', distribution: 'uniform', seed: 3 }),
    new constraints.MinMaxNorm({ minValue: 0.5, maxValue: 2, rate: 0.5, axis: 1 }),
    new optimizers.Adam({ learningRate: 0.01, amsgrad: true, weightDecay: 0.001 }),
    new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }),
    new metrics.AUC({ numThresholds: 50 }),
  ];
  for (const obj of cases) {
    const cls = obj.constructor as { fromConfig(c: unknown): { getConfig(): unknown }; name: string };
    const config = obj.getConfig() as Record<string, unknown>;
    const copy = cls.fromConfig(config);
    assert.equal(copy.constructor, obj.constructor, cls.name);
    const strip = (c: unknown) => ({ ...(c as Record<string, unknown>), name: undefined });
    assert.deepEqual(strip(copy.getConfig()), strip(config), cls.name);
  }
});

test('Sequential.fromConfig rebuilds the stack through the layer registry', () => {
  const model = new Sequential({
    layers: [new layers.Dense(4, { inputDim: 3, activation: 'tanh' }), new layers.Dropout(0.2), new layers.Dense(1)],
  });
  const twin = Sequential.fromConfig(model.getConfig());
  assert.ok(twin instanceof Sequential);
  assert.deepEqual(
    twin.layers.map((l) => l.className),
    ['Dense', 'Dropout', 'Dense'],
  );
  assert.deepEqual(
    twin.getWeights().map((w) => w.shape),
    model.getWeights().map((w) => w.shape),
  );
  assert.throws(() => Sequential.fromConfig({ layers: [{ className: 'Eval', config: {} }] }), /Unknown layer class/);
  model.dispose();
  twin.dispose();
});
