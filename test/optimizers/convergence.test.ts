import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mean, mul, square, sub, tensor, variable } from '../../src/index.js';
import { Adagrad, Adam, AdamW, type Optimizer, RMSprop, SGD } from '../../src/optimizers/index.js';
import { describeEachBackend } from '../util/backends.js';

// An ill-conditioned float32 quadratic: f(w) = mean(c · (w − target)²) with curvatures 100× apart.
const TARGET = [1, -2, 0.5, 3];
const CURVATURE = [1, 10, 0.1, 2];

const CASES: [string, () => Optimizer, number][] = [
  ['SGD', () => new SGD({ learningRate: 0.15 }), 2000],
  ['SGD momentum', () => new SGD({ learningRate: 0.05, momentum: 0.9 }), 600],
  ['SGD nesterov', () => new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }), 600],
  ['Adam', () => new Adam({ learningRate: 0.05 }), 600],
  ['Adam amsgrad', () => new Adam({ learningRate: 0.05, amsgrad: true }), 600],
  ['AdamW', () => new AdamW({ learningRate: 0.05, weightDecay: 1e-6 }), 600],
  ['RMSprop', () => new RMSprop({ learningRate: 0.01 }), 800],
  ['RMSprop centered momentum', () => new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true }), 800],
  ['Adagrad', () => new Adagrad({ learningRate: 0.5 }), 800],
];

describeEachBackend('convergence on a float32 quadratic', () => {
  for (const [name, make, steps] of CASES) {
    test(`${name} reaches loss < 1e-6 in ${steps} steps`, () => {
      const w = variable(tensor([0, 0, 0, 0]), true, `converge_${name}`);
      const target = tensor(TARGET);
      const curvature = tensor(CURVATURE);
      const opt = make();
      const loss = () => mean(mul(curvature, square(sub(w, target))));
      const first = opt.minimize(loss, [w]);
      const initial = first.dataSync()[0] as number;
      first.dispose();
      for (let i = 1; i < steps; i++) opt.minimize(loss, [w]).dispose();
      const final = loss();
      const value = final.dataSync()[0] as number;
      assert.ok(value < 1e-6, `loss ${initial} → ${value}; w = ${[...w.dataSync()]}`);
      assert.equal(opt.iterations, steps);
      for (const t of [w, target, curvature, final]) t.dispose();
      opt.dispose();
    });
  }
});

test('minimize without varList trains every trainable variable and skips the unused ones', () => {
  const used = variable(tensor([3]), true, 'minimize_used');
  const unused = variable(tensor([5]), true, 'minimize_unused');
  const frozen = variable(tensor([7]), false, 'minimize_frozen');
  const opt = new SGD({ learningRate: 0.25 });
  const value = opt.minimize(() => mean(square(sub(used, frozen))));
  assert.equal(value.dataSync()[0], 16);
  assert.deepEqual([...used.dataSync()], [5], 'w ← 3 − 0.25 · 2(3 − 7)');
  assert.deepEqual([...unused.dataSync()], [5]);
  assert.deepEqual([...frozen.dataSync()], [7]);
  for (const t of [value, used, unused, frozen]) t.dispose();
});
