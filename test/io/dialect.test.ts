import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { constraintRegistry } from '../../src/constraints/get.js';
import type { ClassRegistry } from '../../src/core/config.js';
import { initializerRegistry } from '../../src/initializers/get.js';
import { fromKeras, fromSnakeCase, type Json, toKeras, toSnakeCase } from '../../src/io/dialect.js';
import { layerRegistry } from '../../src/layers/registry.js';
import { lossRegistry } from '../../src/losses/get.js';
import { metricRegistry } from '../../src/metrics/get.js';
import { type ConfigDict, layers, type Serializable, type SerializedObject, type Tensor } from '../../src/node.js';
import { optimizerRegistry } from '../../src/optimizers/get.js';
import { scheduleRegistry } from '../../src/optimizers/schedules.js';
import { regularizerRegistry } from '../../src/regularizers/get.js';
import {
  CONSTRAINTS,
  INITIALIZERS,
  LAYERS,
  LOSSES,
  METRICS,
  OPTIMIZERS,
  REGULARIZERS,
  type Samples,
  SCHEDULES,
} from './samples.js';

const fail = (path: string, detail: string): never => {
  throw new Error(`${path}: ${detail}`);
};

/** Every key of every config in a Keras-dialect tree, recursively. */
function keysOf(value: Json, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysOf(v, out);
    }
  }
  return out;
}

const KINDS: [string, string, ClassRegistry<Serializable>, Samples][] = [
  ['layers', 'keras.layers', layerRegistry, LAYERS],
  ['regularizers', 'keras.regularizers', regularizerRegistry, REGULARIZERS],
  ['initializers', 'keras.initializers', initializerRegistry, INITIALIZERS],
  ['constraints', 'keras.constraints', constraintRegistry, CONSTRAINTS],
  ['optimizers', 'keras.optimizers', optimizerRegistry, OPTIMIZERS],
  ['learning rate schedules', 'keras.optimizers.schedules', scheduleRegistry, SCHEDULES],
  ['losses', 'keras.losses', lossRegistry, LOSSES],
  ['metrics', 'keras.metrics', metricRegistry, METRICS],
];

for (const [kind, module, registry, samples] of KINDS) {
  describe(`getConfig() → Keras dialect → ${module} registry: ${kind}`, () => {
    test('every registered class has a sample here', () => {
      assert.deepEqual(Object.keys(samples).sort(), registry.names().sort());
    });

    for (const name of Object.keys(samples)) {
      test(name, () => {
        const original = (samples[name] as () => Serializable)();
        const serialized: SerializedObject = { className: original.className, config: original.getConfig() };
        const keras = JSON.parse(JSON.stringify(toKeras(serialized, module, name))) as Json & Record<string, Json>;
        assert.equal(keras.module, module);
        assert.equal(keras.class_name, original.className);
        assert.equal(keras.registered_name, null);
        for (const key of keysOf(keras)) assert.match(key, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, `key ${key} is snake_case`);
        const back = fromKeras(keras, module, '$', fail);
        assert.deepEqual(back, serialized, 'the dialect round trip restores the camelCase config exactly');
        // Aliases (OrthogonalInitializer, IdentityInitializer) load under their own name too.
        const viaName = registry.deserialize({ className: name, config: back.config });
        const rebuilt = registry.deserialize(back);
        assert.equal(rebuilt.className, original.className);
        assert.deepEqual(rebuilt.getConfig(), original.getConfig());
        assert.deepEqual(viaName.getConfig(), original.getConfig());
      });
    }
  });
}

describe('Keras spellings', () => {
  test('keys follow Keras: use_bias, batch_input_shape, beta_1, clipnorm, global_clipnorm', () => {
    const cases: [string, string][] = [
      ['useBias', 'use_bias'],
      ['batchInputShape', 'batch_input_shape'],
      ['kernelInitializer', 'kernel_initializer'],
      ['beta1', 'beta_1'],
      ['beta2', 'beta_2'],
      ['clipNorm', 'clipnorm'],
      ['clipValue', 'clipvalue'],
      ['globalClipNorm', 'global_clipnorm'],
      ['l1', 'l1'],
      ['initialAccumulatorValue', 'initial_accumulator_value'],
    ];
    for (const [camel, snake] of cases) {
      assert.equal(toSnakeCase(camel), snake);
      assert.equal(fromSnakeCase(snake), camel);
    }
  });

  test('enumerated values are written in snake_case: leaky_relu, fan_out, untruncated_normal', () => {
    const dense = LAYERS.Dense?.() as Serializable;
    const keras = toKeras({ className: 'Dense', config: dense.getConfig() }, 'keras.layers', 'dense');
    assert.equal(keras.config.activation, 'leaky_relu');
    const init = keras.config.kernel_initializer as { config: ConfigDict };
    assert.equal(init.config.mode, 'fan_out');
    const vs = INITIALIZERS.VarianceScaling?.() as Serializable;
    const k2 = toKeras({ className: 'VarianceScaling', config: vs.getConfig() }, 'keras.initializers', 'vs');
    assert.equal(k2.config.distribution, 'untruncated_normal');
  });

  test('a function where a class belongs cannot be saved, and says so', () => {
    const dense = new layers.Dense({
      units: 2,
      activation: function myActivation(x: Tensor) {
        return x;
      },
    });
    assert.throws(
      () => toKeras({ className: 'Dense', config: dense.getConfig() }, 'keras.layers', 'layer "d"'),
      /Cannot save layer "d"\.activation: the activation "myActivation" is a function.*saveWeights/,
    );
    const reg = new layers.Dense({
      units: 2,
      kernelRegularizer: function myPenalty(x: Tensor) {
        return x;
      } as never,
    });
    assert.throws(
      () => toKeras({ className: 'Dense', config: reg.getConfig() }, 'keras.layers', 'layer "d"'),
      /Cannot save layer "d"\.kernelRegularizer: its regularizer class "myPenalty" is not registered \(registered: L1, L2/,
    );
  });
});
