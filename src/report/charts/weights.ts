/** Histograms of the kernel weights, one panel per variant, binned here rather than by Vega. */
import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../../core/errors.js';
import type { VariantResult, VariantSummary } from '../comparison.js';
import { formatPercent } from '../format.js';
import { CHART_CONFIG, PANEL } from '../theme.js';
import { facetLayout, SCHEMA } from './common.js';

/** One histogram bar: the count of a variant's kernel weights in [x0, x1). */
export interface WeightBinRow {
  readonly variant: string;
  readonly x0: number;
  readonly x1: number;
  readonly count: number;
}

/** Binned kernel weights on one x range shared by every variant. */
export interface WeightHistogram {
  /** Bars span [−limit, limit]; weights beyond are counted in the outermost bars. */
  readonly limit: number;
  /** How many weights (over all variants) lie beyond ±limit. */
  readonly clipped: number;
  /** `bins` rows per variant, in the variants' order, then from −limit up. */
  readonly rows: readonly WeightBinRow[];
}

/** The variant fields the weight histogram needs. */
export type WeightedVariant = Pick<VariantResult, 'name' | 'kernelWeights'> & {
  readonly summary: Pick<VariantSummary, 'nearZeroFraction'>;
};

/**
 * Bins every variant's kernel weights over one symmetric range: the 99.9th percentile of |w| over all
 * variants, so one stray large weight does not squash every bell into a single bar. The bin count is
 * odd so that one bar is centred on 0, where L1 piles its weights up. Hundreds of thousands of weights
 * become a few hundred rows, which Vega draws in milliseconds.
 *
 * @throws {ValueError} when `bins` is not an odd positive integer.
 */
export function weightHistogram(variants: readonly WeightedVariant[], bins = 61): WeightHistogram {
  if (!Number.isInteger(bins) || bins < 1 || bins % 2 === 0) {
    throw new ValueError(
      `Invalid value received for argument \`bins\`. Expected an odd positive integer. Received: bins=${bins}`,
    );
  }
  let limit = 0;
  for (const v of variants) limit = Math.max(limit, absQuantile(v.kernelWeights, 0.999));
  if (!(limit > 0)) limit = 1;
  const step = (2 * limit) / bins;
  let clipped = 0;
  const rows: WeightBinRow[] = [];
  for (const v of variants) {
    const counts = new Array<number>(bins).fill(0);
    for (const w of v.kernelWeights) {
      if (!Number.isFinite(w)) continue;
      if (Math.abs(w) > limit) clipped++;
      const bin = Math.min(bins - 1, Math.max(0, Math.floor((w + limit) / step)));
      counts[bin] = (counts[bin] as number) + 1;
    }
    counts.forEach((count, i) => {
      rows.push({ variant: v.name, x0: -limit + i * step, x1: -limit + (i + 1) * step, count });
    });
  }
  return { limit, clipped, rows };
}

/**
 * Kernel-weight histograms, one panel per variant, on a shared x range and a shared symlog count axis
 * (a linear axis would let L1's spike at zero flatten every other bar), each panel noting its share of
 * weights with |w| < 1e-3, which a bar 1/61 of the range wide can only hint at.
 */
export function weightHistogramSpec(variants: readonly (WeightedVariant & { readonly color: string })[]): TopLevelSpec {
  const histogram = weightHistogram(variants);
  const names = variants.map((v) => v.name);
  const { columns, width } = facetLayout(variants.length);
  const notes = variants.map((v) => ({
    variant: v.name,
    note: `${formatPercent(v.summary.nearZeroFraction)} with |w| < 1e-3`,
  }));
  const maxCount = Math.max(1, ...histogram.rows.map((r) => r.count));
  // Four times the tallest bar leaves headroom at the top of each panel for its note.
  const top = 4 * maxCount;
  // Symlog's own ticks bunch up near the top; powers of ten read as the log scale they stand for.
  const ticks = [0, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].filter((t) => t <= top);
  return {
    $schema: SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: 'Kernel weights at the end of training',
      subtitle: 'Count of weights per bin (symlog scale), same axes in every panel',
    },
    data: { values: [...histogram.rows, ...notes] as never },
    columns,
    facet: { field: 'variant', type: 'nominal', sort: names, header: { title: null } },
    spec: {
      width,
      height: PANEL.height,
      layer: [
        {
          transform: [{ filter: 'isValid(datum.count)' }],
          mark: { type: 'bar', binSpacing: 0, aria: false },
          encoding: {
            x: {
              field: 'x0',
              type: 'quantitative',
              bin: { binned: true },
              title: 'weight',
              scale: { domain: [-histogram.limit, histogram.limit], nice: false },
            },
            x2: { field: 'x1' },
            y: {
              field: 'count',
              type: 'quantitative',
              title: 'count',
              scale: { type: 'symlog', domain: [0, top], nice: false },
              // A log-type scale ignores `format`; labelExpr is applied as written.
              axis: { values: ticks, labelExpr: "format(datum.value, ',d')" },
            },
            color: {
              field: 'variant',
              type: 'nominal',
              scale: { domain: names, range: variants.map((v) => v.color) },
              legend: null,
            },
          },
        },
        {
          transform: [{ filter: 'isValid(datum.note)' }],
          mark: {
            type: 'text',
            align: 'right',
            baseline: 'top',
            x: width - 6,
            y: 6,
            fontSize: 12,
            color: '#333',
          },
          encoding: { text: { field: 'note' } },
        },
      ],
    },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  };
}

function absQuantile(values: Float32Array, q: number): number {
  const abs = new Float32Array(values.length);
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) abs[n++] = Math.abs(v);
  if (n === 0) return 0;
  const sorted = abs.subarray(0, n).sort();
  return sorted[Math.min(n - 1, Math.floor(q * n))] as number;
}
