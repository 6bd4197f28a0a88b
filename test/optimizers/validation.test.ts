// Every argument check, each message pinned.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, variable } from '../../src/index.js';
import { Adagrad, Adam, AdamW, RMSprop, SGD, schedules } from '../../src/optimizers/index.js';
import { describeEachBackend } from '../util/backends.js';

const invalid = (arg: string, owner: string, expected: string, received: string) =>
  new RegExp(
    `^ValueError: Invalid value received for argument \`${arg.replace(/[[\]]/g, '\\$&')}\` of ${owner}\\. ` +
      `Expected ${expected.replace(/[()[\]]/g, '\\$&')}\\. Received: ${received.replace(/[[\]]/g, '\\$&')}$`,
  );

describeEachBackend('optimizer argument validation', () => {
  test('learningRate: a non-negative finite number or a schedule', () => {
    const expected = 'a non-negative finite number or a LearningRateSchedule';
    assert.throws(() => new SGD({ learningRate: -1 }), invalid('learningRate', 'SGD', expected, 'learningRate=-1'));
    assert.throws(
      () => new Adam({ learningRate: Number.NaN }),
      invalid('learningRate', 'Adam', expected, 'learningRate=NaN'),
    );
    assert.throws(
      () => new RMSprop({ learningRate: '0.1' as unknown as number }),
      invalid('learningRate', 'RMSprop', expected, 'learningRate="0.1"'),
    );
    assert.throws(
      () => new SGD({ learningRate: { className: 'CosineDecay', config: {} } }),
      /^ValueError: Unknown learning rate schedule class\. Expected one of ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay\. Received: "CosineDecay"$/,
    );
  });

  test('weightDecay ≥ 0; AdamW requires one', () => {
    const e = 'a non-negative finite number';
    assert.throws(() => new SGD({ weightDecay: -0.1 }), invalid('weightDecay', 'SGD', e, 'weightDecay=-0.1'));
    assert.throws(() => new AdamW({ weightDecay: null }), invalid('weightDecay', 'AdamW', e, 'weightDecay=null'));
    assert.throws(() => new AdamW({ weightDecay: -1 }), invalid('weightDecay', 'AdamW', e, 'weightDecay=-1'));
  });

  test('clip values > 0', () => {
    const e = 'a positive finite number or null';
    assert.throws(() => new SGD({ clipNorm: 0 }), invalid('clipNorm', 'SGD', e, 'clipNorm=0'));
    assert.throws(() => new Adam({ clipValue: -1 }), invalid('clipValue', 'Adam', e, 'clipValue=-1'));
    assert.throws(
      () => new Adagrad({ globalClipNorm: Number.POSITIVE_INFINITY }),
      invalid('globalClipNorm', 'Adagrad', e, 'globalClipNorm=Infinity'),
    );
  });

  test('betas in [0, 1), epsilon ≥ 0, amsgrad a boolean', () => {
    assert.throws(() => new Adam({ beta1: 1 }), invalid('beta1', 'Adam', 'a number in [0, 1)', 'beta1=1'));
    assert.throws(() => new AdamW({ beta2: -0.1 }), invalid('beta2', 'AdamW', 'a number in [0, 1)', 'beta2=-0.1'));
    assert.throws(
      () => new Adam({ epsilon: -1e-7 }),
      invalid('epsilon', 'Adam', 'a non-negative finite number', 'epsilon=-1e-7'),
    );
    assert.throws(
      () => new Adam({ amsgrad: 1 as unknown as boolean }),
      invalid('amsgrad', 'Adam', 'a boolean', 'amsgrad=1'),
    );
  });

  test('momentum in [0, 1]; rho in [0, 1)', () => {
    assert.doesNotThrow(() => new SGD({ momentum: 1 }));
    assert.throws(() => new SGD({ momentum: 1.5 }), invalid('momentum', 'SGD', 'a number in [0, 1]', 'momentum=1.5'));
    assert.throws(
      () => new RMSprop({ momentum: -0.5 }),
      invalid('momentum', 'RMSprop', 'a number in [0, 1]', 'momentum=-0.5'),
    );
    assert.throws(() => new RMSprop({ rho: 1 }), invalid('rho', 'RMSprop', 'a number in [0, 1)', 'rho=1'));
    assert.throws(
      () => new SGD({ nesterov: 'yes' as unknown as boolean }),
      invalid('nesterov', 'SGD', 'a boolean', 'nesterov="yes"'),
    );
    assert.throws(
      () => new RMSprop({ centered: null as unknown as boolean }),
      invalid('centered', 'RMSprop', 'a boolean', 'centered=null'),
    );
  });

  test('initialAccumulatorValue ≥ 0; name a non-empty string', () => {
    assert.throws(
      () => new Adagrad({ initialAccumulatorValue: -1 }),
      invalid('initialAccumulatorValue', 'Adagrad', 'a non-negative finite number', 'initialAccumulatorValue=-1'),
    );
    assert.throws(() => new SGD({ name: '' }), invalid('name', 'SGD', 'a non-empty string', 'name=""'));
  });

  test('unknown options (a snake_case Keras name, a typo) are rejected, not ignored', () => {
    assert.throws(
      () => new Adam({ learning_rate: 0.1 } as never),
      /^UnknownOptionError: Adam: unknown option `learning_rate`; did you mean `learningRate`\? Expected one of learningRate, weightDecay, clipNorm, clipValue, globalClipNorm, name, beta1, beta2, epsilon, amsgrad\. Received: learning_rate=0\.1$/,
    );
    assert.throws(() => new SGD(5 as never), /^ValueError: SGD: the options must be an object\. Received: 5$/);
    assert.throws(
      () => new AdamW(null as never),
      /^ValueError: AdamW: the options must be an object\. Received: null$/,
    );
  });

  test('schedules check their arguments', () => {
    const { ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay } = schedules;
    assert.throws(
      () => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 }),
      invalid('decaySteps', 'ExponentialDecay', 'a positive finite number', 'decaySteps=0'),
    );
    assert.throws(
      () => new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: -1 }),
      invalid('decayRate', 'InverseTimeDecay', 'a non-negative finite number', 'decayRate=-1'),
    );
    assert.throws(
      () => new ExponentialDecay({ decaySteps: 1, decayRate: 0.9 } as never),
      invalid(
        'initialLearningRate',
        'ExponentialDecay',
        'a non-negative finite number',
        'initialLearningRate=undefined',
      ),
    );
    assert.throws(
      () => new PiecewiseConstantDecay({ boundaries: [5, 2], values: [1, 2, 3] }),
      invalid('boundaries', 'PiecewiseConstantDecay', 'a strictly increasing array of numbers', 'boundaries=[5,2]'),
    );
    assert.throws(
      () => new PiecewiseConstantDecay({ boundaries: [5], values: [1] }),
      /^ValueError: PiecewiseConstantDecay: `values` must hold one more rate than `boundaries`\. Received: boundaries=\[5\], values=\[1\]$/,
    );
  });
});

describeEachBackend('applyGradients validation', () => {
  test('a gradient whose shape differs from its variable → ShapeError naming the variable', () => {
    const w = variable(tensor([1, 2]), true, 'shape_w');
    assert.throws(
      () => new SGD().applyGradients([[tensor([1, 2, 3]), w]]),
      /^ShapeError: SGD\.applyGradients: the gradient for variable "shape_w" must have the variable's shape\. Expected \[2\]\. Received: \[3\]$/,
    );
    w.dispose();
  });

  test('no gradients, swapped pairs, repeated or non-float variables', () => {
    const w = variable(tensor([1, 2]), true, 'pairs_w');
    const opt = new Adam();
    assert.throws(
      () => opt.applyGradients([]),
      /^ValueError: Adam\.applyGradients: no gradients provided for any variable\.$/,
    );
    assert.throws(
      () => opt.applyGradients([[w, tensor([1, 1])] as never]),
      /^ValueError: Adam\.applyGradients: entry 0 must be a \[gradient, variable\] pair \(gradient first, as in Keras; this one is \[variable, gradient\]\)\. Received: /,
    );
    assert.throws(
      () =>
        opt.applyGradients([
          [tensor([1, 1]), w],
          [tensor([1, 1]), w],
        ]),
      /^ValueError: Adam\.applyGradients: variable "pairs_w" appears twice; sum its gradients first\.$/,
    );
    const n = variable(tensor([1, 2], [2], 'int32'), true, 'int_w');
    assert.throws(
      () => opt.applyGradients([[tensor([1, 1], [2], 'int32'), n]]),
      /^DTypeError: Adam\.applyGradients: variable "int_w" must be float32 or float64 to be trained\. Received: int32$/,
    );
    assert.equal(opt.iterations, 0, 'a rejected step is not counted');
    assert.equal(opt.getWeights().length, 1, 'and creates no slots');
    w.dispose();
    n.dispose();
  });

  test('minimize: a loss that uses none of the variables', () => {
    const w = variable(tensor([1, 2]), true, 'unused_w');
    assert.throws(
      () => new SGD().minimize(() => tensor(1), [w]),
      /^ValueError: SGD\.minimize: no gradients provided for any variable: the loss depends on none of the 1 variables\.$/,
    );
    w.dispose();
  });
});

describeEachBackend('learning rate schedules at run time', () => {
  test('a custom schedule that returns NaN stops the step instead of poisoning the weights', () => {
    const w = variable(tensor([1, 2]), true, 'nan_schedule_w');
    const broken = { className: 'Broken', rate: () => Number.NaN, getConfig: () => ({}) };
    const opt = new SGD({ learningRate: broken });
    assert.throws(
      () => opt.applyGradients([[tensor([1, 1]), w]]),
      /^ValueError: SGD\.applyGradients: the learning rate schedule returned NaN at step 0\. Expected a non-negative finite number$/,
    );
    assert.deepEqual([...w.dataSync()], [1, 2]);
    w.dispose();
  });
});
