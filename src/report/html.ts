/**
 * The report as one self-contained HTML document: the settings, the table, the reading and the charts
 * as inline SVG, styled by an inline sheet. It loads nothing and runs no script (its
 * Content-Security-Policy forbids both), so it opens the same from a file, a mail attachment or a CI
 * artifact, with or without a network.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../core/errors.js';
import {
  BOUNDARY_LIMITS,
  type CurveSeries,
  decisionBoundarySpec,
  lossCurvesSpec,
  sweepParameter,
  sweepSpec,
  weightHistogram,
  weightHistogramSpec,
} from './charts.js';
import type { ComparisonResult, SweepResult, VariantSummary } from './comparison.js';
import {
  coefficientFormatter,
  escapeHtml,
  formatAccuracy,
  formatFixed,
  formatNumber,
  formatPercent,
  formatSeconds,
} from './format.js';
import { describeNoise, explainPick, pickSweep, type SweepPick } from './pick.js';
import { readComparison, readSweep } from './reading.js';
import { renderSvg } from './render.js';
import { rampColor, STYLESHEET, variantColor } from './theme.js';

/** The kinds of chart a report holds, as written in each figure's `data-chart` attribute. */
export type ChartKind = 'loss-curves' | 'weights' | 'boundary' | 'sweep';

interface Figure {
  readonly kind: ChartKind;
  readonly spec: TopLevelSpec;
  /** Plain text; escaped when written. */
  readonly caption: string;
}

/**
 * Renders a regularization comparison as a self-contained HTML document: the dataset and settings, a
 * table per variant (final training and validation data loss, validation accuracy, gap, best epoch,
 * share of near-zero weights, kernel L2 norm), a plain-language reading, and the charts (loss curves,
 * weight histograms and, for 2-D datasets, decision boundaries).
 *
 * @throws {ValueError} when the result has no variants, or its boundary grids or points are malformed.
 * @example
 * ```ts
 * const html = await renderComparisonReport(result);
 * await writeReport('report.html', html);
 * ```
 */
export async function renderComparisonReport(result: ComparisonResult): Promise<string> {
  if (result.variants.length === 0) {
    throw new ValueError(
      'Invalid value received for argument `result`. Expected a comparison with at least one variant. Received: variants=[]',
    );
  }
  const variants = result.variants.map((v, i) => ({ ...v, color: variantColor(i) }));
  const figures: Figure[] = [
    {
      kind: 'loss-curves',
      spec: lossCurvesSpec(variants),
      caption:
        'Training (dashed) and validation (solid) data loss per epoch: the loss minus the regularization penalty, ' +
        'so that every variant is measured on the same footing. The shaded band between the two is the ' +
        'generalization gap. Each panel has its own y axis, fitted to its curves after the first descent (the first ' +
        'epochs may run off the top), so that a validation loss turning up shows in every panel; read the axes, or ' +
        'the table, to compare panels.',
    },
  ];
  const weighted = variants.filter((v) => v.kernelWeights.length > 0);
  if (weighted.length) {
    const { limit, clipped } = weightHistogram(weighted);
    const beyond = clipped
      ? ` The ${clipped.toLocaleString('en-US')} weights beyond ±${formatNumber(limit)} are counted in the outermost bars.`
      : '';
    figures.push({
      kind: 'weights',
      spec: weightHistogramSpec(weighted),
      caption:
        `Every kernel weight at the end of training, binned over ±${formatNumber(limit)} (the same bins in every panel); ` +
        'counts on a symlog scale so that small bars stay visible. A spike at 0 means weights driven to (nearly) ' +
        `zero, as L1 does; a narrower bell means weights shrunk overall, as L2 does.${beyond}`,
    });
  }
  const withBoundary = variants.filter((v) => v.boundary);
  if (withBoundary.length) {
    const points = result.dataset.points;
    const stride = points ? Math.ceil(points.labels.length / BOUNDARY_LIMITS.pointsPerPanel) : 1;
    const shown = points
      ? ` Dots: ${stride > 1 ? `every ${ordinal(stride)} of the ` : 'the '}${points.labels.length.toLocaleString('en-US')} training points, coloured by their label.`
      : '';
    figures.push({
      kind: 'boundary',
      spec: decisionBoundarySpec(withBoundary, points, result.dataset.numClasses),
      caption:
        "Each variant's prediction over the input plane: the colour is the predicted class, paler where the model is " +
        `less confident; the frame is in the variant's colour.${shown} A boundary that bends around single points is ` +
        'fitting noise in the training set.',
    });
  }
  const d = result.dataset;
  const head = `Regularization comparison on ${d.name}`;
  const body = [
    header(head, `${variants.length} variants of one network, trained on the same data from the same seed.`),
    settings([
      ['Dataset', `${d.name}: ${d.description}`],
      ['Samples', samplesText(d)],
      ['Architecture', result.architecture],
      [
        'Training',
        `${result.epochs} epochs, batch size ${result.batchSize}, seed ${result.seed}, backend ${result.backend}`,
      ],
      ['Time', `${formatSeconds(result.seconds)} in all`],
    ]),
    section('Results', comparisonTable(variants), tableNote('the lowest val loss and the highest val accuracy')),
    section('Reading', ...readComparison(result).map((p) => `<p>${escapeHtml(p)}</p>`)),
    section('Charts', ...(await renderFigures(figures))),
    footer(),
  ];
  return page(head, body);
}

/**
 * Renders a coefficient sweep as a self-contained HTML document: the settings, a table per coefficient
 * (best one marked), a reading, validation loss against C on a log axis (the U shape, best C marked),
 * and the loss curves of each coefficient.
 *
 * @throws {ValueError} when the sweep has no points.
 */
export async function renderSweepReport(result: SweepResult): Promise<string> {
  if (result.points.length === 0) {
    throw new ValueError(
      'Invalid value received for argument `result`. Expected a sweep with at least one point. Received: points=[]',
    );
  }
  const points = [...result.points].sort((a, b) => a.value - b.value);
  const formatC = coefficientFormatter(points.map((p) => p.value));
  const { symbol, log } = sweepParameter(result.regularizer);
  const what = symbol === 'C' ? 'the coefficient C' : 'the rate';
  const series: CurveSeries[] = points.map((p, i) => ({
    name: `${symbol} = ${formatC(p.value)}`,
    color: rampColor(points.length > 1 ? i / (points.length - 1) : 0),
    history: p.history,
  }));
  const hidden = log ? points.filter((p) => !(p.value > 0)).length : 0;
  const pick = pickSweep(points);
  const figures: Figure[] = [
    {
      kind: 'sweep',
      spec: sweepSpec(points, pick.best, result.regularizer),
      caption:
        `Validation data loss at the best epoch and at the last, and the training loss, for each value of ${what} of ${result.regularizer}. ` +
        `On the left a small ${symbol} lets the network overfit (low training, high validation loss); on the right a large ${symbol} ` +
        `holds it back (both high). The diamond marks the ${symbol} with the lowest final validation loss.${hidden ? ` ${hidden} value${hidden > 1 ? 's' : ''} of C ≤ 0 cannot sit on the log axis and ${hidden > 1 ? 'are' : 'is'} only in the table.` : ''}`,
    },
    {
      kind: 'loss-curves',
      spec: lossCurvesSpec(series),
      caption:
        `Training (dashed) and validation (solid) data loss per epoch for each ${symbol}, each panel on its own y axis ` +
        'fitted to its curves after the first descent; the shaded band is the generalization gap.',
    },
  ];
  const d = result.dataset;
  const head = `Choosing ${symbol === 'C' ? 'C' : 'the rate'} for ${result.regularizer} on ${d.name}`;
  const body = [
    header(head, `One model per value of ${what}, everything else the same.`),
    settings([
      ['Dataset', `${d.name}: ${d.description}`],
      ['Samples', samplesText(d)],
      ['Architecture', result.architecture],
      ['Regularizer', `${result.regularizer}, ${symbol} ∈ {${points.map((p) => formatC(p.value)).join(', ')}}`],
      ['Time', `${formatSeconds(result.seconds)} in all`],
    ]),
    section(
      'Results',
      sweepTable(points, pick, formatC, symbol),
      `<p class="pick">${escapeHtml(explainPick(pick, formatC, symbol, 3))} ${escapeHtml(capitalize(describeNoise(pick)))}</p>`,
      tableNote('the lowest val loss, the column the best value is picked on'),
    ),
    section('Reading', ...readSweep(result).map((p) => `<p>${escapeHtml(p)}</p>`)),
    section('Charts', ...(await renderFigures(figures))),
    footer(),
  ];
  return page(head, body);
}

/**
 * Writes a report atomically: to a temporary file beside `path`, flushed, then renamed over it, so a
 * reader (a browser reloading, a CI upload) sees the old report or the new one, never half of one.
 * Creates missing parent folders.
 */
export async function writeReport(path: string, html: string): Promise<void> {
  const { mkdir, open, rename, rm } = await import('node:fs/promises');
  const { basename, dirname, join } = await import('node:path');
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  // Same folder as the target: rename is atomic only within one file system.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    const file = await open(temp, 'w');
    try {
      await file.writeFile(html, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

async function renderFigures(figures: readonly Figure[]): Promise<string[]> {
  const svgs = await Promise.all(figures.map((f, i) => renderSvg(f.spec, `fig${i + 1}-`)));
  return figures.map(
    (f, i) =>
      `<figure data-chart="${f.kind}">\n${stripXmlns(svgs[i] as string)}\n<figcaption>${escapeHtml(f.caption)}</figcaption>\n</figure>`,
  );
}

/** Inline SVG in HTML needs no namespace declarations; dropping them keeps the page free of URLs. */
function stripXmlns(svg: string): string {
  return svg.replace(
    /^<svg([^>]*)>/,
    (_, attributes: string) => `<svg${attributes.replace(/\s+xmlns(:\w+)?="[^"]*"/g, '')}>`,
  );
}

type Row = {
  readonly name: string;
  readonly color: string;
  readonly description: string;
  readonly summary: VariantSummary;
};

function comparisonTable(variants: readonly Row[]): string {
  const bestLoss = Math.min(...variants.map((v) => v.summary.valLoss));
  const bestAccuracy = Math.max(...variants.map((v) => v.summary.valAccuracy));
  const rows = variants.map((v) => {
    const s = v.summary;
    return (
      '<tr>' +
      `<th scope="row"><span class="swatch" style="background:${v.color}"></span>${escapeHtml(v.name)}` +
      `<span class="description">${escapeHtml(v.description)}</span></th>` +
      summaryCells(s, s.valLoss === bestLoss, s.valAccuracy === bestAccuracy) +
      '</tr>'
    );
  });
  return table(['Variant', ...SUMMARY_HEADINGS], rows);
}

/** The best row badged and its val loss bold (the column the pick is made on); rows within noise badged too. */
function sweepTable(
  points: readonly { readonly value: number; readonly summary: VariantSummary }[],
  pick: SweepPick,
  formatC: (c: number) => string,
  symbol: string,
): string {
  const close = new Set(pick.withinNoise.map((r) => r.value));
  const rows = points.map((p) => {
    const isBest = p.value === pick.best;
    const badge = isBest
      ? ' <span class="badge">best</span>'
      : close.has(p.value)
        ? ' <span class="badge noise">within noise</span>'
        : '';
    return (
      `<tr${isBest ? ' class="best-row"' : ''}>` +
      `<th scope="row">${escapeHtml(formatC(p.value))}${badge}</th>` +
      summaryCells(p.summary, isBest, false) +
      '</tr>'
    );
  });
  return table([symbol, ...SUMMARY_HEADINGS], rows);
}

const SUMMARY_HEADINGS = [
  'Train loss',
  'Val loss',
  'Val accuracy',
  'Gap',
  'Best epoch',
  '|w| < 1e-3',
  'Kernel L2 norm',
] as const;

function summaryCells(s: VariantSummary, bestLoss: boolean, bestAccuracy: boolean): string {
  const cell = (text: string, best = false) => `<td${best ? ' class="best"' : ''}>${escapeHtml(text)}</td>`;
  return [
    cell(formatFixed(s.trainLoss, 3)),
    cell(formatFixed(s.valLoss, 3), bestLoss),
    cell(formatAccuracy(s.valAccuracy), bestAccuracy),
    cell(formatFixed(s.gap, 3)),
    cell(`${s.bestEpoch} (${formatFixed(s.bestValLoss, 3)})`),
    cell(formatPercent(s.nearZeroFraction)),
    cell(formatFixed(s.kernelL2Norm, 2)),
  ].join('');
}

function table(headings: readonly string[], rows: readonly string[]): string {
  const head = headings.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  return `<div class="table-wrap"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table></div>`;
}

function tableNote(bold: string): string {
  return (
    '<p class="note">Losses are data losses at the last epoch (the regularization penalty taken out). ' +
    'Gap = validation − training loss. Best epoch: the epoch with the lowest validation loss, that loss in ' +
    'brackets. |w| &lt; 1e-3: the share of kernel weights that are practically zero. ' +
    `Bold: ${bold}.</p>`
  );
}

function samplesText(d: ComparisonResult['dataset']): string {
  const count = (x: number) => x.toLocaleString('en-US');
  return `${count(d.trainSize)} training, ${count(d.valSize)} validation; ${d.numFeatures} features, ${d.numClasses} classes`;
}

function header(title: string, lede: string): string {
  return `<header><h1>${escapeHtml(title)}</h1><p class="lede">${escapeHtml(lede)}</p></header>`;
}

function settings(items: readonly (readonly [string, string])[]): string {
  const rows = items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return `<section class="settings"><dl>${rows}</dl></section>`;
}

function section(title: string, ...content: readonly string[]): string {
  return `<section>\n<h2>${escapeHtml(title)}</h2>\n${content.join('\n')}\n</section>`;
}

function footer(): string {
  return '<footer>Made by Dendrite. Charts drawn with Vega-Lite; this file needs no network and runs no script.</footer>';
}

function page(title: string, body: readonly string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
${STYLESHEET}
</style>
</head>
<body>
<main>
${body.join('\n')}
</main>
</body>
</html>
`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function ordinal(k: number): string {
  const suffix = k % 100 >= 11 && k % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][k % 10] ?? 'th');
  return `${k}${suffix}`;
}
