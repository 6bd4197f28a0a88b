import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ones, ShapeError, type Tensor, tidy, ValueError, zeros } from '../../src/index.js';
import { Dense } from '../../src/layers/dense.js';
import { Dropout } from '../../src/layers/dropout.js';
import { AlphaDropout, GaussianDropout, GaussianNoise } from '../../src/layers/noise.js';
import { Activation, ActivityRegularization, Flatten, InputLayer } from '../../src/layers/structural.js';
import { OrthogonalRegularizer } from '../../src/regularizers/orthogonal.js';
import { L1, L1L2, L2 } from '../../src/regularizers/regularizer.js';
import { describeEachBackend } from '../util/backends.js';

/** The message, exactly: an anchored regex with every special character escaped. */
const exactly = (message: string): RegExp => new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

function assertThrows(fn: () => unknown, type: typeof ValueError, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof type, `expected a ${type.name}, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

const rateMessage = (owner: string, rate: string, oneExcluded = false) =>
  exactly(
    `Invalid value received for argument \`rate\` of ${owner}. Expected a number between 0 and 1` +
      `${oneExcluded ? ' (1 excluded)' : ''}. Received: rate=${rate}`,
  );

describeEachBackend('layer errors', () => {
  test('Dropout rate outside [0, 1], NaN or not a number', () => {
    assertThrows(
      () => new Dropout(1.5),
      ValueError,
      /^Invalid value received for argument `rate` of Dropout\. Expected a number between 0 and 1\. Received: rate=1\.5$/,
    );
    assertThrows(() => new Dropout(-0.1), ValueError, rateMessage('Dropout', '-0.1'));
    assertThrows(() => new Dropout(Number.NaN), ValueError, rateMessage('Dropout', 'NaN'));
    assertThrows(() => new Dropout({ rate: Number.POSITIVE_INFINITY }), ValueError, rateMessage('Dropout', 'Infinity'));
    assertThrows(() => new Dropout('0.5' as unknown as number), ValueError, rateMessage('Dropout', '"0.5"'));
    assertThrows(() => new Dropout({} as { rate: number }), ValueError, rateMessage('Dropout', 'undefined'));
  });

  test('GaussianDropout and AlphaDropout reject rate 1 (and beyond); GaussianNoise a negative stddev', () => {
    assertThrows(() => new GaussianDropout(1), ValueError, rateMessage('GaussianDropout', '1', true));
    assertThrows(() => new GaussianDropout(-1), ValueError, rateMessage('GaussianDropout', '-1', true));
    assertThrows(() => new AlphaDropout(1), ValueError, rateMessage('AlphaDropout', '1', true));
    assertThrows(() => new AlphaDropout({ rate: Number.NaN }), ValueError, rateMessage('AlphaDropout', 'NaN', true));
    assertThrows(
      () => new GaussianNoise(-0.5),
      ValueError,
      exactly(
        'Invalid value received for argument `stddev` of GaussianNoise. Expected a non-negative number. Received: stddev=-0.5',
      ),
    );
    assertThrows(() => new GaussianNoise(Number.NaN), ValueError, /Received: stddev=NaN$/);
  });

  test('Dense units must be a positive integer', () => {
    for (const [units, shown] of [
      [0, '0'],
      [2.5, '2.5'],
      [-3, '-3'],
      [Number.NaN, 'NaN'],
    ] as const) {
      assertThrows(
        () => new Dense(units),
        ValueError,
        exactly(
          `Invalid value received for argument \`units\` of Dense. Expected a positive integer. Received: units=${shown}`,
        ),
      );
    }
    assertThrows(() => new Dense({ units: 0 }), ValueError, /Received: units=0$/);
  });

  test('unknown activation, initializer and regularizer names fail at construction', () => {
    assertThrows(
      () => new Dense(2, { activation: 'relux' as 'relu' }),
      ValueError,
      /^Unknown activation\. Expected one of relu, sigmoid, tanh, softmax, .*\. Received: "relux"$/,
    );
    assertThrows(() => new Activation('nope' as 'relu'), ValueError, /^Unknown activation\. .*Received: "nope"$/);
    assertThrows(
      () => new Dense(2, { kernelInitializer: 'glorot' as 'ones' }),
      ValueError,
      /^Unknown initializer\. Expected one of zeros, .*glorotUniform.*\. Received: "glorot"$/,
    );
    assertThrows(() => new Dense(2, { biasInitializer: 'nope' as 'ones' }), ValueError, /Received: "nope"$/);
    assertThrows(
      () => new Dense(2, { kernelRegularizer: 'l3' as 'l1' }),
      ValueError,
      /^Unknown regularizer\. Expected one of 'l1', 'l2', 'l1l2', 'l1_l2', .*Received: "l3"$/,
    );
    assertThrows(() => new Dense(2, { activityRegularizer: 'l0' as 'l1' }), ValueError, /Received: "l0"$/);
  });

  test('negative (or non-finite) regularizer coefficients', () => {
    const coefficient = (owner: string, arg: string, shown: string) =>
      exactly(
        `Invalid value received for argument \`${arg}\` of ${owner}. Expected a non-negative finite number. Received: ${arg}=${shown}`,
      );
    assertThrows(() => new L1(-0.01), ValueError, coefficient('L1', 'l1', '-0.01'));
    assertThrows(() => new L2({ l2: -1 }), ValueError, coefficient('L2', 'l2', '-1'));
    assertThrows(() => new L1L2({ l1: 0.1, l2: -2 }), ValueError, coefficient('L1L2', 'l2', '-2'));
    assertThrows(() => new L1(Number.NaN), ValueError, coefficient('L1', 'l1', 'NaN'));
    assertThrows(
      () => new OrthogonalRegularizer({ factor: -0.1 }),
      ValueError,
      coefficient('OrthogonalRegularizer', 'factor', '-0.1'),
    );
    assertThrows(() => new ActivityRegularization({ l1: -1 }), ValueError, coefficient('L1L2', 'l1', '-1'));
  });

  test('a Dense built for 10 features called on 5: a ShapeError naming the layer and both shapes', () => {
    tidy(() => {
      const layer = new Dense(3, { name: 'scorer' });
      layer.apply(zeros([2, 10]));
      assertThrows(
        () => layer.apply(zeros([2, 5])),
        ShapeError,
        exactly(
          'Input 0 of layer "scorer" is incompatible with the layer: expected axis -1 of input shape to have value 10 (and rank ≥ 2), but received input with shape (2, 5)',
        ),
      );
      // Other axes may vary, as in Keras: a rank-3 input with the right last axis is fine.
      assert.deepEqual(layer.apply(zeros([2, 4, 10])).shape, [2, 4, 3]);
      assertThrows(() => layer.apply(zeros([10])), ShapeError, /but received input with shape \(10,\)$/);
      // Declared but not yet built: the declared shape is checked on the first call.
      const declared = new Dense(3, { inputDim: 10, name: 'declared' });
      assertThrows(
        () => declared.apply(zeros([4, 5])),
        ShapeError,
        /^Input 0 of layer "declared" is incompatible with the layer: expected shape=\(None, 10\), found shape=\(4, 5\)$/,
      );
      assert.equal(declared.built, false, 'a rejected call must not build the layer');
      const sized = new Dense(3, { inputShape: [10], batchSize: 4, name: 'sized' });
      assertThrows(() => sized.apply(zeros([2, 10])), ShapeError, /expected shape=\(4, 10\), found shape=\(2, 10\)$/);
      layer.dispose();
    });
  });

  test('Dense needs a known last axis of rank ≥ 2', () => {
    const layer = new Dense(3, { name: 'needs_rank2' });
    assertThrows(
      () => layer.build([null, null]),
      ShapeError,
      /^Layer "needs_rank2" needs inputs with a known last axis, of shape \(batch, …, features\)\. Received: \(None, None\)$/,
    );
    tidy(() => {
      assertThrows(() => layer.apply(ones([4])), ShapeError, /Received: \(None,\)$/);
    });
  });

  test('setWeights with the wrong count or shape', () => {
    tidy(() => {
      const layer = new Dense(3, { name: 'w' });
      layer.build([null, 10]);
      assertThrows(
        () => layer.setWeights([zeros([10, 3])]),
        ValueError,
        exactly('Layer "w" expects 2 weights. Received: 1'),
      );
      assertThrows(
        () => layer.setWeights([zeros([10, 3]), zeros([3]), zeros([3])]),
        ValueError,
        exactly('Layer "w" expects 2 weights. Received: 3'),
      );
      assertThrows(
        () => layer.setWeights([zeros([3, 10]), zeros([3])]),
        ValueError,
        exactly('Layer "w" weight 0 (w/kernel) has shape [10,3]. Received: shape [3,10]'),
      );
      assertThrows(
        () => layer.setWeights([zeros([10, 3]), zeros([1, 3])]),
        ValueError,
        exactly('Layer "w" weight 1 (w/bias) has shape [3]. Received: shape [1,3]'),
      );
      assertThrows(
        () => layer.setWeights([zeros([10, 3]), [0, 0, 0] as unknown as Tensor]),
        ValueError,
        exactly('Layer "w" weight 1 (w/bias) has shape [3]. Received: [0,0,0]'),
      );
      assert.ok(
        Array.from((layer.bias as Tensor).dataSync()).every((v) => v === 0),
        'a rejected setWeights must not change the bias',
      );
      const unbuilt = new Dense(3, { name: 'unbuilt' });
      assertThrows(
        () => unbuilt.setWeights([zeros([10, 3]), zeros([3])]),
        ValueError,
        /expects 0 weights\. Received: 2$/,
      );
      layer.dispose();
    });
  });

  test('a rejected setWeights changes no weight (all shapes are checked before any is assigned, as Keras)', () => {
    tidy(() => {
      const layer = new Dense(2, { kernelInitializer: 'ones' });
      layer.build([null, 2]);
      assert.throws(() => layer.setWeights([zeros([2, 2]), zeros([3])]), ValueError);
      assert.deepEqual(Array.from((layer.kernel as Tensor).dataSync()), [1, 1, 1, 1]);
      layer.dispose();
    });
  });

  test('inputShape / batchInputShape / inputDim with a zero, negative or fractional entry', () => {
    const shapeMessage = (arg: string, shown: string) =>
      exactly(
        `Invalid value received for argument \`${arg}\` of Dense. Expected an array of positive integers ` +
          `(or null for an unknown size). Received: ${arg}=${shown}`,
      );
    assertThrows(() => new Dense(2, { inputShape: [0, 3] }), ValueError, shapeMessage('inputShape', '[0,3]'));
    assertThrows(() => new Dense(2, { inputShape: [-1] }), ValueError, shapeMessage('inputShape', '[-1]'));
    assertThrows(() => new Dense(2, { inputShape: [2.5] }), ValueError, shapeMessage('inputShape', '[2.5]'));
    assertThrows(
      () => new Dense(2, { batchInputShape: [null, 0] }),
      ValueError,
      shapeMessage('batchInputShape', '[null,0]'),
    );
    assertThrows(
      () => new Dense(2, { inputDim: 0 }),
      ValueError,
      exactly(
        'Invalid value received for argument `inputDim` of Dense. Expected a positive integer. Received: inputDim=0',
      ),
    );
    assertThrows(() => new Dropout(0.5, { inputShape: [3, -2] }), ValueError, /argument `inputShape` of Dropout\./);
  });

  test('noiseShape of the wrong rank fails when the mask is drawn', () => {
    tidy(() => {
      const x = ones([2, 3]);
      assertThrows(
        () => new Dropout({ rate: 0.5, noiseShape: [null] }).apply(x, { training: true }),
        ValueError,
        exactly("Dropout: `noiseShape` must have the input's rank 2. Received: noiseShape=[null]"),
      );
      assertThrows(
        () => new AlphaDropout({ rate: 0.5, noiseShape: [null, 1, 1] }).apply(x, { training: true }),
        ValueError,
        exactly("AlphaDropout: `noiseShape` must have the input's rank 2. Received: noiseShape=[null,1,1]"),
      );
    });
  });

  test('base Layer options: name, dtype; Flatten and InputLayer shapes', () => {
    assertThrows(
      () => new Dense(2, { name: '' }),
      ValueError,
      exactly('Invalid value received for argument `name` of Dense. Expected a non-empty string. Received: name=""'),
    );
    assertThrows(
      () => new Dropout(0.5, { dtype: 'int32' as 'float32' }),
      ValueError,
      exactly(
        "Invalid value received for argument `dtype` of Dropout. Expected 'float32' or 'float64'. Received: dtype=\"int32\"",
      ),
    );
    assertThrows(
      () => new Flatten({ name: 'flat' }).computeOutputShape([null, 3, null]),
      ShapeError,
      exactly('Layer "flat" needs fully known sample dimensions to flatten. Received: (None, 3, None)'),
    );
    assertThrows(
      () => new InputLayer({}),
      ShapeError,
      exactly('InputLayer needs `shape`, `inputShape`, `batchInputShape` or `inputDim`'),
    );
    assertThrows(() => new InputLayer({ shape: [0] }), ValueError, /argument `inputShape` of InputLayer/);
  });
});
