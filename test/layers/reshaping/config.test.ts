// Names, configs, registration and the layer harness of the reshaping layers, and the behaviours the Keras fixture
// does not reach (options given positionally, unknown sizes at run time).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { layers, tensor, tidy } from '../../../src/index.js';
import { layerRegistry } from '../../../src/layers/registry.js';
import { assertExact } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { checkLayer } from '../harness.js';

const base = { name: 'x', trainable: true, dtype: 'float32' };

const CONFIGS: [() => { className: string; getConfig(): object }, object][] = [
  [() => new layers.Reshape([3, -1], { name: 'x' }), { targetShape: [3, -1] }],
  [() => new layers.Permute({ dims: [2, 1], name: 'x' }), { dims: [2, 1] }],
  [() => new layers.RepeatVector(4, { name: 'x' }), { n: 4 }],
  [() => new layers.ZeroPadding1D({ name: 'x' }), { padding: [1, 1], dataFormat: 'channels_last' }],
  [() => new layers.ZeroPadding1D(3, { name: 'x' }), { padding: [3, 3], dataFormat: 'channels_last' }],
  [
    () => new layers.ZeroPadding2D({ name: 'x' }),
    {
      padding: [
        [1, 1],
        [1, 1],
      ],
      dataFormat: 'channels_last',
    },
  ],
  [
    () => new layers.ZeroPadding2D([1, 2], { name: 'x' }),
    {
      padding: [
        [1, 1],
        [2, 2],
      ],
      dataFormat: 'channels_last',
    },
  ],
  [() => new layers.Cropping1D({ name: 'x' }), { cropping: [1, 1] }],
  [
    () => new layers.Cropping2D({ name: 'x' }),
    {
      cropping: [
        [0, 0],
        [0, 0],
      ],
      dataFormat: 'channels_last',
    },
  ],
  [
    () => new layers.Cropping2D(2, { name: 'x', dataFormat: 'channels_last' }),
    {
      cropping: [
        [2, 2],
        [2, 2],
      ],
      dataFormat: 'channels_last',
    },
  ],
  [() => new layers.UpSampling1D({ name: 'x' }), { size: 2 }],
  [
    () => new layers.UpSampling2D({ name: 'x' }),
    { size: [2, 2], dataFormat: 'channels_last', interpolation: 'nearest' },
  ],
  [
    () => new layers.UpSampling2D(3, { name: 'x', interpolation: 'nearest' }),
    { size: [3, 3], dataFormat: 'channels_last', interpolation: 'nearest' },
  ],
];

test('getConfig has Keras keys and defaults in camelCase; the registry and fromConfig rebuild an equal layer', () => {
  for (const [make, own] of CONFIGS) {
    const layer = make();
    const config = layer.getConfig() as Record<string, unknown>;
    assert.deepEqual(config, { ...base, ...own }, layer.className);
    const again = layerRegistry.deserialize({ className: layer.className, config: config as never });
    assert.equal(again.className, layer.className);
    assert.deepEqual(again.getConfig(), config);
    assert.equal((layer.constructor as unknown as { className: string }).className, layer.className);
  }
});

describe('the layer harness on each reshaping layer', () => {
  checkLayer('Reshape', () => new layers.Reshape([2, -1]), [3, 4, 2]);
  checkLayer('Permute', () => new layers.Permute([2, 3, 1]), [2, 3, 4, 2]);
  checkLayer('RepeatVector', () => new layers.RepeatVector(2), [3, 4]);
  checkLayer('ZeroPadding1D', () => new layers.ZeroPadding1D([2, 0]), [2, 3, 2]);
  checkLayer('ZeroPadding2D', () => new layers.ZeroPadding2D(1), [2, 2, 3, 2]);
  checkLayer('Cropping1D', () => new layers.Cropping1D([1, 0]), [2, 4, 2]);
  checkLayer(
    'Cropping2D',
    () =>
      new layers.Cropping2D([
        [1, 0],
        [0, 1],
      ]),
    [2, 3, 3, 2],
  );
  checkLayer('UpSampling1D', () => new layers.UpSampling1D(2), [2, 3, 2]);
  checkLayer('UpSampling2D', () => new layers.UpSampling2D([2, 1]), [2, 2, 2, 3]);
});

describeEachBackend('reshaping layers beyond the Keras fixture', () => {
  test('small worked values: Permute, RepeatVector, UpSampling1D, ZeroPadding1D, Cropping1D', () => {
    tidy(() => {
      const x = tensor([
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
      ]); // [1, 3, 2]
      assertExact(new layers.Permute([2, 1]).apply(x), [1, 3, 5, 2, 4, 6]);
      assertExact(new layers.UpSampling1D(2).apply(x), [1, 2, 1, 2, 3, 4, 3, 4, 5, 6, 5, 6]);
      assertExact(new layers.ZeroPadding1D([1, 0]).apply(x), [0, 0, 1, 2, 3, 4, 5, 6]);
      assertExact(new layers.Cropping1D([1, 1]).apply(x), [3, 4]);
      assertExact(new layers.RepeatVector(2).apply(tensor([[7, 8]])), [7, 8, 7, 8]);
      assertExact(new layers.Reshape([-1]).apply(x), [1, 2, 3, 4, 5, 6]);
    });
  });

  test('a layer built for unknown sizes takes different batch and step counts', () => {
    tidy(() => {
      const up = new layers.UpSampling1D(2);
      assert.deepEqual(up.apply(tensor(new Array(6).fill(1), [1, 3, 2])).shape, [1, 6, 2]);
      assert.deepEqual(up.apply(tensor(new Array(20).fill(1), [2, 5, 2])).shape, [2, 10, 2]);
      const reshape = new layers.Reshape([-1, 2]);
      assert.deepEqual(reshape.apply(tensor(new Array(8).fill(1), [2, 4])).shape, [2, 2, 2]);
      assert.deepEqual(reshape.apply(tensor(new Array(18).fill(1), [3, 6])).shape, [3, 3, 2]);
    });
  });
});
