// SpatialDropout1D/2D/3D: seeded statistics of the keep rate, whole channels dropped or scaled within a sample,
// inference as the identity, the config (Keras's keys: no noiseShape), the errors, and the harness.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Input, layers, ones, ShapeError, tidy, UnknownOptionError, ValueError } from '../../src/index.js';
import { layerRegistry } from '../../src/layers/registry.js';
import { assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { checkLayer } from './harness.js';

const CASES = [
  [layers.SpatialDropout1D, [8, 5, 64]],
  [layers.SpatialDropout2D, [8, 3, 4, 64]],
  [layers.SpatialDropout3D, [4, 2, 3, 2, 64]],
] as const;

describeEachBackend('spatial dropouts in training', () => {
  for (const [Cls, shape] of CASES) {
    test(`${Cls.className}: each channel of a sample is all zeros or all 1/(1 − rate); the keep rate is 1 − rate`, () => {
      tidy(() => {
        const rate = 0.3;
        const layer = new Cls({ rate, seed: 1234 });
        const [batch, channels] = [shape[0], shape[shape.length - 1]];
        const positions = shape.slice(1, -1).reduce((p, d) => p * d, 1);
        let kept = 0;
        const draws = 5;
        const masks: string[] = [];
        for (let d = 0; d < draws; d++) {
          const y = layer.apply(ones([...shape]), { training: true }).dataSync();
          let mask = '';
          for (let b = 0; b < batch; b++) {
            for (let c = 0; c < channels; c++) {
              const first = y[b * positions * channels + c] as number;
              for (let p = 0; p < positions; p++) {
                assert.equal(y[(b * positions + p) * channels + c], first, `sample ${b}, channel ${c}, position ${p}`);
              }
              assert.ok(first === 0 || Math.abs(first - 1 / (1 - rate)) < 1e-6, `a kept channel is scaled: ${first}`);
              if (first !== 0) kept++;
              mask += first === 0 ? '0' : '1';
            }
          }
          masks.push(mask);
        }
        // Binomial(n, 0.7): 4 standard deviations either side.
        const n = draws * batch * channels;
        const sd = Math.sqrt(n * rate * (1 - rate));
        assert.ok(Math.abs(kept - n * (1 - rate)) < 4 * sd, `kept ${kept} of ${n}`);
        assert.equal(new Set(masks).size, draws, 'each call draws a new mask');
        // Samples of one batch get different masks.
        const first = masks[0] as string;
        assert.notEqual(first.slice(0, channels), first.slice(channels, 2 * channels));
      });
    });

    test(`${Cls.className}: the seed fixes the sequence of masks; inference is the identity; rate 0 and 1`, () => {
      tidy(() => {
        const x = ones([...shape]);
        const a = new Cls({ rate: 0.5, seed: 7 });
        const b = new Cls({ rate: 0.5, seed: 7 });
        for (let i = 0; i < 2; i++) assertExact(a.apply(x, { training: true }), b.apply(x, { training: true }));
        assertExact(a.apply(x), x);
        assertExact(new Cls(0).apply(x, { training: true }), x);
        assertExact(new Cls(1).apply(x, { training: true }), new Array(x.size).fill(0));
      });
    });
  }
});

test('configs: rate, seed (null unseeded) and dataFormat for 2D and 3D, no noiseShape nor trainable (as Keras); the registry rebuilds them', () => {
  const base = { name: 'sd', dtype: 'float32' };
  assert.deepEqual(new layers.SpatialDropout1D({ rate: 0.2, seed: 3, name: 'sd' }).getConfig(), {
    ...base,
    rate: 0.2,
    seed: 3,
  });
  assert.deepEqual(new layers.SpatialDropout2D(0.2, { name: 'sd' }).getConfig(), {
    ...base,
    rate: 0.2,
    seed: null,
    dataFormat: 'channels_last',
  });
  const c3 = new layers.SpatialDropout3D({ rate: 0.1, seed: 5, name: 'sd', dataFormat: 'channels_last' }).getConfig();
  assert.deepEqual(c3, { ...base, rate: 0.1, seed: 5, dataFormat: 'channels_last' });
  assert.deepEqual(layerRegistry.deserialize({ className: 'SpatialDropout3D', config: c3 }).getConfig(), c3);
  assert.ok(new layers.SpatialDropout2D(0.1) instanceof layers.Dropout);
});

test('errors: rate, noiseShape and dataFormat refused where Keras has none, the input rank', () => {
  assert.throws(
    () => new layers.SpatialDropout2D(1.5),
    new ValueError(
      'Invalid value received for argument `rate` of SpatialDropout2D. Expected a number between 0 and 1. Received: rate=1.5',
    ),
  );
  assert.throws(
    () => new layers.SpatialDropout2D({ rate: 0.1, noiseShape: [null, 1, 1, 3] } as never),
    (e: unknown) => e instanceof UnknownOptionError && /SpatialDropout2D: unknown option `noiseShape`/.test(e.message),
  );
  assert.throws(
    () => new layers.SpatialDropout1D({ rate: 0.1, dataFormat: 'channels_last' }),
    (e: unknown) => e instanceof UnknownOptionError && /SpatialDropout1D: unknown option `dataFormat`/.test(e.message),
  );
  assert.throws(
    () => new layers.SpatialDropout2D({ rate: 0.1, name: 'sd' }).apply(Input({ shape: [4, 3] })),
    new ShapeError(
      'Input 0 of layer "sd" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (None, 4, 3)',
    ),
  );
  assert.throws(
    () => new layers.SpatialDropout1D({ rate: 0.1, name: 'sd1' }).apply(ones([2, 3])),
    new ShapeError(
      'Input 0 of layer "sd1" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (None, 3)',
    ),
  );
});

describe('the layer harness on the spatial dropouts', () => {
  checkLayer('SpatialDropout1D', () => new layers.SpatialDropout1D({ rate: 0.3, seed: 2 }), [3, 4, 5]);
  checkLayer('SpatialDropout2D', () => new layers.SpatialDropout2D({ rate: 0.3, seed: 2 }), [2, 3, 3, 4]);
  checkLayer('SpatialDropout3D', () => new layers.SpatialDropout3D({ rate: 0.3, seed: 2 }), [2, 2, 2, 2, 3]);
});
