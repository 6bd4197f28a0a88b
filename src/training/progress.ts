import type { Logs } from './callbacks.js';

/**
 * Where progress goes: `process.stdout` in Node, or anything with these members (a test's fake stream).
 * `isTTY` true means a terminal, where the bar is redrawn in place; anything else (a pipe, CI, a file)
 * gets one plain line per epoch and no control characters at all.
 */
export interface ProgressStream {
  readonly isTTY?: boolean;
  /** The terminal's width in characters; a running bar is cut to fit so that `\r` can redraw it. */
  readonly columns?: number;
  write(text: string): unknown;
}

// Without `process` (a browser) progress goes to the console, one complete line per console.log.
const consoleLines: ProgressStream = (() => {
  let pending = '';
  return {
    isTTY: false,
    write(text: string) {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) console.log(line);
    },
  };
})();

let customStream: ProgressStream | undefined;

/** The stream progress is written to now: the one set with {@link setProgressStream}, else stdout. */
export function getProgressStream(): ProgressStream {
  if (customStream) return customStream;
  const stdout = (globalThis as { process?: { stdout?: ProgressStream } }).process?.stdout;
  return stdout && typeof stdout.write === 'function' ? stdout : consoleLines;
}

/**
 * Sends `fit`'s and `evaluate`'s progress to `stream` (`undefined`: back to the default, `process.stdout`
 * in Node, `console.log` in a browser). Returns the stream set before, so a caller can restore it.
 * @example
 * ```ts
 * const previous = setProgressStream({ isTTY: false, write: (s) => log.push(s) });
 * try { await model.fit(x, y, { epochs: 3 }); } finally { setProgressStream(previous); }
 * ```
 */
export function setProgressStream(stream: ProgressStream | undefined): ProgressStream | undefined {
  const previous = customStream;
  customStream = stream;
  return previous;
}

// ---------------------------------------------------------------------------------------------------
// Number formatting, as Python's format specs print it (Keras's Progbar is Python).

function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

// Python rounds a tie (the exact binary value halfway between two results) to even; JavaScript's
// toFixed/toExponential round it up. Ties are common in logs: accuracy 25/32 = 0.78125 prints 0.7812 in
// Keras. `exact` is the value's exact decimal expansion with 30 digits to spare (toFixed/toExponential
// are exact up to 100 digits), enough to tell a true tie from a value just beside one.
function roundHalfEven(rounded: string, exact: string, keep: number): string {
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 1 + keep).replace(/e.*$/, '');
  if (tail !== `5${'0'.repeat(tail.length - 1)}`) return rounded;
  const truncated = exact.slice(0, keep > 0 ? dot + 1 + keep : dot);
  const lastDigit = Number(truncated[truncated.length - 1]);
  if (lastDigit % 2 !== 0) return rounded;
  const exponent = exact.match(/e.*$/)?.[0] ?? '';
  return truncated + exponent;
}

/** Python's `f'{x:.{digits}f}'`: fixed-point, ties to even, `nan`/`inf` spelled as Python does. */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  // toFixed switches to exponent notation from 1e21; every double that large is an integer.
  if (a >= 1e21) return `${sign}${BigInt(a)}${digits > 0 ? `.${'0'.repeat(digits)}` : ''}`;
  return sign + roundHalfEven(a.toFixed(digits), a.toFixed(digits + 30), digits);
}

/** Python's `f'{x:.{digits}e}'`: `1.2340e-04` (exponent signed, at least two digits), ties to even. */
export function formatExponential(x: number, digits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  const text = roundHalfEven(a.toExponential(digits), a.toExponential(digits + 30), digits);
  return sign + text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * A log value as Keras's Progbar prints it: 4 decimals when `|v| > 1e-3`, else scientific
 * (`0.4321`, `1.2340e-04`, and `0.0000e+00` for an exact zero, as in Keras).
 *
 * Keras note: Keras's verbose=2 line tests `v > 1e-3` without the absolute value, so it prints every
 * negative value in scientific notation; Dendrite uses the verbose=1 rule for both.
 */
export function formatLogValue(v: number): string {
  return Math.abs(v) > 1e-3 ? formatFixed(v, 4) : formatExponential(v, 4);
}

/** Time per step as Keras prints it: `2s/step` (≥ 1 s, or 0), `3ms/step` (≥ 1 ms), else `450us/step`. */
export function formatStepTime(seconds: number, unit = 'step'): string {
  if (seconds >= 1 || seconds === 0) return `${formatFixed(seconds, 0)}s/${unit}`;
  if (seconds >= 1e-3) return `${formatFixed(seconds * 1e3, 0)}ms/${unit}`;
  return `${formatFixed(seconds * 1e6, 0)}us/${unit}`;
}

/** The time left as Keras prints it: `42s`, `3:07` beyond a minute, `1:02:03` beyond an hour (truncated). */
export function formatEta(seconds: number): string {
  const two = (n: number) => String(Math.trunc(n)).padStart(2, '0');
  if (seconds > 3600) {
    return `${Math.trunc(seconds / 3600)}:${two((seconds % 3600) / 60)}:${two(seconds % 60)}`;
  }
  if (seconds > 60) return `${Math.trunc(seconds / 60)}:${two(seconds % 60)}`;
  return `${Math.trunc(seconds)}s`;
}

/** Keras's display order: the training logs alphabetically, then the `val_` logs alphabetically. */
export function orderedLogs(logs: Logs): [string, number][] {
  const keys = Object.keys(logs);
  const train = keys.filter((k) => !k.startsWith('val_')).sort();
  const validation = keys.filter((k) => k.startsWith('val_')).sort();
  return [...train, ...validation].map((k) => [k, logs[k] as number]);
}

function formatLogs(logs: Logs): string {
  return orderedLogs(logs)
    .map(([k, v]) => ` - ${k}: ${formatLogValue(v)}`)
    .join('');
}

// ---------------------------------------------------------------------------------------------------
// The bar.

// Keras's colours: the count and the time in bold, the done part green, the rest light grey.
const BOLD = '\x1b[1m';
const GREEN = '\x1b[32m';
const GREY = '\x1b[37m';
const RESET = '\x1b[0m';
const CLEAR_TO_END = '\x1b[K';

interface Segment {
  text: string;
  style?: string;
}

/** Joins segments, cutting the visible text at `maxWidth` characters (escape codes don't count). */
function render(segments: readonly Segment[], maxWidth = Number.POSITIVE_INFINITY): string {
  let out = '';
  let room = maxWidth;
  for (const { text, style } of segments) {
    if (room <= 0) break;
    const chars = Array.from(text);
    const shown = chars.length > room ? chars.slice(0, room).join('') : text;
    room -= Math.min(chars.length, room);
    out += style ? `${style}${shown}${RESET}` : shown;
  }
  return out;
}

export interface ProgbarOptions {
  /** Steps in one pass (an epoch, or the batches of `evaluate`). */
  target: number;
  /** 1: a bar redrawn in place on a terminal (one plain line elsewhere); 2: one plain line. */
  verbose: 1 | 2;
  /** Defaults to {@link getProgressStream}. */
  stream?: ProgressStream;
  /** Clock in milliseconds (tests pass a fake one). Defaults to `performance.now`. */
  now?: () => number;
  /** Least time between two redraws, in ms (Keras: 50). The last step is always drawn. */
  interval?: number;
  /** Characters in the bar (Keras: 20). */
  width?: number;
}

/**
 * Keras 3's progress bar (`keras.utils.Progbar`) for one pass over the data. On a terminal with
 * verbose 1 it redraws one line in place (`\r`, the line, `\x1b[K`):
 * `12/32 ━━━━━━━━━━━━━━━━━━━━ 1s 3ms/step - accuracy: 0.8125 - loss: 0.4321` (the time left while running,
 * the time taken at the end); elsewhere, and with verbose 2, it prints one plain line when the pass ends:
 * `32/32 - 1s - 3ms/step - accuracy: 0.8125 - loss: 0.4321 - val_loss: 0.5012`.
 *
 * The time per step leaves out the first step (graph building and warm-up in Keras, allocation here),
 * as Keras does.
 *
 * Keras note: Keras averages each value over the updates it is shown (again averaging running means);
 * Dendrite shows the logs as given, which are already the running means of the epoch.
 * Keras note: a running line is cut to the terminal's width so that it stays on one row; Keras lets it wrap.
 * Keras note: Keras redraws with `\r` even into a pipe on POSIX (its `_dynamic_display` holds whenever the
 * `posix` module is loaded), filling CI logs with control characters; Dendrite asks the stream's `isTTY`.
 */
export class Progbar {
  readonly target: number;
  readonly verbose: 1 | 2;
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly interval: number;
  private readonly width: number;
  private readonly dynamic: boolean;
  private readonly start: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private afterFirstStep: number | undefined;
  private seen = 0;
  private finished = false;

  constructor(options: ProgbarOptions) {
    this.target = options.target;
    this.verbose = options.verbose;
    this.stream = options.stream ?? getProgressStream();
    this.now = options.now ?? (() => performance.now());
    this.interval = options.interval ?? 50;
    this.width = options.width ?? 20;
    this.dynamic = this.verbose === 1 && this.stream.isTTY === true;
    this.start = this.now();
  }

  /**
   * Records that `current` steps are done. On a terminal (verbose 1) redraws the bar, at most once per
   * `interval` and always at the last step. `logs` may be a function, called only when a line is drawn.
   */
  update(current: number, logs: Logs | (() => Logs) = {}): void {
    this.seen = current;
    if (!this.dynamic) return; // the plain line waits for finish(); Keras also times verbose 2 whole
    const now = this.now();
    const perStep = this.stepSeconds(current, now);
    if (now - this.lastDraw < this.interval && current < this.target) return;
    this.lastDraw = now;
    const eta = perStep * Math.max(0, this.target - current);
    const line = this.barLine(current, formatEta(eta), perStep, typeof logs === 'function' ? logs() : logs);
    const columns = this.stream.columns;
    // One column short of the edge: writing the last column makes some terminals wrap at once.
    const fit = columns !== undefined && columns > 1 ? columns - 1 : undefined;
    this.stream.write(`\r${render(line, fit)}${CLEAR_TO_END}`);
  }

  /**
   * Ends the pass: the final line with the time taken and `logs` (the `val_` logs included), over the
   * running bar on a terminal. Steps done are those of the last update (all of them unless training
   * stopped early). Later calls do nothing.
   */
  finish(logs: Logs = {}): void {
    if (this.finished) return;
    this.finished = true;
    const now = this.now();
    const current = this.seen;
    const perStep = this.dynamic ? this.stepSeconds(current, now) : this.averageStep(now);
    const elapsed = `${formatFixed((now - this.start) / 1000, 0)}s`;
    if (this.dynamic) {
      this.stream.write(`\r${render(this.barLine(current, elapsed, perStep, logs))}${CLEAR_TO_END}\n`);
      return;
    }
    const count = this.count(current);
    this.stream.write(`${count} - ${elapsed} - ${formatStepTime(perStep)}${formatLogs(logs)}\n`);
  }

  private count(current: number): string {
    const digits = String(Math.max(1, Math.trunc(this.target))).length;
    return `${String(current).padStart(digits)}/${this.target}`;
  }

  private barLine(current: number, time: string, perStep: number, logs: Logs): Segment[] {
    const progress = this.target > 0 ? Math.min(1, current / this.target) : 1;
    const done = Math.trunc(this.width * progress);
    const segments: Segment[] = [{ text: this.count(current), style: BOLD }, { text: ' ' }];
    if (done > 0) segments.push({ text: '━'.repeat(done), style: GREEN });
    if (done < this.width) segments.push({ text: '━'.repeat(this.width - done), style: GREY });
    segments.push({ text: ' ' }, { text: time, style: BOLD });
    segments.push({ text: ` ${formatStepTime(perStep)}${formatLogs(logs)}` });
    return segments;
  }

  // Keras's estimate: after the first step, the mean over the steps since it (the first is slow).
  private stepSeconds(current: number, now: number): number {
    if (current <= 0) return 0;
    let ms: number;
    if (this.afterFirstStep !== undefined && current > 1) ms = (now - this.afterFirstStep) / (current - 1);
    else ms = (now - this.start) / current;
    if (current === 1) this.afterFirstStep = now;
    return ms / 1000;
  }

  // Without per-step updates (verbose 2, or no terminal), the whole pass over its steps, as Keras's
  // verbose 2 computes it.
  private averageStep(now: number): number {
    return this.seen > 0 ? (now - this.start) / 1000 / this.seen : 0;
  }
}

/**
 * Progress of one `fit` epoch at `verbose` 1 or 2: prints `Epoch 3/20` (when there is more than one
 * epoch, as Keras) and returns the bar to update after each batch and finish after the epoch.
 */
export function startEpochProgress(epoch: number, epochs: number, steps: number, verbose: 1 | 2): Progbar {
  const stream = getProgressStream();
  if (epochs > 1) stream.write(`Epoch ${epoch + 1}/${epochs}\n`);
  return new Progbar({ target: steps, verbose, stream });
}
