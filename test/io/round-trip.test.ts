import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DENDRITE_VERSION, FORMAT, FORMAT_VERSION } from '../../src/io/format.js';
import { loadModel, ModelFileError, modelFromJSON, modelToJSON } from '../../src/io/index.js';
import {
  type constraints,
  Input,
  type initializers,
  layers,
  losses,
  Model,
  memory,
  metrics,
  type optimizers,
  type regularizers,
  Sequential,
  setRandomSeed,
  type Tensor,
  tensor,
  ValueError,
} from '../../src/node.js';
import { assertBitwiseEqual, entriesOf, tempDir, valuesOf } from './helpers.js';
import { CONSTRAINTS, INITIALIZERS, LAYERS, OPTIMIZERS, REGULARIZERS } from './samples.js';

const dir = await tempDir();
let files = 0;
const nextPath = () => join(dir, `model-${files++}.dendrite`);

const x4 = tensor([
  [0.5, -1, 2, 0.25],
  [1, 0, -0.5, 3],
  [-2, 1.5, 0.75, -1],
]);
const y1 = tensor([[1], [0], [1]]);

function predictionsOf(model: Sequential, x: Tensor) {
  const p = model.predict(x);
  const v = p.dataSync();
  p.dispose();
  return v;
}

/**
 * The config a model loads back with: an input declared by an InputLayer (which Sequential's config does not
 * list) comes back declared by the first layer, the way the file's InputLayer is read.
 */
function loadedConfigOf(model: Sequential) {
  const config = model.getConfig() as { layers: { className: string; config: Record<string, unknown> }[] };
  const [first, ...rest] = config.layers;
  const declared = model.declaredInputShape;
  if (!first || !declared || first.config.batchInputShape) return config;
  return { ...config, layers: [{ ...first, config: { ...first.config, batchInputShape: declared } }, ...rest] };
}

/** save → loadModel; checks the config, the weights and the predictions on `x`, and returns the copy. */
async function roundTrip(model: Sequential, x: Tensor): Promise<Sequential> {
  const path = nextPath();
  await model.save(path);
  const loaded = (await loadModel(path)) as Sequential;
  assert.deepEqual(loaded.getConfig(), loadedConfigOf(model), 'config');
  assert.deepEqual(loaded.declaredInputShape, model.declaredInputShape, 'declared input');
  assert.equal(loaded.built, model.built, 'built');
  assertBitwiseEqual(valuesOf(loaded), valuesOf(model), 'weights');
  assertBitwiseEqual([predictionsOf(loaded, x)], [predictionsOf(model, x)], 'predictions');
  return loaded;
}

/** Merge layers take a list of inputs: each is saved inside a functional model with two inputs. */
const MERGES = new Set(Object.keys(LAYERS).filter((n) => (LAYERS[n] as () => layers.Layer)() instanceof layers.Merge));

async function mergeRoundTrip(layer: layers.Layer): Promise<void> {
  const a = Input({ shape: [3, 4], name: 'left' });
  const b = Input({ shape: [3, 4], name: 'right' });
  const model = new Model({ inputs: [a, b], outputs: layer.apply([a, b]) });
  const path = nextPath();
  await model.save(path);
  const loaded = await loadModel(path);
  assert.equal(loaded.toJSON(), model.toJSON(), 'config');
  const xs = [0, 1].map((k) =>
    tensor(
      Array.from({ length: 24 }, (_, i) => Math.sin(i + 7 * k)),
      [2, 3, 4],
    ),
  );
  const run = (m: Model) => (m.applyToList(xs) as Tensor).dataSync();
  assertBitwiseEqual([run(loaded)], [run(model)], 'predictions');
}

/** Layers that take inputs of another rank follow Dense(Π shape) and Reshape(shape) instead of Dense(4). */
const SAMPLE_SHAPES: Record<string, number[]> = {
  Permute: [6, 2],
  ZeroPadding1D: [6, 2],
  Cropping1D: [6, 2],
  UpSampling1D: [6, 2],
  SpatialDropout1D: [6, 2],
  ZeroPadding2D: [5, 6, 2],
  Cropping2D: [5, 6, 2],
  UpSampling2D: [5, 6, 2],
  SpatialDropout2D: [5, 6, 2],
  SpatialDropout3D: [2, 3, 2, 2],
};

// Convolution and pooling layers take images [batch, h, w, c] or sequences [batch, steps, c]: the sample shape each is
// fed (after an InputLayer of that shape).
const SPATIAL_INPUTS: Record<string, number[]> = {
  Conv2D: [4, 4, 2],
  Conv1D: [6, 2],
  DepthwiseConv2D: [4, 4, 2],
  SeparableConv2D: [4, 4, 2],
  Conv2DTranspose: [3, 2, 2],
  MaxPooling2D: [4, 4, 2],
  AveragePooling2D: [4, 4, 2],
  MaxPooling1D: [6, 2],
  AveragePooling1D: [6, 2],
  GlobalMaxPooling2D: [4, 4, 2],
  GlobalAveragePooling2D: [4, 4, 2],
  GlobalMaxPooling1D: [6, 2],
  GlobalAveragePooling1D: [6, 2],
};

describe('save → loadModel, layer by layer', () => {
  for (const name of Object.keys(LAYERS)) {
    test(name, async () => {
      setRandomSeed(1);
      const layer = (LAYERS[name] as () => layers.Layer)();
      if (MERGES.has(name)) return mergeRoundTrip(layer);
      const model = new Sequential();
      let x = x4;
      const spatial = SPATIAL_INPUTS[name];
      if (spatial) {
        model.add(new layers.InputLayer({ shape: spatial }));
        model.add(layer);
        const size = 2 * spatial.reduce((p, d) => p * d, 1);
        x = tensor(
          Array.from({ length: size }, (_, i) => Math.sin(i)),
          [2, ...spatial],
        );
      } else if (name === 'Flatten' || name === 'InputLayer') {
        model.add(layer);
        // The sample declares a batch size of 8.
        if (name === 'Flatten')
          x = tensor(
            Array.from({ length: 48 }, (_, i) => i / 10),
            [8, 2, 3],
          );
        model.add(new layers.Dense(2));
      } else if (layer instanceof layers.RecurrentLayer || layer instanceof layers.Bidirectional) {
        // Recurrent layers take sequences: [batch, timesteps, features].
        model.add(new layers.Dense(4, { inputShape: [3, 4] }));
        model.add(layer);
        x = tensor(
          Array.from({ length: 24 }, (_, i) => Math.sin(i)),
          [2, 3, 4],
        );
      } else if (layer.batchInputShape) {
        // A sample that declares its input (an image layer, say) gets data of that shape.
        model.add(layer);
        const [batch, ...sample] = layer.batchInputShape as number[];
        const size = (batch ?? 2) * sample.reduce((p, d) => p * d, 1);
        x = tensor(
          Array.from({ length: size }, (_, i) => 1 + Math.sin(i)),
          [batch ?? 2, ...sample],
        );
      } else {
        const shape = SAMPLE_SHAPES[name];
        if (shape) {
          model.add(
            new layers.Dense(
              shape.reduce((p, d) => p * d, 1),
              { inputDim: 4 },
            ),
          );
          model.add(new layers.Reshape(shape));
        } else model.add(new layers.Dense(4, { inputDim: 4 }));
        model.add(layer);
      }
      await roundTrip(model, x);
    });
  }
});

for (const [kind, option, samples] of [
  ['regularizer', 'kernelRegularizer', REGULARIZERS],
  ['initializer', 'kernelInitializer', INITIALIZERS],
  ['constraint', 'kernelConstraint', CONSTRAINTS],
] as const) {
  describe(`save → loadModel, ${kind} by ${kind} (as a Dense ${option})`, () => {
    for (const name of Object.keys(samples)) {
      test(name, async () => {
        setRandomSeed(2);
        const obj = (
          samples[name] as () => regularizers.Regularizer | initializers.Initializer | constraints.Constraint
        )();
        const model = new Sequential({
          layers: [new layers.Dense({ units: 4, inputDim: 4, [option]: obj }), new layers.Dense(1)],
        });
        const loaded = await roundTrip(model, x4);
        const saved = loaded.getConfig() as { layers: { config: Record<string, { className: string }> }[] };
        assert.equal(saved.layers[0]?.config[option]?.className, obj.className);
      });
    }
  });
}

describe('save → loadModel, optimizer by optimizer (config and state)', () => {
  for (const name of Object.keys(OPTIMIZERS)) {
    test(name, async () => {
      setRandomSeed(3);
      const model = new Sequential({
        layers: [new layers.Dense(3, { inputDim: 4, activation: 'tanh' }), new layers.Dense(1)],
      });
      model.compile({ optimizer: (OPTIMIZERS[name] as () => optimizers.Optimizer)(), loss: 'mse' });
      for (let i = 0; i < 3; i++) model.trainOnBatch(x4, y1);
      const loaded = await roundTrip(model, x4);
      const [a, b] = [model.optimizer as optimizers.Optimizer, loaded.optimizer as optimizers.Optimizer];
      assert.equal(b.className, a.className);
      assert.deepEqual(b.getConfig(), a.getConfig());
      assert.equal(b.iterations, 3);
      const [wa, wb] = [a.getWeights(), b.getWeights()];
      assertBitwiseEqual(
        wb.map((t) => t.dataSync()),
        wa.map((t) => t.dataSync()),
        'optimizer weights',
      );
      for (const t of [...wa, ...wb]) t.dispose();
      // One more step on each: the restored state makes the same update.
      model.trainOnBatch(x4, y1);
      loaded.trainOnBatch(x4, y1);
      assertBitwiseEqual(valuesOf(loaded), valuesOf(model), 'weights after one more step');
    });
  }
});

describe('compile settings and options', () => {
  test('a compiled model loads compiled, with the same optimizer, loss and metrics', async () => {
    setRandomSeed(4);
    const model = new Sequential({ layers: [new layers.Dense(1, { inputDim: 4 })] });
    model.compile({
      optimizer: 'adam',
      loss: new losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }),
      metrics: ['accuracy', 'mse', new metrics.AUC({ numThresholds: 20, name: 'auc20', fromLogits: true })],
    });
    const path = nextPath();
    await model.save(path);
    const loaded = await loadModel(path);
    const [a, b] = [model.compiledState, loaded.compiledState];
    assert.ok(a && b, 'compiled');
    assert.equal(b.loss.className, 'BinaryCrossentropy');
    assert.deepEqual(b.loss.getConfig(), a.loss.getConfig());
    assert.deepEqual(
      b.metrics.map((m) => [m.name, m.metric.className, m.metric.getConfig()]),
      a.metrics.map((m) => [m.name, m.metric.className, m.metric.getConfig()]),
    );
    assert.deepEqual(b.optimizer.getConfig(), a.optimizer.getConfig());
    assert.deepEqual(loaded.evaluate(x4, y1), model.evaluate(x4, y1));
  });

  test('compile: false gives an uncompiled model; includeOptimizer: false a fresh optimizer', async () => {
    const model = new Sequential({ layers: [new layers.Dense(1, { inputDim: 4 })] });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    model.trainOnBatch(x4, y1);
    const path = nextPath();
    await model.save(path);
    assert.equal((await loadModel(path, { compile: false })).isCompiled, false);
    const path2 = nextPath();
    await model.save(path2, { includeOptimizer: false });
    const manifest = JSON.parse(new TextDecoder().decode((await entriesOf(path2)).get('weights.json')));
    assert.equal(manifest.optimizerWeights, undefined);
    const fresh = await loadModel(path2);
    assert.equal(fresh.isCompiled, true);
    assert.equal(fresh.optimizer?.iterations, 0);
  });

  test('the random state (layer streams and shuffleSeed) is restored', async () => {
    const model = new Sequential({
      layers: [new layers.Dense(4, { inputDim: 4 }), new layers.Dropout(0.5), new layers.GaussianNoise(0.1)],
    });
    for (let i = 0; i < 3; i++) model.apply(x4, { training: true }).dispose();
    model.shuffleSeed = 12345;
    const path = nextPath();
    await model.save(path);
    const loaded = await loadModel(path);
    assert.equal(loaded.shuffleSeed, 12345);
    assert.deepEqual(
      loaded.layers.map((l) => l.getRandomState()),
      model.layers.map((l) => l.getRandomState()),
    );
    assert.deepEqual(model.layers[1]?.getRandomState()[0]?.[1], 3, 'the dropout stream had advanced');
    // The next training-mode call draws the same masks.
    assertBitwiseEqual(
      [loaded.apply(x4, { training: true }).dataSync()],
      [model.apply(x4, { training: true }).dataSync()],
    );
  });

  test('an unbuilt model round-trips unbuilt; a float64 model keeps float64 weights', async () => {
    const unbuilt = new Sequential({ layers: [new layers.Dense(2), new layers.Dense(1)] });
    const path = nextPath();
    await unbuilt.save(path);
    const loaded = await loadModel(path);
    assert.equal(loaded.built, false);
    assert.deepEqual(loaded.getConfig(), unbuilt.getConfig());
    assert.equal(JSON.parse(modelToJSON(unbuilt)).build_config, undefined);

    const f64 = new Sequential({ layers: [new layers.Dense(2, { inputDim: 4, dtype: 'float64' })] });
    const copy = await roundTrip(f64, x4);
    assert.deepEqual(
      copy.weights.map((v) => v.dtype),
      ['float64', 'float64'],
    );
  });

  test('modelToJSON → modelFromJSON rebuilds the architecture, built and uncompiled', () => {
    const model = new Sequential({
      layers: [new layers.Dense(3, { inputDim: 4, activation: 'relu' }), new layers.Dropout(0.2)],
    });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const json = modelToJSON(model);
    const top = JSON.parse(json);
    assert.equal(top.module, 'keras');
    assert.equal(top.class_name, 'Sequential');
    assert.deepEqual(top.build_config, { input_shape: [null, 4] });
    assert.equal(top.compile_config.optimizer.class_name, 'Adam');
    assert.equal(top.config.layers[0].class_name, 'InputLayer', 'the declared input, as Keras writes it');
    assert.deepEqual(top.config.layers[0].config.batch_shape, [null, 4]);
    assert.equal(top.config.layers[1].config.use_bias, true);
    assert.equal(top.config.layers[1].config.batch_input_shape, undefined, 'Keras 3 layers take no batch_input_shape');
    const copy = modelFromJSON(json);
    assert.deepEqual(copy.getConfig(), model.getConfig());
    assert.equal(copy.built, true);
    assert.equal(copy.isCompiled, false);
  });

  test('a Keras 3 InputLayer (batch_shape) declares the input', () => {
    const model = modelFromJSON(
      JSON.stringify({
        module: 'keras',
        class_name: 'Sequential',
        config: {
          name: 'seq',
          layers: [
            {
              module: 'keras.layers',
              class_name: 'InputLayer',
              config: { batch_shape: [null, 6], dtype: 'float32', name: 'input_layer' },
              registered_name: null,
            },
            { module: 'keras.layers', class_name: 'Dense', config: { units: 2 }, registered_name: null },
          ],
        },
        registered_name: null,
      }),
    );
    assert.deepEqual(model.inputFeatureShape, [6]);
    assert.deepEqual(
      model.weights.map((w) => w.shape),
      [[6, 2], [2]],
    );
  });

  test('save and load leave no tensor behind', async () => {
    const before = memory().numTensors;
    const model = new Sequential({ layers: [new layers.Dense(3, { inputDim: 4 }), new layers.Dense(1)] });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    model.trainOnBatch(x4, y1);
    const path = nextPath();
    await model.save(path);
    await model.saveWeights(path);
    await model.loadWeights(path);
    await model.save(path);
    const loaded = await loadModel(path);
    loaded.dispose();
    model.dispose();
    assert.equal(memory().numTensors, before);
  });

  test('metadata.json records the format, its version, the Dendrite version and the time', async () => {
    const path = nextPath();
    await new Sequential({ layers: [new layers.Dense(1, { inputDim: 2 })] }).save(path);
    const entries = await entriesOf(path);
    assert.deepEqual([...entries.keys()], ['metadata.json', 'config.json', 'weights.json', 'weights.bin']);
    const metadata = JSON.parse(new TextDecoder().decode(entries.get('metadata.json')));
    assert.equal(metadata.format, FORMAT);
    assert.equal(metadata.formatVersion, FORMAT_VERSION);
    assert.equal(metadata.dendriteVersion, DENDRITE_VERSION);
    assert.ok(Math.abs(Date.parse(metadata.savedAt) - Date.now()) < 60_000);
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8'));
    assert.equal(DENDRITE_VERSION, pkg.version, 'src/io/format.ts follows package.json');
  });
});

describe('saveWeights / loadWeights', () => {
  test('weights (and random state) move between two models of the same architecture', async () => {
    const make = () =>
      new Sequential({
        layers: [new layers.Dense(3, { inputDim: 4 }), new layers.Dropout(0.3), new layers.Dense(2)],
      });
    setRandomSeed(5);
    const a = make();
    a.apply(x4, { training: true }).dispose();
    const b = make();
    const path = nextPath();
    await a.saveWeights(path);
    assert.equal((await entriesOf(path)).has('config.json'), false);
    await b.loadWeights(path);
    assertBitwiseEqual(valuesOf(b), valuesOf(a));
    // A whole-model file serves as a weights file too.
    const c = make();
    const full = nextPath();
    await a.save(full);
    await c.loadWeights(full);
    assertBitwiseEqual(valuesOf(c), valuesOf(a));
    assert.deepEqual(b.layers[1]?.getRandomState()[0]?.[1], 1);
    await assert.rejects(loadModel(path), (e: unknown) => {
      assert.ok(e instanceof ModelFileError);
      assert.match(
        e.message,
        /^Invalid model file ".*model-\d+\.dendrite", config\.json: the entry is missing: this file holds weights only/,
      );
      return true;
    });
  });

  test('a model of another shape is refused before any weight changes', async () => {
    const path = nextPath();
    await new Sequential({ layers: [new layers.Dense(3, { inputDim: 4 })] }).saveWeights(path);
    const other = new Sequential({ layers: [new layers.Dense(5, { inputDim: 4 })] });
    const before = valuesOf(other);
    await assert.rejects(
      other.loadWeights(path),
      /weights\.json: weights for model "sequential(_\d+)?": weight "dense(_\d+)?\/kernel" has shape \[4,3\]; the model's "dense(_\d+)?\/kernel" has \[4,5\]/,
    );
    assertBitwiseEqual(valuesOf(other), before);
    const unbuilt = new Sequential({ layers: [new layers.Dense(3)] });
    await assert.rejects(
      unbuilt.loadWeights(path),
      /expected 0 weights, the file lists 2 \(model ".*" is not built yet\)/,
    );
  });
});

describe('nothing is lost on a failed save', () => {
  test('a model that cannot be saved leaves the previous file as it was', async () => {
    const path = nextPath();
    const good = new Sequential({ layers: [new layers.Dense(2, { inputDim: 4 })] });
    await good.save(path);
    const before = await readFile(path);
    const bad = new Sequential({
      layers: [new layers.Dense(2, { inputDim: 4, activation: (x: Tensor) => x })],
    });
    await assert.rejects(bad.save(path), ValueError);
    assert.deepEqual(await readFile(path), before);
    const compiledWithFunction = new Sequential({ layers: [new layers.Dense(1, { inputDim: 4 })] });
    compiledWithFunction.compile({
      optimizer: 'sgd',
      loss: function myLoss(t: Tensor) {
        return t;
      },
    });
    await assert.rejects(
      compiledWithFunction.save(path),
      /Cannot save the compiled loss: its loss class "LossFunctionWrapper" is not registered/,
    );
    assert.deepEqual(await readFile(path), before);
  });

  test('overwrite: false refuses an existing file; a failed write leaves no temporary file', async () => {
    const path = nextPath();
    const model = new Sequential({ layers: [new layers.Dense(2, { inputDim: 4 })] });
    await model.save(path, { overwrite: false });
    await assert.rejects(model.save(path, { overwrite: false }), /the file exists and `overwrite` is false/);
    await assert.rejects(model.save(join(dir, 'no-such-dir', 'm.dendrite')), {
      name: 'ModelSaveError',
      message: /the folder it would go in does not exist/,
    });
    await assert.rejects(model.save(path, { includeOptimiser: true } as never), /unknown option "includeOptimiser"/);
    await writeFile(join(dir, 'unrelated.txt'), 'x');
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.includes('.tmp-')),
      [],
    );
  });
});
