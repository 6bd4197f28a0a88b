import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, variable } from '../../src/index.js';
import { Adam, AdamW } from '../../src/optimizers/index.js';
import { describeEachBackend } from '../util/backends.js';
import {
  adamRef,
  assertMatchesReference,
  assertValuesClose,
  gradientAt,
  INITIAL,
  makeVariables,
  type RefVar,
  refApply,
} from './reference.js';

describeEachBackend('Adam', () => {
  test('matches the float64 reference (default betas and epsilon)', () => {
    assertMatchesReference(new Adam({ learningRate: 0.1 }), { learningRate: 0.1 }, adamRef());
  });

  test('a large epsilon is added to √v after the bias correction was folded into α', () => {
    const opt = new Adam({ learningRate: 0.1, beta1: 0.5, beta2: 0.75, epsilon: 0.3 });
    assertMatchesReference(opt, { learningRate: 0.1 }, adamRef(0.5, 0.75, 0.3));
  });

  test('amsgrad divides by the running maximum of v', () => {
    // beta2 small so that v shrinks between steps and the maximum matters.
    const opt = new Adam({ learningRate: 0.1, beta2: 0.3, amsgrad: true });
    const refs = assertMatchesReference(opt, { learningRate: 0.1 }, adamRef(0.9, 0.3, 1e-7, true));
    const plain = assertMatchesReference(
      new Adam({ learningRate: 0.1, beta2: 0.3 }),
      { learningRate: 0.1 },
      adamRef(0.9, 0.3),
    );
    assert.notDeepEqual(refs[0]?.w, plain[0]?.w, 'the test exercises a shrinking v');
  });

  test('first step by hand: m = 0.1g, v = 0.001g², and the step is ≈ lr per element', () => {
    const w = variable(tensor([1, -1], [2], 'float64'));
    const opt = new Adam({ learningRate: 0.01 });
    opt.applyGradients([[tensor([3, -0.5], [2], 'float64'), w]]);
    // t = 1: α = lr·√(1 − 0.999)/(1 − 0.9); step = m·α/(√v + ε) = lr·g/(|g| + ε/√0.001) ≈ lr·sign(g).
    const expected = [3, -0.5].map((g, i) => {
      const alpha = (0.01 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
      return [1, -1][i] - (0.1 * g * alpha) / (Math.sqrt(0.001 * g * g) + 1e-7);
    });
    assertValuesClose(w.dataSync(), expected, 'w');
    assert.ok(Math.abs((w.dataSync()[0] as number) - 0.99) < 1e-6, 'Adam’s first step is ≈ lr per element');
    opt.dispose();
    w.dispose();
  });

  test('Keras defaults', () => {
    const c = new Adam().getConfig();
    assert.deepEqual(
      [c.name, c.learningRate, c.beta1, c.beta2, c.epsilon, c.amsgrad, c.weightDecay],
      ['adam', 0.001, 0.9, 0.999, 1e-7, false, null],
    );
  });
});

describeEachBackend('AdamW', () => {
  test('decays the weights first (w − w·wd·lr), then takes the Adam step', () => {
    const opt = new AdamW({ learningRate: 0.1, weightDecay: 0.3 });
    assertMatchesReference(opt, { learningRate: 0.1, weightDecay: 0.3 }, adamRef());
  });

  test('the order matters: decaying after the update gives other numbers', () => {
    const decayAfter: RefVar[] = INITIAL.map((w) => ({ w: [...w], slots: {} }));
    const decayBefore: RefVar[] = INITIAL.map((w) => ({ w: [...w], slots: {} }));
    const grads = gradientAt(decayBefore, 0);
    refApply({ learningRate: 0.1, weightDecay: 0.3 }, adamRef(), decayBefore, grads, 0);
    refApply({ learningRate: 0.1 }, adamRef(), decayAfter, grads, 0);
    for (const v of decayAfter) v.w = v.w.map((w) => w - w * 0.3 * 0.1);
    assert.ok(Math.abs(decayBefore[0].w[0] - decayAfter[0].w[0]) > 1e-4);

    const vars = makeVariables('float64', 'adamw_order');
    const opt = new AdamW({ learningRate: 0.1, weightDecay: 0.3 });
    opt.applyGradients(vars.map((v, j) => [tensor(grads[j] as number[], v.shape, 'float64'), v] as const));
    for (const [j, v] of vars.entries()) assertValuesClose(v.dataSync(), decayBefore[j].w, `variable ${j}`);
    opt.dispose();
    for (const v of vars) v.dispose();
  });

  test('decoupled: the moments see only the gradient, never the decay', () => {
    const vars = makeVariables('float64', 'adamw_moments');
    const opt = new AdamW({ learningRate: 0.1, weightDecay: 0.3 });
    const grads = vars.map((v) => tensor(Array(v.size).fill(0.5), v.shape, 'float64'));
    opt.applyGradients(vars.map((v, j) => [grads[j], v] as const));
    const [, m0, v0] = opt.getWeights();
    assertValuesClose(m0.dataSync(), Array(6).fill(0.05), 'm = (1 − β₁)·g');
    assertValuesClose(v0.dataSync(), Array(6).fill(0.00025), 'v = (1 − β₂)·g²');
    opt.dispose();
    for (const v of vars) v.dispose();
  });

  test('defaults to weightDecay 0.004 and the name "adamw"', () => {
    const opt = new AdamW();
    assert.equal(opt.weightDecay, 0.004);
    assert.equal(opt.className, 'AdamW');
    assert.equal(opt.getConfig().name, 'adamw');
    assert.ok(opt instanceof Adam);
  });
});
