/** Validation loss against the coefficient C of a sweep: the U shape, with the best C marked. */
import type { TopLevelSpec } from 'vega-lite';
import type { VariantSummary } from '../comparison.js';
import { coefficientFormatter } from '../format.js';
import { CHART_CONFIG } from '../theme.js';
import { finiteOrNull, SCHEMA } from './common.js';

/** The three losses drawn against C, in legend order. */
export const SWEEP_SERIES = ['validation, best epoch', 'validation, last epoch', 'training, last epoch'] as const;

/** One point of the sweep chart: a loss of one kind at one coefficient. */
export interface SweepRow {
  readonly value: number;
  readonly series: (typeof SWEEP_SERIES)[number];
  readonly loss: number | null;
}

/** One trained model of a sweep, as far as the chart needs it. */
export interface SweepPoint {
  readonly value: number;
  readonly summary: VariantSummary;
}

/** What a sweep varies: a coefficient C spread over decades, or Dropout's rate, a probability. */
export interface SweepParameter {
  /** 'C' or 'rate', as the table, the chart and the reading name it. */
  readonly symbol: 'C' | 'rate';
  /** A log axis for coefficients; a linear one for rates in [0, 1). */
  readonly log: boolean;
}

/** The parameter a sweep of `regularizer` varies: Dropout's rate (linear), otherwise the coefficient C (log). */
export function sweepParameter(regularizer: string): SweepParameter {
  return /dropout/i.test(regularizer) ? { symbol: 'rate', log: false } : { symbol: 'C', log: true };
}

/**
 * Rows for {@link sweepSpec}: three per value, in the order given. On a log axis values ≤ 0 are left
 * out (they have no place on it).
 */
export function sweepRows(points: readonly SweepPoint[], log = true): SweepRow[] {
  return points
    .filter((p) => (log ? p.value > 0 : Number.isFinite(p.value)))
    .flatMap((p): SweepRow[] => [
      { value: p.value, series: SWEEP_SERIES[0], loss: finiteOrNull(p.summary.bestValLoss) },
      { value: p.value, series: SWEEP_SERIES[1], loss: finiteOrNull(p.summary.valLoss) },
      { value: p.value, series: SWEEP_SERIES[2], loss: finiteOrNull(p.summary.trainLoss) },
    ]);
}

/**
 * Validation loss (at the best epoch and at the last) against the coefficient C on a log axis (or
 * Dropout's rate on a linear one), with the training loss for reference: too small a C overfits (low
 * training, high validation loss), too large a C underfits (both high); the best C (`best`, as `pickSweep`
 * chooses it: lowest final validation loss) is marked on the last-epoch curve, at the bottom of the U. Ticks sit
 * at the values tried, labelled as the table labels them.
 */
export function sweepSpec(points: readonly SweepPoint[], best: number, regularizer: string): TopLevelSpec {
  const { symbol, log } = sweepParameter(regularizer);
  const rows = sweepRows(points, log);
  const values = [...new Set(rows.map((r) => r.value))].sort((a, b) => a - b);
  const format = coefficientFormatter(points.map((p) => p.value));
  const lo = values[0] ?? (log ? 1e-6 : 0);
  const hi = values.at(-1) ?? 1;
  // Room either side (half a decade, or 5% of a rate's range), so no mark sits on the frame.
  const domain = log ? [lo / 3, hi * 3] : [Math.max(0, lo - 0.05), Math.min(1, hi + 0.05)];
  // Vega's own log ticks would be 1e-5 … with unlabelled 2…9 between; the tried values say more.
  const labelExpr = values.reduceRight(
    (rest, v) => `datum.value === ${v} ? ${JSON.stringify(format(v))} : ${rest}`,
    "format(datum.value, '.0e')",
  );
  const x = {
    field: 'value',
    type: 'quantitative',
    title: log ? `coefficient C of ${regularizer} (log scale)` : `rate of ${regularizer}`,
    scale: log ? { type: 'log', domain, nice: false } : { type: 'linear', domain, nice: false, zero: false },
    axis: { values, labelExpr, grid: true },
  } as const;
  const seriesScale = (range: readonly unknown[]) => ({ domain: [...SWEEP_SERIES], range: [...range] });
  const bestPoint = points.find((p) => p.value === best);
  const marker =
    bestPoint && (best > 0 || !log)
      ? [
          {
            data: {
              values: [
                {
                  value: best,
                  // On the curve the pick is made on: the validation loss at the last epoch.
                  loss: finiteOrNull(bestPoint.summary.valLoss),
                  label: `best ${symbol} = ${format(best)}`,
                },
              ],
            },
            layer: [
              { mark: { type: 'rule', color: '#0072b2', strokeDash: [3, 3], strokeWidth: 1.5 }, encoding: { x } },
              {
                mark: {
                  type: 'point',
                  shape: 'diamond',
                  size: 240,
                  filled: true,
                  color: '#0072b2',
                  stroke: 'white',
                  strokeWidth: 1.5,
                },
                encoding: { x, y: { field: 'loss', type: 'quantitative' } },
              },
              {
                mark: {
                  type: 'text',
                  align: 'left',
                  baseline: 'top',
                  dx: 6,
                  y: 4,
                  fontSize: 12,
                  fontWeight: 'bold',
                  color: '#0072b2',
                },
                encoding: { x, text: { field: 'label' } },
              },
            ],
          },
        ]
      : [];
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: `Validation loss against ${symbol} (${regularizer})`,
      subtitle: `Data loss; too small a ${symbol} overfits, too large a ${symbol} underfits; the best ${symbol} is marked`,
    },
    width: 600,
    height: 300,
    layer: [
      {
        data: { values: rows as never },
        mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'loss', type: 'quantitative', title: 'data loss', scale: { zero: false } },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: seriesScale(['#0072b2', '#e69f00', '#8c8c8c']),
          },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: seriesScale([
              [1, 0],
              [1, 0],
              [5, 3],
            ]),
          },
        },
      },
      ...marker,
    ],
  } as TopLevelSpec;
}
