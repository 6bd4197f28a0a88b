import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, variable } from '../../src/index.js';
import { Adam, getOptimizer, SGD, schedules } from '../../src/optimizers/index.js';
import { describeEachBackend } from '../util/backends.js';
import { adamRef, assertMatchesReference, sgdRef } from './reference.js';

const { ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay } = schedules;

describeEachBackend('learning rate schedules', () => {
  test('ExponentialDecay, continuous: init · rate^(step / decaySteps)', () => {
    const s = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 4, decayRate: 0.5 });
    assert.equal(s.rate(0), 0.1);
    assert.equal(s.rate(4), 0.05);
    assert.equal(s.rate(2), 0.1 * 0.5 ** 0.5);
    assert.equal(s.rate(10), 0.1 * 0.5 ** 2.5);
  });

  test('ExponentialDecay, staircase: the exponent is floored', () => {
    const s = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 4, decayRate: 0.5, staircase: true });
    assert.deepEqual(
      [0, 3, 4, 7, 8].map((t) => s.rate(t)),
      [0.1, 0.1, 0.05, 0.05, 0.025],
    );
  });

  test('InverseTimeDecay: init / (1 + rate · step / decaySteps), floored when staircase', () => {
    const s = new InverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 0.5 });
    assert.deepEqual(
      [0, 1, 2, 4].map((t) => s.rate(t)),
      [1, 1 / 1.25, 1 / 1.5, 1 / 2],
    );
    const stairs = new InverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 0.5, staircase: true });
    assert.deepEqual(
      [0, 1, 2, 3].map((t) => stairs.rate(t)),
      [1, 1, 1 / 1.5, 1 / 1.5],
    );
  });

  test('PiecewiseConstantDecay: values[i] while boundaries[i−1] < step ≤ boundaries[i]', () => {
    const s = new PiecewiseConstantDecay({ boundaries: [2, 5], values: [1, 0.5, 0.1] });
    assert.deepEqual(
      [0, 2, 3, 5, 6, 100].map((t) => s.rate(t)),
      [1, 1, 0.5, 0.5, 0.1, 0.1],
    );
  });

  test('an optimizer evaluates the schedule at `iterations`, once per step (SGD golden)', () => {
    const s = new ExponentialDecay({ initialLearningRate: 0.2, decaySteps: 2, decayRate: 0.5 });
    assertMatchesReference(new SGD({ learningRate: s }), { learningRate: (t) => s.rate(t) }, sgdRef());
  });

  test('a staircase schedule drives Adam (bias correction and rate use the same step)', () => {
    const s = new ExponentialDecay({ initialLearningRate: 0.2, decaySteps: 2, decayRate: 0.5, staircase: true });
    assertMatchesReference(new Adam({ learningRate: s }), { learningRate: (t) => s.rate(t) }, adamRef());
  });

  test('learningRate reads the schedule at the current step; a schedule is replaced only by a schedule', () => {
    const opt = new SGD({ learningRate: new PiecewiseConstantDecay({ boundaries: [0], values: [1, 0.5] }) });
    const w = variable(tensor([1]));
    assert.equal(opt.learningRate, 1);
    opt.applyGradients([[tensor([1]), w]]);
    assert.equal(opt.learningRate, 0.5);
    assert.deepEqual([...w.dataSync()], [0], 'the first step used rate(0) = 1');
    // Keras refuses to overwrite a schedule with a number (it would silently drop the schedule).
    assert.throws(() => {
      opt.learningRate = 0.25;
    }, /^StateError: SGD: the learning rate is a PiecewiseConstantDecay schedule and cannot be set to a number/);
    opt.learningRate = new PiecewiseConstantDecay({ boundaries: [0], values: [0.25, 0.25] });
    assert.equal(opt.learningRate, 0.25);
    const constant = new SGD({ learningRate: 1 });
    constant.learningRate = 0.25;
    assert.equal(constant.learningRate, 0.25);
    assert.equal(constant.getConfig().learningRate, 0.25);
    assert.throws(() => {
      constant.learningRate = -1;
    }, /^ValueError: Invalid value received for argument `learningRate` of SGD\./);
    w.dispose();
  });

  test('a schedule serializes as { className, config } and round-trips through the optimizer config', () => {
    const s = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9, staircase: true });
    const config = new SGD({ learningRate: s }).getConfig();
    assert.deepEqual(config.learningRate, {
      className: 'ExponentialDecay',
      config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9, staircase: true },
    });
    const rebuilt = getOptimizer({ className: 'SGD', config });
    assert.deepEqual(rebuilt.getConfig(), config);
    assert.equal(rebuilt.learningRate, 0.1);
    for (const sched of [
      new InverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 0.5 }),
      new PiecewiseConstantDecay({ boundaries: [2, 5], values: [1, 0.5, 0.1] }),
    ]) {
      const copy = schedules.scheduleRegistry.deserialize({ className: sched.className, config: sched.getConfig() });
      assert.deepEqual(
        [0, 3, 9].map((t) => copy.rate(t)),
        [0, 3, 9].map((t) => sched.rate(t)),
      );
    }
  });
});
