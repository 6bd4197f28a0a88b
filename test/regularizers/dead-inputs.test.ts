import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layers, optimizers, randomUniform, regularizers, Sequential, setRandomSeed, tensor } from '../../src/index.js';
import { describeEachBackend } from '../util/backends.js';

// docs/regularization.md: the spike at 0 in an L2 network's MNIST weight histogram is the weights of the
// always-blank border pixels. An input that is 0 in every sample gives its weights no data gradient
// (∂loss/∂w = input · ∂loss/∂output), so the penalty's gradient is all they get: L2 decays them to ~0, L1
// (under Adam) leaves them hopping across 0 within a step, and without a penalty they keep their initial values.

/** The first kernel's row for input 0 (always 0 in the data) and for input 1 (informative), after training. */
async function trainRows(
  kernelRegularizer: regularizers.Regularizer | undefined,
): Promise<{ dead: number[]; live: number[]; initial: number[] }> {
  setRandomSeed(3);
  const n = 64;
  const features = randomUniform([n, 4]).arraySync() as number[][];
  for (const row of features) row[0] = 0;
  const x = tensor(features);
  const y = tensor(
    features.map((r) => ((r[1] as number) > 0.5 ? 1 : 0)),
    [n],
    'int32',
  );
  const model = new Sequential();
  const dense = new layers.Dense(8, { inputDim: 4, activation: 'relu', kernelRegularizer });
  model.add(dense);
  model.add(new layers.Dense(2, { activation: 'softmax' }));
  model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.02 }), loss: 'sparseCategoricalCrossentropy' });
  const row = (r: number) => {
    assert.ok(dense.kernel, 'built by add(), from inputDim');
    return Array.from(dense.kernel.dataSync().subarray(r * 8, (r + 1) * 8));
  };
  const initial = row(0);
  await model.fit(x, y, { epochs: 80, batchSize: 16, verbose: 0 });
  const result = { dead: row(0), live: row(1), initial };
  model.dispose();
  x.dispose();
  y.dispose();
  return result;
}

const maxAbs = (v: readonly number[]) => Math.max(...v.map(Math.abs));

describeEachBackend('weights of an input that is always 0', () => {
  test('no penalty: untouched; L2: decayed to ~0; L1: within a step (the learning rate) of 0, never exactly 0', async () => {
    const none = await trainRows(undefined);
    assert.deepEqual(none.dead, none.initial, 'no data gradient reaches them');
    assert.ok(maxAbs(none.initial) > 0.1);
    const l2 = await trainRows(regularizers.l2(3e-3));
    assert.ok(maxAbs(l2.dead) < 1e-6, `L2: ${maxAbs(l2.dead)}`);
    // The informative input's weights are held up by the data: shrunk, not gone.
    assert.ok(maxAbs(l2.live) > 0.1, `L2 live: ${maxAbs(l2.live)}`);
    const l1 = await trainRows(regularizers.l1(3e-3));
    // Adam's steps keep about their size as L1's gradient does not fade: the weights hop across 0, below the
    // learning rate (0.02) but further from it than L2's, and none lands on 0 exactly.
    assert.ok(maxAbs(l1.dead) < 0.02 && maxAbs(l1.dead) > 100 * maxAbs(l2.dead), `L1: ${maxAbs(l1.dead)}`);
    assert.ok(l1.dead.every((w) => w !== 0));
  });
});
