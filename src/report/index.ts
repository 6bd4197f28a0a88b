/**
 * The regularization report: what the comparison and the sweep produce (comparison.ts), and the
 * self-contained HTML page drawn from it. The CLI is the only importer.
 *
 * @example
 * ```ts
 * import { renderComparisonReport, writeReport } from './report/index.js';
 * await writeReport('report.html', await renderComparisonReport(result));
 * ```
 */
export type {
  ComparisonResult,
  DecisionBoundary,
  SweepResult,
  VariantResult,
  VariantSummary,
} from './comparison.js';
export { type ChartKind, renderComparisonReport, renderSweepReport, writeReport } from './html.js';
export { readComparison, readSweep } from './reading.js';
