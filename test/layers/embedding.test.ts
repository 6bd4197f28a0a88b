// Embedding beyond the Keras fixture: its config (Keras's keys and defaults), the integer inputs (int32, floats
// holding integers), out-of-range indices, the table's regularizer and constraint, maskZero, and the harness.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  constraints,
  Input,
  layers,
  memory,
  mul,
  regularizers,
  square,
  sub,
  sum,
  type Tensor,
  tensor,
  tidy,
  ValueError,
  type Variable,
  variableGrads,
} from '../../src/index.js';
import { RandomUniform } from '../../src/initializers/random.js';
import { layerRegistry } from '../../src/layers/registry.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

const TABLE = [
  [0, 0.5],
  [1, 1.5],
  [2, 2.5],
  [3, 3.5],
];

function withTable(args: Partial<ConstructorParameters<typeof layers.Embedding>[0]> = {}) {
  const layer = new layers.Embedding({ inputDim: 4, outputDim: 2, ...args });
  layer.build([null]);
  tidy(() => layer.setWeights([tensor(TABLE)]));
  return layer;
}

test('getConfig has Keras keys and defaults (uniform(-0.05, 0.05), no penalty, maskZero false) and round-trips', () => {
  const layer = new layers.Embedding({ inputDim: 10, outputDim: 3, name: 'emb' });
  const config = layer.getConfig();
  assert.deepEqual(config, {
    name: 'emb',
    trainable: true,
    dtype: 'float32',
    inputDim: 10,
    outputDim: 3,
    embeddingsInitializer: { className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } },
    embeddingsRegularizer: null,
    embeddingsConstraint: null,
    maskZero: false,
  });
  const again = layerRegistry.deserialize({ className: 'Embedding', config });
  assert.deepEqual(again.getConfig(), config);
  assert.equal(layers.Embedding.className, 'Embedding');
  // inputDim is the vocabulary, never the base's input-shape shorthand.
  assert.equal(layer.batchInputShape, undefined);
  const full = new layers.Embedding({
    inputDim: 5,
    outputDim: 2,
    embeddingsInitializer: new RandomUniform({ minval: -1, maxval: 1, seed: 3 }),
    embeddingsRegularizer: new regularizers.L2(0.1),
    embeddingsConstraint: new constraints.NonNeg(),
    activityRegularizer: new regularizers.L1(0.01),
    maskZero: true,
    inputShape: [7],
  });
  const c2 = full.getConfig();
  assert.equal(c2.maskZero, true);
  assert.deepEqual(c2.batchInputShape, [null, 7]);
  assert.deepEqual(layerRegistry.deserialize({ className: 'Embedding', config: c2 }).getConfig(), c2);
});

test('errors: inputDim and outputDim positive integers, maskZero a boolean, unknown options', () => {
  assert.throws(
    () => new layers.Embedding({ inputDim: 0, outputDim: 2 }),
    new ValueError(
      'Invalid value received for argument `inputDim` of Embedding. Expected a positive integer. Received: inputDim=0',
    ),
  );
  assert.throws(
    () => new layers.Embedding({ inputDim: 3, outputDim: 2.5 }),
    new ValueError(
      'Invalid value received for argument `outputDim` of Embedding. Expected a positive integer. Received: outputDim=2.5',
    ),
  );
  assert.throws(
    () => new layers.Embedding({ inputDim: 3, outputDim: 2, maskZero: 1 as never }),
    new ValueError(
      'Invalid value received for argument `maskZero` of Embedding. Expected a boolean (true or false). Received: maskZero=1',
    ),
  );
  assert.throws(
    () => new layers.Embedding({ inputDim: 3, outputDim: 2, inputLength: 5 } as never),
    /Embedding: unknown option `inputLength`/,
  );
});

describeEachBackend('Embedding', () => {
  test('looks rows up for int32 indices of any rank; the output takes the layer dtype', () => {
    tidy(() => {
      const layer = withTable();
      const y = layer.apply(
        tensor(
          [
            [3, 0],
            [1, 1],
          ],
          [2, 2],
          'int32',
        ),
      );
      assert.deepEqual(y.shape, [2, 2, 2]);
      assert.equal(y.dtype, 'float32');
      assertExact(y, [3, 3.5, 0, 0.5, 1, 1.5, 1, 1.5]);
      assertExact(layer.apply(tensor([2], [1], 'int32')), [2, 2.5]);
      layer.dispose();
    });
  });

  test('float inputs holding integers are cast to int32 (a Sequential model feeds float32)', () => {
    tidy(() => {
      const layer = withTable();
      assertExact(layer.apply(tensor([[2, 3]])), [2, 2.5, 3, 3.5]);
      // Truncation toward zero, as Keras's cast: 2.7 → 2.
      assertExact(layer.apply(tensor([[2.7]])), [2, 2.5]);
      layer.dispose();
    });
  });

  test('an index outside [0, inputDim) is a ValueError naming the index and its position', () => {
    tidy(() => {
      const layer = withTable();
      assert.throws(
        () =>
          layer.apply(
            tensor(
              [
                [0, 1],
                [4, 2],
              ],
              [2, 2],
              'int32',
            ),
          ),
        new ValueError(
          'gather: `indices` out of range. Expected values in [0, 4) for axis 0 of size 4. Received: 4 at position 2',
        ),
      );
      assert.throws(
        () => layer.apply(tensor([-1], [1], 'int32')),
        new ValueError(
          'gather: `indices` out of range. Expected values in [0, 4) for axis 0 of size 4. Received: -1 at position 0',
        ),
      );
      layer.dispose();
    });
  });

  test('embeddingsRegularizer adds its penalty to layer.losses; activityRegularizer its per-sample penalty', () => {
    tidy(() => {
      const layer = withTable({
        embeddingsRegularizer: new regularizers.L2(0.1),
        activityRegularizer: new regularizers.L1(0.5),
      });
      layer.apply(tensor([[1, 2]], [1, 2], 'int32'));
      const total = TABLE.flat().reduce((s, v) => s + v * v, 0);
      const [activity, table] = layer.losses;
      assertClose(activity as never, [0.5 * (1 + 1.5 + 2 + 2.5)], { rtol: 1e-6 });
      assertClose(table as never, [0.1 * total], { rtol: 1e-6 });
      layer.dispose();
    });
  });

  test('embeddingsConstraint is the table constraint (applied by the optimizer after each step)', () => {
    const layer = new layers.Embedding({ inputDim: 3, outputDim: 2, embeddingsConstraint: new constraints.NonNeg() });
    layer.build([null]);
    const project = layer.embeddings?.constraint;
    assert.ok(project);
    tidy(() => assertClose(project(tensor([[-1, 2]])), [0, 2], { atol: 0, rtol: 0 }));
    layer.dispose();
  });

  test('maskZero: index 0 is still a row (no mask propagates; see the Keras note)', () => {
    tidy(() => {
      const layer = withTable({ maskZero: true });
      assertExact(layer.apply(tensor([0, 2], [2], 'int32')), [0, 0.5, 2, 2.5]);
      layer.dispose();
    });
  });

  test('symbolic: an Input of any sample shape gives shape + [outputDim]', () => {
    const out = new layers.Embedding({ inputDim: 10, outputDim: 4 }).apply(Input({ shape: [2, 3] }));
    assert.deepEqual(out.shape, [null, 2, 3, 4]);
  });
});

describe('Embedding trains (the harness cannot: its step falls back to the input when the layer is unbuilt)', () => {
  test('plain SGD steps on Σy² lower the loss, only the picked rows move, and nothing leaks', () => {
    const start = memory().numTensors;
    const layer = withTable();
    const x = tensor([[1, 3, 1]], [1, 3], 'int32');
    const step = () =>
      tidy(() => {
        const table = layer.embeddings as Variable;
        const { value, grads } = variableGrads(() => sum(square(layer.apply(x, { training: true }))), [table]);
        table.assign(sub(table, mul(grads[table.name] as Tensor, 0.1)));
        return value.dataSync()[0] as number;
      });
    const first = step();
    const afterFirst = memory().numTensors;
    const second = step();
    for (let i = 0; i < 5; i++) step();
    assert.ok(second < first, `${first} → ${second}`);
    assert.equal(memory().numTensors, afterFirst, 'tensors leaked across steps');
    tidy(() => {
      const w = Array.from((layer.embeddings as Variable).dataSync());
      assert.deepEqual(w.slice(0, 2), [0, 0.5]);
      assert.deepEqual(w.slice(4, 6), [2, 2.5]);
      assert.ok((w[2] as number) < 1 && (w[6] as number) < 3);
    });
    layer.dispose();
    x.dispose();
    assert.equal(memory().numTensors, start, 'tensors left after dispose()');
  });
});
