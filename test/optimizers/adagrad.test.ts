import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, variable } from '../../src/index.js';
import { Adagrad } from '../../src/optimizers/index.js';
import { describeEachBackend } from '../util/backends.js';
import { adagradRef, assertMatchesReference } from './reference.js';

describeEachBackend('Adagrad', () => {
  test('acc ← acc + g²; w ← w − lr·g/√(acc + ε) matches the float64 reference', () => {
    assertMatchesReference(new Adagrad({ learningRate: 0.3 }), { learningRate: 0.3 }, adagradRef());
  });

  test('initialAccumulatorValue and epsilon enter where Keras puts them', () => {
    const opt = new Adagrad({ learningRate: 0.3, initialAccumulatorValue: 2, epsilon: 0.5 });
    assertMatchesReference(opt, { learningRate: 0.3 }, adagradRef(2, 0.5));
  });

  test('the accumulator starts at initialAccumulatorValue', () => {
    const w = variable(tensor([1, 2, 3]));
    const opt = new Adagrad({ initialAccumulatorValue: 0.25 });
    opt.build([w]);
    const [iterations, acc] = opt.getWeights();
    assert.deepEqual([...iterations.dataSync()], [0]);
    assert.deepEqual([...acc.dataSync()], [0.25, 0.25, 0.25]);
    assert.equal(acc.dtype, 'float32');
    opt.dispose();
    w.dispose();
  });

  test('Keras defaults', () => {
    const c = new Adagrad().getConfig();
    assert.deepEqual([c.name, c.learningRate, c.initialAccumulatorValue, c.epsilon], ['adagrad', 0.001, 0.1, 1e-7]);
  });
});
