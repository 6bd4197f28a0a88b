// Float64 finite-difference checks of every recurrent layer through a few timesteps: backpropagation through time,
// by the tape, with respect to the input and every weight (kernel, recurrent kernel, bias) and through the
// regularizer penalties; and, in training, through the dropout masks (the same masks at every perturbation).
import { test } from 'node:test';
import { add, layers, type Tensor, tidy } from '../../../src/index.js';
import type { Layer } from '../../../src/layers/layer.js';
import { L1L2, L2 } from '../../../src/regularizers/regularizer.js';
import { describeEachBackend } from '../../util/backends.js';
import { gradCheck, uniform } from '../../util/gradcheck.js';
import { layerGradCheck } from '../layer-gradcheck.js';

const X = (): Tensor => uniform([2, 3, 2], 7, { low: -1.5, high: 1.5 });
const f64 = {
  dtype: 'float64' as const,
  kernelInitializer: { className: 'RandomUniform', config: { minval: -0.8, maxval: 0.8, seed: 3 } },
  biasInitializer: { className: 'RandomUniform', config: { minval: -0.5, maxval: 0.5, seed: 4 } },
};

const CASES: Record<string, () => Layer> = {
  'SimpleRNN, last output': () => new layers.SimpleRNN(2, f64),
  'SimpleRNN, sequences, backwards': () =>
    new layers.SimpleRNN(2, { ...f64, returnSequences: true, goBackwards: true }),
  'LSTM, last output': () => new layers.LSTM(2, f64),
  'LSTM, sequences': () => new layers.LSTM(2, { ...f64, returnSequences: true }),
  'LSTM, returnState (output, h, c)': () => new layers.LSTM(2, { ...f64, returnState: true }),
  'GRU resetAfter, sequences': () => new layers.GRU(2, { ...f64, returnSequences: true }),
  'GRU resetAfter=false, backwards': () => new layers.GRU(2, { ...f64, resetAfter: false, goBackwards: true }),
  'LSTM with kernel, recurrent, bias and activity regularizers': () =>
    new layers.LSTM(2, {
      ...f64,
      kernelRegularizer: new L2(0.05),
      recurrentRegularizer: new L1L2({ l1: 0.02, l2: 0.03 }),
      biasRegularizer: new L2(0.02),
      activityRegularizer: new L2(0.05),
    }),
  'Bidirectional(LSTM) concat, sequences': () =>
    new layers.Bidirectional(new layers.LSTM(2, { ...f64, returnSequences: true })),
  'Bidirectional(GRU) sum': () => new layers.Bidirectional(new layers.GRU(2, f64), { mergeMode: 'sum' }),
  'Bidirectional(SimpleRNN) mul, sequences': () =>
    new layers.Bidirectional(new layers.SimpleRNN(2, { ...f64, returnSequences: true }), { mergeMode: 'mul' }),
};

describeEachBackend('recurrent layers: float64 gradient checks (BPTT)', () => {
  for (const [name, make] of Object.entries(CASES)) {
    test(name, () => {
      const layer = make();
      const x = X();
      if (name.includes('returnState')) {
        // Sum the three outputs so each path back is checked.
        tidy(() => {
          layer.applyToList(x);
          gradCheck(
            (input) => {
              const [o, h, c] = layer.applyToList(input) as Tensor[];
              return add(add(o as Tensor, h as Tensor), c as Tensor);
            },
            [x],
          );
        });
      } else layerGradCheck(layer, x);
      x.dispose();
      layer.dispose();
    });
  }

  for (const [name, make] of Object.entries({
    'SimpleRNN dropout and recurrentDropout': () =>
      new layers.SimpleRNN(2, { ...f64, dropout: 0.3, recurrentDropout: 0.3, seed: 5, returnSequences: true }),
    'LSTM dropout and recurrentDropout (one mask per gate)': () =>
      new layers.LSTM(2, { ...f64, dropout: 0.3, recurrentDropout: 0.3, seed: 5 }),
    'GRU resetAfter=false, dropout and recurrentDropout': () =>
      new layers.GRU(2, { ...f64, resetAfter: false, dropout: 0.3, recurrentDropout: 0.3, seed: 5 }),
    'GRU dropout only (one mask for all gates)': () => new layers.GRU(2, { ...f64, dropout: 0.4, seed: 5 }),
  })) {
    test(`${name}, in training with fixed masks`, () => {
      const layer = make();
      const x = X();
      tidy(() => {
        layer.apply(x);
        const state = layer.getRandomState();
        // Each evaluation restores the seed stream, so every perturbation sees the same masks.
        gradCheck(
          (input) => {
            layer.setRandomState(state);
            return layer.apply(input, { training: true });
          },
          [x],
        );
      });
      x.dispose();
      layer.dispose();
    });
  }
});
