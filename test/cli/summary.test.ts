import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveCompare, VARIANTS } from '../../src/cli/options.js';
import { dataLoss, epochLine, streamProgress } from '../../src/cli/progress.js';
import { comparisonTable, sweepTable } from '../../src/cli/table.js';
import { decisionBoundary, summarize } from '../../src/cli/train.js';
import { buildModel, describeArchitecture, formatValue, sweepVariant, variant } from '../../src/cli/variants.js';
import { setRandomSeed } from '../../src/node.js';
import type { ComparisonResult, VariantSummary } from '../../src/report/index.js';
import { ISSUE_SWEEP, sweepFromCurves } from '../report/fixtures.js';

test('summarize: data losses (penalty removed), best epoch 1-based, near-zero share and norm of the kernels', () => {
  const s = summarize(
    {
      loss: [1.5, 1.0, 0.8],
      regularization_loss: [0.5, 0.4, 0.3],
      val_loss: [1.2, 0.9, 1.1],
      val_regularization_loss: [0.5, 0.4, 0.3],
      val_accuracy: [0.5, 0.7, 0.75],
    },
    new Float32Array([0, 5e-4, -9e-4, 3, -4, 1e-3]),
  );
  assert.ok(Math.abs(s.trainLoss - 0.5) < 1e-12);
  assert.ok(Math.abs(s.valLoss - 0.8) < 1e-12);
  assert.ok(Math.abs(s.gap - 0.3) < 1e-12);
  assert.equal(s.valAccuracy, 0.75);
  assert.equal(s.bestEpoch, 2);
  assert.ok(Math.abs(s.bestValLoss - 0.5) < 1e-12);
  assert.equal(s.nearZeroFraction, 3 / 6); // |w| < 1e-3, strictly: 1e-3 itself is not near zero
  assert.ok(Math.abs(s.kernelL2Norm - Math.sqrt(25 + 5e-4 ** 2 + 9e-4 ** 2 + 1e-6)) < 1e-6);
});

test('variants: each applies exactly its part of the coefficients, and says so', () => {
  const c = { l1: 1e-4, l2: 3e-3, dropout: 0.5 };
  const got = Object.fromEntries(VARIANTS.map((id) => [id, variant(id, c)]));
  assert.deepEqual(got.none?.regularization, { l1: 0, l2: 0, dropout: 0 });
  assert.equal(got.none?.description, 'no regularization');
  assert.deepEqual(got.l1?.regularization, { l1: 1e-4, l2: 0, dropout: 0 });
  assert.equal(got.l1?.description, 'L1(1e-4) on every kernel');
  assert.deepEqual(got.l1l2?.regularization, { l1: 1e-4, l2: 3e-3, dropout: 0 });
  assert.equal(got.l1l2?.description, 'L1(1e-4) + L2(3e-3) on every kernel');
  assert.deepEqual(got['l2+dropout']?.regularization, { l1: 0, l2: 3e-3, dropout: 0.5 });
  assert.equal(got['l2+dropout']?.description, 'L2(3e-3) on every kernel, Dropout(0.5) after each hidden layer');
  assert.deepEqual(
    VARIANTS.map((id) => got[id]?.name),
    ['none', 'L1', 'L2', 'L1L2', 'Dropout', 'L2 + Dropout'],
  );
  assert.deepEqual(sweepVariant('l1l2', 1e-3).regularization, { l1: 1e-3, l2: 1e-3, dropout: 0 });
  assert.equal(sweepVariant('dropout', 0.3).name, 'Dropout 0.3');
});

test('formatValue writes coefficients as people do', () => {
  assert.deepEqual([1e-4, 3e-3, 0.01, 2.5e-5, 0.1, 0.5, 0, 1].map(formatValue), [
    '1e-4',
    '3e-3',
    '1e-2',
    '2.5e-5',
    '0.1',
    '0.5',
    '0',
    '1',
  ]);
});

test('buildModel: the architecture, with Dropout after each hidden layer only when asked', () => {
  assert.equal(describeArchitecture(784, [128, 128], 10), '784 → 128 relu → 128 relu → 10 softmax');
  setRandomSeed(1);
  const plain = buildModel(2, [8, 8], 3, { l1: 0, l2: 0, dropout: 0 }, 1);
  assert.deepEqual(
    plain.layers.map((l) => l.className),
    ['Dense', 'Dense', 'Dense'],
  );
  const dropped = buildModel(2, [8, 8], 3, { l1: 0, l2: 1e-3, dropout: 0.5 }, 1);
  assert.deepEqual(
    dropped.layers.map((l) => l.className),
    ['Dense', 'Dropout', 'Dense', 'Dropout', 'Dense'],
  );
  plain.dispose();
  dropped.dispose();
});

test('decisionBoundary: a resolution² grid over the plane, the arg-max class and its probability', () => {
  setRandomSeed(3);
  const model = buildModel(2, [4], 3, { l1: 0, l2: 0, dropout: 0 }, 3);
  const b = decisionBoundary(model, { xMin: -1, xMax: 1, yMin: 0, yMax: 2 }, 5);
  model.dispose();
  assert.equal(b.resolution, 5);
  assert.equal(b.classes.length, 25);
  assert.ok(b.classes.every((c) => c >= 0 && c < 3));
  // With three classes the winner's probability is at least a third.
  assert.ok(b.confidence.every((p) => p >= 1 / 3 - 1e-6 && p <= 1 + 1e-6));
  assert.deepEqual([b.xMin, b.xMax, b.yMin, b.yMax], [-1, 1, 0, 2]);
});

const summary = (valLoss: number, bestValLoss = valLoss): VariantSummary => ({
  trainLoss: 0.01,
  valLoss,
  valAccuracy: 0.9,
  gap: valLoss - 0.01,
  bestEpoch: 3,
  bestValLoss,
  nearZeroFraction: 0.25,
  kernelL2Norm: 12.345,
});

test('the comparison table: one aligned row per variant, every column of the issue', () => {
  const result = {
    variants: [
      { name: 'none', summary: summary(0.45) },
      { name: 'L2 + Dropout', summary: summary(0.35) },
    ],
  } as unknown as ComparisonResult;
  const lines = comparisonTable(result).split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0] as string, /^variant +train loss +val loss +val acc +gap +best epoch +\|w\|<1e-3 +kernel L2$/);
  assert.match(lines[2] as string, /^none +0\.0100 +0\.4500 +90\.0% +0\.4400 +3 \(0\.4500\) +25\.0% +12\.35$/);
  assert.match(lines[3] as string, /^L2 \+ Dropout +0\.0100 +0\.3500/);
  assert.equal(new Set(lines.map((l) => l.length)).size, 1, 'rows line up');
});

test('the sweep table: best by the val loss column, within-noise values flagged, the rule said under it', () => {
  // The issue's sweep: 1e-4 has the lowest loss over the epochs, 1e-3 the lowest final one (the column shown).
  const sweep = sweepFromCurves(ISSUE_SWEEP);
  const lines = sweepTable(sweep).split('\n');
  assert.match(lines[0] as string, /^C \(L2\) +train loss +val loss/);
  assert.match(lines[2] as string, /^1e-5 .* 0\.4518 .*\d$/);
  assert.match(lines[3] as string, /^1e-4 .* 0\.4412 .* 12 \(0\.3539\) .*\d$/);
  assert.match(lines[4] as string, /^1e-3 +[\d.]+ +0\.3805 .* {2}◀ best$/);
  assert.match(lines[5] as string, /^1e-2 +[\d.]+ +0\.3850 .* {2}◀ within noise$/);
  assert.equal(lines[6], '');
  assert.equal(
    lines[7],
    'best: C = 1e-3 by lowest final val loss (0.3805); within noise: C = 1e-2 (+0.0045 < 0.0185); ' +
      'next beyond noise: C = 1e-4 (+0.0607 ≥ 0.0146).',
  );
  assert.equal(
    lines[8],
    'noise: 2σ of a difference, σ from the epoch-to-epoch fluctuation of each val loss over its last 10 epochs.',
  );
  assert.equal(lines.length, 9);
  // The marked row holds the smallest number of the val loss column.
  const column = lines.slice(2, 6).map((l) => Number(l.split(/ +/)[2]));
  assert.equal(lines[2 + column.indexOf(Math.min(...column))]?.endsWith('◀ best'), true);
  // A dropout sweep names its parameter a rate.
  const dropout = sweepFromCurves(
    ISSUE_SWEEP.map((s, i) => ({ ...s, value: [0.2, 0.4, 0.6, 0.8][i] as number })),
    40,
    'Dropout',
  );
  assert.match(sweepTable(dropout), /^rate \(Dropout\) +train loss/);
  assert.match(sweepTable(dropout), /\nbest: rate = 0\.6 by lowest final val loss/);
});

test('progress: rewritten in place on a terminal, one finished line in a log', () => {
  const written: string[] = [];
  const log = streamProgress({ write: (t: string) => written.push(t) });
  log.update('epoch 1');
  log.done('finished');
  assert.deepEqual(written, ['finished\n']);
  const tty: string[] = [];
  const term = streamProgress({ write: (t: string) => tty.push(t), isTTY: true });
  term.update('epoch 1');
  term.done('finished');
  assert.deepEqual(tty, ['\r\x1b[2Kepoch 1', '\r\x1b[2Kfinished\n']);
  const logs = {
    loss: 0.5,
    regularization_loss: 0.1,
    val_loss: 0.7,
    val_regularization_loss: 0.1,
    val_accuracy: 0.875,
  };
  assert.ok(Math.abs(dataLoss(logs, 'val_') - 0.6) < 1e-12);
  assert.equal(epochLine(4, 40, logs, 1.25), 'epoch  5/40  train 0.4000  val 0.6000  val acc 87.5%  1.3 s');
});

test('defaults: the MNIST preset is what `npm start` runs', () => {
  const o = resolveCompare({});
  assert.equal(o.dataset, 'mnist');
  assert.equal(o.trainSize, 1000);
  assert.equal(o.valSize, 2000);
  assert.equal(o.seed, 42);
  assert.deepEqual(o.variants, VARIANTS);
});
