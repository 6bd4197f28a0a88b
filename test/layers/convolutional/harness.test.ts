// The layer harness (build, shapes, getConfig round trip, one training step, no leaks) for every convolution and
// pooling layer, on each backend; and a small convnet that trains in a Sequential model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layers, optimizers, Sequential, tensor } from '../../../src/index.js';
import { describeEachBackend } from '../../util/backends.js';
import { rng } from '../../util/gradcheck.js';
import { checkLayer } from '../harness.js';

describeEachBackend('convolution and pooling layers', () => {
  checkLayer(
    'Conv2D',
    () => new layers.Conv2D(3, 2, { strides: 2, padding: 'same', activation: 'relu' }),
    [2, 5, 4, 2],
    {
      weightShapes: [[2, 2, 2, 3], [3]],
    },
  );
  checkLayer(
    'Conv2D groups',
    () => new layers.Conv2D({ filters: 4, kernelSize: 3, groups: 2, useBias: false }),
    [2, 4, 4, 2],
    {
      weightShapes: [[3, 3, 1, 4]],
    },
  );
  checkLayer('Conv1D causal', () => new layers.Conv1D(2, 3, { padding: 'causal', dilationRate: 2 }), [2, 6, 3], {
    weightShapes: [[3, 3, 2], [2]],
  });
  checkLayer(
    'DepthwiseConv2D',
    () => new layers.DepthwiseConv2D(3, { depthMultiplier: 2, padding: 'same' }),
    [2, 4, 4, 2],
    {
      weightShapes: [[3, 3, 2, 2], [4]],
    },
  );
  checkLayer(
    'SeparableConv2D',
    () =>
      new layers.SeparableConv2D(3, [3, 2], { depthMultiplier: 2, strides: 2, padding: 'same', activation: 'relu' }),
    [2, 5, 4, 2],
    {
      weightShapes: [[3, 2, 2, 2], [1, 1, 4, 3], [3]],
    },
  );
  checkLayer(
    'Conv2DTranspose',
    () => new layers.Conv2DTranspose(3, 3, { strides: 2, padding: 'same', outputPadding: 1, activation: 'tanh' }),
    [2, 3, 2, 2],
    {
      weightShapes: [[3, 3, 3, 2], [3]],
    },
  );
  checkLayer('MaxPooling2D', () => new layers.MaxPooling2D({ padding: 'same' }), [2, 5, 3, 2]);
  checkLayer(
    'AveragePooling2D',
    () => new layers.AveragePooling2D({ poolSize: 3, strides: 2, padding: 'same' }),
    [2, 5, 3, 2],
  );
  checkLayer('MaxPooling1D', () => new layers.MaxPooling1D({ poolSize: 3, strides: 1 }), [2, 5, 2]);
  checkLayer('AveragePooling1D', () => new layers.AveragePooling1D({ poolSize: 2 }), [2, 5, 2]);
  checkLayer('GlobalMaxPooling2D', () => new layers.GlobalMaxPooling2D(), [2, 3, 3, 2]);
  checkLayer('GlobalAveragePooling2D', () => new layers.GlobalAveragePooling2D({ keepdims: true }), [2, 3, 3, 2]);
  checkLayer('GlobalMaxPooling1D', () => new layers.GlobalMaxPooling1D({ keepdims: true }), [2, 4, 2]);
  checkLayer('GlobalAveragePooling1D', () => new layers.GlobalAveragePooling1D(), [2, 4, 2]);

  test('a small convnet (Conv2D → MaxPooling2D → Conv2D → GlobalAveragePooling2D → Dense) learns in a Sequential', async () => {
    // Two classes of 6×6 images: a bright top half or a bright bottom half, plus noise.
    const next = rng(5);
    const n = 32;
    const xs: number[] = [];
    const ys: number[][] = [];
    for (let i = 0; i < n; i++) {
      const top = i % 2 === 0;
      for (let r = 0; r < 6; r++) for (let c = 0; c < 6; c++) xs.push((r < 3 === top ? 1 : 0) + 0.3 * (next() - 0.5));
      ys.push(top ? [1, 0] : [0, 1]);
    }
    const model = new Sequential({
      layers: [
        new layers.Conv2D(4, 3, { activation: 'relu', padding: 'same', inputShape: [6, 6, 1] }),
        new layers.MaxPooling2D(),
        new layers.Conv2D(4, 2, { activation: 'relu' }),
        new layers.GlobalAveragePooling2D(),
        new layers.Dense(2, { activation: 'softmax' }),
      ],
    });
    model.compile({
      optimizer: new optimizers.Adam({ learningRate: 0.02 }),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const x = tensor(xs, [n, 6, 6, 1]);
    const y = tensor(ys);
    const history = await model.fit(x, y, { epochs: 40, batchSize: 8, verbose: 0 });
    const loss = history.history.loss as number[];
    assert.ok((loss.at(-1) as number) < 0.5 * (loss[0] as number), `loss ${loss[0]} → ${loss.at(-1)}`);
    assert.ok(((history.history.accuracy as number[]).at(-1) as number) >= 0.9);
  });
});
