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
 * Training (dashed) and validation (solid) data loss per epoch, one panel per series on a shared y
 * axis, with the gap between them shaded: the wider the band, the more the model overfits.
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
  const yTitle = 'data loss';
  const { columns, width } = facetLayout(series.length);
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: 'Training vs validation loss',
      subtitle: 'Data loss (loss − regularization_loss), same y axis in every panel; shaded: the generalization gap',
    },
    data: { values: lossCurveRows(series) as never },
    columns,
    facet: { field: 'variant', type: 'nominal', sort: names, header: { title: null } },
    spec: {
      width,
      height: PANEL.height,
      layer: [
        {
          mark: { type: 'area', opacity: 0.14 },
          encoding: {
            x,
            y: { field: 'train', type: 'quantitative', title: yTitle },
            y2: { field: 'validation' },
            color,
          },
        },
        {
          transform: [{ fold: ['train', 'validation'], as: ['split', 'loss'] }],
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            x,
            y: { field: 'loss', type: 'quantitative', title: yTitle },
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
    },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  };
}
