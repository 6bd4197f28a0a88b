/** Training vs validation data loss per epoch, one panel per variant. */
import type { TopLevelSpec } from 'vega-lite';
import { dataLossCurves } from '../series.js';
import { CHART_CONFIG, PANEL } from '../theme.js';
import { facetLayout, finiteOrNull, SCHEMA } from './common.js';

/** One curve pair to draw: a variant of the comparison, or one coefficient of a sweep. */
export interface CurveSeries {
  readonly name: string;
  readonly color: string;
  readonly history: Readonly<Record<string, readonly number[]>>;
}

/** One epoch of one series; null where the loss is missing or not finite (Vega leaves a hole). */
export interface LossCurveRow {
  readonly variant: string;
  readonly epoch: number;
  readonly train: number | null;
  readonly validation: number | null;
}

/** Rows for {@link lossCurvesSpec}: one per variant and epoch, with data losses (penalty taken out). */
export function lossCurveRows(series: readonly CurveSeries[]): LossCurveRow[] {
  const rows: LossCurveRow[] = [];
  for (const s of series) {
    const { train, validation } = dataLossCurves(s.history);
    const epochs = Math.max(train.length, validation.length);
    for (let i = 0; i < epochs; i++) {
      rows.push({
        variant: s.name,
        epoch: i + 1,
        train: finiteOrNull(train[i]),
        validation: finiteOrNull(validation[i]),
      });
    }
  }
  return rows;
}

/**
 * The share of a run's first epochs that a panel's y axis is not fitted to: the steep first descent (the loss
 * near 2 at epoch 1 on MNIST), which says nothing about over- or underfitting and, on the axis, would squash
 * the part that does (a validation loss turning up from 0.35 to 0.45) into a few pixels.
 */
export const DESCENT_FRACTION = 0.1;

/** Room above and below the curves, as a share of the span they cover. */
const PADDING = 0.08;

/**
 * The y domain of one panel, fitted to its own curves: from their lowest loss (training or validation) to the
 * highest validation loss after the first {@link DESCENT_FRACTION} of the epochs, padded by 8% of that span each
 * side (never below 0 for losses that are not). The validation curve sets the top because its turn is what the
 * panel is for; the first epochs, and a training loss held high by Dropout, may run off the top, where the
 * lines are clipped at the frame. Without a validation curve the training curve sets the top; [0, 1] for a
 * panel with no finite loss.
 *
 * @example `lossDomain(rows) // [0.27, 0.52] for curves between 0.29 and 0.5 after the descent`
 */
export function lossDomain(rows: readonly LossCurveRow[]): [number, number] {
  const epochs = rows.reduce((m, r) => Math.max(m, r.epoch), 0);
  const skip = Math.floor(epochs * DESCENT_FRACTION);
  const values = (pick: (r: LossCurveRow) => number | null, from = 0) =>
    rows.filter((r) => r.epoch > from).flatMap((r) => (pick(r) === null ? [] : [pick(r) as number]));
  const all = [...values((r) => r.train), ...values((r) => r.validation)];
  if (all.length === 0) return [0, 1];
  const lo = Math.min(...all);
  // The top: validation after the descent, else training after it, else (a run that only falls) everything.
  const top = [values((r) => r.validation, skip), values((r) => r.train, skip), all].find((v) => v.length > 0);
  const hi = Math.max(lo, ...(top as number[]));
  const pad = hi > lo ? PADDING * (hi - lo) : Math.max(Math.abs(lo) * 0.05, 0.01);
  return [lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad];
}

/**
 * Training (dashed) and validation (solid) data loss per epoch, one panel per series, each with its own y axis
 * fitted to its curves ({@link lossDomain}), with the gap between them shaded: the wider the band, the more the
 * model overfits. Own axes, not one shared axis: a shared one must reach the worst curve of all (an
 * unregularized run's validation loss at 1.9, or anyone's first epoch), which flattens every other panel's
 * upturn, the very thing the chart is there to show. The x axis (epochs) is shared.
 */
export function lossCurvesSpec(series: readonly CurveSeries[]): TopLevelSpec {
  const names = series.map((s) => s.name);
  const color = {
    field: 'variant',
    type: 'nominal',
    scale: { domain: names, range: series.map((s) => s.color) },
    legend: null,
  } as const;
  const x = { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } } as const;
  const { columns, width } = facetLayout(series.length);
  const rows = lossCurveRows(series);
  const panel = (name: string, index: number) => {
    const mine = rows.filter((r) => r.variant === name);
    // The axis title once per row of panels: the others would repeat it in the narrow gaps.
    const y = (field: string) =>
      ({
        field,
        type: 'quantitative',
        title: index % columns === 0 ? 'data loss' : null,
        scale: { domain: lossDomain(mine), nice: false, zero: false },
      }) as const;
    return {
      title: { text: name, anchor: 'middle', fontSize: 13, fontWeight: 'bold', color: '#222', offset: 6 },
      width,
      height: PANEL.height,
      data: { values: mine as never },
      layer: [
        {
          mark: { type: 'area', opacity: 0.14, clip: true },
          encoding: { x, y: y('train'), y2: { field: 'validation' }, color },
        },
        {
          transform: [{ fold: ['train', 'validation'], as: ['split', 'loss'] }],
          mark: { type: 'line', strokeWidth: 2, clip: true },
          encoding: {
            x,
            y: y('loss'),
            color,
            strokeDash: {
              field: 'split',
              type: 'nominal',
              scale: {
                domain: ['train', 'validation'],
                range: [
                  [5, 3],
                  [1, 0],
                ],
              },
              legend: { title: null, labelExpr: "datum.label === 'train' ? 'training' : 'validation'" },
            },
          },
        },
      ],
    };
  };
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: 'Training vs validation loss',
      subtitle: 'Data loss (loss − regularization_loss), each panel on its own y axis; shaded: the generalization gap',
    },
    columns,
    concat: series.map((s, i) => panel(s.name, i)),
    resolve: { scale: { x: 'shared', y: 'independent' } },
  } as TopLevelSpec;
}
