import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, variable } from '../../src/index.js';
import { Adam, clipByGlobalNorm, clipByNorm, SGD } from '../../src/optimizers/index.js';
import { assertClose } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { adamRef, assertMatchesReference, gradientAt, INITIAL, sgdRef } from './reference.js';

describeEachBackend('gradient clipping', () => {
  test('the test gradients are large enough for every clip below to bite', () => {
    const grads = gradientAt(
      INITIAL.map((w) => ({ w: [...w], slots: {} })),
      0,
    );
    const norms = grads.map((g) => Math.hypot(...g));
    assert.ok(
      norms.every((n) => n > 1.5),
      `norms ${norms}`,
    );
    assert.ok(grads.flat().some((x) => Math.abs(x) > 1.5));
  });

  test('clipNorm rescales each gradient to norm ≤ clipNorm on its own: g·c/max(‖g‖, c)', () => {
    assertMatchesReference(
      new SGD({ learningRate: 0.1, clipNorm: 1.5 }),
      { learningRate: 0.1, clipNorm: 1.5 },
      sgdRef(),
    );
  });

  test('clipValue clips elementwise to [−c, c]', () => {
    assertMatchesReference(
      new SGD({ learningRate: 0.1, clipValue: 1.5 }),
      { learningRate: 0.1, clipValue: 1.5 },
      sgdRef(),
    );
  });

  test('globalClipNorm rescales all gradients by one factor', () => {
    const opt = new Adam({ learningRate: 0.1, globalClipNorm: 2 });
    assertMatchesReference(opt, { learningRate: 0.1, globalClipNorm: 2 }, adamRef());
  });

  test('clipping happens before weight decay and momentum', () => {
    const opt = new SGD({ learningRate: 0.1, momentum: 0.9, weightDecay: 0.1, globalClipNorm: 1 });
    assertMatchesReference(opt, { learningRate: 0.1, weightDecay: 0.1, globalClipNorm: 1 }, sgdRef(0.9));
  });

  test('clipByNorm leaves a short gradient alone and a zero gradient zero (no 0/0)', () => {
    assert.deepEqual([...clipByNorm(tensor([0.3, 0.4]), 1).dataSync()], [...tensor([0.3, 0.4]).dataSync()]);
    assert.deepEqual([...clipByNorm(tensor([0, 0]), 1).dataSync()], [0, 0]);
    const long = clipByNorm(tensor([3, 4], [2], 'float64'), 1);
    assert.deepEqual([...long.dataSync()], [0.6, 0.8]);
  });

  test('clipByGlobalNorm: joint norm 5 clipped to 1 scales every tensor by 1/5; an Infinity makes NaN', () => {
    const [a, b] = clipByGlobalNorm([tensor([3], [1], 'float64'), tensor([0, 4], [2], 'float64')], 1);
    assert.deepEqual([...(a?.dataSync() ?? [])], [3 * 0.2]);
    assert.deepEqual([...(b?.dataSync() ?? [])], [0, 4 * 0.2]);
    const [c] = clipByGlobalNorm([tensor([1, Number.POSITIVE_INFINITY])], 1);
    assert.ok([...(c?.dataSync() ?? [])].every(Number.isNaN), 'a non-finite norm poisons the step visibly');
    const [d] = clipByGlobalNorm([tensor([0.1, 0.2], [2], 'float64')], 1);
    assert.deepEqual([...(d?.dataSync() ?? [])], [0.1, 0.2], 'under the threshold: unchanged');
  });

  test('only one clipping option may be set', () => {
    for (const options of [
      { clipNorm: 1, globalClipNorm: 1 },
      { clipNorm: 1, clipValue: 1 },
      { clipValue: 1, globalClipNorm: 1 },
    ]) {
      assert.throws(
        () => new SGD(options),
        /^ValueError: SGD: only one of `clipNorm`, `clipValue` and `globalClipNorm` can be set\. Received: clipNorm=/,
      );
    }
  });

  test('a float32 variable gets a float32 clipped update', () => {
    const w = variable(tensor([1, 1]));
    new SGD({ learningRate: 1, globalClipNorm: 1 }).applyGradients([[tensor([30, 40]), w]]);
    assert.equal(w.dtype, 'float32');
    assertClose(w, [0.4, 0.2]);
    w.dispose();
  });
});
