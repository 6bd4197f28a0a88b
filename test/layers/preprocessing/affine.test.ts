import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { layers, ShapeError, type Tensor, tensor, tidy, ValueError } from '../../../src/index.js';
import { affineTransform, type FillMode, type Interpolation } from '../../../src/ops/image-transform.js';
import { assertClose } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { gradCheck, rng } from '../../util/gradcheck.js';
import { checkLayer } from '../harness.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../../test/fixtures/keras-numbers/${name}`, import.meta.url), 'utf8'));

describeEachBackend('affineTransform', () => {
  test('equals keras.ops.image.affine_transform (Keras 3.15, numpy backend) for every fill mode and interpolation', () => {
    const fx = fixture('affine-numpy.json');
    tidy(() => {
      const images = tensor(fx.images);
      for (const c of fx.cases as {
        transform: string;
        fillMode: FillMode;
        interpolation: Interpolation;
        output: number[][][][];
      }[]) {
        const y = affineTransform(images, fx.transforms[c.transform], {
          fillMode: c.fillMode,
          interpolation: c.interpolation,
          fillValue: -1,
        });
        assertClose(y.dataSync(), c.output.flat(3), { atol: 1e-4 });
      }
    });
  });

  test('the identity transform returns the image; bad transforms and ranks are typed errors', () => {
    tidy(() => {
      const x = tensor(
        Array.from({ length: 24 }, (_, i) => i),
        [1, 3, 4, 2],
      );
      assert.deepEqual(Array.from(affineTransform(x, [[1, 0, 0, 0, 1, 0, 0, 0]]).dataSync()), Array.from(x.dataSync()));
      assert.throws(
        () => affineTransform(x, [[1, 0, 0]]),
        (e: unknown) => e instanceof ValueError && /1 transforms of 8 finite numbers/.test(e.message),
      );
      assert.throws(() => affineTransform(tensor([1, 2]), []), ShapeError);
    });
  });
});

describeEachBackend('RandomTranslation, RandomRotation, RandomZoom', () => {
  test('with a fixed draw (lower = upper) they equal Keras 3.15’s layers', () => {
    const fx = fixture('augment-layers-numpy.json');
    tidy(() => {
      const images = tensor(fx.images);
      const make: Record<string, (fillMode: FillMode) => layers.Layer> = {
        RandomRotation: (fillMode) => new layers.RandomRotation([0.1, 0.1], { fillMode, fillValue: -1, seed: 1 }),
        RandomTranslation: (fillMode) =>
          new layers.RandomTranslation([0.2, 0.2], [-0.1, -0.1], { fillMode, fillValue: -1, seed: 1 }),
        RandomZoom: (fillMode) =>
          new layers.RandomZoom([0.3, 0.3], { widthFactor: [-0.2, -0.2], fillMode, fillValue: -1 }),
        RandomZoomAspect: (fillMode) => new layers.RandomZoom([-0.25, -0.25], { fillMode, fillValue: -1 }),
      };
      for (const c of fx.cases as { layer: string; fillMode: FillMode; output: number[][][][] }[]) {
        const layer = (make[c.layer] as (f: FillMode) => layers.Layer)(c.fillMode);
        assertClose((layer.apply(images, { training: true }) as Tensor).dataSync(), c.output.flat(3), { atol: 1e-4 });
        assert.equal(layer.apply(images), images, 'inference passes through');
      }
    });
  });

  test('random draws stay in range, differ per image, and follow the seed', () => {
    tidy(() => {
      // A one-hot impulse at the centre of a 9×9 image: its shift shows the translation drawn.
      const n = 64;
      const values = new Float32Array(n * 81);
      for (let b = 0; b < n; b++) values[b * 81 + 40] = 1;
      const x = tensor(values, [n, 9, 9, 1]);
      const shifts = (seed: number) => {
        const y = new layers.RandomTranslation([-0.3, 0.3], 0, { fillMode: 'constant', interpolation: 'nearest', seed })
          .apply(x, { training: true })
          .dataSync();
        return Array.from({ length: n }, (_, b) => {
          const at = Array.from(y.subarray(b * 81, (b + 1) * 81)).indexOf(1);
          return at < 0 ? Number.NaN : Math.floor(at / 9) - 4;
        });
      };
      const a = shifts(4);
      assert.deepEqual(shifts(4), a, 'the same seed draws the same shifts');
      assert.ok(
        a.every((d) => Number.isInteger(d) && Math.abs(d) <= 3),
        `shifts within ±0.3·9: ${a}`,
      );
      assert.ok(new Set(a).size >= 4, `the draws vary across images: ${[...new Set(a)]}`);
    });
  });

  test('factors, fill modes and interpolations are checked in Keras’s words', () => {
    assert.throws(
      () => new layers.RandomRotation(1.5),
      /`factor` of RandomRotation\. Expected a number \(or a list of two numbers\) in the range \[-1, 1\]\. Received: factor=1\.5/,
    );
    assert.throws(() => new layers.RandomZoom(-1), /`heightFactor` of RandomZoom\. .* in the range \(-1, 1\]/);
    assert.throws(
      () => new layers.RandomTranslation(0.1, 0.1, { fillMode: 'mirror' as never }),
      /`fillMode` of RandomTranslation\. Expected one of 'reflect', 'wrap', 'constant', 'nearest'/,
    );
    assert.throws(
      () => new layers.RandomTranslation(0.1, 0.1, { interpolation: 'bicubic' as never }),
      /Expected one of 'bilinear', 'nearest'/,
    );
    assert.throws(() => new layers.RandomZoom(0.1, { fill_mode: 'constant' } as never), /did you mean `fillMode`/);
  });
});

// Bilinear sampling is linear in the image: its gradient is checked through the layer in float64.
test('gradients of a rotation and a zoom flow to the image (float64 finite differences)', () => {
  for (const layer of [
    new layers.RandomRotation([0.05, 0.05], { fillMode: 'reflect', dtype: 'float64' }),
    new layers.RandomZoom([0.2, 0.2], { fillMode: 'constant', fillValue: 0.5, dtype: 'float64' }),
  ]) {
    const next = rng(3);
    const x = tensor(
      Array.from({ length: 40 }, () => next()),
      [2, 4, 5, 1],
      'float64',
    );
    gradCheck((input) => layer.apply(input, { training: true }), [x]);
    x.dispose();
  }
});

checkLayer('RandomTranslation', () => new layers.RandomTranslation(0.2, 0.2, { seed: 1 }), [4, 5, 6, 2]);
checkLayer('RandomRotation', () => new layers.RandomRotation(0.1, { seed: 1 }), [4, 5, 6, 2]);
checkLayer('RandomZoom', () => new layers.RandomZoom(0.2, { seed: 1 }), [4, 5, 6, 2]);
