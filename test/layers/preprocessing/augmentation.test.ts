import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  layers,
  Sequential,
  ShapeError,
  type Tensor,
  tensor,
  tidy,
  UnknownOptionError,
  ValueError,
} from '../../../src/index.js';
import { layerRegistry } from '../../../src/layers/registry.js';
import { assertClose } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { checkLayer } from '../harness.js';

/** n images of 3×4 pixels, 2 channels, with distinct values. */
function images(n: number): Tensor {
  return tensor(
    Array.from({ length: n * 24 }, (_, i) => (i * 7) % 255),
    [n, 3, 4, 2],
  );
}

/** Pixel (b, h, w, c) of a flat [n, 3, 4, 2] array. */
const at = (v: ArrayLike<number>, b: number, h: number, w: number, c: number) => v[((b * 3 + h) * 4 + w) * 2 + c];

/** For each image: 'same', 'h' (columns reversed), 'v' (rows reversed), 'hv' (both), or 'other'. */
function classify(input: ArrayLike<number>, output: ArrayLike<number>, n: number): string[] {
  const kinds: string[] = [];
  for (let b = 0; b < n; b++) {
    const match = (fh: (h: number) => number, fw: (w: number) => number) => {
      for (let h = 0; h < 3; h++)
        for (let w = 0; w < 4; w++)
          for (let c = 0; c < 2; c++) if (at(output, b, h, w, c) !== at(input, b, fh(h), fw(w), c)) return false;
      return true;
    };
    const id = (i: number) => i;
    const rh = (h: number) => 2 - h;
    const rw = (w: number) => 3 - w;
    kinds.push(match(id, id) ? 'same' : match(id, rw) ? 'h' : match(rh, id) ? 'v' : match(rh, rw) ? 'hv' : 'other');
  }
  return kinds;
}

describeEachBackend('RandomFlip', () => {
  test('flips about half of the images while training, along the chosen axes; inference passes through', () => {
    tidy(() => {
      const n = 400;
      const x = images(n);
      const xv = x.dataSync();
      for (const [mode, flipped] of [
        ['horizontal', 'h'],
        ['vertical', 'v'],
        // Keras 3.15: one coin per image for both axes.
        ['horizontal_and_vertical', 'hv'],
      ] as const) {
        const layer = new layers.RandomFlip({ mode, seed: 3 });
        assert.equal(layer.apply(x), x, 'inference returns the input');
        const kinds = classify(xv, layer.apply(x, { training: true }).dataSync(), n);
        const count = kinds.filter((k) => k === flipped).length;
        assert.equal(kinds.filter((k) => k !== flipped && k !== 'same').length, 0, `${mode}: only ${flipped} or same`);
        // Binomial(400, ½): mean 200, sd 10; ±5 sd.
        assert.ok(count > 150 && count < 250, `${mode}: ${count} of ${n} flipped`);
      }
    });
  });

  test('a seed fixes the flips; one unbatched image works; bad mode and rank are typed errors', () => {
    tidy(() => {
      const x = images(16);
      const a = new layers.RandomFlip({ seed: 9 }).apply(x, { training: true }).dataSync();
      const b = new layers.RandomFlip({ seed: 9 }).apply(x, { training: true }).dataSync();
      assert.deepEqual(Array.from(a), Array.from(b));
      const one = tensor(
        Array.from({ length: 24 }, (_, i) => i),
        [3, 4, 2],
      );
      const y = new layers.RandomFlip({ mode: 'horizontal', seed: 1 }).apply(one, { training: true });
      assert.deepEqual(y.shape, [3, 4, 2]);
      assert.throws(
        () => new layers.RandomFlip({ mode: 'diagonal' as never }),
        (e: unknown) =>
          e instanceof ValueError && /`mode` of RandomFlip\. Expected one of 'horizontal', 'vertical'/.test(e.message),
      );
      assert.throws(() => new layers.RandomFlip({ seeds: 1 } as never), UnknownOptionError);
      assert.throws(
        () => new layers.RandomFlip().apply(tensor([[1, 2]])),
        (e: unknown) => e instanceof ShapeError && /expects images of rank 3 .* or 4/.test(e.message),
      );
    });
  });
});

describeEachBackend('RandomContrast', () => {
  test('each image’s channels move about their mean by one factor in [1 − lower, 1 + upper]', () => {
    tidy(() => {
      const n = 300;
      // Values in [100, 150]: no clipping for factors up to 1.5 around a mean near 125.
      const x = tensor(
        Array.from({ length: n * 24 }, (_, i) => 100 + ((i * 13) % 51)),
        [n, 3, 4, 2],
      );
      const layer = new layers.RandomContrast([0.2, 0.4], { seed: 5 });
      assert.equal(layer.apply(x), x, 'inference returns the input');
      const y = layer.apply(x, { training: true }).dataSync();
      const xv = x.dataSync();
      const factors: number[] = [];
      for (let b = 0; b < n; b++) {
        const perChannel: number[] = [];
        for (let c = 0; c < 2; c++) {
          let m = 0;
          for (let p = 0; p < 12; p++) m += xv[(b * 12 + p) * 2 + c] as number;
          m /= 12;
          // (y − m) = f·(x − m) for every pixel: take f from the pixel farthest from the mean.
          let best = 0;
          for (let p = 1; p < 12; p++) {
            const d = Math.abs((xv[(b * 12 + p) * 2 + c] as number) - m);
            if (d > Math.abs((xv[(b * 12 + best) * 2 + c] as number) - m)) best = p;
          }
          const i = (b * 12 + best) * 2 + c;
          perChannel.push(((y[i] as number) - m) / ((xv[i] as number) - m));
        }
        assertClose([perChannel[1] as number], [perChannel[0] as number], { atol: 1e-4 });
        factors.push(perChannel[0] as number);
      }
      assert.ok(Math.min(...factors) >= 0.8 - 1e-4 && Math.max(...factors) <= 1.4 + 1e-4);
      const mean = factors.reduce((s, f) => s + f, 0) / n;
      // Uniform on [0.8, 1.4]: mean 1.1, sd of the mean 0.173/√300 = 0.01.
      assert.ok(Math.abs(mean - 1.1) < 0.05, `mean factor ${mean}`);
    });
  });

  test('outputs are clipped to valueRange; factor and valueRange are checked', () => {
    tidy(() => {
      const x = tensor([0, 1, 0, 1, 0, 1, 0, 1], [1, 2, 2, 2]);
      const y = new layers.RandomContrast(1, { valueRange: [0, 1], seed: 2 }).apply(x, { training: true });
      const v = Array.from(y.dataSync());
      assert.ok(v.every((p) => p >= 0 && p <= 1));
      for (const bad of [1.5, -0.1, [0.1], [0.2, 2]]) {
        assert.throws(
          () => new layers.RandomContrast(bad as never),
          (e: unknown) =>
            e instanceof ValueError &&
            /`factor` of RandomContrast\. Expected a number .* in the range \[0, 1\]/.test(e.message),
        );
      }
      assert.throws(
        () => new layers.RandomContrast(0.1, { valueRange: [1, 0] }),
        /Expected \[low, high\] with low < high/,
      );
      assert.throws(
        () => new layers.RandomContrast(0.1, { value_range: [0, 1] } as never),
        /did you mean `valueRange`/,
      );
    });
  });
});

describe('augmentation layers: config, registry, training', () => {
  test('getConfig rebuilds an equal layer through the registry', () => {
    const flip = new layers.RandomFlip({ mode: 'vertical', seed: 4 });
    const twin = layerRegistry.deserialize({ className: 'RandomFlip', config: flip.getConfig() });
    assert.deepEqual({ ...twin.getConfig(), name: 0 }, { ...flip.getConfig(), name: 0 });
    const contrast = new layers.RandomContrast([0.1, 0.3], { valueRange: [0, 1], seed: 8 });
    const back = layerRegistry.deserialize({ className: 'RandomContrast', config: contrast.getConfig() });
    assert.deepEqual({ ...back.getConfig(), name: 0 }, { ...contrast.getConfig(), name: 0 });
  });

  test('a model with augmentation in front trains, and augments only in fit', async () => {
    const model = new Sequential({
      layers: [
        new layers.InputLayer({ shape: [3, 4, 2] }),
        new layers.RandomFlip({ mode: 'horizontal', seed: 1 }),
        new layers.RandomContrast(0.2, { valueRange: [0, 255], seed: 2 }),
        new layers.Flatten(),
        new layers.Dense(1),
      ],
    });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = images(32);
    const y = tensor(Array.from({ length: 32 }, (_, i) => [i % 2]));
    const h = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    assert.equal(h.history.loss?.length, 2);
    const p1 = model.predict(x).dataSync();
    const p2 = model.predict(x).dataSync();
    assert.deepEqual(Array.from(p1), Array.from(p2), 'predict does not augment');
    model.dispose();
  });
});

checkLayer('RandomFlip', () => new layers.RandomFlip({ seed: 1 }), [4, 3, 4, 2]);
checkLayer('RandomContrast', () => new layers.RandomContrast(0.3, { seed: 1 }), [4, 3, 4, 2]);
