import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Adagrad, Adam, AdamW, getOptimizer, optimizerRegistry, RMSprop, SGD } from '../../src/optimizers/index.js';

test('string identifiers, in any case, give the optimizer with Keras defaults', () => {
  const cases: [string, unknown, number][] = [
    ['sgd', SGD, 0.01],
    ['SGD', SGD, 0.01],
    ['adam', Adam, 0.001],
    ['Adam', Adam, 0.001],
    ['adamw', AdamW, 0.001],
    ['AdamW', AdamW, 0.001],
    ['rmsprop', RMSprop, 0.001],
    ['RMSprop', RMSprop, 0.001],
    ['adagrad', Adagrad, 0.001],
    ['ADAGRAD', Adagrad, 0.001],
  ];
  for (const [id, cls, lr] of cases) {
    const opt = getOptimizer(id);
    assert.equal(opt.constructor, cls, id);
    assert.equal(opt.learningRate, lr, id);
  }
  assert.equal((getOptimizer('adamw') as AdamW).weightDecay, 0.004);
});

test('an unknown identifier lists the valid names', () => {
  assert.throws(
    () => getOptimizer('adamax'),
    /^ValueError: Invalid value received for argument `identifier` of getOptimizer\. Expected an Optimizer, \{ className, config \} or one of 'sgd', 'adam', 'adamw', 'rmsprop', 'adagrad'\. Received: identifier="adamax"$/,
  );
  assert.throws(() => getOptimizer(42 as never), /Received: identifier=42$/);
  assert.throws(
    () => getOptimizer({ className: 'Nadam', config: {} }),
    /^ValueError: Unknown optimizer class\. Expected one of SGD, Adam, AdamW, RMSprop, Adagrad\. Received: "Nadam"$/,
  );
});

test('an optimizer instance is returned as is', () => {
  const opt = new RMSprop();
  assert.equal(getOptimizer(opt), opt);
});

test('getConfig round-trips through { className, config } for every optimizer', () => {
  const originals = [
    new SGD({ learningRate: 0.2, momentum: 0.8, nesterov: true, clipNorm: 1, name: 'custom' }),
    new Adam({ beta1: 0.8, beta2: 0.99, epsilon: 1e-5, amsgrad: true, weightDecay: 0.1 }),
    new AdamW({ weightDecay: 0.02, globalClipNorm: 5 }),
    new RMSprop({ rho: 0.8, momentum: 0.1, centered: true, clipValue: 0.5 }),
    new Adagrad({ initialAccumulatorValue: 0.5, epsilon: 1e-3 }),
  ];
  for (const original of originals) {
    const copy = getOptimizer({ className: original.className, config: original.getConfig() });
    assert.equal(copy.constructor, original.constructor);
    assert.deepEqual(copy.getConfig(), original.getConfig());
    assert.ok(optimizerRegistry.has(original.className));
  }
});

test('a lower-case className in a serialized optimizer is accepted', () => {
  assert.ok(getOptimizer({ className: 'rmsprop', config: { rho: 0.5 } }) instanceof RMSprop);
});
