import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, variable } from '../../src/index.js';
import { RMSprop } from '../../src/optimizers/index.js';
import { describeEachBackend } from '../util/backends.js';
import { assertMatchesReference, rmspropRef } from './reference.js';

describeEachBackend('RMSprop', () => {
  test('plain: vel ← ρ·vel + (1−ρ)·g²; w ← w − lr·g/√(vel + ε)', () => {
    assertMatchesReference(new RMSprop({ learningRate: 0.05 }), { learningRate: 0.05 }, rmspropRef());
  });

  test('a large epsilon sits inside the square root', () => {
    const opt = new RMSprop({ learningRate: 0.05, rho: 0.5, epsilon: 0.7 });
    assertMatchesReference(opt, { learningRate: 0.05 }, rmspropRef(0.5, 0, 0.7));
  });

  test('centered: denom = vel − avg² + ε', () => {
    const opt = new RMSprop({ learningRate: 0.05, rho: 0.8, centered: true, epsilon: 0.01 });
    assertMatchesReference(opt, { learningRate: 0.05 }, rmspropRef(0.8, 0, 0.01, true));
  });

  test('momentum: mom ← μ·mom + inc; w ← w − mom', () => {
    const opt = new RMSprop({ learningRate: 0.05, momentum: 0.7 });
    assertMatchesReference(opt, { learningRate: 0.05 }, rmspropRef(0.9, 0.7));
  });

  test('centered with momentum', () => {
    const opt = new RMSprop({ learningRate: 0.02, rho: 0.8, momentum: 0.5, centered: true, epsilon: 0.01 });
    assertMatchesReference(opt, { learningRate: 0.02 }, rmspropRef(0.8, 0.5, 0.01, true));
  });

  test('slots follow the options: velocity, + momentum when momentum > 0, + the average gradient when centered', () => {
    const w = variable(tensor([1, 2]));
    const slotCount = (o: RMSprop) => {
      o.build([w]);
      const count = o.getWeights().length;
      o.dispose();
      return count;
    };
    assert.equal(slotCount(new RMSprop()), 2);
    assert.equal(slotCount(new RMSprop({ momentum: 0.5 })), 3);
    assert.equal(slotCount(new RMSprop({ momentum: 0.5, centered: true })), 4);
    w.dispose();
  });

  test('Keras defaults', () => {
    const c = new RMSprop().getConfig();
    assert.deepEqual(
      [c.name, c.learningRate, c.rho, c.momentum, c.epsilon, c.centered],
      ['rmsprop', 0.001, 0.9, 0, 1e-7, false],
    );
  });
});
