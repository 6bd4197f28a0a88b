// Names, configs and registration of the merge layers, the functional shortcuts, and the behaviours the Keras
// fixture does not reach (one input, an empty batch, the batch axis, values given as arrays, dtypes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Input, layers, ones, Tensor, tensor, tidy, zeros } from '../../../src/index.js';
import { layerRegistry } from '../../../src/layers/registry.js';
import { SymbolicTensor } from '../../../src/layers/symbolic-tensor.js';
import { assertClose, assertExact } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { MERGE_CLASSES } from './helpers.js';

const OPTIONS: Record<string, Record<string, unknown>> = {
  Concatenate: { axis: 1 },
  Dot: { axes: [2, 1], normalize: true },
};

test('each merge layer has its Keras class name (static and instance), a Keras-style default name, and is exported', () => {
  for (const [className, Cls] of Object.entries(MERGE_CLASSES)) {
    assert.equal(Cls.className, className);
    const layer = new (Cls as unknown as new (a: object) => { className: string; name: string })({
      ...(className === 'Dot' ? { axes: 1 } : {}),
    });
    assert.equal(layer.className, className);
    assert.match(layer.name, new RegExp(`^${className.toLowerCase()}(_\\d+)?$`));
    assert.ok(layer instanceof layers.Merge);
  }
});

test('getConfig has Keras keys in camelCase, and fromConfig and the layer registry rebuild an equal layer', () => {
  for (const [className, Cls] of Object.entries(MERGE_CLASSES)) {
    const own = OPTIONS[className] ?? {};
    const layer = new (Cls as unknown as new (a: object) => InstanceType<typeof layers.Add>)({
      ...own,
      name: `${className.toLowerCase()}_cfg`,
      trainable: false,
      dtype: 'float64',
    });
    const config = layer.getConfig();
    assert.deepEqual(config, { name: `${className.toLowerCase()}_cfg`, trainable: false, dtype: 'float64', ...own });
    const again = (Cls as unknown as typeof layers.Add).fromConfig(config);
    assert.equal(again.constructor, Cls);
    assert.deepEqual(again.getConfig(), config);
    const loaded = layerRegistry.deserialize({ className, config });
    assert.equal(loaded.constructor, Cls);
    assert.deepEqual(loaded.getConfig(), config);
  }
  // Defaults as Keras writes them.
  assert.equal(new layers.Concatenate().getConfig().axis, -1);
  assert.deepEqual(new layers.Dot(1).getConfig().axes, 1);
  assert.equal(new layers.Dot(1).getConfig().normalize, false);
  assert.deepEqual(new layers.Dot({ axes: [1, -1] }).getConfig().axes, [1, -1]);
});

describeEachBackend('merge layers beyond the Keras fixture', () => {
  test('the functional shortcuts build the layer and call it: symbolic in, symbolic out; tensors in, a tensor out', () => {
    const a = Input({ shape: [3] });
    const b = Input({ shape: [3] });
    const shortcuts = [
      layers.add,
      layers.subtract,
      layers.multiply,
      layers.average,
      layers.maximum,
      layers.minimum,
      layers.concatenate,
    ];
    for (const f of shortcuts) assert.ok(f([a, b]) instanceof SymbolicTensor);
    const cat = layers.concatenate([a, b], { axis: 1, name: 'cat_shortcut' });
    assert.deepEqual(cat.shape, [null, 6]);
    assert.equal(cat.history.layer.name, 'cat_shortcut');
    assert.equal((cat.history.layer as InstanceType<typeof layers.Concatenate>).axis, 1);
    // Keras's dot(inputs, axes=-1).
    const d = layers.dot([a, b]);
    assert.deepEqual(d.shape, [null, 1]);
    assert.equal((d.history.layer as InstanceType<typeof layers.Dot>).axes, -1);
    tidy(() => {
      const x = tensor([
        [1, 2],
        [3, -4],
      ]);
      const y = tensor([
        [5, -6],
        [7, 8],
      ]);
      const sum = layers.add([x, y]);
      assert.ok(sum instanceof Tensor);
      assertExact(sum, [6, -4, 10, 4]);
      assertExact(layers.subtract([x, y]), [-4, 8, -4, -12]);
      assertExact(layers.multiply([x, y]), [5, -12, 21, -32]);
      assertExact(layers.average([x, y]), [3, -2, 5, 2]);
      assertExact(layers.maximum([x, y]), [5, 2, 7, 8]);
      assertExact(layers.minimum([x, y]), [1, -6, 3, -4]);
      assertExact(layers.concatenate([x, y]), [1, 2, 5, -6, 3, -4, 7, 8]);
      assertExact(layers.concatenate([x, y], { axis: 0 }), [1, 2, 3, -4, 5, -6, 7, 8]);
      assertExact(layers.dot([x, y], { axes: 1 }), [-7, -11]);
      assertClose(
        layers.dot([x, y], { axes: 1, normalize: true }),
        [-7 / Math.sqrt(5 * 61), -11 / Math.sqrt(25 * 113)],
        {
          rtol: 1e-6,
        },
      );
      // Values given as nested arrays: each element of the list is one input.
      assertExact(
        layers.add([
          x,
          [
            [10, 20],
            [30, 40],
          ],
        ]),
        [11, 22, 33, 36],
      );
    });
  });

  test('one input: Add, Multiply, Average, Maximum, Minimum and Concatenate pass it through (Keras allows it)', () => {
    tidy(() => {
      const x = tensor([[1, -2, 3]]);
      for (const f of [
        layers.add,
        layers.multiply,
        layers.average,
        layers.maximum,
        layers.minimum,
        layers.concatenate,
      ]) {
        assertExact(f([x]), [1, -2, 3]);
      }
    });
  });

  test('an empty batch merges to an empty batch; the batch axis concatenates in eager calls', () => {
    tidy(() => {
      assert.deepEqual(layers.add([zeros([0, 3]), zeros([0, 1])]).shape, [0, 3]);
      assert.deepEqual(layers.concatenate([zeros([0, 3]), zeros([0, 2])]).shape, [0, 5]);
      assert.deepEqual(layers.dot([zeros([0, 3, 4]), zeros([0, 4, 2])], { axes: [2, 1] }).shape, [0, 3, 2]);
      assert.deepEqual(layers.concatenate([ones([2, 3]), ones([3, 3])], { axis: 0 }).shape, [5, 3]);
    });
  });

  test('inputs are cast to the layer dtype; NaN propagates through Maximum and Minimum', () => {
    tidy(() => {
      const a = tensor([[1, 2]], [1, 2], 'float64');
      const b = tensor([[3, Number.NaN]]);
      assert.equal(layers.add([a, b]).dtype, 'float32');
      const y = new layers.Add({ dtype: 'float64' }).apply([a, b]);
      assert.equal(y.dtype, 'float64');
      assertExact(layers.maximum([tensor([[1, 5]]), b]), [3, Number.NaN]);
      assertExact(layers.minimum([tensor([[1, 5]]), b]), [1, Number.NaN]);
    });
  });

  test('Dot with normalize leaves a zero vector at zero (Keras clips the inverse norm at 1/ε)', () => {
    tidy(() => {
      assertExact(layers.dot([tensor([[0, 0, 0]]), tensor([[1, 2, 3]])], { axes: 1, normalize: true }), [0]);
    });
  });
});
