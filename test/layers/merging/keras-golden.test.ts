// The merge layers against Keras 3 itself: forward values, the output shapes of calls on Input() tensors, and one
// SGD step of a functional model with two inputs (test/fixtures/keras-numbers/make_merge_fixture.py).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Input,
  layers,
  Model,
  mean,
  memory,
  mul,
  square,
  sub,
  type Tensor,
  tensor,
  tidy,
  variableGrads,
} from '../../../src/index.js';
import type { Dense } from '../../../src/layers/dense.js';
import { assertClose } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { fixture, makeMerge } from './helpers.js';

test('the fixture is from Keras 3.15 and covers every merge layer', () => {
  assert.match(fixture.keras_version, /^3\.15\./);
  const classes = new Set(fixture.cases.map((c) => c.layer));
  assert.deepEqual([...classes].sort(), [
    'Add',
    'Average',
    'Concatenate',
    'Dot',
    'Maximum',
    'Minimum',
    'Multiply',
    'Subtract',
  ]);
});

describeEachBackend('merge layers: forward values equal Keras 3', () => {
  for (const c of fixture.cases) {
    test(c.name, () => {
      tidy(() => {
        const xs = c.inputs.map((x) => tensor(x.values, x.shape));
        const y = makeMerge(c.layer, c.kwargs).apply(xs);
        assert.deepEqual(y.shape, c.shape);
        assertClose(y, c.values, { rtol: 1e-5, atol: 1e-6 });
      });
    });
  }
});

describeEachBackend('merge layers: calls on Input() tensors have Keras 3 output shapes', () => {
  for (const s of fixture.symbolic) {
    const label = `${s.layer}(${JSON.stringify(s.kwargs)}) on ${JSON.stringify(s.shapes)}${s.batch ? ` batch ${s.batch}` : ''}`;
    test(label, () => {
      const inputs = s.shapes.map((shape) => Input({ shape, ...(s.batch !== null ? { batchSize: s.batch } : {}) }));
      const layer = makeMerge(s.layer, s.kwargs);
      const out = layer.apply(inputs);
      assert.deepEqual(out.shape, s.output);
      assert.deepEqual(layer.computeOutputShape(inputs.map((t) => t.shape)), s.output);
      assert.equal(layer.inboundNodes.length, 1);
      assert.equal(layer.inboundNodes[0]?.calledOnList, true);
    });
  }
});

describeEachBackend('a functional model with two inputs and merge layers trains as Keras 3', () => {
  test('prediction, MSE and one SGD step (lr 0.1) equal Keras', () => {
    const t = fixture.training;
    const a = Input({ shape: [3], name: 'a' });
    const b = Input({ shape: [2], name: 'b' });
    const ha = new layers.Dense(2, { name: 'da' }).apply(a);
    const hb = new layers.Dense(2, { name: 'db' }).apply(b);
    const merged = layers.concatenate(
      [
        layers.add([ha, hb], { name: 'sum' }),
        layers.subtract([ha, hb], { name: 'diff' }),
        layers.multiply([ha, hb], { name: 'prod' }),
        new layers.Dot(1, { name: 'dot' }).apply([ha, hb]),
        b,
      ],
      { name: 'cat' },
    );
    assert.deepEqual(merged.shape, [null, 9]);
    const model = new Model({ inputs: [a, b], outputs: new layers.Dense(1, { name: 'head' }).apply(merged) });
    const dense = ['da', 'db', 'head'].map((n) => model.layers.find((l) => l.name === n) as Dense);
    tidy(() => {
      dense.forEach((d, i) => {
        d.setWeights([tensor(t.weights[2 * i] as number[][]), tensor(t.weights[2 * i + 1] as number[])]);
      });
    });
    const before = memory().numTensors;
    tidy(() => {
      const xa = tensor(t.xa);
      const xb = tensor(t.xb);
      const y = tensor(t.y);
      assertClose(model.apply([xa, xb]), t.prediction.flat(), { rtol: 1e-5, atol: 1e-6 });
      const vars = model.trainableWeights;
      assert.deepEqual(
        vars.map((v) => v.name),
        t.weight_names,
      );
      const loss = () => mean(square(sub(model.apply([xa, xb], { training: true }), y)));
      const { value, grads } = variableGrads(loss, vars);
      assertClose(value, [t.loss_before], { rtol: 1e-5 });
      for (const v of vars) v.assign(sub(v, mul(grads[v.name] as Tensor, 0.1)));
      vars.forEach((v, i) => {
        assertClose(v, (t.weights_after_one_sgd_step[i] as number[][]).flat(), { rtol: 1e-5, atol: 1e-6 });
      });
    });
    assert.equal(memory().numTensors, before);
  });
});
