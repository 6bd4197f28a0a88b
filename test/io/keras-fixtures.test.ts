// Keras 3 → Dendrite: every model in test/fixtures/keras (written by real Keras's `model.to_json()`, see
// make_fixtures.py there) loads, with its options intact, and the keys Keras writes for features Dendrite lacks
// are accepted only at their "off" value.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ModelFileError, modelFromJSON } from '../../src/io/index.js';
import { sequentialFromKeras } from '../../src/io/model-config.js';
import { type ConfigDict, type layers, type Sequential, setRandomSeed } from '../../src/node.js';

// build/test/io → the sources' fixtures (tsc does not copy JSON).
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/keras/', import.meta.url));
const versions = JSON.parse(readFileSync(join(FIXTURES, 'versions.json'), 'utf8')) as {
  keras: string;
  models: string[];
};

type KerasJson = Record<string, unknown> & { config: Record<string, unknown> & { layers: Record<string, unknown>[] } };

setRandomSeed(1);

function fixture(name: string): KerasJson {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

/** The fixture rebuilt and compiled from its compile_config, as loadModel does. */
function load(json: unknown): Sequential {
  return sequentialFromKeras(json, { compile: true }, (path, detail) => {
    throw new ModelFileError(null, path, detail);
  });
}

function configOf(model: Sequential, i: number): ConfigDict {
  return (model.layers[i] as layers.Layer).getConfig();
}

describe(`Keras ${versions.keras} fixtures → Dendrite`, () => {
  test('versions.json lists every fixture file', () => {
    const files = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json') && f !== 'versions.json')
      .map((f) => f.replace(/\.json$/, ''));
    assert.deepEqual(files.sort(), versions.models.slice().sort());
  });

  for (const name of versions.models) {
    test(`${name}: modelFromJSON reads it, and loading compiles it`, () => {
      const text = readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
      const json = JSON.parse(text) as KerasJson;
      const plain = modelFromJSON(text);
      assert.equal(plain.name, name);
      assert.equal(plain.isCompiled, false);
      const model = load(json);
      // Keras's list holds the InputLayer too; Dendrite's holds the layers that compute.
      const kerasLayers = json.config.layers.filter((l) => l.class_name !== 'InputLayer');
      assert.deepEqual(
        model.layers.map((l) => l.className),
        kerasLayers.map((l) => l.class_name),
      );
      assert.equal(model.isCompiled, name !== 'unbuilt_uncompiled');
      plain.dispose();
      model.dispose();
    });
  }

  test('regularized_mlp: regularizers, constraints, initializers, Dropout seed and noise shape, Adam', () => {
    const model = load(fixture('regularized_mlp'));
    assert.deepEqual(model.declaredInputShape, [null, 5]);
    assert.deepEqual(model.builtInputShape, [null, 5]);
    const hidden = configOf(model, 0);
    assert.equal(hidden.name, 'hidden');
    assert.equal(hidden.units, 8);
    assert.equal(hidden.activation, 'relu');
    assert.equal(hidden.dtype, 'float32', 'the DTypePolicy read as its dtype');
    assert.deepEqual(hidden.batchInputShape, [null, 5], 'the InputLayer declares the first layer’s input');
    assert.deepEqual(hidden.kernelRegularizer, { className: 'L1L2', config: { l1: 0.01, l2: 0.02 } });
    assert.deepEqual(hidden.biasRegularizer, { className: 'L2', config: { l2: 0.5 } });
    // Keras's L1 and OrthogonalRegularizer keep their factor as float32 (L1L2 and L2 do not).
    assert.deepEqual(hidden.activityRegularizer, { className: 'L1', config: { l1: 0.10000000149011612 } });
    assert.deepEqual(hidden.kernelConstraint, { className: 'MaxNorm', config: { maxValue: 3, axis: 0 } });
    assert.deepEqual(hidden.biasConstraint, { className: 'NonNeg', config: {} });
    assert.deepEqual(hidden.kernelInitializer, { className: 'HeNormal', config: { seed: 1 } });
    assert.deepEqual(hidden.biasInitializer, { className: 'Constant', config: { value: 0.1 } });
    const dropout = configOf(model, 1);
    assert.equal(dropout.rate, 0.3);
    assert.equal(dropout.seed, 5);
    assert.deepEqual(dropout.noiseShape, [null, 1]);
    const out = configOf(model, 2);
    assert.deepEqual(out.kernelRegularizer, {
      className: 'OrthogonalRegularizer',
      config: { factor: 0.019999999552965164, mode: 'columns' },
    });
    assert.deepEqual(out.kernelConstraint, { className: 'UnitNorm', config: { axis: 1 } });
    assert.deepEqual(out.kernelInitializer, { className: 'Orthogonal', config: { gain: 1.5, seed: 2 } });
    const optimizer = model.optimizer?.getConfig() as ConfigDict;
    assert.equal(model.optimizer?.className, 'Adam');
    assert.equal(optimizer.beta1, 0.8);
    assert.equal(optimizer.amsgrad, true);
    assert.equal(optimizer.clipNorm, 1);
    assert.equal(optimizer.learningRate, 0.0020000000949949026, 'Keras writes the float32 value');
    assert.equal(model.compiledState?.loss.className, 'CategoricalCrossentropy');
    assert.deepEqual(
      model.compiledState?.metrics.map((m) => [m.name, m.metric.className]),
      [['accuracy', 'CategoricalAccuracy']],
    );
    model.dispose();
  });

  test('noise_layers: Flatten, the noise layers, ActivityRegularization, Activation; SGD; loss and metric objects', () => {
    const model = load(fixture('noise_layers'));
    assert.deepEqual(model.declaredInputShape, [null, 2, 3]);
    assert.deepEqual(configOf(model, 1), {
      name: 'gaussian_noise',
      trainable: true,
      dtype: 'float32',
      stddev: 0.2,
      seed: 3,
    });
    assert.equal(configOf(model, 2).seed, 4);
    assert.deepEqual(configOf(model, 3).noiseShape, [null, 6]);
    const dense = configOf(model, 4);
    assert.deepEqual(dense.kernelInitializer, {
      className: 'VarianceScaling',
      config: { scale: 0.5, mode: 'fanAvg', distribution: 'untruncatedNormal', seed: 7 },
    });
    assert.deepEqual(dense.kernelConstraint, {
      className: 'MinMaxNorm',
      config: { minValue: 0.5, maxValue: 2, rate: 0.5, axis: 0 },
    });
    assert.deepEqual(dense.kernelRegularizer, { className: 'L2', config: { l2: 0.01 } }, "Keras's 'l2'");
    assert.equal(configOf(model, 5).l1, 0.01);
    assert.equal(configOf(model, 6).activation, 'hardSigmoid');
    assert.deepEqual(model.optimizer?.getConfig().momentum, 0.9);
    assert.deepEqual(model.optimizer?.getConfig().nesterov, true);
    assert.deepEqual(model.optimizer?.getConfig().clipValue, 0.5);
    assert.deepEqual(model.compiledState?.loss.getConfig(), {
      name: 'binary_crossentropy',
      reduction: 'sum_over_batch_size',
      fromLogits: true,
      labelSmoothing: 0.1,
      axis: -1,
    });
    assert.deepEqual(
      model.compiledState?.metrics.map((m) => m.metric.className),
      ['BinaryAccuracy', 'Precision', 'Recall', 'AUC'],
    );
    assert.equal(model.compiledState?.metrics[3]?.metric.getConfig().curve, 'PR');
    model.dispose();
  });

  test('schedules: ExponentialDecay, PiecewiseConstantDecay and InverseTimeDecay (their Keras `name` dropped)', () => {
    const a = load(fixture('initializers_and_schedule'));
    assert.deepEqual(a.optimizer?.getConfig().learningRate, {
      className: 'ExponentialDecay',
      config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9, staircase: true },
    });
    const b = load(fixture('adamw_sparse'));
    assert.equal(b.optimizer?.className, 'AdamW');
    assert.equal(b.optimizer?.getConfig().globalClipNorm, 2);
    assert.deepEqual(
      (b.optimizer?.getConfig().learningRate as { className: string } | undefined)?.className,
      'PiecewiseConstantDecay',
    );
    const c = load(fixture('adagrad_float64'));
    assert.equal(
      (c.optimizer?.getConfig().learningRate as { className: string } | undefined)?.className,
      'InverseTimeDecay',
    );
    for (const m of [a, b, c]) m.dispose();
  });

  test('adagrad_float64: the model’s and the layers’ float64 dtype policies; no metrics', () => {
    const model = load(fixture('adagrad_float64'));
    assert.equal(model.dtype, 'float64');
    assert.equal(model.layers[0]?.dtype, 'float64');
    assert.equal(model.weights[0]?.dtype, 'float64');
    assert.deepEqual(model.compiledState?.metrics, []);
    model.dispose();
  });

  test('unbuilt_uncompiled: no build_config, `compile_config: {}`', () => {
    const json = fixture('unbuilt_uncompiled');
    assert.deepEqual(json.compile_config, {});
    const model = load(json);
    assert.equal(model.built, false);
    assert.equal(model.isCompiled, false);
    model.dispose();
  });
});

describe('Keras-only keys: accepted at their "off" value, refused otherwise with the key named', () => {
  const base = () => fixture('regularized_mlp');
  const refuses = (edit: (j: KerasJson) => void, message: RegExp) => {
    const json = base();
    edit(json);
    assert.throws(
      () => load(json),
      (e: unknown) => e instanceof ModelFileError && message.test(e.message),
    );
  };
  const dense = (j: KerasJson) => (j.config.layers[1] as { config: Record<string, unknown> }).config;
  const optimizer = (j: KerasJson) =>
    ((j.compile_config as Record<string, unknown>).optimizer as { config: Record<string, unknown> }).config;

  test('an EMA optimizer, a quantized Dense, fan axes, a sparse input', () => {
    refuses((j) => {
      optimizer(j).use_ema = true;
    }, /\$\.compile_config\.optimizer\.config\.use_ema: Dendrite's Adam has no `use_ema` option; it loads only with use_ema=false \(the Keras default\)\. Received: use_ema=true$/);
    refuses((j) => {
      optimizer(j).gradient_accumulation_steps = 4;
    }, /optimizer\.config\.gradient_accumulation_steps: Dendrite's Adam has no `gradient_accumulation_steps` option; it loads only with gradient_accumulation_steps=null/);
    refuses((j) => {
      dense(j).quantization_config = { mode: 'int8' };
    }, /\$\.config\.layers\[1\]\.config\.quantization_config: Dendrite's Dense has no `quantization_config` option; it loads only with quantization_config=null/);
    refuses((j) => {
      (dense(j).kernel_initializer as { config: Record<string, unknown> }).config.input_axes = [0];
    }, /\$\.config\.layers\[1\]\.config\.kernel_initializer\.config\.input_axes: Dendrite's HeNormal has no `input_axes` option/);
    refuses((j) => {
      (j.config.layers[0] as { config: Record<string, unknown> }).config.sparse = true;
    }, /\$\.config\.layers\[0\]\.config\.sparse: Dendrite's InputLayer has no `sparse` option; it loads only with sparse=false or null/);
  });

  test('dtype policies: DTypePolicy and FloatDTypePolicy read; a mixed policy is the layer’s error', () => {
    const json = base();
    (dense(json).dtype as { class_name: string }).class_name = 'FloatDTypePolicy';
    load(json).dispose();
    refuses((j) => {
      (dense(j).dtype as { config: { name: string } }).config.name = 'mixed_float16';
    }, /\$\.config\.layers\[1\]: cannot create the layer: Invalid value received for argument `dtype` of Dense\. Expected 'float32' or 'float64'\. Received: dtype="mixed_float16"/);
    refuses((j) => {
      (dense(j).dtype as { class_name: string }).class_name = 'QuantizedDTypePolicy';
    }, /\$\.config\.layers\[1\]\.config\.dtype\.class_name: expected "DTypePolicy" here\. Received: "QuantizedDTypePolicy"/);
    refuses((j) => {
      (j.config.dtype as { module: string }).module = 'os';
    }, /\$\.config\.dtype\.module: expected "keras" here\. Received: "os"/);
  });

  test('compile_config: loss weights and weighted metrics would change the loss; execution keys are type-checked', () => {
    refuses((j) => {
      (j.compile_config as Record<string, unknown>).loss_weights = [2];
    }, /\$\.compile_config\.loss_weights: expected null \(a single-output model has one loss\)\. Received: \[2\]/);
    refuses((j) => {
      (j.compile_config as Record<string, unknown>).weighted_metrics = ['mae'];
    }, /\$\.compile_config\.weighted_metrics: expected null or \[\] \(Dendrite has no sample-weighted metrics\)/);
    refuses((j) => {
      (j.compile_config as Record<string, unknown>).steps_per_execution = 0;
    }, /\$\.compile_config\.steps_per_execution: expected a positive integer\. Received: 0/);
  });

  test('a layer build_config and the model’s build_input_shape are checked', () => {
    refuses((j) => {
      (j.config.layers[1] as Record<string, unknown>).build_config = { input_shape: [null, -5] };
    }, /\$\.config\.layers\[1\]\.build_config\.input_shape: expected an array of positive integers or null/);
    refuses((j) => {
      (j.config.layers[1] as Record<string, unknown>).build_config = { shapes_dict: {} };
    }, /\$\.config\.layers\[1\]\.build_config\.shapes_dict: unexpected key/);
    refuses((j) => {
      (j.config as Record<string, unknown>).build_input_shape = 'big';
    }, /\$\.config\.build_input_shape: expected an array of positive integers or null/);
    refuses((j) => {
      (j.config.layers[0] as { config: Record<string, unknown> }).config.batch_shape = [null, 0];
    }, /\$\.config\.layers\[0\]\.config\.batch_shape: expected an array of positive integers or null/);
  });
});

describe('toJSON() writes Keras 3’s dialect (checked here without Python)', () => {
  test('InputLayer, dtype policies, build_config, trainable, metrics null, floats as floats', async () => {
    const { layers: L, Sequential: Seq } = await import('../../src/node.js');
    const model = new Seq({ name: 'm' });
    model.add(new L.Dense({ units: 2, inputShape: [3], name: 'd' }));
    model.add(new L.Dropout({ rate: 1 }));
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const text = model.toJSON();
    const json = JSON.parse(text);
    assert.deepEqual(json.config.layers[0], {
      module: 'keras.layers',
      class_name: 'InputLayer',
      config: {
        batch_shape: [null, 3],
        dtype: 'float32',
        sparse: false,
        ragged: false,
        name: 'input_layer',
        optional: false,
      },
      registered_name: null,
    });
    const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
    assert.deepEqual(json.config.dtype, policy);
    assert.equal(json.config.trainable, true);
    assert.deepEqual(json.config.build_input_shape, [null, 3]);
    assert.deepEqual(json.config.layers[1].config.dtype, policy);
    assert.equal(json.config.layers[1].config.batch_input_shape, undefined);
    assert.deepEqual(json.config.layers[1].build_config, { input_shape: [null, 3] });
    assert.deepEqual(json.config.layers[2].build_config, { input_shape: [null, 2] });
    assert.equal(json.config.layers[2].config.seed, null);
    assert.deepEqual(json.build_config, { input_shape: [null, 3] });
    assert.equal(json.compile_config.metrics, null);
    assert.equal(json.compile_config.loss_weights, null);
    assert.equal(json.compile_config.optimizer.config.name, 'sgd');
    assert.match(text, /"momentum":0\.0,/, 'Keras’s SGD refuses the integer 0');
    assert.match(text, /"rate":1\.0,/);
    model.dispose();
  });
});
