// Finite-difference gradient checks (float64, PyTorch's tolerances) of every pooling layer with respect to its
// input, 'valid' and 'same'; the inputs of max pooling are all distinct (its gradient jumps where two cells tie).
import { test } from 'node:test';
import { describeEachBackend } from '../../util/backends.js';
import { distinct, uniform } from '../../util/gradcheck.js';
import { makeLayer } from '../convolutional/helpers.js';
import { layerGradCheck } from '../layer-gradcheck.js';

const CASES: { layer: string; kwargs: Record<string, unknown>; shape: number[] }[] = [];
for (const kind of ['Max', 'Average']) {
  CASES.push({ layer: `${kind}Pooling2D`, kwargs: { poolSize: 2 }, shape: [2, 4, 4, 2] });
  CASES.push({ layer: `${kind}Pooling2D`, kwargs: { poolSize: 3, strides: 2, padding: 'same' }, shape: [1, 5, 4, 2] });
  CASES.push({ layer: `${kind}Pooling2D`, kwargs: { poolSize: [2, 3], strides: 1 }, shape: [1, 3, 4, 1] });
  CASES.push({ layer: `${kind}Pooling1D`, kwargs: { poolSize: 2 }, shape: [2, 6, 2] });
  CASES.push({ layer: `${kind}Pooling1D`, kwargs: { poolSize: 3, strides: 2, padding: 'same' }, shape: [1, 6, 2] });
  CASES.push({ layer: `Global${kind}Pooling2D`, kwargs: {}, shape: [2, 3, 2, 2] });
  CASES.push({ layer: `Global${kind}Pooling1D`, kwargs: { keepdims: true }, shape: [2, 4, 3] });
}

describeEachBackend('pooling layers: gradients match finite differences', () => {
  for (const c of CASES) {
    test(`${c.layer}(${JSON.stringify(c.kwargs)}) on ${JSON.stringify(c.shape)}`, () => {
      const layer = makeLayer(c.layer, { ...c.kwargs, dtype: 'float64' });
      const x = c.layer.includes('Max') ? (distinct([c.shape], 3)[0] as never) : uniform(c.shape, 3);
      layerGradCheck(layer, x);
      layer.dispose();
    });
  }
});
