/** The decision boundary of each variant over the 2-D input plane, with the training points on top. */
import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../../core/errors.js';
import type { DecisionBoundary, VariantResult } from '../comparison.js';
import { CHART_CONFIG, classColor, overWhite } from '../theme.js';
import { facetLayout, SCHEMA } from './common.js';

/** Rows for {@link decisionBoundarySpec}: grid cells, training points and each panel's frame. */
export type BoundaryRow =
  | {
      /** A run of grid cells in one row that share a colour. */
      readonly kind: 'cell';
      readonly variant: string;
      readonly x: number;
      readonly x2: number;
      readonly y: number;
      readonly y2: number;
      readonly cls: string;
      /** The confidence at the run's first grid point. */
      readonly confidence: number;
      /** The class colour, paler the lower the confidence, as an opaque colour. */
      readonly color: string;
    }
  | { readonly kind: 'point'; readonly variant: string; readonly px: number; readonly py: number; readonly cls: string }
  | {
      readonly kind: 'frame';
      readonly variant: string;
      readonly x: number;
      readonly x2: number;
      readonly y: number;
      readonly y2: number;
    };

/** The training points of a 2-D dataset: x row-major (x₀, y₀, x₁, y₁, …), one label per point. */
export interface PlanePoints {
  readonly x: Float32Array;
  readonly labels: Int32Array;
}

/** Limits that keep the SVG small enough to open quickly: cells per axis, points per panel. */
export const BOUNDARY_LIMITS = { cellsPerAxis: 50, pointsPerPanel: 600 } as const;

/** How pale a cell is at the lowest confidence (a coin toss) and at certainty. */
const ALPHA = { unsure: 0.06, sure: 0.55 } as const;

/**
 * Rows for the decision-boundary chart. Grid point (i, j) of a {@link DecisionBoundary} sits at
 * x = xMin + i·(xMax − xMin)/(resolution − 1), y likewise with row j; each is drawn as the cell around
 * it. Grids finer than {@link BOUNDARY_LIMITS} are resampled (nearest grid point) to that many cells per
 * axis, and neighbouring cells of a row that get the same colour are merged into one rect; when there
 * are more training points than the limit, every k-th is kept.
 *
 * @throws {ValueError} when a grid's arrays do not hold resolution² values, or the points do not hold
 *   two coordinates per label.
 */
export function boundaryRows(
  variants: readonly Pick<VariantResult, 'name' | 'boundary'>[],
  points: PlanePoints | undefined,
  numClasses = 2,
): BoundaryRow[] {
  const rows: BoundaryRow[] = [];
  if (points && points.x.length !== 2 * points.labels.length) {
    throw new ValueError(
      `Invalid dataset points. Expected 2 coordinates per label (x.length = 2 × labels.length). Received: x.length=${points.x.length}, labels.length=${points.labels.length}`,
    );
  }
  const pointStride = points ? Math.max(1, Math.ceil(points.labels.length / BOUNDARY_LIMITS.pointsPerPanel)) : 1;
  const chance = 1 / Math.max(2, numClasses);
  for (const v of variants) {
    const b = v.boundary;
    if (!b) continue;
    checkGrid(v.name, b);
    const r = b.resolution;
    const cells = Math.min(r, BOUNDARY_LIMITS.cellsPerAxis);
    const dx = cells > 1 ? (b.xMax - b.xMin) / (cells - 1) : b.xMax - b.xMin || 1;
    const dy = cells > 1 ? (b.yMax - b.yMin) / (cells - 1) : b.yMax - b.yMin || 1;
    // Each cell reaches 15% into its neighbours: opaque cells then hide the hairline seams that
    // anti-aliasing leaves between exactly abutting ones.
    const hx = 0.5 * dx * 1.15;
    const hy = 0.5 * dy * 1.15;
    const source = (a: number) => (cells > 1 ? Math.round((a * (r - 1)) / (cells - 1)) : 0);
    for (let row = 0; row < cells; row++) {
      let run: Extract<BoundaryRow, { kind: 'cell' }> | undefined;
      for (let col = 0; col < cells; col++) {
        const k = source(row) * r + source(col);
        const cls = b.classes[k] as number;
        const confidence = b.confidence[k] as number;
        // 24 shades per class: steps the eye does not see, and long runs of equal colour to merge.
        const t = Math.round(24 * Math.min(1, Math.max(0, (confidence - chance) / (1 - chance)))) / 24;
        const color = overWhite(classColor(cls), ALPHA.unsure + t * (ALPHA.sure - ALPHA.unsure));
        const cx = b.xMin + col * dx;
        if (run && run.color === color) {
          // Same colour as its left neighbour: widen that rect. Where the model is sure, whole stretches
          // of a row share one colour, and the SVG shrinks by several times.
          run = { ...run, x2: cx + hx };
          rows[rows.length - 1] = run;
          continue;
        }
        const cy = b.yMin + row * dy;
        run = {
          kind: 'cell',
          variant: v.name,
          x: cx - hx,
          x2: cx + hx,
          y: cy - hy,
          y2: cy + hy,
          cls: String(cls),
          confidence,
          color,
        };
        rows.push(run);
      }
    }
    rows.push({
      kind: 'frame',
      variant: v.name,
      x: b.xMin - dx / 2,
      x2: b.xMax + dx / 2,
      y: b.yMin - dy / 2,
      y2: b.yMax + dy / 2,
    });
    if (points) {
      for (let p = 0; p < points.labels.length; p += pointStride) {
        rows.push({
          kind: 'point',
          variant: v.name,
          px: points.x[2 * p] as number,
          py: points.x[2 * p + 1] as number,
          cls: String(points.labels[p]),
        });
      }
    }
  }
  return rows;
}

function checkGrid(name: string, b: DecisionBoundary): void {
  const n = b.resolution * b.resolution;
  if (!Number.isInteger(b.resolution) || b.resolution < 1 || b.classes.length !== n || b.confidence.length !== n) {
    throw new ValueError(
      `Invalid decision boundary for variant ${JSON.stringify(name)}. Expected resolution² = ${n} classes and confidences. Received: resolution=${b.resolution}, classes.length=${b.classes.length}, confidence.length=${b.confidence.length}`,
    );
  }
}

/**
 * The decision boundary of each variant: the plane coloured by predicted class (paler where the model
 * is less sure), the training points on top coloured by their label, each panel framed in the
 * variant's colour. Variants without a boundary are left out.
 */
export function decisionBoundarySpec(
  variants: readonly (Pick<VariantResult, 'name' | 'boundary'> & { readonly color: string })[],
  points: PlanePoints | undefined,
  numClasses: number,
): TopLevelSpec {
  const drawn = variants.filter((v) => v.boundary);
  const rows = boundaryRows(drawn, points, numClasses);
  const frames = rows.filter((r) => r.kind === 'frame');
  const xDomain = [Math.min(...frames.map((f) => f.x)), Math.max(...frames.map((f) => f.x2))];
  const yDomain = [Math.min(...frames.map((f) => f.y)), Math.max(...frames.map((f) => f.y2))];
  const classes = Array.from({ length: Math.max(2, numClasses) }, (_, i) => String(i));
  const x = { type: 'quantitative', title: 'x₁', scale: { domain: xDomain, nice: false, zero: false } } as const;
  const y = { type: 'quantitative', title: 'x₂', scale: { domain: yDomain, nice: false, zero: false } } as const;
  const { columns, width } = facetLayout(drawn.length);
  // Square panels, a little narrower than the others: the plane has no preferred aspect, and the legend needs room.
  const side = Math.round(width * 0.88);
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: 'Decision boundaries',
      subtitle: 'Background: predicted class, paler where the model is less sure; dots: training points by label',
    },
    data: { values: rows as never },
    columns,
    facet: { field: 'variant', type: 'nominal', sort: drawn.map((v) => v.name), header: { title: null } },
    spec: {
      width: side,
      height: side,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'cell'" }],
          // aria: false drops a per-cell label that would triple the size of the SVG.
          mark: { type: 'rect', aria: false, clip: true },
          encoding: {
            x: { field: 'x', ...x },
            x2: { field: 'x2' },
            y: { field: 'y', ...y },
            y2: { field: 'y2' },
            fill: { field: 'color', type: 'nominal', scale: null, legend: null },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'point'" }],
          mark: {
            type: 'point',
            filled: true,
            size: 18,
            stroke: 'white',
            strokeWidth: 0.7,
            opacity: 0.95,
            aria: false,
            clip: true,
          },
          encoding: {
            x: { field: 'px', ...x },
            y: { field: 'py', ...y },
            // color, not fill: the cells' fill has no scale, and sharing the channel would drop this legend.
            color: {
              field: 'cls',
              type: 'nominal',
              title: 'label',
              scale: { domain: classes, range: classes.map((_, i) => classColor(i)) },
            },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'frame'" }],
          mark: { type: 'rect', fill: null, strokeWidth: 4, aria: false } as never,
          encoding: {
            x: { field: 'x', ...x },
            x2: { field: 'x2' },
            y: { field: 'y', ...y },
            y2: { field: 'y2' },
            stroke: {
              field: 'variant',
              type: 'nominal',
              scale: { domain: variants.map((v) => v.name), range: variants.map((v) => v.color) },
              legend: null,
            },
          },
        },
      ],
    },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  };
}
