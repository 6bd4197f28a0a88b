/**
 * The plain-text tables `compare` and `sweep` print when they finish: one row per model, columns right-aligned
 * so that a terminal, a log and a pasted issue comment all line up.
 */
import { sweepParameter } from '../report/charts.js';
import type { ComparisonResult, SweepResult, VariantSummary } from '../report/index.js';
import { describeNoise, explainPick, pickSweep } from '../report/pick.js';
import { formatValue } from './variants.js';

interface Column {
  readonly title: string;
  readonly cell: (s: VariantSummary) => string;
}

const fixed = (v: number, d = 4) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
const percent = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : String(v));

/** The summary columns, in the order. */
const COLUMNS: readonly Column[] = [
  { title: 'train loss', cell: (s) => fixed(s.trainLoss) },
  { title: 'val loss', cell: (s) => fixed(s.valLoss) },
  { title: 'val acc', cell: (s) => percent(s.valAccuracy) },
  { title: 'gap', cell: (s) => fixed(s.gap) },
  { title: 'best epoch', cell: (s) => `${s.bestEpoch} (${fixed(s.bestValLoss)})` },
  { title: '|w|<1e-3', cell: (s) => percent(s.nearZeroFraction) },
  { title: 'kernel L2', cell: (s) => fixed(s.kernelL2Norm, 2) },
];

function render(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  // The first column (names) is left-aligned, numbers right-aligned.
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * One row per variant: final train and validation data loss, validation accuracy, the gap, the best epoch
 * (with its validation loss), the share of near-zero kernel weights and the kernels' L2 norm.
 */
export function comparisonTable(result: ComparisonResult): string {
  return render(
    ['variant', ...COLUMNS.map((c) => c.title)],
    result.variants.map((v) => [v.name, ...COLUMNS.map((c) => c.cell(v.summary))]),
  );
}

/**
 * One row per coefficient: the best (lowest final val loss, the `val loss` column) marked `◀ best`, those
 * within noise of it `◀ within noise`, and under the table the line that says why (see `pickSweep`).
 */
export function sweepTable(result: SweepResult): string {
  const pick = pickSweep(result.points);
  const close = new Set(pick.withinNoise.map((r) => r.value));
  const { symbol } = sweepParameter(result.regularizer);
  const table = render(
    [`${symbol} (${result.regularizer})`, ...COLUMNS.map((c) => c.title)],
    result.points.map((p) => [formatValue(p.value), ...COLUMNS.map((c) => c.cell(p.summary))]),
  );
  const marks = result.points.map((p) =>
    p.value === pick.best ? '  ◀ best' : close.has(p.value) ? '  ◀ within noise' : '',
  );
  const rows = table.split('\n').map((l, i) => (i >= 2 ? `${l}${marks[i - 2] ?? ''}` : l));
  return `${rows.join('\n')}\n\n${explainPick(pick, formatValue, symbol, 4)}\n${describeNoise(pick)}`;
}
