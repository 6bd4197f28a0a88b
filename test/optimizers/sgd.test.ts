import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memory, tensor, variable } from '../../src/index.js';
import { SGD } from '../../src/optimizers/index.js';
import { describeEachBackend } from '../util/backends.js';
import { assertMatchesReference, sgdRef } from './reference.js';

describeEachBackend('SGD', () => {
  test('plain: w ← w − lr·g matches the float64 reference over 6 steps', () => {
    assertMatchesReference(new SGD({ learningRate: 0.1 }), { learningRate: 0.1 }, sgdRef());
  });

  test('momentum: m ← μm − lr·g; w ← w + m', () => {
    assertMatchesReference(new SGD({ learningRate: 0.05, momentum: 0.9 }), { learningRate: 0.05 }, sgdRef(0.9));
  });

  test('nesterov: w ← w + μm − lr·g (differs from plain momentum)', () => {
    const opt = new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true });
    const refs = assertMatchesReference(opt, { learningRate: 0.05 }, sgdRef(0.9, true));
    // Guard against a reference that happens to coincide with plain momentum.
    const plain = assertMatchesReference(
      new SGD({ learningRate: 0.05, momentum: 0.9 }),
      { learningRate: 0.05 },
      sgdRef(0.9),
    );
    assert.notDeepEqual(refs[0]?.w, plain[0]?.w);
  });

  test('weightDecay: w ← w − w·wd·lr before the update, not through the gradient', () => {
    const opt = new SGD({ learningRate: 0.1, momentum: 0.5, weightDecay: 0.2 });
    assertMatchesReference(opt, { learningRate: 0.1, weightDecay: 0.2 }, sgdRef(0.5));
  });

  test('one step by hand: w = [1, 2], g = [0.5, -1], lr 0.1, momentum 0.9 → m = [-0.05, 0.1], w = [0.95, 2.1]', () => {
    const w = variable(tensor([1, 2], [2], 'float64'));
    const opt = new SGD({ learningRate: 0.1, momentum: 0.9 });
    opt.applyGradients([[tensor([0.5, -1], [2], 'float64'), w]]);
    assert.deepEqual([...w.dataSync()], [0.95, 2.1]);
    const [iterations, m] = opt.getWeights();
    assert.deepEqual([...iterations.dataSync()], [1]);
    assert.deepEqual([...m.dataSync()], [-0.05, 0.1]);
    opt.dispose();
    w.dispose();
  });

  test('momentum 0 creates no slot: getWeights() is just the iteration count', () => {
    const w = variable(tensor([1, 2]));
    const opt = new SGD();
    const before = memory().numTensors;
    opt.applyGradients([[tensor([1, 1]), w]]);
    assert.equal(opt.getWeights().length, 1);
    assert.equal(memory().numTensors, before + 2, 'the gradient and the getWeights() scalar only');
    w.dispose();
  });

  test('Keras defaults', () => {
    assert.deepEqual(new SGD().getConfig(), {
      name: 'sgd', // Keras 3's SGD().get_config()['name']
      learningRate: 0.01,
      weightDecay: null,
      clipNorm: null,
      clipValue: null,
      globalClipNorm: null,
      momentum: 0,
      nesterov: false,
    });
  });
});
