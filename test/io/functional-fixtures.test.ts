// Keras 3 ↔ Dendrite for functional models: the fixtures in test/fixtures/keras/functional (Keras's
// `model.to_json()`, make_fixtures.py) load with their graph intact, and the same model built in Dendrite writes
// Keras's config: equal to the fixture but for the keys Keras writes for features Dendrite lacks.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Model } from '../../src/index.js';
import { ModelFileError, modelFromJSON } from '../../src/io/index.js';
import { modelFromKeras } from '../../src/io/model-config.js';
import { Adam } from '../../src/optimizers/adam.js';
import { functionalChain, functionalMerge, functionalNested, functionalShared } from './functional-models.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/keras/', import.meta.url));
const versions = JSON.parse(readFileSync(join(FIXTURES, 'versions.json'), 'utf8')) as {
  keras: string;
  functional: string[];
};
// biome-ignore lint/suspicious/noExplicitAny: JSON documents are walked freely
type AnyJson = any;

function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, 'functional', `${name}.json`), 'utf8');
}

/** Keys Keras writes (null) for features Dendrite lacks; reading drops them, so Dendrite never writes them. */
const KERAS_ONLY = new Set(['quantization_config', 'input_axes', 'output_axes']);

/**
 * The fixture as Dendrite writes it: without those keys, without compile_config (compared separately), and with
 * the name of the InputLayer Keras inserts in a nested Sequential (Keras numbers it per session).
 */
function comparable(json: AnyJson): AnyJson {
  const walk = (v: AnyJson): AnyJson => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: AnyJson = {};
    for (const [k, x] of Object.entries(v)) if (!(KERAS_ONLY.has(k) && x === null)) out[k] = walk(x);
    if (out.class_name === 'Sequential' && out.config.layers[0]?.class_name === 'InputLayer') {
      out.config.layers[0].config.name = 'input_layer';
    }
    return out;
  };
  const { compile_config: _ignored, ...rest } = walk(json);
  return rest;
}

const BUILT: Record<string, () => Model> = {
  functional_shared: functionalShared,
  functional_nested: functionalNested,
  functional_chain: functionalChain,
  functional_merge: functionalMerge,
};

describe(`Keras ${versions.keras} functional fixtures ↔ Dendrite`, () => {
  test('versions.json lists every functional fixture', () => {
    const files = readdirSync(join(FIXTURES, 'functional')).map((f) => f.replace(/\.json$/, ''));
    assert.deepEqual(files.sort(), versions.functional.slice().sort());
  });

  for (const name of versions.functional) {
    test(`${name}: Dendrite builds Keras's graph from it, in Keras's layer order, and writes it back the same`, () => {
      const text = fixtureText(name);
      const json = JSON.parse(text);
      const model = modelFromJSON(text);
      assert.equal(model.className, 'Functional');
      assert.equal(model.name, name);
      assert.deepEqual(
        model.layers.map((l) => l.name),
        json.config.layers.map((l: AnyJson) => l.name),
      );
      assert.deepEqual(comparable(JSON.parse(model.toJSON())), comparable(json));
      model.dispose();
    });

    test(`${name}: the same model built in Dendrite writes Keras's config`, () => {
      const model = (BUILT[name] as () => Model)();
      assert.deepEqual(comparable(JSON.parse(model.toJSON())), comparable(JSON.parse(fixtureText(name))));
    });
  }

  test('functional_shared: two calls of the shared layer, the Dropout fixed in training, two outputs; compiled', () => {
    const json = JSON.parse(fixtureText('functional_shared'));
    const model = modelFromKeras(json, { compile: true }, (path, detail) => {
      throw new ModelFileError(null, path, detail);
    });
    const shared = model.getLayer('shared');
    assert.equal(shared.inboundNodes.length, 2);
    assert.deepEqual(
      shared.inboundNodes.map((n) => n.inputs[0]?.history.layer.name),
      ['a', 'b'],
    );
    assert.equal(model.getLayer('drop').inboundNodes[0]?.training, true);
    assert.deepEqual(model.inputNames, ['a', 'b']);
    assert.deepEqual(model.outputNames, ['head_a', 'head_b']);
    assert.equal(model.outputsAreList, true);
    assert.ok(model.optimizer instanceof Adam);
    assert.equal(model.weights.length, 4, 'the shared kernel and bias once, head_a’s twice');
  });

  test('functional_nested: Keras counts the nested functional model’s calls from 1 in output_layers', () => {
    const json = JSON.parse(fixtureText('functional_nested'));
    assert.deepEqual(json.config.output_layers, [
      ['out', 0, 0],
      ['inner_fn', 2, 0],
    ]);
    const inner = json.config.layers.find((l: AnyJson) => l.name === 'inner_fn');
    assert.deepEqual(
      inner.inbound_nodes.map((n: AnyJson) => n.args[0].config.keras_history),
      [
        ['inner_seq', 0, 0],
        ['inner_fn', 0, 0],
      ],
    );
    const model = modelFromJSON(JSON.stringify(json));
    const innerModel = model.getLayer('inner_fn');
    assert.equal(innerModel.inboundNodes.length, 2);
    assert.equal(model.outputs[1], innerModel.inboundNodes[1]?.outputs[0], 'the second output is the second call');
    assert.equal(model.getLayer('inner_seq').className, 'Sequential');
    json.config.output_layers[1] = ['inner_fn', 0, 0];
    assert.throws(() => modelFromJSON(JSON.stringify(json)), {
      name: 'ModelFileError',
      message:
        'Invalid model JSON, $.config.output_layers[1]: node index 0 is out of range: layer "inner_fn" has 2 call(s) in the model',
    });
  });
});
