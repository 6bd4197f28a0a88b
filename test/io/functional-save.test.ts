// Functional models through Dendrite's own files: save → load predicts bit for bit and resumes training exactly;
// toJSON writes Keras's node indices (re-indexed for a layer shared with another model) and keeps the structure
// of inputs and outputs; and every malformed graph in a file is a ModelFileError naming the field at fault.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Input, layers, Model, optimizers, setRandomSeed, type Tensor, tensor } from '../../src/index.js';
import { loadModel, ModelFileError, modelFromJSON, modelToJSON } from '../../src/io/index.js';
import { modelFromKeras } from '../../src/io/model-config.js';
import { moons } from '../fixtures/datasets.js';
import { everything, functionalShared } from './functional-models.js';
import { assertBitwiseEqual, tempDir, valuesOf } from './helpers.js';

const dir = await tempDir();
// biome-ignore lint/suspicious/noExplicitAny: damaged configs are edited freely
type AnyJson = any;

function compiled(seed: number): Model {
  setRandomSeed(seed);
  const model = everything();
  model.compile({
    optimizer: new optimizers.Adam({ learningRate: 0.02 }),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

function predictionsOf(model: Model, x: ReturnType<typeof tensor>): Float32Array {
  const y = model.predict(x) as Tensor;
  const values = y.dataSync() as Float32Array;
  y.dispose();
  return values;
}

describe('functional models: save → load', () => {
  test('the loaded model has the same layers in Keras order, the same config and weights, and predicts bit for bit', async () => {
    const model = compiled(3);
    const x = tensor([
      [0.5, -1],
      [2, 0.25],
      [-0.75, 1.5],
    ]);
    const path = join(dir, 'everything.dendrite');
    await model.save(path);
    setRandomSeed(999); // the restored random state must win over the global stream
    const loaded = await loadModel(path);
    assert.equal(loaded.className, 'Functional');
    // Keras 3.15's model.layers for the same graph.
    assert.deepEqual(
      loaded.layers.map((l) => `${l.name}:${l.className}`),
      [
        'x:InputLayer',
        'shared:Dense',
        'seq:Sequential',
        'drop:Dropout',
        'sum:TestSum',
        'inner:Functional',
        'out:Dense',
      ],
    );
    assert.equal(modelToJSON(loaded), modelToJSON(model), 'the same JSON, compile settings included');
    assertBitwiseEqual(valuesOf(loaded), valuesOf(model), 'weights');
    // Dropout "drop" is fixed in training mode: the masks match only because the random streams were restored.
    assertBitwiseEqual([predictionsOf(loaded, x)], [predictionsOf(model, x)], 'predictions');
    assert.equal(loaded.isCompiled, true);
  });

  test('fit 2 epochs, save, load, fit 2 more = fit 4 epochs, bitwise (weights, losses, optimizer)', async () => {
    const { x, y } = moons(64, 0.2, 5);
    const args = { batchSize: 16, shuffle: true, verbose: 0 as const };
    const straight = compiled(11);
    const full = await straight.fit(x, y, { ...args, epochs: 4 });
    const first = compiled(11);
    await first.fit(x, y, { ...args, epochs: 2 });
    const path = join(dir, 'resume.dendrite');
    await first.save(path);
    setRandomSeed(12345);
    const resumed = await loadModel(path);
    const rest = await resumed.fit(x, y, { ...args, epochs: 4, initialEpoch: 2 });
    assertBitwiseEqual(valuesOf(resumed), valuesOf(straight), 'final weights');
    assert.deepEqual(rest.history.loss, full.history.loss?.slice(2));
    assert.equal(resumed.optimizer?.iterations, straight.optimizer?.iterations);
  });

  test('the random streams of layers inside a nested model are saved too (the test above is not vacuous)', () => {
    const model = everything();
    const seq = model.getLayer('seq');
    // Its own Dropout's stream, reached through the nested model.
    assert.equal(seq.getRandomState().length, 1);
    const states = seq.getRandomState();
    seq.setRandomState([[states[0]?.[0] ?? 0, 42]]);
    assert.deepEqual(model.getLayer('seq').getRandomState()[0]?.[1], 42);
    assert.throws(() => seq.setRandomState([]), {
      name: 'ValueError',
      message: 'Model "seq" has 1 random streams. Received: 0 states',
    });
  });
});

describe('functional models: the JSON', () => {
  test('a layer shared with another model: only its calls in this model, node indices counted among them (as Keras)', () => {
    const shared = new layers.Dense(2, { name: 'shared_across' });
    const a = Input({ shape: [2], name: 'first_in' });
    new Model({ inputs: a, outputs: shared.apply(shared.apply(a)), name: 'first' });
    const b = Input({ shape: [2], name: 'second_in' });
    const c = Input({ shape: [2], name: 'third_in' });
    const h = shared.apply(b);
    const second = new Model({
      inputs: [b, c],
      outputs: [new layers.Dense(1, { name: 'after' }).apply(h), c],
      name: 'second',
    });
    const config = JSON.parse(second.toJSON()).config;
    // What Keras 3.15 writes for the same model (keras/src/models/functional.py get_config re-indexes).
    assert.deepEqual(
      config.layers.map((l: AnyJson) => [l.name, l.inbound_nodes.map((n: AnyJson) => n.args[0].config.keras_history)]),
      [
        ['second_in', []],
        ['shared_across', [['second_in', 0, 0]]],
        ['after', [['shared_across', 0, 0]]],
        ['third_in', []],
      ],
    );
    assert.deepEqual(config.output_layers, [
      ['after', 0, 0],
      ['third_in', 0, 0],
    ]);
    const back = modelFromJSON(second.toJSON());
    assert.deepEqual(back.outputNames, ['after', 'third_in']);
  });

  test('one input and output are written as one triple; a list of one as a list, and loading keeps which', () => {
    const x = Input({ shape: [3], name: 'only' });
    const y = new layers.Dense(1, { name: 'd' }).apply(x);
    const single = JSON.parse(new Model({ inputs: x, outputs: y }).toJSON()).config;
    assert.deepEqual(single.input_layers, ['only', 0, 0]);
    assert.deepEqual(single.output_layers, ['d', 0, 0]);
    const listed = new Model({ inputs: [x], outputs: [y] });
    const json = JSON.parse(listed.toJSON()).config;
    assert.deepEqual(json.input_layers, [['only', 0, 0]]);
    assert.deepEqual(json.output_layers, [['d', 0, 0]]);
    const back = modelFromJSON(listed.toJSON());
    assert.equal(back.inputsAreList, true);
    assert.equal(back.outputsAreList, true);
    assert.equal(modelFromJSON(new Model({ inputs: x, outputs: y }).toJSON()).outputsAreList, false);
  });

  test('a call fixed in training mode keeps its kwargs; a nested model’s call records mask: null, as Keras', () => {
    const config = JSON.parse(everything().toJSON()).config;
    const byName = (n: string) => config.layers.find((l: AnyJson) => l.name === n);
    assert.deepEqual(byName('drop').inbound_nodes[0].kwargs, { training: true });
    assert.deepEqual(byName('seq').inbound_nodes[0].kwargs, { mask: null });
    assert.deepEqual(byName('shared').inbound_nodes[1].kwargs, {});
    assert.equal(Array.isArray(byName('sum').inbound_nodes[0].args[0]), true, 'a merge is called on a list');
    const drop = modelFromJSON(everything().toJSON()).getLayer('drop');
    assert.equal(drop.inboundNodes[0]?.training, true);
  });

  test('a subclassed model (its own call) is refused with ValueError', () => {
    class Custom extends Model {
      override call(inputs: AnyJson): AnyJson {
        return inputs;
      }
    }
    assert.throws(() => new Custom().toJSON(), {
      name: 'ValueError',
      message:
        /^Cannot save model "custom(_\d+)?": only Sequential and functional models \(new Model\(\{ inputs, outputs \}\)\) can be saved; a subclass holds code/,
    });
  });

  test('models nested too deeply for the depth limit are refused when saved', () => {
    let model = functionalShared();
    for (let i = 0; i < 8; i++) {
      const x = Input({ shape: [4], name: `in_${i}_a` });
      const y = Input({ shape: [4], name: `in_${i}_b` });
      model = new Model({ inputs: [x, y], outputs: model.applyToList([x, y]) as AnyJson, name: `level_${i}` });
    }
    assert.throws(() => model.toJSON(), { name: 'ValueError', message: /its models are nested too deeply/ });
  });
});

/** The functional_shared model's JSON, damaged by `edit`, read back: the ModelFileError's message. */
function damaged(edit: (json: AnyJson) => void): string {
  const json = JSON.parse(functionalShared().toJSON());
  edit(json);
  try {
    modelFromJSON(JSON.stringify(json));
  } catch (e) {
    assert.ok(e instanceof ModelFileError, `expected a ModelFileError, got ${e}`);
    return e.message;
  }
  assert.fail('the damaged JSON loaded');
}

const layerAt = (json: AnyJson, name: string) => json.config.layers.find((l: AnyJson) => l.name === name);
const historyOf = (json: AnyJson, name: string, node = 0) => layerAt(json, name).inbound_nodes[node].args[0].config;

describe('functional models: damaged JSON', () => {
  test('keras_history naming a layer not in the model', () => {
    assert.equal(
      damaged((j) => {
        historyOf(j, 'head_a').keras_history = ['nowhere', 0, 0];
      }),
      'Invalid model JSON, $.config.layers[4].inbound_nodes[0].args[0].config.keras_history: layer "head_a" is called on a tensor of layer "nowhere", which is not in the model',
    );
  });

  test('a node index out of range', () => {
    assert.equal(
      damaged((j) => {
        historyOf(j, 'head_a').keras_history = ['shared', 2, 0];
      }),
      'Invalid model JSON, $.config.layers[4].inbound_nodes[0].args[0].config.keras_history: node index 2 is out of range: layer "shared" has 2 call(s) in the model',
    );
  });

  test('a tensor index out of range', () => {
    assert.equal(
      damaged((j) => {
        historyOf(j, 'head_a').keras_history = ['shared', 0, 1];
      }),
      'Invalid model JSON, $.config.layers[4].inbound_nodes[0].args[0].config.keras_history: tensor index 1 is out of range: call 0 of layer "shared" has 1 output(s)',
    );
  });

  test('a cycle: calls that wait on each other', () => {
    assert.match(
      damaged((j) => {
        historyOf(j, 'shared', 0).keras_history = ['head_a', 0, 0];
      }),
      /^Invalid model JSON, \$\.config\.layers\[2\]\.inbound_nodes\[0\]: the calls cannot be ordered: layer "shared" waits on call 0 of layer "head_a", which waits in turn on it \(the graph has a cycle\)\. Layers left: shared, drop, head_a, head_b$/,
    );
  });

  test('input_layers naming a layer that is not an InputLayer, or no layer', () => {
    assert.equal(
      damaged((j) => {
        j.config.input_layers[1] = ['shared', 0, 0];
      }),
      'Invalid model JSON, $.config.input_layers[1]: names layer "shared", a Dense: a model\'s inputs are InputLayers',
    );
    assert.equal(
      damaged((j) => {
        j.config.output_layers[0] = ['gone', 0, 0];
      }),
      'Invalid model JSON, $.config.output_layers[0]: names layer "gone", which is not in the model',
    );
    assert.equal(
      damaged((j) => {
        j.config.output_layers = 'head_a';
      }),
      'Invalid model JSON, $.config.output_layers: expected [layer name, node index, tensor index] or a non-empty list of them. Received: "head_a"',
    );
  });

  test('an output that cannot be computed from the inputs (graph disconnected)', () => {
    assert.match(
      damaged((j) => {
        j.config.input_layers = [j.config.input_layers[0]];
      }),
      /^Invalid model JSON, \$\.config: Model "functional_shared": graph disconnected: cannot obtain a value for tensor b\/0\/0/,
    );
  });

  test('two layers of one name, and an entry name that is not its config.name', () => {
    assert.equal(
      damaged((j) => {
        layerAt(j, 'head_b').config.name = 'head_a';
      }),
      'Invalid model JSON, $.config.layers[5].name: the name "head_a" is used by config.layers[4] too',
    );
    assert.equal(
      damaged((j) => {
        layerAt(j, 'head_b').name = 'other';
      }),
      'Invalid model JSON, $.config.layers[5].name: expected "head_b" (the layer\'s config.name). Received: "other"',
    );
  });

  test('call arguments Dendrite has no counterpart for, and Keras 2’s list form of a node', () => {
    assert.equal(
      damaged((j) => {
        layerAt(j, 'drop').inbound_nodes[0].kwargs.noise = 1;
      }),
      'Invalid model JSON, $.config.layers[3].inbound_nodes[0].kwargs.noise: layer "drop" is called with an argument Dendrite has no counterpart for',
    );
    assert.equal(
      damaged((j) => {
        layerAt(j, 'head_a').inbound_nodes[0] = [['shared', 0, 0, {}]];
      }),
      'Invalid model JSON, $.config.layers[4].inbound_nodes[0]: expected a call { args, kwargs } of layer "head_a" (Keras 3\'s format; Keras 2\'s lists are not read). Received: [["shared",0,0,{}]]',
    );
    assert.equal(
      damaged((j) => {
        layerAt(j, 'a').inbound_nodes = layerAt(j, 'shared').inbound_nodes;
      }),
      'Invalid model JSON, $.config.layers[0].inbound_nodes: an InputLayer is not called on anything: expected []. Received 2 calls',
    );
  });

  test('a layer class the registry does not know, and a wrong module', () => {
    assert.match(
      damaged((j) => {
        layerAt(j, 'head_b').class_name = 'Lambda';
      }),
      /^Invalid model JSON, \$\.config\.layers\[5\]\.class_name: unknown layer class "Lambda"\. Expected one of /,
    );
    assert.equal(
      damaged((j) => {
        j.module = 'my.evil.module';
      }),
      'Invalid model JSON, $.module: expected "keras.src.models.functional" here. Received: "my.evil.module"',
    );
  });

  test('a Dense whose kernel passes the size limit is refused before anything is allocated', () => {
    const json = JSON.parse(functionalShared().toJSON());
    layerAt(json, 'head_a').config.units = 2 ** 30;
    assert.throws(
      () =>
        modelFromKeras(json, { compile: false }, (path, detail) => {
          throw new ModelFileError(null, path, detail);
        }),
      {
        name: 'ModelFileError',
        message:
          'Invalid model JSON, $.config.layers[4].inbound_nodes[0]: layer "head_a" would need a 3×1073741824 kernel (3221225472 values); at most 2^31 are allowed',
      },
    );
    layerAt(json, 'head_a').config.units = 2 ** 21;
    assert.throws(
      () =>
        modelFromKeras(json, { compile: false, availableElements: 23 }, (path, detail) => {
          throw new ModelFileError(null, path, detail);
        }),
      { message: /layer "head_a" brings the weights to at least 8388623 values but weights.json lists only 23$/ },
    );
  });
});
