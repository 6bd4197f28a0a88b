// summary() of functional models against Keras 3.15's own text: each table below is what Keras printed for the
// same model (same names and structure; Python in test/fixtures/keras/make_fixtures.py and, for two_tower,
// a Keras TestSum subclass of Add). Keras shows a `Connected to` column unless the graph is a plain chain.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Input, layers, Model } from '../../src/index.js';
import { summaryText } from '../../src/models/summary.js';
import {
  functionalChain,
  functionalMerge,
  functionalNested,
  functionalShared,
  twoTower,
} from '../io/functional-models.js';

const TOWER_76 = [
  'Model: "two_tower"',
  '┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓',
  '┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃',
  '┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩',
  '│ a (InputLayer)      │ (None, 4)         │          0 │ -                 │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ b (InputLayer)      │ (None, 3)         │          0 │ -                 │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ proj_a (Dense)      │ (None, 4)         │         20 │ a[0][0]           │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ proj_b (Dense)      │ (None, 4)         │         16 │ b[0][0]           │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ shared (Dense)      │ (None, 4)         │         20 │ proj_a[0][0],     │',
  '│                     │                   │            │ proj_b[0][0]      │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ add (TestSum)       │ (None, 4)         │          0 │ shared[0][0],     │',
  '│                     │                   │            │ shared[1][0]      │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ heads (Functional)  │ [(None, 2),       │         25 │ add[0][0]         │',
  '│                     │ (None, 3)]        │            │                   │',
  '└─────────────────────┴───────────────────┴────────────┴───────────────────┘',
  ' Total params: 81 (324.00 B)',
  ' Trainable params: 81 (324.00 B)',
  ' Non-trainable params: 0 (0.00 B)',
];

const TOWER_108 = [
  'Model: "two_tower"',
  '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓',
  '┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃',
  '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩',
  '│ a (InputLayer)                │ (None, 4)                 │               0 │ -                          │',
  '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
  '│ b (InputLayer)                │ (None, 3)                 │               0 │ -                          │',
  '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
  '│ proj_a (Dense)                │ (None, 4)                 │              20 │ a[0][0]                    │',
  '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
  '│ proj_b (Dense)                │ (None, 4)                 │              16 │ b[0][0]                    │',
  '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
  '│ shared (Dense)                │ (None, 4)                 │              20 │ proj_a[0][0], proj_b[0][0] │',
  '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
  '│ add (TestSum)                 │ (None, 4)                 │               0 │ shared[0][0], shared[1][0] │',
  '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
  '│ heads (Functional)            │ [(None, 2), (None, 3)]    │              25 │ add[0][0]                  │',
  '└───────────────────────────────┴───────────────────────────┴─────────────────┴────────────────────────────┘',
  ' Total params: 81 (324.00 B)',
  ' Trainable params: 81 (324.00 B)',
  ' Non-trainable params: 0 (0.00 B)',
];

const TOWER_60 = [
  'Model: "two_tower"',
  '┏━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
  '┃ Layer (type)    ┃ Output Shape ┃ Param # ┃ Connected to  ┃',
  '┡━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
  '│ a (InputLayer)  │ (None, 4)    │       0 │ -             │',
  '├─────────────────┼──────────────┼─────────┼───────────────┤',
  '│ b (InputLayer)  │ (None, 3)    │       0 │ -             │',
  '├─────────────────┼──────────────┼─────────┼───────────────┤',
  '│ proj_a (Dense)  │ (None, 4)    │      20 │ a[0][0]       │',
  '├─────────────────┼──────────────┼─────────┼───────────────┤',
  '│ proj_b (Dense)  │ (None, 4)    │      16 │ b[0][0]       │',
  '├─────────────────┼──────────────┼─────────┼───────────────┤',
  '│ shared (Dense)  │ (None, 4)    │      20 │ proj_a[0][0], │',
  '│                 │              │         │ proj_b[0][0]  │',
  '├─────────────────┼──────────────┼─────────┼───────────────┤',
  '│ add (TestSum)   │ (None, 4)    │       0 │ shared[0][0], │',
  '│                 │              │         │ shared[1][0]  │',
  '├─────────────────┼──────────────┼─────────┼───────────────┤',
  '│ heads           │ [(None, 2),  │      25 │ add[0][0]     │',
  '│ (Functional)    │ (None, 3)]   │         │               │',
  '└─────────────────┴──────────────┴─────────┴───────────────┘',
  ' Total params: 81 (324.00 B)',
  ' Trainable params: 81 (324.00 B)',
  ' Non-trainable params: 0 (0.00 B)',
];

const CHAIN_100 = [
  'Model: "functional_chain"',
  '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓',
  '┃ Layer (type)                               ┃ Output Shape                    ┃           Param # ┃',
  '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩',
  '│ features (InputLayer)                      │ (None, 3)                       │                 0 │',
  '├────────────────────────────────────────────┼─────────────────────────────────┼───────────────────┤',
  '│ hidden (Dense)                             │ (None, 5)                       │                20 │',
  '├────────────────────────────────────────────┼─────────────────────────────────┼───────────────────┤',
  '│ logits (Dense)                             │ (None, 2)                       │                12 │',
  '└────────────────────────────────────────────┴─────────────────────────────────┴───────────────────┘',
  ' Total params: 32 (128.00 B)',
  ' Trainable params: 32 (128.00 B)',
  ' Non-trainable params: 0 (0.00 B)',
];

const NESTED_100 = [
  'Model: "functional_nested"',
  '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┓',
  '┃ Layer (type)                ┃ Output Shape            ┃        Param # ┃ Connected to            ┃',
  '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━┩',
  '│ x (InputLayer)              │ (None, 6)               │              0 │ -                       │',
  '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤',
  '│ inner_seq (Sequential)      │ (None, 4)               │             28 │ x[0][0]                 │',
  '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤',
  '│ inner_fn (Functional)       │ (None, 4)               │             20 │ inner_seq[0][0],        │',
  '│                             │                         │                │ inner_fn[0][0]          │',
  '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤',
  '│ out (Dense)                 │ (None, 1)               │              5 │ inner_fn[1][0]          │',
  '└─────────────────────────────┴─────────────────────────┴────────────────┴─────────────────────────┘',
  ' Total params: 53 (212.00 B)',
  ' Trainable params: 53 (212.00 B)',
  ' Non-trainable params: 0 (0.00 B)',
];

const SHARED_100 = [
  'Model: "functional_shared"',
  '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┓',
  '┃ Layer (type)                ┃ Output Shape            ┃        Param # ┃ Connected to            ┃',
  '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━┩',
  '│ a (InputLayer)              │ (None, 4)               │              0 │ -                       │',
  '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤',
  '│ b (InputLayer)              │ (None, 4)               │              0 │ -                       │',
  '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤',
  '│ shared (Dense)              │ (None, 3)               │             15 │ a[0][0], b[0][0]        │',
  '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤',
  '│ drop (Dropout)              │ (None, 3)               │              0 │ shared[1][0]            │',
  '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤',
  '│ head_a (Dense)              │ (None, 2)               │              8 │ shared[0][0]            │',
  '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤',
  '│ head_b (Activation)         │ (None, 3)               │              0 │ drop[0][0]              │',
  '└─────────────────────────────┴─────────────────────────┴────────────────┴─────────────────────────┘',
  ' Total params: 23 (92.00 B)',
  ' Trainable params: 23 (92.00 B)',
  ' Non-trainable params: 0 (0.00 B)',
];

const MERGE_76 = [
  'Model: "functional_merge"',
  '┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓',
  '┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃',
  '┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩',
  '│ a (InputLayer)      │ (None, 4)         │          0 │ -                 │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ da (Dense)          │ (None, 5)         │         25 │ a[0][0]           │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ b (InputLayer)      │ (None, 3)         │          0 │ -                 │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ cat (Concatenate)   │ (None, 8)         │          0 │ da[0][0], b[0][0] │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ p (Dense)           │ (None, 2)         │         18 │ cat[0][0]         │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ q (Dense)           │ (None, 2)         │         18 │ cat[0][0]         │',
  '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
  '│ sum (Add)           │ (None, 2)         │          0 │ p[0][0], q[0][0]  │',
  '└─────────────────────┴───────────────────┴────────────┴───────────────────┘',
  ' Total params: 61 (244.00 B)',
  ' Trainable params: 61 (244.00 B)',
  ' Non-trainable params: 0 (0.00 B)',
];

function text(model: Model, lineLength?: number): string[] {
  const calls: string[] = [];
  model.summary({ printFn: (t) => calls.push(t), ...(lineLength === undefined ? {} : { lineLength }) });
  assert.equal(calls.length, 1);
  return (calls[0] as string).split('\n');
}

function assertLines(actual: readonly string[], expected: readonly string[]): void {
  for (const [i, line] of expected.entries()) assert.equal(actual[i], line, `line ${i}`);
  assert.equal(actual.length, expected.length, 'line count');
}

describe('summary() of a functional model (Keras 3.15 text)', () => {
  test('two towers at 76 columns: Connected to, a shared layer on two lines, a list of output shapes', () => {
    assertLines(text(twoTower(), 76), TOWER_76);
  });

  test('two towers at 108 columns (Keras’s widest default for this table): one line per cell', () => {
    assertLines(text(twoTower(), 108), TOWER_108);
  });

  test('two towers at 60 columns: the type wraps under the name', () => {
    assertLines(text(twoTower(), 60), TOWER_60);
  });

  test('nested Sequential and functional models; the nested model called twice shows node 1', () => {
    assertLines(text(functionalNested(), 100), NESTED_100);
  });

  test('two inputs, a shared layer, a Dropout in training mode', () => {
    assertLines(text(functionalShared(), 100), SHARED_100);
  });

  test('Concatenate and Add: an input after the layer that precedes it in Keras’s order', () => {
    assertLines(text(functionalMerge(), 76), MERGE_76);
  });

  test('a plain chain gets Keras’s three-column table, InputLayer row included', () => {
    assertLines(text(functionalChain(), 100), CHAIN_100);
  });

  test('the default width is min(108, columns − 4) for the four-column table and min(88, …) for a chain', () => {
    const saved = process.env.COLUMNS;
    try {
      process.env.COLUMNS = '200';
      assert.equal(Array.from(text(twoTower())[1] as string).length, 108);
      assert.equal(Array.from(text(functionalChain())[1] as string).length, 88);
      process.env.COLUMNS = '80';
      assert.equal(Array.from(text(twoTower())[1] as string).length, 76);
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });

  test('a layer shared with another model lists only its calls in this model; node indices count every call', () => {
    const shared = new layers.Dense(2, { name: 'shared_across' });
    const a = Input({ shape: [2], name: 'first_in' });
    const first = new Model({ inputs: a, outputs: shared.apply(shared.apply(a)), name: 'first' });
    const b = Input({ shape: [2], name: 'second_in' });
    const c = Input({ shape: [2], name: 'third_in' });
    const h = shared.apply(b);
    const second = new Model({
      inputs: [b, c],
      outputs: [new layers.Dense(1, { name: 'after' }).apply(h), c],
      name: 'second',
    });
    const rows = summaryText(second, { lineLength: 100 }).split('\n');
    assert.match(rows.find((l) => l.includes('shared_across')) as string, /│ second_in\[0\]\[0\] +│$/);
    // As Keras's summary, the tensor's own history: the third call of shared_across (the file re-indexes it to 0).
    assert.match(rows.find((l) => l.includes('after (Dense)')) as string, /│ shared_across\[2\]\[0\] +│$/);
    assert.equal(first.layers.length, 2);
  });

  test('a Sequential model’s summary keeps its three columns and no InputLayer row', () => {
    const seq = new layers.Dense(3, { name: 'd', inputShape: [2] });
    const lines = summaryText({
      name: 's',
      layers: [seq],
      trainableWeights: [],
      nonTrainableWeights: [],
      className: 'Sequential',
    }).split('\n');
    assert.match(lines[2] as string, /Layer \(type\) +┃ Output Shape +┃ +Param # ┃$/);
  });
});
