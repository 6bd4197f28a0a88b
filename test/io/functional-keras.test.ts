// Dendrite → Keras 3 for functional models: what `model.toJSON()` writes loads with Python Keras's
// `model_from_json`; with Dendrite's weights set, Keras predicts what Dendrite predicts, and prints the same
// summary. One Python process runs every model (test/fixtures/keras/predict_dendrite.py). Skipped when Python
// Keras is absent, unless DENDRITE_REQUIRE_KERAS=1 (CI sets it, so the check cannot go missing there).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Model, setRandomSeed, type Tensor, tensor } from '../../src/index.js';
import type { Layer } from '../../src/layers/layer.js';
import { summaryText } from '../../src/models/summary.js';
import { everything, functionalMerge, functionalNested, twoTower } from './functional-models.js';
import { tempDir } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/keras/', import.meta.url));
const PYTHON = process.env.DENDRITE_PYTHON ?? 'python3';
const REQUIRED = process.env.DENDRITE_REQUIRE_KERAS === '1';

setRandomSeed(4);

interface KerasResult {
  error?: string;
  outputs: number[][][];
  layers: string[];
  summary: string;
}

/** Every layer that holds weights, nested models opened, by name. */
function leafWeights(model: Model): Record<string, { shape: number[]; values: number[] }[]> {
  const out: Record<string, { shape: number[]; values: number[] }[]> = {};
  const walk = (layers: readonly Layer[]) => {
    for (const l of layers) {
      if (l instanceof Model) walk(l.layers);
      else if (l.weights.length > 0)
        out[l.name] = l.weights.map((w) => ({ shape: [...w.shape], values: [...w.dataSync()] }));
    }
  };
  walk(model.layers);
  return out;
}

const rows = (n: number, width: number, seed: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: width }, (_, j) => Math.sin(seed + 1.7 * i + 0.9 * j)));

const CASES: Record<string, { model: Model; inputs: number[][][] }> = {
  // rate 0: Keras's fixed-training Dropout would otherwise draw its own masks
  everything: { model: everything('everything', 0), inputs: [rows(5, 2, 1)] },
  two_tower: { model: twoTower(), inputs: [rows(4, 4, 2), rows(4, 3, 3)] },
  functional_nested: { model: functionalNested(), inputs: [rows(3, 6, 4)] },
  functional_merge: { model: functionalMerge(), inputs: [rows(3, 4, 5), rows(3, 3, 6)] },
};

function predictions(model: Model, inputs: number[][][]): number[][][] {
  const xs = inputs.map((x) => tensor(x));
  const out = model.applyToList(xs.length === 1 ? (xs[0] as Tensor) : xs) as Tensor | Tensor[];
  const list = Array.isArray(out) ? out : [out];
  const values = list.map((t) => t.arraySync() as number[][]);
  for (const t of [...xs, ...list]) t.dispose();
  return values;
}

test('Keras loads Dendrite’s functional JSON, predicts the same with its weights, and prints the same summary', async (t) => {
  const dir = await tempDir();
  const input = join(dir, 'models.json');
  const specs = Object.fromEntries(
    Object.entries(CASES).map(([name, c]) => [
      name,
      { json: c.model.toJSON(), weights: leafWeights(c.model), inputs: c.inputs },
    ]),
  );
  writeFileSync(input, JSON.stringify(specs));
  const r = spawnSync(PYTHON, [join(FIXTURES, 'predict_dendrite.py'), input], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 2 ** 20,
    // rich, which draws Keras's summary, cuts lines at the terminal's width
    env: { ...process.env, COLUMNS: '200' },
  });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' || r.status === 3) {
    if (REQUIRED) assert.fail('DENDRITE_REQUIRE_KERAS=1 but Python Keras is not available');
    t.skip('Python Keras is not installed');
    return;
  }
  assert.equal(r.status, 0, `predict_dendrite.py failed (${r.error?.message ?? `status ${r.status}`}):\n${r.stderr}`);
  const results = JSON.parse(r.stdout) as Record<string, KerasResult>;
  for (const [name, c] of Object.entries(CASES)) {
    const keras = results[name] as KerasResult;
    assert.equal(keras.error, undefined, `${name}: Keras refused it: ${keras.error}`);
    assert.deepEqual(
      keras.layers,
      c.model.layers.map((l) => l.name),
      `${name}: Keras's layer order`,
    );
    const ours = predictions(c.model, c.inputs);
    assert.equal(keras.outputs.length, ours.length, `${name}: outputs`);
    ours.forEach((out, k) => {
      out.forEach((row, i) => {
        row.forEach((v, j) => {
          const theirs = keras.outputs[k]?.[i]?.[j] as number;
          // float32 on both sides, summed in different orders
          assert.ok(
            Math.abs(v - theirs) <= 1e-5 + 1e-5 * Math.abs(theirs),
            `${name} output ${k}[${i}][${j}]: ${v} vs ${theirs}`,
          );
        });
      });
    });
    assert.equal(summaryText(c.model, { lineLength: 100 }), keras.summary.trimEnd(), `${name}: summary`);
  }
});
