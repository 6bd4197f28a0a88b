import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { layers, Sequential, ValueError } from '../../src/index.js';
import { defaultLineLength, formatCount, readableMemorySize, summaryText } from '../../src/models/summary.js';

// Keras's mnist-mlp example, with the names Keras gives a fresh session.
function mnistMlp(): Sequential {
  const model = new Sequential({ name: 'sequential' });
  model.add(new layers.Dense(512, { name: 'dense', activation: 'relu', inputShape: [784] }));
  model.add(new layers.Dropout(0.2, { name: 'dropout' }));
  model.add(new layers.Dense(512, { name: 'dense_1', activation: 'relu' }));
  model.add(new layers.Dropout(0.2, { name: 'dropout_1' }));
  model.add(new layers.Dense(10, { name: 'dense_2', activation: 'softmax' }));
  return model;
}

function capture(model: Sequential, lineLength?: number): string[] {
  const calls: string[] = [];
  model.summary({ printFn: (text) => calls.push(text), ...(lineLength === undefined ? {} : { lineLength }) });
  assert.equal(calls.length, 1, 'printFn is called once with the whole text, as Keras 3 does');
  return (calls[0] as string).split('\n');
}

describe('model.summary()', () => {
  test('the mnist-mlp table at 76 columns (Keras when output is not a terminal), line by line', () => {
    const model = mnistMlp();
    const expected = [
      'Model: "sequential"',
      '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
      '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
      '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
      '│ dense (Dense)                   │ (None, 512)            │       401,920 │',
      '├─────────────────────────────────┼────────────────────────┼───────────────┤',
      '│ dropout (Dropout)               │ (None, 512)            │             0 │',
      '├─────────────────────────────────┼────────────────────────┼───────────────┤',
      '│ dense_1 (Dense)                 │ (None, 512)            │       262,656 │',
      '├─────────────────────────────────┼────────────────────────┼───────────────┤',
      '│ dropout_1 (Dropout)             │ (None, 512)            │             0 │',
      '├─────────────────────────────────┼────────────────────────┼───────────────┤',
      '│ dense_2 (Dense)                 │ (None, 10)             │         5,130 │',
      '└─────────────────────────────────┴────────────────────────┴───────────────┘',
      ' Total params: 669,706 (2.55 MB)',
      ' Trainable params: 669,706 (2.55 MB)',
      ' Non-trainable params: 0 (0.00 B)',
    ];
    const lines = capture(model, 76);
    assert.equal(lines.length, expected.length);
    for (const [i, line] of expected.entries()) assert.equal(lines[i], line, `line ${i}`);
    model.dispose();
  });

  test('the same table at 88 columns (Keras on a wide terminal)', () => {
    const model = mnistMlp();
    const lines = capture(model, 88);
    assert.equal(lines[1], `┏${'━'.repeat(38)}┳${'━'.repeat(29)}┳${'━'.repeat(17)}┓`);
    assert.equal(lines[2], `┃ Layer (type)${' '.repeat(25)}┃ Output Shape${' '.repeat(16)}┃${' '.repeat(9)}Param # ┃`);
    assert.equal(lines[4], `│ dense (Dense)${' '.repeat(24)}│ (None, 512)${' '.repeat(17)}│${' '.repeat(9)}401,920 │`);
    assert.equal(lines[13], `└${'─'.repeat(38)}┴${'─'.repeat(29)}┴${'─'.repeat(17)}┘`);
    for (const line of lines.slice(1, 14)) assert.equal(Array.from(line).length, 88);
    model.dispose();
  });

  test('a frozen layer moves its parameters to Non-trainable', () => {
    const model = mnistMlp();
    model.getLayer('dense').trainable = false;
    const lines = capture(model, 76);
    assert.deepEqual(lines.slice(-3), [
      ' Total params: 669,706 (2.55 MB)',
      ' Trainable params: 267,786 (1.02 MB)',
      ' Non-trainable params: 401,920 (1.53 MB)',
    ]);
    model.dispose();
  });

  test('an unbuilt model shows ? shapes and 0 (unbuilt), wrapped in a narrow column as rich wraps it', () => {
    const model = new Sequential({ name: 'unbuilt' });
    model.add(new layers.Dense(8, { name: 'hidden' }));
    model.add(new layers.Dense(2, { name: 'out' }));
    assert.deepEqual(capture(model, 60), [
      'Model: "unbuilt"',
      '┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓',
      '┃ Layer (type)             ┃ Output Shape      ┃   Param # ┃',
      '┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━┩',
      '│ hidden (Dense)           │ ?                 │         0 │',
      '│                          │                   │ (unbuilt) │',
      '├──────────────────────────┼───────────────────┼───────────┤',
      '│ out (Dense)              │ ?                 │         0 │',
      '│                          │                   │ (unbuilt) │',
      '└──────────────────────────┴───────────────────┴───────────┘',
      ' Total params: 0 (0.00 B)',
      ' Trainable params: 0 (0.00 B)',
      ' Non-trainable params: 0 (0.00 B)',
    ]);
    assert.ok(
      capture(model, 76).includes('│ hidden (Dense)                  │ ?                      │   0 (unbuilt) │'),
    );
    model.dispose();
  });

  test('narrow columns: words wrap, a word too long is cut with …, the header aligns to the bottom', () => {
    const model = new Sequential({ name: 'narrow' });
    model.add(new layers.Dense(2, { name: 'a_really_long_layer_name_exceeding', inputShape: [512, 512, 3, 7] }));
    model.add(new layers.Dropout(0.5, { name: 'd' }));
    assert.deepEqual(capture(model, 40).slice(0, 14), [
      'Model: "narrow"',
      '┏━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━┓',
      '┃                 ┃ Output     ┃ Param ┃',
      '┃ Layer (type)    ┃ Shape      ┃     # ┃',
      '┡━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━┩',
      '│ a_really_long_… │ (None,     │    16 │',
      '│ (Dense)         │ 512, 512,  │       │',
      '│                 │ 3, 2)      │       │',
      '├─────────────────┼────────────┼───────┤',
      '│ d (Dropout)     │ (None,     │     0 │',
      '│                 │ 512, 512,  │       │',
      '│                 │ 3, 2)      │       │',
      '└─────────────────┴────────────┴───────┘',
      ' Total params: 16 (64.00 B)',
    ]);
    model.dispose();
  });

  test('sizes follow each weight’s dtype: float64 weights take 8 bytes a parameter', () => {
    const model = new Sequential({ name: 'wide' });
    model.add(new layers.Dense(10, { name: 'd64', inputDim: 10, dtype: 'float64' }));
    assert.equal(capture(model, 76).at(-3), ' Total params: 110 (880.00 B)');
    model.dispose();
  });

  test('a nested model is one row with its output shape and all its parameters', () => {
    const inner = new Sequential({ name: 'inner' });
    inner.add(new layers.Dense(3, { name: 'inner_dense', inputDim: 4 }));
    const outer = new Sequential({ name: 'outer' });
    outer.add(inner);
    outer.add(new layers.Dense(1, { name: 'head' }));
    outer.build([null, 4]);
    const lines = capture(outer, 76);
    assert.equal(lines[4], '│ inner (Sequential)              │ (None, 3)              │            15 │');
    assert.equal(lines[6], '│ head (Dense)                    │ (None, 1)              │             4 │');
    assert.equal(lines.at(-3), ' Total params: 19 (76.00 B)');
    outer.dispose();
  });

  test('printFn defaults to console.log, called once with the whole text (no trailing newline)', () => {
    const model = mnistMlp();
    const log = mock.method(console, 'log', () => {});
    try {
      model.summary({ lineLength: 76 });
    } finally {
      log.mock.restore();
    }
    assert.equal(log.mock.callCount(), 1);
    const text = log.mock.calls[0]?.arguments[0] as string;
    assert.equal(text, summaryText(model, { lineLength: 76 }));
    assert.ok(text.startsWith('Model: "sequential"\n┏'));
    assert.ok(text.endsWith(' Non-trainable params: 0 (0.00 B)'));
    model.dispose();
  });

  test('a line too short for the columns throws, as Keras; a non-integer line length throws', () => {
    const model = mnistMlp();
    assert.throws(() => model.summary({ lineLength: 12, printFn: () => {} }), {
      name: 'ValueError',
      message:
        'Insufficient console width to print summary: every column needs at least 4 characters. Received: lineLength=12',
    });
    assert.throws(() => model.summary({ lineLength: 7.5, printFn: () => {} }), ValueError);
    assert.throws(
      () => model.summary({ printFn: 'log' as unknown as (s: string) => void }),
      /`printFn` must be a function. Received: printFn=/,
    );
    model.dispose();
  });

  test('default line length: min(88, columns − 4), columns from $COLUMNS, else stdout, else 80', () => {
    const saved = process.env.COLUMNS;
    try {
      process.env.COLUMNS = '200';
      assert.equal(defaultLineLength(), 88);
      process.env.COLUMNS = '60';
      assert.equal(defaultLineLength(), 56);
      delete process.env.COLUMNS;
      assert.equal(defaultLineLength(), Math.min(88, (process.stdout.columns ?? 80) - 4));
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });

  test('counts and memory sizes are formatted as Keras formats them', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(669706), '669,706');
    assert.equal(formatCount(1234567890), '1,234,567,890');
    const sizes = [1023, 1024, 1152, 669706 * 4, 1607680, 1071144, 880, 3 * 1024 ** 6, 0].map(readableMemorySize);
    // Python's '{:.2f}' rounds the tie 1.125 to even: 1.12 KB.
    assert.deepEqual(sizes, [
      '1023.00 B',
      '1.00 KB',
      '1.12 KB',
      '2.55 MB',
      '1.53 MB',
      '1.02 MB',
      '880.00 B',
      '3.00 PB',
      '0.00 B',
    ]);
  });
});
