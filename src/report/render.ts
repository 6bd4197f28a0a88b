/**
 * Vega-Lite spec → SVG string, in Node, with no browser and no canvas: Vega-Lite compiles the spec to
 * Vega, Vega lays it out with its headless renderer and serializes the scene graph to SVG.
 */
import type { compile, TopLevelSpec } from 'vega-lite';
import { ValueError } from '../core/errors.js';
import { loadVega } from './vega.js';

/** What {@link compileSpec} returns: the Vega spec, and Vega-Lite's warnings (a valid chart has none). */
export interface CompiledSpec {
  readonly vega: ReturnType<typeof compile>['spec'];
  readonly warnings: readonly string[];
}

/**
 * Compiles a Vega-Lite spec to Vega, collecting Vega-Lite's warnings (an encoding it dropped, a
 * scale it could not apply) instead of printing them.
 *
 * @throws {ValueError} when Vega-Lite rejects the spec.
 * @throws {MissingDependencyError} when vega-lite is not installed.
 */
export async function compileSpec(spec: TopLevelSpec): Promise<CompiledSpec> {
  const { vegaLite } = await loadVega();
  const warnings: string[] = [];
  const collect = (...args: readonly unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  // Vega-Lite's logger interface: level() is a getter/setter, the rest receive messages.
  const logger = {
    level(_?: number) {
      return logger;
    },
    info: collect,
    warn: collect,
    debug: () => logger,
    error(...args: readonly unknown[]): never {
      throw new ValueError(`Invalid chart specification. Vega-Lite said: ${args.map(String).join(' ')}`);
    },
  };
  try {
    return { vega: vegaLite.compile(spec, { logger: logger as never }).spec, warnings };
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`Invalid chart specification. Vega-Lite said: ${(e as Error).message}`);
  }
}

/**
 * Renders a Vega-Lite spec to a standalone SVG document string.
 *
 * `idPrefix` is put in front of every `id` the SVG defines (Vega's clip paths) and every reference
 * to one, so several SVGs inlined in one HTML page can never point at each other's definitions.
 *
 * @throws {ValueError} when Vega-Lite rejects the spec.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix = ''): Promise<string> {
  const { vega: compiled } = await compileSpec(spec);
  const { vega } = await loadVega();
  // renderer 'none': lay out the scene graph without drawing to a canvas; toSVG serializes it.
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: 0 });
  try {
    const svg = roundGeometry(await view.toSVG());
    return idPrefix ? scopeIds(svg, idPrefix) : svg;
  } finally {
    view.finalize();
  }
}

/**
 * Rounds the coordinates in path data and transforms to 1/100 px (Vega writes 15 digits): a screen
 * cannot show the difference, and a heatmap of thousands of cells shrinks by half.
 */
function roundGeometry(svg: string): string {
  return svg.replace(/ (d|transform)="([^"]*)"/g, (_, name: string, value: string) => {
    const rounded = value.replace(/-?\d*\.\d{3,}(e-?\d+)?/g, (x) => String(Math.round(Number(x) * 100) / 100));
    return ` ${name}="${rounded}"`;
  });
}

function scopeIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}$1"`);
}
