// Finite-difference gradient checks (float64, PyTorch's tolerances) of the normalization layers, with respect to
// the input and to γ and β: BatchNormalization in training mode (through the batch statistics, which couple every
// sample) and in inference mode (through the moving statistics, a per-feature affine map).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initializers, memory, type Shape, sum, tidy, variableGrads } from '../../../src/index.js';
import type { BatchNormalization } from '../../../src/layers/normalization/batch-normalization.js';
import { describeEachBackend } from '../../util/backends.js';
import { uniform } from '../../util/gradcheck.js';
import { layerGradCheck } from '../layer-gradcheck.js';
import { makeNorm } from './helpers.js';

const affine = (seed: number) => ({
  dtype: 'float64',
  gammaInitializer: new initializers.RandomUniform({ minval: 0.5, maxval: 1.5, seed }),
  betaInitializer: new initializers.RandomUniform({ minval: -1, maxval: 1, seed: seed + 1 }),
});

interface Case {
  layer: string;
  kwargs: Record<string, unknown>;
  shape: Shape;
  training?: boolean;
}

const CASES: Case[] = [
  { layer: 'BatchNormalization', kwargs: {}, shape: [5, 3], training: true },
  { layer: 'BatchNormalization', kwargs: { axis: 1, epsilon: 0.01 }, shape: [2, 3, 4], training: true },
  { layer: 'BatchNormalization', kwargs: { center: false }, shape: [4, 2, 3], training: true },
  {
    layer: 'BatchNormalization',
    kwargs: {
      movingMeanInitializer: new initializers.RandomUniform({ minval: -1, maxval: 1, seed: 7 }),
      movingVarianceInitializer: new initializers.RandomUniform({ minval: 0.5, maxval: 2, seed: 8 }),
    },
    shape: [3, 4],
    training: false,
  },
  { layer: 'BatchNormalization', kwargs: { axis: 1 }, shape: [2, 3, 2], training: false },
  { layer: 'LayerNormalization', kwargs: {}, shape: [3, 4] },
  { layer: 'LayerNormalization', kwargs: { axis: [1, 2] }, shape: [2, 3, 2] },
  { layer: 'LayerNormalization', kwargs: { axis: 1, scale: false }, shape: [2, 3, 2] },
  { layer: 'LayerNormalization', kwargs: { rmsScaling: true }, shape: [2, 4] },
  { layer: 'GroupNormalization', kwargs: { groups: 2 }, shape: [2, 3, 4] },
  { layer: 'GroupNormalization', kwargs: { groups: -1, axis: 1 }, shape: [2, 3, 2] },
  { layer: 'GroupNormalization', kwargs: { groups: 1 }, shape: [2, 2, 3] },
];

describeEachBackend('normalization layers: float64 gradient checks', () => {
  CASES.forEach((c, i) => {
    const mode = c.training === undefined ? '' : c.training ? ', training' : ', inference';
    test(`${c.layer}(${JSON.stringify(c.kwargs)}) on ${JSON.stringify(c.shape)}${mode}`, () => {
      const layer = makeNorm(c.layer, c.kwargs, affine(10 * i));
      const x = uniform(c.shape, 100 + i);
      layerGradCheck(layer, x, { training: c.training ?? false });
      x.dispose();
      layer.dispose();
    });
  });

  test('the moving statistics get no gradient: the update inside the forward is not differentiated', () => {
    const layer = makeNorm(
      'BatchNormalization',
      {},
      { dtype: 'float64', name: 'batch_normalization_gc' },
    ) as BatchNormalization;
    const x = uniform([4, 3], 5);
    layer.apply(x);
    const before = memory().numTensors;
    tidy(() => {
      const { grads } = variableGrads(() => sum(layer.apply(x, { training: true })), layer.weights);
      assert.deepEqual(Object.keys(grads).sort(), ['batch_normalization_gc/beta', 'batch_normalization_gc/gamma']);
    });
    assert.equal(memory().numTensors, before);
    x.dispose();
    layer.dispose();
  });
});
