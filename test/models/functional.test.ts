import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  Input,
  layers,
  Model,
  memory,
  optimizers,
  regularizers,
  Sequential,
  ShapeError,
  type Tensor,
  tensor,
  tidy,
  UnknownOptionError,
  ValueError,
} from '../../src/index.js';
import type { Layer as LayerBase, LayerShape, LayerShapes } from '../../src/layers/layer.js';
import { Layer } from '../../src/layers/layer.js';
import { concat } from '../../src/ops/shape.js';
import type { StepData } from '../../src/training/step.js';
import { assertClose } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

/** Joins inputs along the last axis (a stand-in for Concatenate, which lives in its own family's tests). */
class Join extends Layer {
  static readonly className: string = 'TestJoin';
  readonly className = 'TestJoin';
  call(inputs: Tensor | Tensor[]): Tensor {
    return concat(inputs as Tensor[], -1);
  }
  override computeOutputShape(shapes: LayerShapes): LayerShape {
    const list = shapes as readonly LayerShape[];
    const last = list.reduce(
      (n, s) => (n === null || s[s.length - 1] === null ? null : n + (s[s.length - 1] as number)),
      0 as number | null,
    );
    return [...(list[0] as LayerShape).slice(0, -1), last];
  }
}

/** Live tensors once garbage from earlier tests is collected (the engine counts a collected tensor as freed). */
async function liveTensors(): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
  return memory().numTensors;
}

const names = (ls: readonly LayerBase[]) => ls.map((l) => l.name);

test('layer order follows Keras (depth from the inputs, then first-met order)', () => {
  const a = Input({ shape: [3], name: 'a' });
  const b = Input({ shape: [2], name: 'b' });
  const d2 = new layers.Dense(4, { name: 'd2' }).apply(new layers.Dense(4, { name: 'd1' }).apply(a));
  const out = new layers.Dense(1, { name: 'out' }).apply(new Join({ name: 'cat' }).apply([d2, b]));
  const model = new Model({ inputs: [a, b], outputs: out });
  // Keras 3.15 prints ['a', 'd1', 'd2', 'b', 'cat', 'out'] for the same graph.
  assert.deepEqual(names(model.layers), ['a', 'd1', 'd2', 'b', 'cat', 'out']);
  assert.equal(model.className, 'Functional');
  assert.deepEqual(model.inputNames, ['a', 'b']);
  assert.deepEqual(model.outputNames, ['out']);
  assert.deepEqual(out.shape, [null, 1]);

  const x = Input({ shape: [2], name: 'x' });
  const shared = new layers.Dense(2, { name: 'shared' });
  const sum = new Join({ name: 'add' }).apply([shared.apply(x), shared.apply(shared.apply(x))]);
  const m2 = new Model({ inputs: x, outputs: [sum, new layers.Dense(2, { name: 'last' }).apply(sum)] });
  assert.deepEqual(names(m2.layers), ['x', 'shared', 'add', 'last']);
  assert.equal(shared.inboundNodes.length, 3);
});

test('a functional model runs its graph: several inputs (list or dict), several outputs, nested models', () => {
  tidy(() => {
    const a = Input({ shape: [2], name: 'a' });
    const b = Input({ shape: [1], name: 'b' });
    const dense = new layers.Dense(2, { kernelInitializer: 'ones', name: 'proj' });
    const joined = new Join().apply([dense.apply(a), b]);
    const model = new Model({ inputs: [a, b], outputs: [joined, dense.apply(a)] });
    const xa = tensor([[1, 2]]);
    const xb = tensor([[5]]);
    const [j, p] = model.applyToList([xa, xb]) as Tensor[];
    assert.deepEqual(Array.from((j as Tensor).dataSync()), [3, 3, 5]);
    assert.deepEqual(Array.from((p as Tensor).dataSync()), [3, 3]);
    const byName = model.applyToList({ b: xb, a: xa }) as Tensor[];
    assert.deepEqual(Array.from((byName[0] as Tensor).dataSync()), [3, 3, 5]);
    // The model is a layer: nested in another graph, it is called once per use.
    const outer = Input({ shape: [2], name: 'outer_a' });
    const inner = new Model({ inputs: a, outputs: dense.apply(a), name: 'inner' });
    const twice = inner.apply(inner.apply(outer));
    const nested = new Model({ inputs: outer, outputs: twice });
    assert.deepEqual(names(nested.layers), ['outer_a', 'inner']);
    assert.deepEqual(Array.from((nested.apply(xa) as Tensor).dataSync()), [6, 6]);
    assert.equal(nested.weights.length, 2, 'the shared kernel and bias once');
    assert.throws(() => model.applyToList({ a: xa, c: xb }), /no input is named "c"/);
    assert.throws(() => model.applyToList([xa]), /expects 2 input\(s\), but it received 1/);
    assert.throws(
      () => model.applyToList([tensor([[1, 2, 3]]), xb]),
      (e: unknown) =>
        e instanceof ShapeError &&
        /Input 0 of layer "functional(_\d+)?" is incompatible with the layer: expected shape=\(None, 2\), found shape=\(1, 3\)/.test(
          e.message,
        ),
    );
  });
});

test('construction errors: inputs not from Input(), a disconnected graph, unknown options', () => {
  const a = Input({ shape: [2], name: 'in_a' });
  const b = Input({ shape: [2], name: 'in_b' });
  const y = new Join().apply([a, b]);
  assert.throws(
    () => new Model({ inputs: a, outputs: y }),
    (e: unknown) => e instanceof ValueError && /graph disconnected: .*Input "in_b".*Inputs given: in_a/.test(e.message),
  );
  assert.throws(() => new Model({ inputs: y, outputs: y }), /every input must be a tensor returned by Input\(\)/);
  assert.throws(
    () => new Model({ inputs: a, outputs: tensor([1]) as never }),
    /every output must be a symbolic tensor/,
  );
  assert.throws(() => new Model({ inputs: a } as never), /give both `inputs` and `outputs`/);
  assert.throws(
    () => new Model({ input: a, outputs: y } as never),
    (e: unknown) =>
      e instanceof UnknownOptionError && /unknown option `input`; did you mean `inputs`\?/.test(e.message),
  );
  assert.throws(
    () => new layers.Dense(1).apply(a, { trainig: true } as never),
    (e: unknown) => e instanceof UnknownOptionError && /did you mean `training`/.test(e.message),
  );
  assert.throws(() => new Join().apply([a, tensor([[1, 2]])] as never), /mix of symbolic tensors/);
  assert.throws(
    () => new layers.Dense(1, { inputDim: 3 }).apply(a),
    (e: unknown) => e instanceof ShapeError && /expected shape=\(None, 3\), found shape=\(None, 2\)/.test(e.message),
  );
});

test('Sequential is built on the same graph: Input() as its first element, nodes recorded, pop relinks', () => {
  const model = new Sequential({
    layers: [Input({ shape: [4], name: 'seq_in' }), new layers.Dense(3), new layers.Dense(2)],
  });
  assert.deepEqual(model.inputNames, ['seq_in']);
  assert.equal(model.outputs[0]?.shape[1], 2);
  const dense = model.layers[1] as LayerBase;
  assert.equal(dense.inboundNodes.length, 1);
  model.pop();
  assert.equal(model.outputs[0]?.shape[1], 3);
  // A Sequential nests in a functional graph like any layer.
  const x = Input({ shape: [4] });
  const outer = new Model({ inputs: x, outputs: new layers.Dense(1).apply(model.apply(x)) });
  tidy(() => assert.deepEqual((outer.apply(tensor([[1, 2, 3, 4]])) as Tensor).shape, [1, 1]));
});

// Keras 3.15's own `model.losses` gives [4, 8, 2] here too; its fit counts only the last call's activity penalty
// (docs/porting-from-keras.md), where Dendrite counts each call.
test('penalties: a shared layer’s weight penalty counts once, its activity penalty once per call', () => {
  tidy(() => {
    const x = Input({ shape: [2] });
    const shared = new layers.Dense(2, {
      kernelInitializer: 'ones',
      kernelRegularizer: regularizers.l2(0.5),
      activityRegularizer: regularizers.l1(1),
    });
    const model = new Model({ inputs: x, outputs: shared.apply(shared.apply(x)) });
    model.apply(tensor([[1, 1]]));
    const values = model.losses.map((t) => t.dataSync()[0] as number).sort((p, q) => p - q);
    // Calls: [1,1]·ones → [2,2] (L1 = 4), then [4,4] (L1 = 8); kernel L2 = 0.5·4 = 2, counted once.
    assert.deepEqual(values, [2, 4, 8]);
    // The next pass replaces the activity penalties rather than adding to them.
    model.apply(tensor([[1, 1]]));
    assert.equal(model.losses.length, 3);
  });
});

test('Dropout fixed to training at its call stays active in inference', () => {
  tidy(() => {
    const x = Input({ shape: [1000] });
    const model = new Model({ inputs: x, outputs: new layers.Dropout(0.5).apply(x, { training: true }) });
    const y = (model.apply(tensor(new Float32Array(1000).fill(1), [1, 1000])) as Tensor).dataSync();
    const zeros = y.filter((v) => v === 0).length;
    assert.ok(zeros > 400 && zeros < 600, `${zeros} of 1000 dropped`);
  });
});

describeEachBackend('functional training', () => {
  test('two inputs, two outputs, a shared layer: history and weights equal Keras 3', async () => {
    const fx = JSON.parse(
      readFileSync(new URL('../../../test/fixtures/keras-numbers/functional-two-heads.json', import.meta.url), 'utf8'),
    );
    const before = await liveTensors();
    const a = Input({ shape: [3], name: 'a' });
    const b = Input({ shape: [2], name: 'b' });
    const shared = new layers.Dense(3, {
      activation: 'tanh',
      name: 'shared',
      kernelRegularizer: regularizers.l2(0.01),
    });
    const d1 = new layers.Dense(4, {
      activation: 'relu',
      name: 'd1',
      activityRegularizer: regularizers.l1(0.01),
    }).apply(shared.apply(shared.apply(a)));
    const cat = new Join({ name: 'cat' }).apply([d1, b]);
    const reg = new layers.Dense(1, { name: 'reg' }).apply(cat);
    const cls = new layers.Dense(1, { activation: 'sigmoid', name: 'cls' }).apply(cat);
    const model = new Model({ inputs: [a, b], outputs: [reg, cls], name: 'two_heads' });
    assert.deepEqual(names(model.layers), fx.layers);
    const initial = fx.initial_weights.map((w: number[]) => tensor(w));
    model.setWeights(initial);
    for (const w of initial) w.dispose();
    model.compile({
      optimizer: new optimizers.SGD({ learningRate: 0.1 }),
      loss: ['mse', 'binary_crossentropy'],
      lossWeights: [1, 0.5],
      metrics: [['mae'], ['accuracy']],
    });
    const xa = tensor(fx.xa);
    const xb = tensor(fx.xb);
    const yReg = tensor(fx.y_reg);
    const yCls = tensor(fx.y_cls);
    const history = await model.fit(
      [xa, xb],
      { reg: yReg, cls: yCls },
      {
        epochs: 2,
        batchSize: 4,
        shuffle: false,
        validationSplit: 0.25,
        verbose: 0,
      },
    );
    for (const [key, values] of Object.entries(fx.history as Record<string, number[]>)) {
      assert.ok(history.history[key], `history has ${key}`);
      assertClose(history.history[key] as number[], values, { atol: 2e-5, rtol: 1e-4 });
    }
    assert.deepEqual(Object.keys(history.history), [
      'loss',
      'reg_mae',
      'cls_accuracy',
      'reg_loss',
      'cls_loss',
      'regularization_loss',
      'val_loss',
      'val_reg_mae',
      'val_cls_accuracy',
      'val_reg_loss',
      'val_cls_loss',
      'val_regularization_loss',
    ]);
    model.getWeights().forEach((w, i) => {
      assertClose(w.dataSync(), fx.final_weights[i].flat(), { atol: 2e-5 });
      w.dispose();
    });
    const [pReg, pCls] = model.predict({ a: xa, b: xb }, { batchSize: 5 }) as Tensor[];
    assertClose((pReg as Tensor).dataSync(), fx.pred_reg.flat(), { atol: 2e-5 });
    assertClose((pCls as Tensor).dataSync(), fx.pred_cls.flat(), { atol: 2e-5 });
    const logs = model.evaluate([xa, xb], [yReg, yCls], { verbose: 0 });
    assert.ok(logs.reg_loss !== undefined && logs.cls_accuracy !== undefined);
    for (const t of [xa, xb, yReg, yCls, pReg as Tensor, pCls as Tensor]) t.dispose();
    model.dispose();
    // Garbage of earlier tests may be collected meanwhile, so the count may drop; a leak would raise it.
    const after = await liveTensors();
    assert.ok(after <= before, `no tensor left behind: ${after} live, ${before} before`);
  });
});

test('compile validates per-output losses, weights and metrics in Keras’s words', () => {
  const x = Input({ shape: [2] });
  const model = new Model({
    inputs: x,
    outputs: [new layers.Dense(1, { name: 'p' }).apply(x), new layers.Dense(1, { name: 'q' }).apply(x)],
  });
  assert.throws(() => model.compile({ loss: ['mse'] }), /as many entries as the model has outputs \("p", "q"\)/);
  assert.throws(() => model.compile({ loss: { p: 'mse' } }), /expected keys \[.*"p".*"q".*\] in the `loss` dict/);
  assert.throws(() => model.compile({ loss: { p: 'mse', qq: 'mse' } }), /output "qq" .*did you mean "q"\?/);
  assert.throws(() => model.compile({ loss: 'mse', metrics: ['mae'] }), /a list of 2 lists \(one per output/);
  assert.throws(() => model.compile({ loss: 'mse', lossWeights: [1, -1] }), /lossWeights\[1\]/);
  model.compile({ loss: 'mse', metrics: { q: 'mae' }, lossWeights: { q: 2 } });
  const c = model.compiledState;
  assert.deepEqual(
    c?.heads.map((h) => [h.outputName, h.weight]),
    [
      ['p', 1],
      ['q', 2],
    ],
  );
  assert.deepEqual(
    c?.metrics.map((m) => m.name),
    ['q_mae'],
  );
});

test('fit reads nothing back per batch: the trackers are read when logs are needed', async () => {
  const x = Input({ shape: [4] });
  const model = new Model({
    inputs: x,
    outputs: new layers.Dense(1, { kernelRegularizer: regularizers.l2(0.01) }).apply(x),
  });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const xs = tensor(
    new Float32Array(4 * 320).map((_, i) => Math.sin(i)),
    [320, 4],
  );
  const ys = tensor(
    new Float32Array(320).map((_, i) => Math.cos(i)),
    [320, 1],
  );
  const proto = Object.getPrototypeOf(xs) as { dataSync: () => unknown };
  const original = proto.dataSync;
  let reads = 0;
  proto.dataSync = function (this: unknown) {
    reads++;
    return original.call(this);
  };
  try {
    await model.fit(xs, ys, { epochs: 1, batchSize: 32, verbose: 0 });
    const one = reads;
    reads = 0;
    await model.fit(xs, ys, { epochs: 4, batchSize: 32, verbose: 0 });
    // 10 batches an epoch: three more epochs cost a few reads each (the epoch's logs), not one per batch.
    assert.ok(reads - one <= 3 * 3, `${reads - one} extra reads for 30 extra batches`);
    // A callback that looks at every batch gets its logs.
    let seen = 0;
    await model.fit(xs, ys, {
      epochs: 1,
      batchSize: 32,
      verbose: 0,
      callbacks: [
        {
          onBatchEnd: (_b, logs) => {
            seen += logs?.loss === undefined ? 0 : 1;
          },
        },
      ],
    });
    assert.equal(seen, 10);
  } finally {
    proto.dataSync = original;
    xs.dispose();
    ys.dispose();
    model.dispose();
  }
});

test('trainStep and testStep are overridable Model methods (Keras’s train_step)', async () => {
  class HalfStep extends Model {
    steps = 0;
    override trainStep(data: StepData) {
      this.steps++;
      super.trainStep(data);
      return { ...this.getMetricsResult(), steps: this.steps };
    }
  }
  const x = Input({ shape: [2] });
  const model = new HalfStep({ inputs: x, outputs: new layers.Dense(1).apply(x) });
  assert.equal(model.className, 'HalfStep');
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const history = await model.fit(
    tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]),
    tensor([[1], [2], [3]]),
    {
      epochs: 2,
      batchSize: 2,
      verbose: 0,
    },
  );
  assert.deepEqual(history.history.steps, [2, 4]);
  assert.equal(history.history.loss?.length, 2);
  model.dispose();
});
