/** What every chart spec shares. */
import { PANEL } from '../theme.js';

/** The Vega-Lite schema the specs are written against (Vega-Lite 6). */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A finite number, or null, which Vega draws as a hole rather than as a point at zero. */
export function finiteOrNull(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/** The width the charts may fill, in CSS pixels: the page's content width less room for the y axis. */
const ROW_WIDTH = 860;

/**
 * Columns and panel width for `count` facet panels. Vega-Lite draws the x axis under the last row even
 * where a column has no panel there, so the grid is kept full where it can be: up to five panels share
 * one row (narrower), more are laid out three or four (or two) to a row when that divides them evenly.
 */
export function facetLayout(count: number): { readonly columns: number; readonly width: number } {
  const columns =
    count <= PANEL.columns ? Math.max(1, count) : count <= 5 ? count : ([3, 4, 2].find((c) => count % c === 0) ?? 3);
  const width = Math.min(PANEL.width, Math.floor((ROW_WIDTH - PANEL.spacing * (columns - 1)) / columns));
  return { columns, width };
}
