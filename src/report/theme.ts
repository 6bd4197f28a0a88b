/**
 * One look for every chart and the page around them: fonts, sizes, and the colour of each variant,
 * which stays the same in the table, the loss curves, the histograms and the boundary frames so a
 * reader follows one variant across the report by its colour.
 */
import type { Config } from 'vega-lite';

/** The page's font stack; the charts use the same so text in the SVGs matches the text around them. */
export const FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif';

/**
 * Variant colours in the order the comparison runs them (none, L1, L2, L1L2, Dropout, L2 + Dropout):
 * the baseline in neutral grey, then the Okabe–Ito hues, which stay distinct for colour-blind readers.
 */
const VARIANT_COLORS = [
  '#4d4d4d',
  '#e69f00',
  '#0072b2',
  '#009e73',
  '#cc79a7',
  '#d55e00',
  '#56b4e9',
  '#a6761d',
  '#7570b3',
  '#999999',
] as const;

/** Class colours for decision boundaries: a separate, softer set, so a class is never read as a variant. */
const CLASS_COLORS = [
  '#3a78b5',
  '#d1495b',
  '#2a9d8f',
  '#8e6bbf',
  '#e9a03b',
  '#6c8a2e',
  '#b5651d',
  '#5c6b7a',
  '#c06c84',
  '#1f5f5b',
] as const;

/** The colour of the variant at `index` in the comparison (cycling past ten variants). */
export function variantColor(index: number): string {
  return VARIANT_COLORS[index % VARIANT_COLORS.length] as string;
}

/** The colour of class `index` in decision-boundary charts (cycling past ten classes). */
export function classColor(index: number): string {
  return CLASS_COLORS[index % CLASS_COLORS.length] as string;
}

/**
 * `hex` laid over white at opacity `alpha`, as an opaque colour: drawn this way, neighbouring heatmap
 * cells can overlap by a hair to hide the anti-aliasing seams between them without darkening there.
 */
export function overWhite(hex: string, alpha: number): string {
  const a = Math.min(1, Math.max(0, alpha));
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `#${channels
    .map((c) =>
      Math.round(255 - a * (255 - c))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Chart sizes in CSS pixels; the page is about 1000 px wide, and facets run three to a row. */
export const PANEL = { width: 270, height: 160, columns: 3, spacing: 18 } as const;

/** The Vega-Lite config every chart shares. */
export const CHART_CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#d9d9d9' },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    labelColor: '#333',
    titleColor: '#333',
    domainColor: '#999',
    tickColor: '#999',
    gridColor: '#ececec',
  },
  header: { labelFontSize: 13, labelFontWeight: 'bold', labelColor: '#222', labelPadding: 6 },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', orient: 'top', labelLimit: 400 },
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#555', anchor: 'start', offset: 10 },
  facet: { spacing: PANEL.spacing },
  concat: { spacing: PANEL.spacing },
};

/** Viridis from deep purple to green (its pale yellow end is left out: it vanishes on white). */
const RAMP = [
  [0x44, 0x01, 0x54],
  [0x41, 0x44, 0x87],
  [0x2a, 0x78, 0x8e],
  [0x22, 0xa8, 0x84],
  [0x7a, 0xd1, 0x51],
] as const;

/**
 * A colour on an ordered ramp, t in [0, 1]: for series that have an order, like the coefficients of a
 * sweep, where a small C should look close to the next small C.
 */
export function rampColor(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i] as readonly number[];
  const b = RAMP[i + 1] as readonly number[];
  const hex = a.map((v, k) =>
    Math.round(v + f * ((b[k] as number) - v))
      .toString(16)
      .padStart(2, '0'),
  );
  return `#${hex.join('')}`;
}

/** The page's style sheet, inlined in every report. */
export const STYLESHEET = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f6f3; color: #1d1d1f; font: 15px/1.55 ${FONT}; }
main { max-width: 1000px; margin: 0 auto; padding: 32px 28px 48px; background: white; min-height: 100vh; }
header h1 { font-size: 28px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
.lede { margin: 0 0 20px; color: #555; font-size: 16px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid #e4e4e0; }
.settings dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; padding: 14px 18px;
  background: #f8f8f6; border: 1px solid #ebebe7; border-radius: 8px; }
.settings dt { color: #666; }
.settings dd { margin: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { padding: 7px 10px; border-bottom: 1px solid #ececea; text-align: right; white-space: nowrap; }
thead th { font-weight: 600; color: #444; border-bottom: 2px solid #d6d6d2; vertical-align: bottom; }
th:first-child { text-align: left; }
tbody th { font-weight: 600; }
tbody tr:nth-child(even) { background: #fafaf8; }
td.best { font-weight: 700; }
tr.best-row { background: #eef5fb !important; }
.badge { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 8px; background: #0072b2; color: white;
  font-size: 11px; font-weight: 600; vertical-align: 1px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 8px; vertical-align: -1px; }
.description { display: block; margin-left: 20px; font-weight: normal; font-size: 12px; color: #777; white-space: normal; }
.badge.noise { background: #8c8c8c; }
.pick { font-size: 14px; margin: 10px 0 0; }
.note { font-size: 13px; color: #666; margin: 10px 0 0; }
figure { margin: 28px 0 0; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { margin-top: 8px; font-size: 13.5px; color: #555; max-width: 80ch; }
footer { margin-top: 40px; font-size: 12px; color: #888; }
`;
