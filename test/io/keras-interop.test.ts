// Dendrite → Keras 3: what `model.toJSON()` writes loads with Python Keras's `model_from_json`, with the same
// layers and options. One Python process loads every model (test/fixtures/keras/load_dendrite.py). Skipped when
// Python Keras is absent, unless DENDRITE_REQUIRE_KERAS=1 (CI sets it, so the check cannot go missing there).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { modelFromKeras } from '../../src/io/model-config.js';
import {
  constraints,
  initializers,
  layers,
  losses,
  metrics,
  optimizers,
  regularizers,
  Sequential,
  setRandomSeed,
  tensor,
} from '../../src/node.js';
import { tempDir } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/keras/', import.meta.url));
const PYTHON = process.env.DENDRITE_PYTHON ?? 'python3';
const REQUIRED = process.env.DENDRITE_REQUIRE_KERAS === '1';

setRandomSeed(1);

/** The models Dendrite writes, each by its toJSON(). */
function dendriteModels(): Record<string, Sequential> {
  const mlp = new Sequential({ name: 'mlp' });
  mlp.add(
    new layers.Dense({
      units: 4,
      inputShape: [3],
      activation: 'relu',
      kernelRegularizer: regularizers.l1l2({ l1: 0.01, l2: 0.02 }),
      biasRegularizer: regularizers.l2(0.5),
      activityRegularizer: regularizers.l1(0.1),
      kernelConstraint: new constraints.MaxNorm({ maxValue: 3 }),
      biasConstraint: new constraints.NonNeg(),
      kernelInitializer: new initializers.HeNormal({ seed: 1 }),
      name: 'hidden',
    }),
  );
  mlp.add(new layers.Dropout({ rate: 0.3, seed: 5, noiseShape: [null, 1] }));
  mlp.add(
    new layers.Dense({
      units: 2,
      activation: 'softmax',
      kernelRegularizer: new regularizers.OrthogonalRegularizer({ factor: 0.02, mode: 'columns' }),
      kernelConstraint: new constraints.UnitNorm({ axis: 1 }),
      kernelInitializer: new initializers.Orthogonal({ gain: 1.5 }),
    }),
  );
  // SGD's momentum 0 must reach Keras as the float 0.0.
  mlp.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  const noise = new Sequential({ name: 'noise' });
  noise.add(new layers.Flatten({ inputShape: [2, 3] }));
  noise.add(new layers.GaussianNoise({ stddev: 0.2 }));
  noise.add(new layers.GaussianDropout({ rate: 0.2, seed: 4 }));
  noise.add(new layers.AlphaDropout({ rate: 0.1, seed: 9 }));
  noise.add(
    new layers.Dense({
      units: 4,
      kernelInitializer: new initializers.VarianceScaling({ scale: 0.5, mode: 'fanAvg', distribution: 'uniform' }),
      kernelConstraint: new constraints.MinMaxNorm({ minValue: 0.5, maxValue: 2, rate: 0.5 }),
    }),
  );
  noise.add(new layers.ActivityRegularization({ l1: 0.01, l2: 0.02 }));
  noise.add(new layers.Activation({ activation: 'hardSigmoid' }));
  noise.compile({
    optimizer: new optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }),
    loss: new losses.BinaryCrossentropy({ fromLogits: true }),
    metrics: [new metrics.BinaryAccuracy({ threshold: 0.3 }), new metrics.AUC({ numThresholds: 50 })],
  });

  const scheduled = new Sequential({ name: 'scheduled' });
  scheduled.add(
    new layers.Dense({ units: 2, inputDim: 4, biasInitializer: new initializers.Constant({ value: 0.1 }) }),
  );
  scheduled.compile({
    optimizer: new optimizers.RMSprop({
      learningRate: new optimizers.schedules.ExponentialDecay({
        initialLearningRate: 0.1,
        decaySteps: 10,
        decayRate: 0.9,
      }),
    }),
    loss: new losses.Huber({ delta: 2 }),
  });

  // Built by its first call: no declared input, so no InputLayer; Keras builds it from build_input_shape.
  const calledFirst = new Sequential({ name: 'called_first' });
  calledFirst.add(new layers.Dense({ units: 3, activation: 'tanh' }));
  calledFirst.add(new layers.Dense({ units: 1 }));
  calledFirst.predict(tensor([[1, 2]])).dispose();

  const unbuilt = new Sequential({ name: 'unbuilt' });
  unbuilt.add(new layers.Dense({ units: 3 }));

  const float64 = new Sequential({ name: 'float64', dtype: 'float64' });
  float64.add(new layers.Dense({ units: 3, inputShape: [2], dtype: 'float64' }));
  float64.compile({ optimizer: new optimizers.AdamW({ weightDecay: 0.01 }), loss: 'kld', metrics: ['accuracy'] });

  return { mlp, noise, scheduled, calledFirst, unbuilt, float64 };
}

/** Keras fixtures read by Dendrite and written again: Keras must build the very same layers from either. */
const REWRITTEN = ['regularized_mlp', 'noise_layers', 'initializers_and_schedule', 'adagrad_float64'];

interface KerasModel {
  error?: string;
  name: string;
  built: boolean;
  input_shape: (number | null)[] | null;
  layers: { class_name: string; config: Record<string, unknown> }[];
  compiled: boolean;
  optimizer: { class_name: string; config: Record<string, unknown> } | null;
  compile_config: Record<string, unknown> | null;
}

/** Runs load_dendrite.py once over every model; undefined when Python Keras is not installed. */
async function loadInKeras(texts: Record<string, string>): Promise<Record<string, KerasModel> | undefined> {
  const dir = await tempDir();
  const input = join(dir, 'models.json');
  writeFileSync(input, JSON.stringify(texts));
  const r = spawnSync(PYTHON, [join(FIXTURES, 'load_dendrite.py'), input], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 2 ** 20,
  });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' || r.status === 3) return undefined;
  assert.equal(r.status, 0, `load_dendrite.py failed (${r.error?.message ?? `status ${r.status}`}):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const models = dendriteModels();
const texts: Record<string, string> = {};
for (const [name, model] of Object.entries(models)) texts[name] = model.toJSON();
for (const name of REWRITTEN) {
  const original = readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
  texts[`keras:${name}`] = original;
  const viaDendrite = modelFromKeras(JSON.parse(original), { compile: true }, (path, detail) => {
    throw new Error(`${name}: ${path}: ${detail}`);
  });
  texts[`dendrite:${name}`] = viaDendrite.toJSON();
  viaDendrite.dispose();
}
const keras = await loadInKeras(texts);
const skip =
  keras === undefined && !REQUIRED
    ? `Python Keras is not installed (${PYTHON} -c "import keras" fails); set DENDRITE_PYTHON to a Python that has it`
    : false;
if (keras === undefined && REQUIRED) throw new Error(`DENDRITE_REQUIRE_KERAS=1 but ${PYTHON} cannot import keras`);

function loaded(name: string): KerasModel {
  const m = (keras as Record<string, KerasModel>)[name] as KerasModel;
  assert.equal(m.error, undefined, `Keras could not load ${name}: ${m.error}`);
  return m;
}

describe('Dendrite toJSON() → Keras model_from_json', { skip }, () => {
  test('mlp: Dense options, regularizer factors, constraints, Dropout rate, seed and noise shape', () => {
    const m = loaded('mlp');
    assert.equal(m.name, 'mlp');
    assert.deepEqual(m.input_shape, [null, 3]);
    assert.deepEqual(
      m.layers.map((l) => l.class_name),
      ['Dense', 'Dropout', 'Dense'],
    );
    const [hidden, dropout, out] = m.layers.map((l) => l.config) as Record<string, unknown>[];
    assert.equal(hidden?.name, 'hidden');
    assert.equal(hidden?.units, 4);
    assert.equal(hidden?.activation, 'relu');
    const reg = (c: unknown) => (c as { class_name: string; config: unknown } | null) ?? undefined;
    assert.deepEqual(reg(hidden?.kernel_regularizer)?.config, { l1: 0.01, l2: 0.02 });
    assert.equal(reg(hidden?.kernel_regularizer)?.class_name, 'L1L2');
    assert.deepEqual(reg(hidden?.bias_regularizer)?.config, { l2: 0.5 });
    assert.equal(reg(hidden?.activity_regularizer)?.class_name, 'L1');
    assert.deepEqual(reg(hidden?.kernel_constraint)?.config, { max_value: 3, axis: 0 });
    assert.equal(reg(hidden?.bias_constraint)?.class_name, 'NonNeg');
    assert.deepEqual(reg(hidden?.kernel_initializer)?.config, { seed: 1, input_axes: null, output_axes: null });
    assert.equal(dropout?.rate, 0.3);
    assert.equal(dropout?.seed, 5);
    assert.deepEqual(dropout?.noise_shape, [null, 1]);
    assert.equal(reg(out?.kernel_regularizer)?.class_name, 'OrthogonalRegularizer');
    assert.deepEqual(reg(out?.kernel_constraint)?.config, { axis: 1 });
    assert.equal(m.optimizer?.class_name, 'SGD');
    assert.equal(m.optimizer?.config.name, 'sgd');
    // 'accuracy' beside categorical crossentropy resolves to CategoricalAccuracy named 'accuracy', in both.
    assert.deepEqual((m.compile_config?.metrics as { class_name: string; config: unknown }[] | undefined)?.[0], {
      module: 'keras.metrics',
      class_name: 'CategoricalAccuracy',
      config: { name: 'accuracy', dtype: 'float32' },
      registered_name: null,
    });
  });

  test('noise: Flatten, the noise layers, ActivityRegularization, Activation, SGD options, metric objects', () => {
    const m = loaded('noise');
    assert.deepEqual(
      m.layers.map((l) => l.class_name),
      ['Flatten', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Dense', 'ActivityRegularization', 'Activation'],
    );
    assert.deepEqual(m.input_shape, [null, 2, 3]);
    const c = m.layers.map((l) => l.config);
    assert.equal(c[1]?.stddev, 0.2);
    assert.equal(c[1]?.seed, null, 'an unseeded layer writes seed: null, as Keras');
    assert.equal(c[2]?.seed, 4);
    assert.equal(c[3]?.rate, 0.1);
    assert.deepEqual((c[4]?.kernel_constraint as { config: unknown } | undefined)?.config, {
      min_value: 0.5,
      max_value: 2,
      rate: 0.5,
      axis: 0,
    });
    assert.equal(c[5]?.l2, 0.02);
    assert.equal(c[6]?.activation, 'hard_sigmoid');
    assert.deepEqual([m.optimizer?.config.momentum, m.optimizer?.config.nesterov], [0.9, true]);
    const metricClasses = (m.compile_config?.metrics as { class_name: string }[] | undefined)?.map((x) => x.class_name);
    assert.deepEqual(metricClasses, ['BinaryAccuracy', 'AUC']);
  });

  test('scheduled: an ExponentialDecay schedule and a Huber loss', () => {
    const m = loaded('scheduled');
    const lr = m.optimizer?.config.learning_rate as { class_name: string; config: Record<string, unknown> };
    assert.equal(lr.class_name, 'ExponentialDecay');
    assert.equal(lr.config.decay_steps, 10);
    assert.equal((m.compile_config?.loss as { class_name: string } | undefined)?.class_name, 'Huber');
  });

  test('a model built by its first call is built in Keras too; an unbuilt one stays unbuilt', () => {
    assert.deepEqual(loaded('calledFirst').input_shape, [null, 2]);
    assert.equal(loaded('unbuilt').built, false);
    assert.equal(loaded('unbuilt').compiled, false);
  });

  test('float64: the dtype policy reaches the layer', () => {
    const m = loaded('float64');
    assert.deepEqual((m.layers[0]?.config.dtype as { config: unknown } | undefined)?.config, { name: 'float64' });
    assert.equal(m.optimizer?.class_name, 'AdamW');
    assert.equal(m.optimizer?.config.weight_decay, 0.01);
    // An accuracy Dendrite leaves to the data (beside KL divergence) is Keras's string 'accuracy'.
    assert.deepEqual(m.compile_config?.metrics, ['accuracy']);
  });

  for (const name of REWRITTEN) {
    test(`${name}: Keras builds the same layers and optimizer from Keras's JSON and from Dendrite's rewrite`, () => {
      const direct = loaded(`keras:${name}`);
      const rewritten = loaded(`dendrite:${name}`);
      assert.deepEqual(rewritten.layers, direct.layers);
      assert.deepEqual(rewritten.input_shape, direct.input_shape);
      assert.deepEqual(rewritten.optimizer, direct.optimizer);
    });
  }
});
