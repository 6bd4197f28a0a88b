// getWeights/setWeights, build, dispose, constraints and memory: what training across sessions relies on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clipByValue, memory, mul, type Tensor, tensor, tidy, type Variable, variable } from '../../src/index.js';
import { Adagrad, Adam, AdamW, type Optimizer, RMSprop, SGD, schedules } from '../../src/optimizers/index.js';
import { assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { gradientAt, makeVariables } from './reference.js';

/** Every optimizer with every slot and every common option switched on. */
const FACTORIES: Record<string, () => Optimizer> = {
  'SGD nesterov': () => new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
  'Adam amsgrad': () =>
    new Adam({
      learningRate: new schedules.ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 1, decayRate: 0.9 }),
      amsgrad: true,
      beta2: 0.5,
      clipNorm: 2,
    }),
  AdamW: () => new AdamW({ learningRate: 0.05, globalClipNorm: 3 }),
  'RMSprop centered momentum': () => new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true, clipValue: 2 }),
  Adagrad: () => new Adagrad({ learningRate: 0.1 }),
};

/** One step on float32 variables with the reference gradient of their current values. */
function step(opt: Optimizer, vars: Variable[], t: number): void {
  tidy(() => {
    const current = vars.map((v) => ({ w: [...v.dataSync()], slots: {} }));
    const grads = gradientAt(current, t);
    opt.applyGradients(vars.map((v, j) => [tensor(grads[j] as number[], v.shape), v] as [Tensor, Variable]));
  });
}

describeEachBackend('optimizer state', () => {
  for (const [name, make] of Object.entries(FACTORIES)) {
    test(`${name}: 2 steps, save, restore into a fresh optimizer, 2 more steps = 4 steps, bitwise`, () => {
      const straight = makeVariables('float32', 'resume_a');
      const a = make();
      for (let t = 0; t < 4; t++) step(a, straight, t);

      const first = makeVariables('float32', 'resume_b');
      const b = make();
      for (let t = 0; t < 2; t++) step(b, first, t);
      const saved = b.getWeights();
      assert.equal(saved[0]?.dtype, 'float32');
      assert.deepEqual([...(saved[0]?.dataSync() ?? [])], [2]);

      const resumed = first.map((v, j) => variable(v, true, `resume_c_${j}`));
      const c = make();
      c.build(resumed);
      c.setWeights(saved);
      assert.equal(c.iterations, 2);
      for (let t = 2; t < 4; t++) step(c, resumed, t);

      for (const [j, v] of resumed.entries()) assertExact(v, straight[j] as Variable);
      const aw = a.getWeights();
      const cw = c.getWeights();
      assert.equal(cw.length, aw.length);
      for (const [i, w] of cw.entries()) assertExact(w, aw[i] as Tensor);

      for (const t of [...straight, ...first, ...resumed, ...saved, ...aw, ...cw]) t.dispose();
      for (const o of [a, b, c]) o.dispose();
    });

    test(`${name}: 200 steps leave memory().numTensors unchanged once the slots exist`, () => {
      const vars = makeVariables('float32', 'memory');
      vars[0].constraint = (w) => clipByValue(w, -3, 3);
      const opt = make();
      step(opt, vars, 0);
      const before = memory();
      for (let t = 1; t <= 200; t++) step(opt, vars, t);
      const after = memory();
      assert.equal(after.numTensors, before.numTensors, 'live tensors');
      assert.equal(after.numBuffers, before.numBuffers, 'live buffers');
      const weights = opt.getWeights();
      for (const w of weights) w.dispose();
      opt.dispose();
      assert.equal(memory().numTensors, after.numTensors - (weights.length - 1), 'dispose() frees the slots');
      for (const v of vars) v.dispose();
    });
  }

  test('the constraint runs after the update: it sees the updated weights', () => {
    const w = variable(tensor([0.5, -0.5, 2]));
    const seen: number[][] = [];
    w.constraint = (x) => {
      seen.push([...x.dataSync()]);
      return clipByValue(x, -1, 1);
    };
    new SGD({ learningRate: 1 }).applyGradients([[tensor([-1, 1, 0]), w]]);
    assert.deepEqual(seen, [[1.5, -1.5, 2]]);
    assert.deepEqual([...w.dataSync()], [1, -1, 1]);
    w.dispose();
  });

  test('weight decay, update and constraint compose in Keras order', () => {
    const w = variable(tensor([2], [1], 'float64'));
    w.constraint = (x) => mul(x, 0.5);
    new SGD({ learningRate: 0.5, weightDecay: 0.5 }).applyGradients([[tensor([1], [1], 'float64'), w]]);
    // decay: 2 − 2·0.5·0.5 = 1.5; update: 1.5 − 0.5·1 = 1; constraint: 0.5. (Update first, then decay: 0.5625.)
    assert.deepEqual([...w.dataSync()], [0.5]);
    w.dispose();
  });

  test('slots are non-trainable variables named after the optimizer and the variable', () => {
    const w = variable(tensor([1, 2]), true, 'dense/kernel');
    const opt = new Adam({ name: 'opt' });
    opt.build([w]);
    const [, m, v] = opt.getWeights();
    assert.deepEqual([...(m?.dataSync() ?? [])], [0, 0]);
    assert.deepEqual([...(v?.dataSync() ?? [])], [0, 0]);
    const slots = (opt as unknown as { slots: Map<Variable, Record<string, Variable>> }).slots.get(w) ?? {};
    assert.deepEqual(
      Object.values(slots).map((s) => [s.name, s.trainable]),
      [
        ['opt/dense_kernel_momentum', false],
        ['opt/dense_kernel_velocity', false],
      ],
    );
    opt.dispose();
    w.dispose();
  });

  test('variables seen later get their slots later, appended in first-use order', () => {
    const a = variable(tensor([1]), true, 'order_a');
    const b = variable(tensor([1, 2]), true, 'order_b');
    const opt = new SGD({ momentum: 0.5 });
    opt.applyGradients([[tensor([1, 1]), b]]);
    opt.applyGradients([
      [tensor([1]), a],
      [tensor([1, 1]), b],
    ]);
    assert.deepEqual(
      opt.getWeights().map((t) => t.shape),
      [[], [2], [1]],
    );
    opt.dispose();
    a.dispose();
    b.dispose();
  });

  test('setWeights rejects a state that does not fit, before changing anything', () => {
    const w = variable(tensor([1, 2]), true, 'set_w');
    const opt = new SGD({ momentum: 0.5 });
    assert.throws(
      () => opt.setWeights([tensor(0), tensor([1, 1])]),
      /^ValueError: SGD\.setWeights: expected 1 tensors: the iteration count, then 0 slot values for the 0 variables built so far \(call build\(variables\) before restoring\)\. Received: 2 tensors$/,
    );
    opt.build([w]);
    assert.throws(
      () => opt.setWeights([tensor(3), tensor([1, 1, 1])]),
      /^ShapeError: SGD\.setWeights: weights\[1\] must match slot "sgd\/set_w_momentum"\. Expected shape \[2\]\. Received: \[3\]$/,
    );
    assert.throws(
      () => opt.setWeights([tensor(3), tensor([1, 1], [2], 'float64')]),
      /^DTypeError: SGD\.setWeights: weights\[1\] must match slot "sgd\/set_w_momentum"\. Expected dtype float32\. Received: float64$/,
    );
    assert.throws(
      () => opt.setWeights([tensor(1.5), tensor([1, 1])]),
      /^ValueError: SGD\.setWeights: weights\[0\] must be the iteration count, a scalar non-negative integer\. Received: 1\.5$/,
    );
    assert.throws(
      () => opt.setWeights([tensor(1), [1, 1] as unknown as Tensor]),
      /^ValueError: SGD\.setWeights: weights\[1\] must be a Tensor\. Received: \[1,1\]$/,
    );
    assert.equal(opt.iterations, 0);
    assert.deepEqual([...(opt.getWeights()[1]?.dataSync() ?? [])], [0, 0]);
    opt.setWeights([tensor(7), tensor([3, 4])]);
    assert.equal(opt.iterations, 7);
    assert.deepEqual([...(opt.getWeights()[1]?.dataSync() ?? [])], [3, 4]);
    opt.dispose();
    assert.equal(opt.iterations, 0, 'dispose() resets the state');
    w.dispose();
  });
});
