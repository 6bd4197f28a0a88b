import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { layers, Sequential, setRandomSeed, tensor } from '../../src/index.js';
import {
  formatEta,
  formatExponential,
  formatFixed,
  formatLogValue,
  formatStepTime,
  getProgressStream,
  orderedLogs,
  Progbar,
  type ProgressStream,
  setProgressStream,
} from '../../src/training/progress.js';

/** A stream that records every write; `isTTY` picks the terminal or the plain mode. */
class FakeStream implements ProgressStream {
  readonly writes: string[] = [];
  constructor(
    readonly isTTY: boolean | undefined,
    readonly columns?: number,
  ) {}
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
  get text(): string {
    return this.writes.join('');
  }
}

/** A clock the test moves by hand, in milliseconds. */
function fakeClock(start = 0) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

const ESC = '\x1b';
const bold = (s: string) => `${ESC}[1m${s}${ESC}[0m`;
const green = (s: string) => `${ESC}[32m${s}${ESC}[0m`;
const grey = (s: string) => `${ESC}[37m${s}${ESC}[0m`;
const stripAnsi = (s: string) => s.replace(new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]`, 'g'), '');

async function withStream<T>(stream: ProgressStream, run: () => Promise<T> | T): Promise<T> {
  const previous = setProgressStream(stream);
  try {
    return await run();
  } finally {
    setProgressStream(previous);
  }
}

function smallModel() {
  setRandomSeed(7);
  const model = new Sequential();
  model.add(new layers.Dense(4, { inputDim: 3, activation: 'relu' }));
  model.add(new layers.Dense(1, { activation: 'sigmoid' }));
  model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

function data(n: number) {
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < n; i++) {
    xs.push([(i % 7) / 7, (i % 3) / 3, (i % 5) / 5]);
    ys.push([i % 2]);
  }
  return { x: tensor(xs), y: tensor(ys) };
}

describe('progress value formatting (Keras Progbar, Python format specs)', () => {
  test('log values: 4 decimals above 1e-3, scientific at or below it, zero included', () => {
    const cases: [number, string][] = [
      [0.4321, '0.4321'],
      [-0.5, '-0.5000'],
      [12345.678, '12345.6780'],
      [1.23456e-4, '1.2346e-04'],
      [1e-3, '1.0000e-03'],
      [2.5e-7, '2.5000e-07'],
      [0, '0.0000e+00'],
      [-0, '-0.0000e+00'],
      [1e21, '1000000000000000000000.0000'],
      [Number.NaN, 'nan'],
      [Number.POSITIVE_INFINITY, 'inf'],
      [Number.NEGATIVE_INFINITY, '-inf'],
    ];
    for (const [v, expected] of cases) assert.equal(formatLogValue(v), expected, `formatLogValue(${v})`);
  });

  test('a tie rounds to even, as Python does (accuracy 25/32 prints 0.7812, not 0.7813)', () => {
    assert.equal(formatLogValue(25 / 32), '0.7812');
    assert.equal(formatLogValue(1 / 32), '0.0312');
    assert.equal(formatLogValue(23 / 32), '0.7188');
    assert.equal(formatLogValue(-25 / 32), '-0.7812');
    assert.equal(formatExponential(1 / 256, 4), '3.9062e-03');
    assert.equal(formatExponential(3 / 256, 4), '1.1719e-02');
    assert.equal(formatExponential(2.5, 0), '2e+00');
    assert.deepEqual(
      [0.5, 1.5, 2.5, 3.5].map((v) => formatFixed(v, 0)),
      ['0', '2', '2', '4'],
    );
    // Near a tie but not on it: ordinary rounding.
    assert.equal(formatFixed(0.78125000001, 4), '0.7813');
  });

  test('time per step in s, ms or us; ETA as s, m:ss, h:mm:ss (truncated)', () => {
    assert.equal(formatStepTime(0), '0s/step');
    assert.equal(formatStepTime(2.4), '2s/step');
    assert.equal(formatStepTime(2.5), '2s/step');
    assert.equal(formatStepTime(0.0031), '3ms/step');
    assert.equal(formatStepTime(0.00045), '450us/step');
    assert.equal(formatStepTime(0.9996), '1000ms/step');
    assert.equal(formatEta(42.9), '42s');
    assert.equal(formatEta(60), '60s');
    assert.equal(formatEta(61.5), '1:01');
    assert.equal(formatEta(3600), '60:00');
    assert.equal(formatEta(3725.9), '1:02:05');
  });

  test('logs are shown in Keras 3 order: training logs alphabetically, then val_ logs alphabetically', () => {
    const order = orderedLogs({ val_loss: 1, loss: 2, zeta: 3, accuracy: 4, val_accuracy: 5 }).map(([k]) => k);
    assert.deepEqual(order, ['accuracy', 'loss', 'zeta', 'val_accuracy', 'val_loss']);
  });
});

describe('Progbar on a terminal (isTTY true)', () => {
  test('redraws one line in place: count, coloured bar, ETA, time per step, logs', () => {
    const stream = new FakeStream(true);
    const clock = fakeClock(1000);
    const bar = new Progbar({ target: 32, verbose: 1, stream, now: clock.now, interval: 0 });
    for (let step = 1; step <= 12; step++) {
      clock.t += 100;
      bar.update(step, { loss: 0.4321, accuracy: 0.8125 });
    }
    assert.equal(stream.writes.length, 12);
    // 12/32 of 20 characters done is 7; 100 ms a step and 20 steps to go: 2 s left.
    assert.equal(
      stream.writes[11],
      `\r${bold('12/32')} ${green('━'.repeat(7))}${grey('━'.repeat(13))} ${bold('2s')} 100ms/step - accuracy: 0.8125 - loss: 0.4321${ESC}[K`,
    );
    // The count is padded to the target's digits, as Keras's `%2d/32`.
    assert.ok(stream.writes[0]?.startsWith(`\r${bold(' 1/32')} `));
    assert.ok(!stream.text.includes('\n'), 'a running bar never moves to a new line');
  });

  test('the final line shows the time taken, the val_ logs and ends the line', () => {
    const stream = new FakeStream(true);
    const clock = fakeClock();
    const bar = new Progbar({ target: 4, verbose: 1, stream, now: clock.now, interval: 0 });
    for (let step = 1; step <= 4; step++) {
      clock.t += 500;
      bar.update(step, { loss: 0.5 });
    }
    clock.t += 1500; // validation
    bar.finish({ loss: 0.25, val_loss: 0.375 });
    bar.finish({ loss: 0 }); // a second finish does nothing
    const last = stream.writes.at(-1) as string;
    // 3.5 s rounds to even (4 s); steps after the first: (3500 − 500) / 3 = 1000 ms each.
    assert.equal(
      last,
      `\r${bold('4/4')} ${green('━'.repeat(20))} ${bold('4s')} 1s/step - loss: 0.2500 - val_loss: 0.3750${ESC}[K\n`,
    );
    assert.equal(stream.text.split('\n').length - 1, 1);
  });

  test('ETA switches to m:ss beyond a minute', () => {
    const stream = new FakeStream(true);
    const clock = fakeClock();
    const bar = new Progbar({ target: 100, verbose: 1, stream, now: clock.now, interval: 0 });
    clock.t += 2000;
    bar.update(1, {});
    clock.t += 2000;
    bar.update(2, {});
    assert.match(stream.writes[1] as string, new RegExp(`${bold('3:16').replace(/\[/g, '\\[')} 2s/step`));
  });

  test('redraws are throttled: 1,000 fast steps make a few dozen writes, the last step always drawn', () => {
    const stream = new FakeStream(true);
    const clock = fakeClock();
    const bar = new Progbar({ target: 1000, verbose: 1, stream, now: clock.now });
    for (let step = 1; step <= 1000; step++) {
      clock.t += 1; // 1 ms a step: 1 s in all, so about 20 redraws at 50 ms
      bar.update(step, { loss: 1 });
    }
    assert.ok(stream.writes.length <= 22, `${stream.writes.length} writes`);
    assert.ok(stream.writes.length >= 19, `${stream.writes.length} writes`);
    assert.match(stripAnsi(stream.writes.at(-1) as string), /^\r1000\/1000 /);
  });

  test('logs given as a function are computed only for lines drawn', () => {
    const stream = new FakeStream(true);
    const clock = fakeClock();
    const bar = new Progbar({ target: 100, verbose: 1, stream, now: clock.now });
    let calls = 0;
    for (let step = 1; step <= 100; step++) {
      clock.t += 1;
      bar.update(step, () => {
        calls++;
        return { loss: 1 };
      });
    }
    assert.equal(calls, stream.writes.length);
    assert.ok(calls < 10);
  });

  test('a running line is cut to the terminal width so \\r can redraw it', () => {
    const stream = new FakeStream(true, 40);
    const clock = fakeClock();
    const bar = new Progbar({ target: 32, verbose: 1, stream, now: clock.now, interval: 0 });
    clock.t += 10;
    bar.update(1, { accuracy: 0.5, loss: 0.25, val_loss: 0.125 });
    // 39 visible characters: one short of the edge, so the cursor never wraps to the next row.
    assert.equal(stream.writes[0], `\r${bold(' 1/32')} ${grey('━'.repeat(20))} ${bold('0s')} 10ms/step${ESC}[K`);
    // The final line is not cut: it ends the row and may wrap.
    bar.update(32, {});
    bar.finish({ accuracy: 0.5, loss: 0.25, val_loss: 0.125 });
    assert.match(stream.writes.at(-1) as string, /val_loss: 0\.1250/);
  });
});

describe('Progbar elsewhere (no terminal) and verbose 2', () => {
  for (const [label, stream, verbose] of [
    ['verbose 1, isTTY false', new FakeStream(false), 1],
    ['verbose 1, isTTY undefined', new FakeStream(undefined), 1],
    ['verbose 2 on a terminal', new FakeStream(true), 2],
  ] as const) {
    test(`${label}: one plain line at the end, no control characters`, () => {
      const clock = fakeClock();
      const bar = new Progbar({ target: 32, verbose, stream, now: clock.now, interval: 0 });
      for (let step = 1; step <= 32; step++) {
        clock.t += 31.25;
        bar.update(step, { loss: 1 });
      }
      bar.finish({ accuracy: 0.8125, loss: 0.4321, val_loss: 0.5012 });
      assert.deepEqual(stream.writes, [
        '32/32 - 1s - 31ms/step - accuracy: 0.8125 - loss: 0.4321 - val_loss: 0.5012\n',
      ]);
    });
  }
});

describe('fit and evaluate progress', () => {
  test('verbose 1 on a terminal: Epoch lines, in-place bars, one final line per epoch with val logs', async () => {
    const stream = new FakeStream(true, 200);
    const model = smallModel();
    const { x, y } = data(64);
    await withStream(stream, () => model.fit(x, y, { epochs: 2, batchSize: 8, validationSplit: 0.25, verbose: 1 }));
    const text = stream.text;
    assert.ok(text.includes('\r'));
    assert.ok(text.includes('━'));
    assert.ok(text.includes(`${ESC}[32m`));
    const lines = text.split('\n').slice(0, -1);
    assert.equal(lines.length, 4);
    assert.equal(lines[0], 'Epoch 1/2');
    assert.equal(lines[2], 'Epoch 2/2');
    for (const i of [1, 3]) {
      const line = lines[i] as string;
      // The row holds the running redraws, then the final line drawn over them.
      const finalLine = stripAnsi(line.slice(line.lastIndexOf('\r') + 1));
      assert.match(
        finalLine,
        /^6\/6 ━{20} \d+s \d+(s|ms|us)\/step - accuracy: \S+ - loss: \S+ - regularization_loss: \S+ - val_accuracy: \S+ - val_loss: \S+ - val_regularization_loss: \S+$/,
      );
      // The first step is always drawn while running: count 1/6 and a time left.
      assert.match(stripAnsi(line), /\r1\/6 ━{20} \d+s \d+(s|ms|us)\/step - accuracy: /);
    }
    x.dispose();
    y.dispose();
    model.dispose();
  });

  test('verbose 1 without a terminal: exactly one plain line per epoch after its Epoch line', async () => {
    const stream = new FakeStream(false);
    const model = smallModel();
    const { x, y } = data(64);
    await withStream(stream, () => model.fit(x, y, { epochs: 3, batchSize: 8, validationSplit: 0.25 }));
    const text = stream.text;
    assert.ok(!text.includes('\r'));
    assert.ok(!text.includes(ESC));
    const lines = text.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 6);
    for (let e = 0; e < 3; e++) {
      assert.equal(lines[2 * e], `Epoch ${e + 1}/3`);
      assert.match(
        lines[2 * e + 1] as string,
        /^6\/6 - \d+s - \d+(s|ms|us)\/step - accuracy: \S+ - loss: \S+ - regularization_loss: \S+ - val_accuracy: \S+ - val_loss: \S+ - val_regularization_loss: \S+$/,
      );
    }
    x.dispose();
    y.dispose();
    model.dispose();
  });

  test('verbose 2 on a terminal: one plain line per epoch; verbose 0: nothing', async () => {
    const model = smallModel();
    const { x, y } = data(32);
    const two = new FakeStream(true);
    await withStream(two, () => model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 2 }));
    assert.ok(!two.text.includes('\r') && !two.text.includes(ESC));
    const lines = two.text.split('\n').slice(0, -1);
    assert.equal(lines.length, 4);
    assert.match(lines[1] as string, /^4\/4 - \d+s - \d+(s|ms|us)\/step - accuracy: \S+ - loss: \S+/);
    const zero = new FakeStream(true);
    await withStream(zero, () => model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 }));
    assert.deepEqual(zero.writes, []);
    x.dispose();
    y.dispose();
    model.dispose();
  });

  test('a single epoch prints no Epoch line (as Keras)', async () => {
    const stream = new FakeStream(false);
    const model = smallModel();
    const { x, y } = data(16);
    await withStream(stream, () => model.fit(x, y, { epochs: 1, batchSize: 8 }));
    assert.equal(stream.writes.length, 1);
    assert.match(stream.text, /^2\/2 - /);
    x.dispose();
    y.dispose();
    model.dispose();
  });

  test('the bar throttles a real fit of 1,000 fast steps', async () => {
    const stream = new FakeStream(true, 120);
    const model = smallModel();
    const { x, y } = data(1000);
    const started = performance.now();
    await withStream(stream, () => model.fit(x, y, { epochs: 1, batchSize: 1, shuffle: false }));
    const elapsed = performance.now() - started;
    // First step, one every 50 ms, the last step, the final line.
    const bound = Math.ceil(elapsed / 50) + 3;
    assert.ok(stream.writes.length <= bound, `${stream.writes.length} writes in ${elapsed.toFixed(0)} ms`);
    assert.ok(stream.writes.length < 1000);
    assert.match(stripAnsi(stream.writes.at(-1) as string), /^\r1000\/1000 ━{20} \d+s /);
    x.dispose();
    y.dispose();
    model.dispose();
  });

  test('evaluate prints one line by default (Keras verbose auto = 1) and nothing with verbose 0', async () => {
    const model = smallModel();
    const { x, y } = data(20);
    const plain = new FakeStream(false);
    const logs = await withStream(plain, () => model.evaluate(x, y, { batchSize: 8 }));
    assert.equal(plain.writes.length, 1);
    assert.equal(
      plain.text.replace(/ - \d+s - \d+(s|ms|us)\/step/, ''),
      `3/3 - accuracy: ${formatLogValue(logs.accuracy as number)} - loss: ${formatLogValue(logs.loss as number)} - ` +
        `regularization_loss: ${formatLogValue(logs.regularization_loss as number)}\n`,
    );
    const silent = new FakeStream(true);
    await withStream(silent, () => model.evaluate(x, y, { verbose: 0 }));
    assert.deepEqual(silent.writes, []);
    x.dispose();
    y.dispose();
    model.dispose();
  });

  test('the default stream is process.stdout; setProgressStream returns the previous one', () => {
    assert.equal(getProgressStream(), process.stdout);
    const fake = new FakeStream(false);
    assert.equal(setProgressStream(fake), undefined);
    assert.equal(getProgressStream(), fake);
    assert.equal(setProgressStream(undefined), fake);
    assert.equal(getProgressStream(), process.stdout);
  });
});
