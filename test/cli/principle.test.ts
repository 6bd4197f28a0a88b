// The principle the CLI exists to show, asserted on a small fixed configuration (noisy two moons, so it runs
// in seconds): without regularization the network overfits; L2 and Dropout end with a lower validation loss;
// L1 leaves far more weights near zero than L2; L2 leaves a smaller kernel norm.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runComparison } from '../../src/cli/compare.js';
import type { CompareOptions } from '../../src/cli/options.js';
import { buildModel } from '../../src/cli/variants.js';
import { layers, setRandomSeed } from '../../src/index.js';

/** The 2-D preset at a fixed seed, on fewer validation points; each variant trains in about two seconds. */
const SMALL: Partial<CompareOptions> = {
  dataset: 'moons',
  trainSize: 100,
  valSize: 500,
  labelNoise: 0.1,
  hidden: [64, 64],
  epochs: 300,
  batchSize: 32,
  learningRate: 3e-3,
  l1: 1e-3,
  l2: 3e-3,
  dropout: 0.3,
  seed: 42,
  variants: ['none', 'l1', 'l2', 'dropout'],
};

test('regularization works: L2 and Dropout generalize better, L1 sparsifies, L2 shrinks', async () => {
  const result = await runComparison(SMALL);
  const by = Object.fromEntries(result.variants.map((v) => [v.name, v.summary]));
  const { none, L1, L2, Dropout } = by as Record<string, NonNullable<(typeof by)[string]>>;
  assert.ok(none && L1 && L2 && Dropout);
  const table = result.variants
    .map(
      (v) =>
        `${v.name}: val ${v.summary.valLoss.toFixed(4)}, near-zero ${v.summary.nearZeroFraction.toFixed(3)}, norm ${v.summary.kernelL2Norm.toFixed(2)}`,
    )
    .join('; ');
  // Overfitting shows: the unregularized validation loss ends well above its best.
  assert.ok(none.valLoss > none.bestValLoss * 1.1, table);
  assert.ok(L2.valLoss < none.valLoss, `L2 should end with a lower validation loss than none: ${table}`);
  assert.ok(Dropout.valLoss < none.valLoss, `Dropout should end with a lower validation loss than none: ${table}`);
  assert.ok(L1.nearZeroFraction > L2.nearZeroFraction + 0.2, `L1 should zero clearly more weights than L2: ${table}`);
  assert.ok(L2.kernelL2Norm < none.kernelL2Norm, `L2 should shrink the kernels: ${table}`);
  // Dropout thins activations, not weights: it leaves no spike at zero.
  assert.ok(Dropout.nearZeroFraction < 0.05, table);
  // 2-D data: a decision boundary per variant, over the plane of the points.
  for (const v of result.variants) {
    assert.ok(v.boundary, v.name);
    assert.equal(v.boundary.classes.length, v.boundary.resolution ** 2);
    assert.ok(v.boundary.confidence.every((c) => c >= 0.5 - 1e-6 && c <= 1 + 1e-6));
  }
});

test('every variant starts from the same weights: Dropout layers do not shift the initializers’ seeds', () => {
  const initial = (dropout: number) => {
    setRandomSeed(7);
    const model = buildModel(2, [16, 16], 2, { l1: 0, l2: 0, dropout }, 7);
    const kernels = model.layers.flatMap((l) =>
      l instanceof layers.Dense && l.kernel ? [Array.from(l.kernel.dataSync())] : [],
    );
    model.dispose();
    return kernels;
  };
  const plain = initial(0);
  assert.equal(plain.length, 3);
  assert.deepEqual(initial(0.5), plain);
});
