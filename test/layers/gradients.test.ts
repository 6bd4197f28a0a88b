import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ActivationIdentifier } from '../../src/activations/get.js';
import { cast, div, grad, mul, notEqual, type Tensor, tensor, tidy } from '../../src/index.js';
import { Dense } from '../../src/layers/dense.js';
import { Dropout } from '../../src/layers/dropout.js';
import { AlphaDropout, GaussianDropout, GaussianNoise } from '../../src/layers/noise.js';
import { Activation, ActivityRegularization, Flatten } from '../../src/layers/structural.js';
import { OrthogonalRegularizer } from '../../src/regularizers/orthogonal.js';
import { L1, L1L2, L2 } from '../../src/regularizers/regularizer.js';
import { assertClose } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { gradCheck, uniform } from '../util/gradcheck.js';
import { layerGradCheck } from './layer-gradcheck.js';

const ACTIVATIONS: readonly ActivationIdentifier[] = ['relu', 'tanh', 'sigmoid', 'softmax', 'gelu'];

/** Regularizer options of a Dense layer, each a fresh instance per layer. */
const REGULARIZED: Readonly<Record<string, () => ConstructorParameters<typeof Dense>[1]>> = {
  'kernel L1 (weights away from 0)': () => ({ kernelRegularizer: new L1(0.05), biasRegularizer: new L1(0.02) }),
  'kernel L2': () => ({ kernelRegularizer: new L2(0.05), biasRegularizer: new L2(0.02) }),
  'kernel L1L2': () => ({ kernelRegularizer: new L1L2({ l1: 0.03, l2: 0.04 }) }),
  'kernel OrthogonalRegularizer (rows)': () => ({ kernelRegularizer: new OrthogonalRegularizer({ factor: 0.2 }) }),
  'kernel OrthogonalRegularizer (columns)': () => ({
    kernelRegularizer: new OrthogonalRegularizer({ factor: 0.2, mode: 'columns' }),
  }),
  'activity L2': () => ({ activityRegularizer: new L2(0.05) }),
};

const SEED = 11;

/** A fresh float64 layer per call, all with the same seed: each draws the same (first) noise. */
function sameNoise(make: () => { apply(x: Tensor, o: { training: boolean }): Tensor }) {
  return (x: Tensor) => make().apply(x, { training: true });
}

describeEachBackend('layer gradients (float64, central differences)', () => {
  describe('Dense with each regularizer and activation: ∂/∂x, ∂/∂kernel, ∂/∂bias of output + Σ losses', () => {
    for (const [regName, options] of Object.entries(REGULARIZED)) {
      for (const activation of ACTIVATIONS) {
        test(`${regName}, ${activation}`, () => {
          tidy(() => {
            const layer = new Dense(4, { ...options(), activation, dtype: 'float64' });
            layer.build([null, 3]);
            // Every weight at least 0.1 away from 0, where L1's gradient jumps.
            layer.setWeights([
              uniform([3, 4], 1, { low: -1, high: 1, avoid: [0], margin: 0.1 }),
              uniform([4], 2, { low: -0.5, high: 0.5, avoid: [0], margin: 0.1 }),
            ]);
            layerGradCheck(layer, uniform([2, 3], 3));
            assert.equal(layer.losses.length > 0, true);
            layer.dispose();
          });
        });
      }
    }
  });

  test('Dense on rank-3 inputs with a kernel regularizer', () => {
    tidy(() => {
      const layer = new Dense(2, { activation: 'tanh', kernelRegularizer: new L2(0.1), dtype: 'float64' });
      layer.build([null, 2, 3]);
      layer.setWeights([uniform([3, 2], 4), uniform([2], 5)]);
      layerGradCheck(layer, uniform([2, 2, 3], 6));
      layer.dispose();
    });
  });

  describe('structural layers', () => {
    for (const activation of ACTIVATIONS) {
      test(`Activation('${activation}')`, () => {
        tidy(() => layerGradCheck(new Activation(activation, { dtype: 'float64' }), uniform([2, 3], 7)));
      });
    }

    test('ActivityRegularization: x + (l1·Σ|x| + l2·Σx²)/batch', () => {
      tidy(() => {
        const layer = new ActivityRegularization({ l1: 0.1, l2: 0.2, dtype: 'float64' });
        layerGradCheck(layer, uniform([2, 3], 8, { avoid: [0] }));
      });
    });

    test('Flatten', () => {
      tidy(() => layerGradCheck(new Flatten({ dtype: 'float64' }), uniform([2, 3, 2], 9)));
    });
  });

  describe('random layers in training mode, with the noise fixed by the seed', () => {
    test('Dropout: gradcheck, and ∂Σy/∂x = mask/(1 − rate) exactly', () => {
      tidy(() => {
        const rate = 0.4;
        const make = () => new Dropout({ rate, seed: SEED, dtype: 'float64' });
        const x = uniform([4, 5], 10, { avoid: [0] });
        gradCheck(sameNoise(make), [x]);
        const y = make().apply(x, { training: true });
        const mask = cast(notEqual(y, 0), 'float64');
        const kept = Array.from(mask.dataSync()).reduce((n, m) => n + m, 0);
        assert.ok(kept > 0 && kept < 20, `a mask that keeps ${kept} of 20 checks nothing`);
        const g = grad((input) => make().apply(input, { training: true }))(x);
        assertClose(g, div(mask, 1 - rate), { atol: 1e-15, rtol: 0 });
      });
    });

    test('Dropout with noiseShape [null, 1]', () => {
      tidy(() => {
        const make = () => new Dropout({ rate: 0.5, noiseShape: [null, 1], seed: SEED, dtype: 'float64' });
        gradCheck(sameNoise(make), [uniform([6, 3], 11, { avoid: [0] })]);
      });
    });

    test("AlphaDropout: gradcheck, ∂Σy/∂x = a·kept, and y = a·x + b (kept) or a·α' + b (dropped)", () => {
      tidy(() => {
        const rate = 0.3;
        const make = () => new AlphaDropout({ rate, seed: SEED, dtype: 'float64' });
        const x = uniform([4, 5], 12);
        gradCheck(sameNoise(make), [x]);
        const alphaP = -1.6732632423543772 * 1.0507009873554805;
        const a = ((1 - rate) * (1 + rate * alphaP * alphaP)) ** -0.5;
        const b = -a * alphaP * rate;
        const g = grad((input) => make().apply(input, { training: true }))(x).dataSync();
        const y = make().apply(x, { training: true }).dataSync();
        const xs = x.dataSync();
        let kept = 0;
        for (let i = 0; i < xs.length; i++) {
          const isKept = g[i] !== 0;
          if (isKept) kept++;
          assertClose(g[i] as number, isKept ? a : 0, { atol: 1e-15, rtol: 0 });
          assertClose(y[i] as number, isKept ? a * (xs[i] as number) + b : a * alphaP + b, { atol: 1e-12, rtol: 0 });
        }
        assert.ok(kept > 0 && kept < xs.length, `a mask that keeps ${kept} of ${xs.length} checks nothing`);
      });
    });

    test('GaussianNoise: ∂Σy/∂x = 1', () => {
      tidy(() => {
        const make = () => new GaussianNoise({ stddev: 0.5, seed: SEED, dtype: 'float64' });
        const x = uniform([3, 4], 13);
        gradCheck(sameNoise(make), [x]);
        assertClose(
          grad((input) => make().apply(input, { training: true }))(x),
          tensor(new Array(12).fill(1), [3, 4], 'float64'),
          {
            atol: 0,
            rtol: 0,
          },
        );
      });
    });

    test('GaussianDropout: ∂Σy/∂x = the noise y/x', () => {
      tidy(() => {
        const make = () => new GaussianDropout({ rate: 0.3, seed: SEED, dtype: 'float64' });
        const x = uniform([3, 4], 14, { avoid: [0], margin: 0.2 });
        gradCheck(sameNoise(make), [x]);
        const noise = div(make().apply(x, { training: true }), x);
        assertClose(grad((input) => make().apply(input, { training: true }))(x), noise, { atol: 1e-12, rtol: 1e-12 });
        assertClose(mul(noise, x), make().apply(x, { training: true }), { atol: 1e-12 });
      });
    });
  });
});
