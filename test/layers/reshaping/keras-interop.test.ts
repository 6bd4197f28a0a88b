// Keras 3 loads what Dendrite writes for the reshaping layers, Embedding and the spatial dropouts: one Python process
// runs test/fixtures/keras/load_dendrite.py over three Sequential models. Skipped when Keras is not installed
// (unless DENDRITE_REQUIRE_KERAS=1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { layers, regularizers, Sequential } from '../../../src/node.js';
import { tempDir } from '../../io/helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/keras/', import.meta.url));
const PYTHON = process.env.DENDRITE_PYTHON ?? 'python3';

function models(): Record<string, Sequential> {
  const text = new Sequential({ name: 'text' });
  text.add(
    new layers.Embedding({
      inputDim: 20,
      outputDim: 4,
      inputShape: [6],
      embeddingsRegularizer: regularizers.l2(0.01),
      maskZero: true,
    }),
  );
  text.add(new layers.SpatialDropout1D({ rate: 0.2, seed: 3 }));
  text.add(new layers.ZeroPadding1D([1, 2]));
  text.add(new layers.Cropping1D([0, 1]));
  text.add(new layers.UpSampling1D(2));
  text.add(new layers.Permute([2, 1]));
  text.add(new layers.Reshape([4, -1]));
  const img = new Sequential({ name: 'img' });
  img.add(new layers.Reshape([4, 4, 2], { inputShape: [32] }));
  img.add(
    new layers.ZeroPadding2D([
      [1, 0],
      [2, 3],
    ]),
  );
  img.add(new layers.Cropping2D(1));
  img.add(new layers.UpSampling2D([2, 1]));
  img.add(new layers.SpatialDropout2D(0.3));
  img.add(new layers.Reshape([-1]));
  img.add(new layers.RepeatVector(2));
  const vol = new Sequential({ name: 'vol' });
  vol.add(new layers.SpatialDropout3D({ rate: 0.1, inputShape: [2, 2, 2, 3] }));
  return { text, img, vol };
}

interface Loaded {
  error?: string;
  input_shape: (number | null)[] | null;
  layers: { class_name: string; config: Record<string, unknown> }[];
}

test('Keras 3 builds the same layers, with the same options, from Dendrite JSON', async (t) => {
  const input = join(await tempDir(), 'reshape-models.json');
  writeFileSync(input, JSON.stringify(Object.fromEntries(Object.entries(models()).map(([k, m]) => [k, m.toJSON()]))));
  const r = spawnSync(PYTHON, [join(FIXTURES, 'load_dendrite.py'), input], { encoding: 'utf8', timeout: 120_000 });
  if ((r.status === 3 || r.error) && process.env.DENDRITE_REQUIRE_KERAS !== '1') {
    t.skip('Python Keras is not installed');
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, Loaded>;
  const text = out.text as Loaded;
  const img = out.img as Loaded;
  const vol = out.vol as Loaded;
  for (const m of [text, img, vol]) assert.equal(m.error, undefined, m.error);
  assert.deepEqual(text.input_shape, [null, 6]);
  assert.deepEqual(
    text.layers.map((l) => l.class_name),
    ['Embedding', 'SpatialDropout1D', 'ZeroPadding1D', 'Cropping1D', 'UpSampling1D', 'Permute', 'Reshape'],
  );
  const [emb, sd, pad, crop, up, perm, reshape] = text.layers.map((l) => l.config);
  assert.equal(emb?.input_dim, 20);
  assert.equal(emb?.output_dim, 4);
  assert.equal(emb?.mask_zero, true);
  assert.equal(sd?.seed, 3);
  assert.deepEqual(pad?.padding, [1, 2]);
  assert.deepEqual(crop?.cropping, [0, 1]);
  assert.equal(up?.size, 2);
  assert.deepEqual(perm?.dims, [2, 1]);
  assert.deepEqual(reshape?.target_shape, [4, -1]);
  assert.deepEqual(
    img.layers.map((l) => l.class_name),
    ['Reshape', 'ZeroPadding2D', 'Cropping2D', 'UpSampling2D', 'SpatialDropout2D', 'Reshape', 'RepeatVector'],
  );
  assert.deepEqual(img.layers[1]?.config.padding, [
    [1, 0],
    [2, 3],
  ]);
  assert.deepEqual(img.layers[3]?.config.size, [2, 1]);
  assert.equal(img.layers[6]?.config.n, 2);
  assert.deepEqual(vol.input_shape, [null, 2, 2, 2, 3]);
});
