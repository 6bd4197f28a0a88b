// getLoss: every Keras identifier, in both spellings, resolves to its class; anything else is a ValueError.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Tensor, tensor, ValueError } from '../../src/index.js';
import {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  getLoss,
  Hinge,
  Huber,
  KLDivergence,
  LossFunctionWrapper,
  lossNames,
  MeanAbsoluteError,
  MeanSquaredError,
  SparseCategoricalCrossentropy,
} from '../../src/losses/index.js';

const EXPECTED: Record<string, new () => unknown> = {
  mse: MeanSquaredError,
  mean_squared_error: MeanSquaredError,
  meanSquaredError: MeanSquaredError,
  MeanSquaredError: MeanSquaredError,
  mae: MeanAbsoluteError,
  mean_absolute_error: MeanAbsoluteError,
  meanAbsoluteError: MeanAbsoluteError,
  bce: BinaryCrossentropy,
  binary_crossentropy: BinaryCrossentropy,
  binaryCrossentropy: BinaryCrossentropy,
  categorical_crossentropy: CategoricalCrossentropy,
  categoricalCrossentropy: CategoricalCrossentropy,
  sparse_categorical_crossentropy: SparseCategoricalCrossentropy,
  sparseCategoricalCrossentropy: SparseCategoricalCrossentropy,
  huber: Huber,
  huber_loss: Huber,
  huberLoss: Huber,
  hinge: Hinge,
  kld: KLDivergence,
  kl_divergence: KLDivergence,
  klDivergence: KLDivergence,
  kullback_leibler_divergence: KLDivergence,
  kullbackLeiblerDivergence: KLDivergence,
  KLDivergence: KLDivergence,
  MSE: MeanSquaredError,
  MAE: MeanAbsoluteError,
  BCE: BinaryCrossentropy,
  KLD: KLDivergence,
};

test('every alias resolves to its class, with default options', () => {
  for (const [name, cls] of Object.entries(EXPECTED)) {
    const loss = getLoss(name);
    assert.ok(loss instanceof cls, `${name} → ${loss.className}`);
  }
  assert.equal((getLoss('binary_crossentropy') as BinaryCrossentropy).fromLogits, false);
  // each call builds a fresh loss
  assert.notEqual(getLoss('mse'), getLoss('mse'));
});

test('lossNames lists every accepted string', () => {
  const names = lossNames();
  for (const name of Object.keys(EXPECTED)) assert.ok(names.includes(name), name);
});

test('a Loss is returned as is', () => {
  const loss = new Huber({ delta: 3 });
  assert.equal(getLoss(loss), loss);
});

test('a function becomes a LossFunctionWrapper named after it', () => {
  function myLoss(_t: Tensor, p: Tensor): Tensor {
    return p;
  }
  const loss = getLoss(myLoss);
  assert.ok(loss instanceof LossFunctionWrapper);
  assert.equal(loss.name, 'myLoss');
  assert.deepEqual(Array.from(loss.apply(tensor([0, 0]), tensor([1, 3])).dataSync()), [2]);
});

test('an unknown identifier is a ValueError listing the valid names', () => {
  assert.throws(
    () => getLoss('msee'),
    (e: unknown) =>
      e instanceof ValueError &&
      /^Invalid loss identifier\. Expected a Loss, a function \(yTrue, yPred\) => Tensor, or one of mse, mean_squared_error, .*kullbackLeiblerDivergence.*\. Received: loss="msee"$/.test(
        e.message,
      ),
  );
  assert.throws(() => getLoss(42 as never), /Received: loss=42$/);
  assert.throws(() => getLoss('MSE_'), ValueError);
  // names are case-sensitive, as in Keras (which has 'mse' and 'MSE' but not 'Mse')
  assert.throws(() => getLoss('Mse'), ValueError);
});
