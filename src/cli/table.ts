/**
 * The plain-text tables `compare` and `sweep` print when they finish: one row per model, columns right-aligned
 * so that a terminal, a log and a pasted issue comment all line up.
 */
import type { ComparisonResult, SweepResult, VariantSummary } from '../report/index.js';
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

/** One row per coefficient, the best marked with `◀ best`. */
export function sweepTable(result: SweepResult): string {
  const table = render(
    [`C (${result.regularizer})`, ...COLUMNS.map((c) => c.title)],
    result.points.map((p) => [formatValue(p.value), ...COLUMNS.map((c) => c.cell(p.summary))]),
  );
  const lines = table.split('\n');
  return lines.map((l, i) => (i >= 2 && result.points[i - 2]?.value === result.best ? `${l}  ◀ best` : l)).join('\n');
}
