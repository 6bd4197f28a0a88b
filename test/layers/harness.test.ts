import { Dense } from '../../src/layers/dense.js';
import { Dropout } from '../../src/layers/dropout.js';
import { AlphaDropout, GaussianDropout, GaussianNoise } from '../../src/layers/noise.js';
import { Activation, ActivityRegularization, Flatten } from '../../src/layers/structural.js';
import { L1, L2 } from '../../src/regularizers/regularizer.js';
import { describeEachBackend } from '../util/backends.js';
import { checkLayer } from './harness.js';

describeEachBackend('layers', () => {
  checkLayer('Dense', () => new Dense(3), [4, 5], { weightShapes: [[5, 3], [3]] });
  checkLayer(
    'Dense (relu, kernel L2, activity L1, no bias)',
    () =>
      new Dense(3, {
        activation: 'relu',
        useBias: false,
        kernelRegularizer: new L2(0.01),
        activityRegularizer: new L1(0.01),
      }),
    [4, 5],
    { weightShapes: [[5, 3]] },
  );
  checkLayer('Dense on rank-3 inputs', () => new Dense(2, { activation: 'tanh' }), [2, 3, 4], {
    weightShapes: [[4, 2], [2]],
  });
  checkLayer('Dropout', () => new Dropout({ rate: 0.5, seed: 7 }), [4, 6]);
  checkLayer('Dropout (noiseShape)', () => new Dropout({ rate: 0.3, noiseShape: [null, 1], seed: 7 }), [4, 6]);
  checkLayer('GaussianNoise', () => new GaussianNoise({ stddev: 0.2, seed: 7 }), [4, 6]);
  checkLayer('GaussianDropout', () => new GaussianDropout({ rate: 0.2, seed: 7 }), [4, 6]);
  checkLayer('AlphaDropout', () => new AlphaDropout({ rate: 0.2, seed: 7 }), [4, 6]);
  checkLayer('ActivityRegularization', () => new ActivityRegularization({ l1: 0.01, l2: 0.02 }), [4, 6]);
  checkLayer('Activation', () => new Activation('tanh'), [4, 6]);
  checkLayer('Flatten', () => new Flatten(), [2, 3, 4]);
});
