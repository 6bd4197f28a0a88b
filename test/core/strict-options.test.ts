// Layer, model and training options are strict: from plain JavaScript (or a script ported from Python) a Keras
// spelling such as `kernel_regularizer` or `batch_size` used to be ignored, so the model trained without its
// penalty or at the default batch size. Now each is an UnknownOptionError naming the key and the camelCase one.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  layers,
  optimizers,
  regularizers,
  Sequential,
  tensor,
  UnknownOptionError,
  ValueError,
} from '../../src/index.js';

/** `fn` throws an UnknownOptionError whose message starts with `start`. */
function unknownOption(fn: () => unknown, start: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof UnknownOptionError, `expected UnknownOptionError, got ${e}`);
    assert.ok(e.message.startsWith(start), `message: ${e.message}`);
    return true;
  });
}

async function rejectsUnknown(p: Promise<unknown>, start: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof UnknownOptionError, `expected UnknownOptionError, got ${e}`);
    assert.ok(e.message.startsWith(start), `message: ${e.message}`);
    return true;
  });
}

function invalid(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ValueError, `expected ValueError, got ${e}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

const js = <T>(options: Record<string, unknown>): T => options as T;

function smallModel(): Sequential {
  const model = new Sequential();
  model.add(new layers.Dense(3, { inputDim: 2, activation: 'relu' }));
  model.add(new layers.Dense(1, { activation: 'sigmoid' }));
  model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
  return model;
}

const x = tensor(
  [
    [0, 1],
    [1, 0],
    [1, 1],
    [0, 0],
  ],
  [4, 2],
);
const y = tensor([[1], [1], [0], [0]], [4, 1]);

describe('layers reject keys they do not take', () => {
  test("Keras's snake_case spellings name the camelCase option", () => {
    unknownOption(
      () => new layers.Dense(2, js({ kernel_regularizer: regularizers.l2(0.01), inputDim: 10 })),
      'Dense: unknown option `kernel_regularizer`; did you mean `kernelRegularizer`? Expected one of name, trainable,',
    );
    unknownOption(
      () => new layers.Dense(2, js({ input_dim: 10 })),
      'Dense: unknown option `input_dim`; did you mean `inputDim`?',
    );
    unknownOption(
      () => new layers.Dropout(0.5, js({ noise_shape: [null, 1] })),
      'Dropout: unknown option `noise_shape`; did you mean `noiseShape`?',
    );
    unknownOption(
      () => new layers.Dense({ units: 2, activity_regularizer: 'l2' } as never),
      'Dense: unknown option `activity_regularizer`; did you mean `activityRegularizer`?',
    );
  });

  test('a typo is caught in every layer, including those without their own options', () => {
    unknownOption(
      () => new layers.Flatten(js({ inputShap: [2, 2] })),
      'Flatten: unknown option `inputShap`; did you mean `inputShape`?',
    );
    unknownOption(
      () => new layers.GaussianNoise(0.1, js({ sed: 1 })),
      'GaussianNoise: unknown option `sed`; did you mean `seed`?',
    );
    unknownOption(
      () => new layers.GaussianDropout(0.1, js({ rat: 1 })),
      'GaussianDropout: unknown option `rat`; did you mean `rate`?',
    );
    unknownOption(
      () => new layers.AlphaDropout(0.1, js({ noiseShap: [1] })),
      'AlphaDropout: unknown option `noiseShap`; did you mean `noiseShape`?',
    );
    unknownOption(
      () => new layers.Activation('relu', js({ activaton: 'tanh' })),
      'Activation: unknown option `activaton`; did you mean `activation`?',
    );
    unknownOption(
      () => new layers.ActivityRegularization(js({ l3: 0.1 })),
      'ActivityRegularization: unknown option `l3`',
    );
    unknownOption(
      () => new layers.InputLayer(js({ shape: [2], batch_size: 4 })),
      'InputLayer: unknown option `batch_size`; did you mean `batchSize`?',
    );
  });

  test('a layer taking an option once: the positional argument and the same key together are refused', () => {
    invalid(
      () => new layers.Dense(2, js({ units: 3 })),
      'Dense: `units` was given twice, as the first argument (2) and in the options (3). Give it once.',
    );
    invalid(() => new layers.Dropout(0.5, js({ rate: 0.1 })), /^Dropout: `rate` was given twice/);
    invalid(
      () => new layers.InputLayer({ shape: [2], inputShape: [3] }),
      'InputLayer: give `shape` or `inputShape`, not both',
    );
  });

  test('booleans are booleans: trainable: "yes" is not read as true', () => {
    invalid(
      () => new layers.Dense(2, js({ trainable: 'yes' })),
      'Invalid value received for argument `trainable` of Dense. Expected a boolean (true or false). Received: trainable="yes"',
    );
    invalid(() => new layers.Dense(2, js({ useBias: 0 })), /argument `useBias` of Dense\. Expected a boolean/);
    const dense = new layers.Dense(2);
    invalid(() => {
      dense.trainable = 'no' as never;
    }, /argument `trainable` of dense(_\d+)?\. Expected a boolean/);
    assert.equal(dense.trainable, true);
    invalid(
      () => new layers.Dense(2, js({ inputShape: [3], batchSize: 0 })),
      /argument `batchSize` of Dense\. Expected a positive integer/,
    );
  });

  test('an ActivityRegularization takes l1/l2, not a second regularizer that would be overwritten', () => {
    unknownOption(
      () => new layers.ActivityRegularization(js({ l1: 0.1, activityRegularizer: 'l2' })),
      'ActivityRegularization: unknown option `activityRegularizer`',
    );
  });

  test('undefined values pass, so options can be forwarded', () => {
    const d = new layers.Dense(2, { kernelRegularizer: undefined, name: undefined });
    assert.equal(d.units, 2);
  });
});

describe('models and training reject keys they do not take', () => {
  test('Sequential and compile', () => {
    unknownOption(
      () => new Sequential(js({ layer: [] })),
      'Sequential: unknown option `layer`; did you mean `layers`?',
    );
    invalid(
      () => new Sequential(js({ layers: new layers.Dense(1) })),
      /argument `layers` of Sequential\. Expected an array of layers/,
    );
    const model = new Sequential();
    unknownOption(
      () => model.compile(js({ loss: 'mse', weighted_metrics: ['mae'] })),
      'compile: unknown option `weighted_metrics`.',
    );
    unknownOption(
      () => model.compile(js({ loss: 'mse', metric: ['mae'] })),
      'compile: unknown option `metric`; did you mean `metrics`?',
    );
    unknownOption(
      () => model.compile(js({ loss: 'mse', loss_weights: [1] })),
      'compile: unknown option `loss_weights`; did you mean `lossWeights`?',
    );
  });

  test('fit: batch_size and validation_split from Python no longer run at batch 32 without validation', async () => {
    const model = smallModel();
    await rejectsUnknown(
      model.fit(x, y, js({ batch_size: 2, validation_split: 0.5, verbose: 0 })),
      'fit: unknown option `batch_size`; did you mean `batchSize`?',
    );
    await rejectsUnknown(
      model.fit(x, y, js({ epoch: 2, verbose: 0 })),
      'fit: unknown option `epoch`; did you mean `epochs`?',
    );
    await assert.rejects(
      model.fit(x, y, js({ verbose: 7 })),
      /argument `verbose` of fit\. Expected 0, 1 or 2\. Received: verbose=7/,
    );
    await assert.rejects(
      model.fit(x, y, js({ verbose: 0, shuffle: 'batch' })),
      /argument `shuffle` of fit\. Expected a boolean/,
    );
  });

  test('evaluate and predict', () => {
    const model = smallModel();
    unknownOption(
      () => model.evaluate(x, y, js({ batch_size: 2, verbose: 0 })),
      'evaluate: unknown option `batch_size`; did you mean `batchSize`?',
    );
    invalid(() => model.evaluate(x, y, js({ verbose: 7 })), /argument `verbose` of evaluate\. Expected 0, 1 or 2/);
    unknownOption(
      () => model.predict(x, js({ batch_size: 2 })),
      'predict: unknown option `batch_size`; did you mean `batchSize`?',
    );
    invalid(() => model.predict(x, { batchSize: 0 }), /argument `batchSize` of predict\. Expected a positive integer/);
  });
});

describe('training data that cannot mean anything', () => {
  test('fit and evaluate on 0 samples', async () => {
    const model = smallModel();
    const none = tensor([], [0, 2]);
    const noLabels = tensor([], [0, 1]);
    await assert.rejects(
      model.fit(none, noLabels, { verbose: 0 }),
      (e: unknown) =>
        e instanceof ValueError &&
        e.message === 'fit: `x` has no samples (its first axis is 0); there is nothing to train on',
    );
    invalid(
      () => model.evaluate(none, noLabels, { verbose: 0 }),
      'evaluate: `x` has no samples (its first axis is 0); there is nothing to evaluate',
    );
  });

  test('negative sample weights', async () => {
    const model = smallModel();
    await assert.rejects(
      model.fit(x, y, { verbose: 0, sampleWeight: tensor([1, 1, -0.5, 1], [4]) }),
      (e: unknown) =>
        e instanceof ValueError &&
        e.message ===
          'fit: `sampleWeight` contains a negative weight (-0.5) at sample 2. Expected non-negative weights (0 leaves a sample out)',
    );
    invalid(
      () => model.evaluate(x, y, { verbose: 0, sampleWeight: [1, -1, 1, 1] }),
      /^evaluate: `sampleWeight` contains a negative weight \(-1\) at sample 1/,
    );
  });
});

describe('classWeight weights the training loss, never val_loss (as Keras)', () => {
  test('val_loss with classWeight equals val_loss without it on the same weights', async () => {
    const run = async (classWeight?: Record<number, number>) => {
      const model = new Sequential();
      model.add(new layers.Dense(1, { inputDim: 2, activation: 'sigmoid', kernelInitializer: 'ones' }));
      // learningRate 0: the weights stay put, so both runs see the same model and only the weighting differs.
      model.compile({ optimizer: new optimizers.SGD({ learningRate: 0 }), loss: 'binaryCrossentropy' });
      const h = await model.fit(x, y, { verbose: 0, shuffle: false, validationSplit: 0.5, classWeight, batchSize: 4 });
      return { loss: h.history.loss?.[0] as number, val: h.history.val_loss?.[0] as number };
    };
    const plain = await run();
    const weighted = await run({ 0: 10, 1: 1 });
    assert.equal(weighted.val, plain.val);
    // The training part holds labels 1 and 1: class 1 weighs 1, so the training loss is unchanged too …
    assert.equal(weighted.loss, plain.loss);
    // … while weighting class 1 changes it, and still not val_loss.
    const heavy = await run({ 0: 1, 1: 3 });
    assert.notEqual(heavy.loss, plain.loss);
    assert.equal(heavy.val, plain.val);
  });
});

describe('a model built by its first batch', () => {
  test('trains on that batch and prints no "has no trainable weights" warning', async () => {
    const model = new Sequential();
    model.add(new layers.Dense(1, { kernelInitializer: 'ones' }));
    model.compile({ optimizer: new optimizers.SGD({ learningRate: 0.1 }), loss: 'mse' });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      await model.trainOnBatch(x, y);
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(warnings, []);
    const kernel = Array.from(model.layers[0]?.getWeights()[0]?.dataSync() ?? []);
    assert.equal(kernel.length, 2);
    assert.ok(
      kernel.every((w) => w !== 1),
      `the first step updated the kernel: ${kernel}`,
    );
  });
});

describe('default names do not come from JS class names (a minifier renames classes)', () => {
  test('a Dense whose class a bundler renamed to `nr` is still named dense, and errors still say Dense', () => {
    const original = Object.getOwnPropertyDescriptor(layers.Dense, 'name') as PropertyDescriptor;
    const dropout = Object.getOwnPropertyDescriptor(layers.Dropout, 'name') as PropertyDescriptor;
    Object.defineProperty(layers.Dense, 'name', { value: 'nr' });
    Object.defineProperty(layers.Dropout, 'name', { value: 'rn' });
    try {
      assert.match(new layers.Dense(1).name, /^dense(_\d+)?$/);
      assert.match(new layers.Dropout(0.5).name, /^dropout(_\d+)?$/);
      assert.match(new Sequential().name, /^sequential(_\d+)?$/);
      unknownOption(() => new layers.Dense(1, js({ unit: 2 })), 'Dense: unknown option `unit`');
      invalid(() => new layers.Dropout(1.5), /argument `rate` of Dropout/);
    } finally {
      Object.defineProperty(layers.Dense, 'name', original);
      Object.defineProperty(layers.Dropout, 'name', dropout);
    }
  });

  test('error names survive a renamed class too', () => {
    const original = Object.getOwnPropertyDescriptor(UnknownOptionError, 'name') as PropertyDescriptor;
    Object.defineProperty(UnknownOptionError, 'name', { value: 'e' });
    try {
      assert.throws(() => new layers.Dense(1, js({ unit: 2 })), { name: 'UnknownOptionError' });
    } finally {
      Object.defineProperty(UnknownOptionError, 'name', original);
    }
    class MyError extends ValueError {}
    assert.equal(new MyError('x').name, 'MyError');
  });

  test('a custom layer without a static className is named after its class, as in Keras', () => {
    class MyScale extends layers.Flatten {}
    assert.match(new MyScale().name, /^my_scale(_\d+)?$/);
  });
});
