import { bytesPerElement } from '../core/dtype.js';
import { describe, ValueError } from '../core/errors.js';
import type { Variable } from '../core/tensor.js';
import type { Layer } from '../layers/layer.js';
import type { Node } from '../layers/node.js';
import type { SymbolicTensor } from '../layers/symbolic-tensor.js';
import { formatFixed } from '../training/progress.js';
import { modelNodes, nodeDepths } from './model-nodes.js';

export interface SummaryOptions {
  /**
   * Receives the whole summary as ONE string, lines joined by `\n` (default `console.log`).
   *
   * Keras note: Keras 3's docstring says `print_fn` is called on each line, but its code calls it once
   * with the whole text, as here. Keras's text ends with a newline; Dendrite's doesn't, so that
   * `printFn: console.log` prints no blank line after the table.
   */
  printFn?: (text: string) => void;
  /**
   * Width of the table in characters. Default, as Keras: `min(88, terminal columns − 4)` (108 instead of 88 for a
   * table with a `Connected to` column), the columns
   * taken from `$COLUMNS`, else stdout's width, else 80 (so 76 when output is not a terminal).
   */
  lineLength?: number;
}

/** What `summary` reads from a model. */
export interface SummaryModel {
  readonly name: string;
  readonly layers: Layer[];
  readonly trainableWeights: Variable[];
  readonly nonTrainableWeights: Variable[];
  /** 'Functional' for a model made of `{ inputs, outputs }`, whose graph the table may show. */
  readonly className?: string;
  readonly inputs?: readonly SymbolicTensor[];
  readonly outputs?: readonly SymbolicTensor[];
}

/** `669706` → `669,706` (Python's `f'{n:,}'`). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Keras's `readable_memory_size`: bytes in B, KB, MB, GB, TB, PB, steps of 1024, two decimals. */
export function readableMemorySize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${formatFixed(size, 2)} ${unit}`;
    size /= 1024;
  }
  return `${formatFixed(size, 2)} PB`;
}

/** Bytes held by the weights (each counted once): elements × bytes per element of its dtype. */
export function weightBytes(weights: readonly Variable[]): number {
  let bytes = 0;
  for (const w of new Set(weights)) bytes += w.size * bytesPerElement(w.dtype);
  return bytes;
}

function countParams(weights: readonly Variable[]): number {
  let n = 0;
  for (const w of new Set(weights)) n += w.size;
  return n;
}

/**
 * Keras's default width: `min(88, columns − 4)` (108 for a table with a `Connected to` column), columns from
 * `$COLUMNS`, stdout, or 80.
 */
export function defaultLineLength(widest = 88): number {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined>; stdout?: { columns?: number } } })
    .process;
  const fromEnv = Number(proc?.env?.COLUMNS);
  const columns = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (proc?.stdout?.columns ?? 80);
  return Math.min(widest, columns - 4);
}

// Keras's format_shape: `(None, 512)`. Unlike formatLayerShape, a single axis gets no trailing comma.
function formatShape(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

// Keras's format_layer_shape: the outputs of the layer's last call (in any model), a list for several.
function nodeOutputShape(layer: Layer): string {
  const outputs = (layer.inboundNodes[layer.inboundNodes.length - 1] as Node).outputs;
  const shapes = outputs.map((t) => formatShape(t.shape));
  return shapes.length === 1 ? (shapes[0] as string) : `[${shapes.join(', ')}]`;
}

function outputShape(layer: Layer): string {
  if (!layer.builtInputShape) return '?';
  try {
    return formatShape(layer.computeOutputShape(layer.builtInputShape) as (number | null)[]);
  } catch {
    return '?'; // Keras prints '?' when a layer can't compute its output shape
  }
}

// ---------------------------------------------------------------------------------------------------
// The table, drawn as Keras's `rich.table.Table(..., show_lines=True)` draws it: box HEAVY_HEAD, one space
// of padding each side of a cell, text word-wrapped in its cell and a word too long for it cut with `…`.
// NOTE: widths count UTF-16 code points as one column each; wide (CJK) characters would misalign.

type Justify = 'left' | 'right';

function width(text: string): number {
  return Array.from(text).length;
}

function cut(text: string, size: number): string {
  return Array.from(text).slice(0, size).join('');
}

// rich's truncate with overflow='ellipsis'.
function ellipsis(text: string, size: number): string {
  return width(text) > size ? `${cut(text, Math.max(0, size - 1))}…` : text;
}

// rich's divide_line without folding: break before a word that would pass the width; a word longer
// than the width stays alone on its line (and is cut with an ellipsis later).
function divideLine(text: string, size: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let position = 0;
  for (const match of text.matchAll(/\s*\S+\s*/g)) {
    const word = match[0];
    const at = match.index ?? 0;
    const wordWidth = width(word.trimEnd());
    if (position + wordWidth > size) {
      if (at > 0 && (wordWidth > size || position > 0)) {
        lines.push(text.slice(start, at));
        start = at;
      }
      position = width(word);
    } else {
      position += width(word);
    }
  }
  lines.push(text.slice(start));
  return lines;
}

/** A cell's text as lines of exactly `size` characters (rich's Text.wrap, then its justify). */
function wrapCell(text: string, size: number, justify: Justify): string[] {
  return divideLine(text, size).map((raw) => {
    let line = raw;
    // rich's rstrip_end: trailing spaces beyond the width go
    if (width(line) > size) {
      const excess = width(line) - size;
      const trailing = width(line) - width(line.trimEnd());
      line = cut(line, width(line) - Math.min(trailing, excess));
    }
    if (justify === 'right') {
      line = ellipsis(line.trimEnd(), size);
      return ' '.repeat(size - width(line)) + line;
    }
    line = ellipsis(line, size);
    return line + ' '.repeat(size - width(line));
  });
}

// rich's ratio_reduce with Python's round (half to even).
function ratioReduce(total: number, ratios: readonly number[], maximums: readonly number[], values: readonly number[]) {
  const roundHalfEven = (x: number) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  };
  let totalRatio = ratios.reduce((a, b) => a + b, 0);
  let remaining = total;
  return values.map((value, i) => {
    const ratio = ratios[i] as number;
    if (!ratio || totalRatio <= 0) return value;
    const distributed = Math.min(maximums[i] as number, roundHalfEven((ratio * remaining) / totalRatio));
    remaining -= distributed;
    totalRatio -= ratio;
    return value - distributed;
  });
}

/** Keras's two tables: a model that is a chain of single calls, and one with a graph to show. */
const CHAIN = {
  positions: [0.45, 0.8, 1.0],
  header: ['Layer (type)', 'Output Shape', 'Param #'],
  justify: ['left', 'left', 'right'] as readonly Justify[],
  widest: 88,
};
const GRAPH = {
  positions: [0.3, 0.56, 0.74, 1.0],
  header: ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'],
  justify: ['left', 'left', 'right', 'left'] as readonly Justify[],
  widest: 108,
};

/** Each column's text width, from Keras's positions and rich's squeeze of a fixed-width table. */
function columnWidths(lineLength: number, positions: readonly number[]): number[] {
  const requested: number[] = [];
  let current = 0;
  for (const pos of positions) {
    const w = Math.trunc(pos * lineLength) - current;
    if (w < 4) {
      throw new ValueError(
        `Insufficient console width to print summary: every column needs at least 4 characters. ` +
          `Received: lineLength=${lineLength}`,
      );
    }
    requested.push(w);
    current += w;
  }
  // rich gives each column its width plus 2 of padding, inside a table of `lineLength` with 4 rules.
  const cells = requested.map((w) => w + 2);
  const room = lineLength - (cells.length + 1);
  const excess = cells.reduce((a, b) => a + b, 0) - room;
  const fitted =
    excess > 0
      ? ratioReduce(
          excess,
          cells.map(() => 1),
          cells,
          cells,
        )
      : cells;
  return fitted.map((w) => w - 2);
}

function drawTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  widths: readonly number[],
  justify: readonly Justify[],
): string[] {
  const rule = (left: string, fill: string, join: string, right: string) =>
    left + widths.map((w) => fill.repeat(w + 2)).join(join) + right;
  const row = (cells: readonly string[], edge: string, bottomAligned: boolean): string[] => {
    const wrapped = cells.map((c, i) => wrapCell(c, widths[i] as number, justify[i] as Justify));
    const height = Math.max(...wrapped.map((w) => w.length));
    const lines: string[] = [];
    for (let k = 0; k < height; k++) {
      const parts = wrapped.map((w, i) => {
        const blank = height - w.length; // rich aligns a header cell to the bottom, a body cell to the top
        const index = bottomAligned ? k - blank : k;
        return ` ${w[index] ?? ' '.repeat(widths[i] as number)} `;
      });
      lines.push(edge + parts.join(edge) + edge);
    }
    return lines;
  };
  const out = [rule('┏', '━', '┳', '┓'), ...row(header, '┃', true), rule('┡', '━', '╇', '┩')];
  rows.forEach((cells, i) => {
    if (i > 0) out.push(rule('├', '─', '┼', '┤'));
    out.push(...row(cells, '│', false));
  });
  out.push(rule('└', '─', '┴', '┘'));
  return out;
}

/**
 * The model's own calls when it is a functional model whose graph is more than a chain (Keras's test: a depth
 * with two calls, a call on several tensors, or a layer called twice); undefined when the plain table fits it.
 */
function graphNodes(model: SummaryModel): Set<Node> | undefined {
  if (model.className !== 'Functional' || !model.inputs || !model.outputs || model.outputs.length === 0) {
    return undefined;
  }
  const nodes = modelNodes(model.inputs, model.outputs);
  const own = new Set(nodes);
  const byDepth = new Map<number, number>();
  for (const depth of nodeDepths(nodes).values()) byDepth.set(depth, (byDepth.get(depth) ?? 0) + 1);
  const chain =
    [...byDepth.values()].every((n) => n === 1) &&
    nodes.every((n) => n.inputs.length <= 1) &&
    new Set(nodes.map((n) => n.layer)).size === nodes.length;
  return chain ? undefined : own;
}

/** Keras's `Connected to` cell: `dense[0][0], b[0][0]` — each input of each of the layer's calls in this model. */
function connections(layer: Layer, own: ReadonlySet<Node>): string {
  const names: string[] = [];
  for (const node of layer.inboundNodes) {
    if (!own.has(node)) continue;
    for (const t of node.inputs)
      names.push(`${t.history.layer.name}[${t.history.nodeIndex}][${t.history.tensorIndex}]`);
  }
  return names.length === 0 ? '-' : names.join(', ');
}

/**
 * Keras 3's `model.summary()` as text: `Model: "name"`, a table of `Layer (type) │ Output Shape │ Param #`
 * (and `│ Connected to`, for a functional model that is not a plain chain: each layer's inputs as
 * `layer[node][tensor]`, node indices counted over every call of that layer, as Keras counts them),
 * then the total, trainable and non-trainable parameter counts with their size in memory
 * (elements × bytes of each weight's dtype). A layer not built yet shows `?` and `0 (unbuilt)`.
 *
 * Keras note: Keras adds an `Optimizer params` line (and counts them in the total) once the optimizer
 * has variables; Dendrite's summary counts the model's weights only. Keras colours the text on a
 * terminal; Dendrite prints it plain.
 * @throws {ValueError} when `lineLength` leaves a column narrower than 4 characters (as Keras).
 */
export function summaryText(model: SummaryModel, options: Pick<SummaryOptions, 'lineLength'> = {}): string {
  const functional = model.className === 'Functional';
  const own = graphNodes(model);
  const table = own ? GRAPH : CHAIN;
  const lineLength = options.lineLength ?? defaultLineLength(table.widest);
  if (!Number.isInteger(lineLength) || lineLength <= 0) {
    throw new ValueError(
      `Invalid value received for argument \`lineLength\` of summary. Expected a positive integer. Received: lineLength=${describe(lineLength)}`,
    );
  }
  const widths = columnWidths(lineLength, table.positions);
  const rows = model.layers.map((layer) => [
    `${layer.name} (${layer.className})`,
    functional && layer.inboundNodes.length > 0 ? nodeOutputShape(layer) : outputShape(layer),
    layer.built ? formatCount(layer.countParams()) : '0 (unbuilt)',
    ...(own ? [connections(layer, own)] : []),
  ]);
  const trainable = model.trainableWeights;
  const nonTrainable = model.nonTrainableWeights;
  const trainableCount = countParams(trainable);
  const nonTrainableCount = countParams(nonTrainable);
  const trainableBytes = weightBytes(trainable);
  const nonTrainableBytes = weightBytes(nonTrainable);
  const totals = (label: string, count: number, bytes: number) =>
    ` ${label}: ${formatCount(count)} (${readableMemorySize(bytes)})`;
  return [
    `Model: "${model.name}"`,
    ...drawTable(table.header, rows, widths, table.justify),
    totals('Total params', trainableCount + nonTrainableCount, trainableBytes + nonTrainableBytes),
    totals('Trainable params', trainableCount, trainableBytes),
    totals('Non-trainable params', nonTrainableCount, nonTrainableBytes),
  ].join('\n');
}

/** Prints {@link summaryText} through `printFn` (default `console.log`), once, as Keras does. */
export function printSummary(model: SummaryModel, options: SummaryOptions = {}): void {
  const printFn = options.printFn ?? ((text: string) => console.log(text));
  if (typeof printFn !== 'function') {
    throw new ValueError(`summary: \`printFn\` must be a function. Received: printFn=${describe(printFn)}`);
  }
  printFn(summaryText(model, options));
}
