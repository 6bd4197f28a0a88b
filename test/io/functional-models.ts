// Functional models the functional tests share: built here with the same names and structure as their Keras
// twins (test/fixtures/keras/make_fixtures.py and the Python in the tests), so Keras's text and JSON apply.

import { Input, layers, Model, Sequential, type Tensor } from '../../src/index.js';
import { Dense } from '../../src/layers/dense.js';
import { Dropout } from '../../src/layers/dropout.js';
import { isShapeList, Layer, type LayerArgs, type LayerShapes } from '../../src/layers/layer.js';
import { layerRegistry } from '../../src/layers/registry.js';
import { Activation } from '../../src/layers/structural.js';
import type { SymbolicTensor } from '../../src/layers/symbolic-tensor.js';
import { add } from '../../src/ops/arithmetic.js';

/**
 * A merge layer for these tests only (Dendrite's own merge layers are written elsewhere): the sum of its inputs.
 * Registered under a name no built-in has, so that files holding it load.
 */
export class TestSum extends Layer {
  static readonly className: string = 'TestSum';
  readonly className = 'TestSum';

  call(inputs: Tensor | Tensor[]): Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    return list.slice(1).reduce((sum, x) => add(sum, x), list[0] as Tensor);
  }

  override computeOutputShape(inputShape: LayerShapes): LayerShapes {
    return isShapeList(inputShape) ? (inputShape[0] as (number | null)[]) : inputShape;
  }
}
layerRegistry.register('TestSum', (c) => new TestSum(c as LayerArgs));

/** Keras's `functional_shared` fixture: two inputs, a shared Dense, a Dropout fixed in training mode, two outputs. */
export function functionalShared(): Model {
  const a = Input({ shape: [4], name: 'a' });
  const b = Input({ shape: [4], name: 'b' });
  const shared = new Dense(3, { activation: 'relu', name: 'shared' });
  const ha = shared.apply(a);
  const hb = shared.apply(b);
  const dropped = new Dropout(0.5, { seed: 3, name: 'drop' }).apply(hb, { training: true });
  const outA = new Dense(2, { name: 'head_a' }).apply(ha);
  const outB = new Activation('sigmoid', { name: 'head_b' }).apply(dropped);
  return new Model({ inputs: [a, b], outputs: [outA, outB], name: 'functional_shared' });
}

/** Keras's `functional_nested` fixture: a Sequential and a functional model nested, the functional one called twice. */
export function functionalNested(): Model {
  const x = Input({ shape: [6], name: 'x' });
  const seq = new Sequential({
    layers: [Input({ shape: [6] }), new Dense(4, { activation: 'relu', name: 'seq_dense' })],
    name: 'inner_seq',
  });
  const y = Input({ shape: [4], name: 'y' });
  const inner = new Model({
    inputs: y,
    outputs: new Dense(4, { activation: 'tanh', name: 'fn_dense' }).apply(y),
    name: 'inner_fn',
  });
  const h1 = inner.apply(seq.apply(x));
  const h2 = inner.apply(h1);
  const out = new Dense(1, { name: 'out' }).apply(h2);
  return new Model({ inputs: x, outputs: [out, h2], name: 'functional_nested' });
}

/** Keras's `functional_chain` fixture: a plain chain (no Connected to column in its summary). */
export function functionalChain(): Model {
  const x = Input({ shape: [3], name: 'features' });
  const h = new Dense(5, { activation: 'relu', name: 'hidden' }).apply(x);
  return new Model({ inputs: x, outputs: new Dense(2, { name: 'logits' }).apply(h), name: 'functional_chain' });
}

/** Keras's `functional_merge` fixture: two inputs joined by Concatenate, two branches summed by Add. */
export function functionalMerge(): Model {
  const a = Input({ shape: [4], name: 'a' });
  const b = Input({ shape: [3], name: 'b' });
  const h = new layers.Concatenate({ name: 'cat' }).apply([
    new Dense(5, { activation: 'relu', name: 'da' }).apply(a),
    b,
  ]);
  const out = new layers.Add({ name: 'sum' }).apply([
    new Dense(2, { name: 'p' }).apply(h),
    new Dense(2, { name: 'q' }).apply(h),
  ]);
  return new Model({ inputs: [a, b], outputs: out, name: 'functional_merge' });
}

/**
 * Two towers merged: projections of two inputs through one shared Dense, summed (TestSum), into a nested model
 * with two outputs. Its summary is pinned against Keras's (with a TestSum class in Python).
 */
export function twoTower(): Model {
  const a = Input({ shape: [4], name: 'a' });
  const b = Input({ shape: [3], name: 'b' });
  const shared = new Dense(4, { activation: 'relu', name: 'shared' });
  const ha = shared.apply(new Dense(4, { name: 'proj_a' }).apply(a));
  const hb = shared.apply(new Dense(4, { name: 'proj_b' }).apply(b));
  const sum = new TestSum({ name: 'add' }).apply([ha, hb]);
  const y = Input({ shape: [4], name: 'y' });
  const heads = new Model({
    inputs: y,
    outputs: [new Dense(2, { name: 'i1' }).apply(y), new Dense(3, { name: 'i2' }).apply(y)],
    name: 'heads',
  });
  const [o1, o2] = heads.applyToList(sum) as SymbolicTensor[];
  return new Model({ inputs: [a, b], outputs: [o1 as SymbolicTensor, o2 as SymbolicTensor], name: 'two_tower' });
}

/**
 * One input (2 features), one output, and everything a graph can hold between: a Dense shared by two branches, a
 * Dropout fixed in training mode, a nested Sequential with a Dropout of its own, a nested functional model, and a
 * merge (TestSum). Trainable with fit. (`dropRate` 0 makes it deterministic, to compare with Keras.)
 */
export function everything(name = 'everything', dropRate = 0.25): Model {
  const x = Input({ shape: [2], name: 'x' });
  const shared = new Dense(4, { activation: 'tanh', name: 'shared' });
  const left = new Dropout(dropRate, { name: 'drop' }).apply(shared.apply(x), { training: true });
  const seq = new Sequential({
    layers: [
      new Dense(2, { inputShape: [2], activation: 'relu', name: 'seq_dense' }),
      new Dropout(0.2, { name: 'seq_drop' }),
    ],
    name: 'seq',
  });
  const right = shared.apply(seq.apply(x));
  const z = Input({ shape: [4], name: 'z' });
  const inner = new Model({
    inputs: z,
    outputs: new Dense(3, { activation: 'relu', name: 'inner_dense' }).apply(z),
    name: 'inner',
  });
  const merged = new TestSum({ name: 'sum' }).apply([left, right]);
  const out = new Dense(1, { activation: 'sigmoid', name: 'out' }).apply(inner.apply(merged));
  return new Model({ inputs: x, outputs: out, name });
}
