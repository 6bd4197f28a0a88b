// Finite-difference gradient checks (float64, PyTorch's tolerances) of every differentiable layer of the family:
// the reshaping layers with respect to their input, Embedding with respect to its table (indices repeated, so that
// the scatter-add sums), and the spatial dropouts in training with the noise fixed by the seed.
import { test } from 'node:test';
import {
  cast,
  grad,
  layers,
  notEqual,
  regularizers,
  type Shape,
  sum,
  type Tensor,
  tensor,
  tidy,
  type Variable,
  variableGrads,
} from '../../../src/index.js';
import type { Layer } from '../../../src/layers/layer.js';
import { assertClose } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { gradCheck, uniform } from '../../util/gradcheck.js';
import { layerGradCheck } from '../layer-gradcheck.js';

const f64 = { dtype: 'float64' } as const;

const CASES: [string, () => Layer, Shape][] = [
  ['Reshape [3, -1]', () => new layers.Reshape([3, -1], f64), [2, 12]],
  ['Reshape [-1, 2, 2]', () => new layers.Reshape([-1, 2, 2], f64), [2, 2, 3, 2]],
  ['Permute [2, 1]', () => new layers.Permute([2, 1], f64), [2, 3, 4]],
  ['Permute [3, 1, 2]', () => new layers.Permute([3, 1, 2], f64), [2, 2, 3, 4]],
  ['RepeatVector 3', () => new layers.RepeatVector(3, f64), [2, 4]],
  ['ZeroPadding1D [1, 2]', () => new layers.ZeroPadding1D([1, 2], f64), [2, 4, 3]],
  [
    'ZeroPadding2D [[1, 0], [2, 3]]',
    () =>
      new layers.ZeroPadding2D(
        [
          [1, 0],
          [2, 3],
        ],
        f64,
      ),
    [2, 3, 4, 2],
  ],
  ['Cropping1D [1, 2]', () => new layers.Cropping1D([1, 2], f64), [2, 6, 3]],
  [
    'Cropping2D [[1, 0], [2, 1]]',
    () =>
      new layers.Cropping2D(
        [
          [1, 0],
          [2, 1],
        ],
        f64,
      ),
    [2, 5, 6, 2],
  ],
  ['UpSampling1D 3', () => new layers.UpSampling1D(3, f64), [2, 3, 2]],
  ['UpSampling2D [2, 3]', () => new layers.UpSampling2D([2, 3], f64), [2, 2, 3, 2]],
  [
    'Reshape with an L2 activity penalty',
    () => new layers.Reshape([-1], { ...f64, activityRegularizer: new regularizers.L2(0.1) }),
    [2, 3, 2],
  ],
];

describeEachBackend('reshaping layers: gradient checks (float64)', () => {
  for (const [name, make, shape] of CASES) {
    test(name, () => {
      const layer = make();
      layerGradCheck(
        layer,
        tidy(() => uniform(shape, 3)),
      );
      layer.dispose();
    });
  }

  test('UpSampling2D: each input element receives the sum of its size[0]·size[1] copies', () => {
    tidy(() => {
      const g = grad((x) => new layers.UpSampling2D([2, 3], f64).apply(x))(uniform([1, 2, 2, 1], 4));
      assertClose(g, [6, 6, 6, 6], { atol: 0, rtol: 0 });
    });
  });

  test('Embedding: with respect to the table, repeated indices, and an L2 penalty on the table', () => {
    const layer = new layers.Embedding({
      inputDim: 5,
      outputDim: 3,
      embeddingsRegularizer: new regularizers.L2(0.05),
      ...f64,
    });
    const indices = tensor(
      [
        [1, 3, 1],
        [4, 1, 0],
      ],
      [2, 3],
      'int32',
    );
    layerGradCheck(layer, indices, { wrtInput: false });
    // Row 1 is picked three times: its gradient of Σy is 3 per element row 2 none (the penalty is
    // a loss of its own, in layer.losses).
    tidy(() => {
      const table = layer.embeddings as Variable;
      const w = Array.from(table.dataSync());
      const { grads } = variableGrads(() => sum(layer.apply(indices)), [table]);
      const counts = [1, 3, 0, 1, 1];
      assertClose(
        grads[table.name] as Tensor,
        w.map((_, i) => counts[Math.floor(i / 3)] as number),
        { rtol: 1e-12, atol: 1e-12 },
      );
    });
    layer.dispose();
    indices.dispose();
  });

  for (const [Cls, shape] of [
    [layers.SpatialDropout1D, [3, 4, 5]],
    [layers.SpatialDropout2D, [2, 3, 3, 4]],
    [layers.SpatialDropout3D, [2, 2, 2, 2, 3]],
  ] as const) {
    test(`${Cls.className}: gradcheck in training, and ∂Σy/∂x = mask/(1 − rate) exactly`, () => {
      tidy(() => {
        const rate = 0.5;
        const make = () => new Cls({ rate, seed: 17, ...f64 });
        const x = uniform(shape as unknown as Shape, 5, { avoid: [0] });
        gradCheck((input) => make().apply(input, { training: true }), [x]);
        const y = make().apply(x, { training: true });
        const mask = cast(notEqual(y, 0), 'float64');
        const g = grad((input) => make().apply(input, { training: true }))(x);
        assertClose(
          g,
          mask.dataSync().map((m) => m / (1 - rate)),
          { atol: 1e-15, rtol: 0 },
        );
      });
    });
  }
});
