/**
 * Argument checks for every public options object and argument, in Keras's words: what, expected, received.
 * One place, so that every owner (a layer, an optimizer, `fit`, a dataset) reports a bad value the same way
 * and no option is ever silently ignored.
 */

import { describe, UnknownOptionError, ValueError } from './errors.js';

/**
 * The error for an argument `arg` of `owner` that is not `expected`, as Keras words it.
 * @example `throw invalidArgument('Dropout', 'rate', 'a number in [0, 1)', 1.5)`
 *   // ValueError: Invalid value received for argument `rate` of Dropout. Expected a number in [0, 1). Received: rate=1.5
 */
export function invalidArgument(owner: string, arg: string, expected: string, value: unknown): ValueError {
  return new ValueError(
    `Invalid value received for argument \`${arg}\` of ${owner}. Expected ${expected}. Received: ${arg}=${describe(value)}`,
  );
}

/** Levenshtein distance, capped: enough to tell a typo from a different word. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      row.push(v);
      if (v < best) best = v;
    }
    if (best > cap) return cap + 1;
    prev = row;
  }
  return prev[b.length] as number;
}

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** Keras spellings whose camelCase is not the plain rule (`beta_1` → `beta1`, `clipnorm` → `clipNorm`). */
const fold = (key: string) => camel(key).replace(/_/g, '').toLowerCase();

/**
 * The known option a mistyped `key` most likely meant: Keras's snake_case spelling (`kernel_regularizer` →
 * `kernelRegularizer`, `beta_1` → `beta1`), a case slip (`batchsize` → `batchSize`), or a near typo
 * (`fromLogit` → `fromLogits`). `undefined` when nothing is close.
 */
export function suggestOption(key: string, known: readonly string[]): string | undefined {
  const folded = fold(key);
  const exact = known.find((k) => fold(k) === folded);
  if (exact) return exact;
  const cap = key.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = cap + 1;
  for (const k of known) {
    const d = editDistance(folded, fold(k), cap);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Rejects option names the callee does not take, as Keras does ("argument(s) not recognized"): a misspelt
 * `fromLogit`, or Keras's snake_case `kernel_regularizer` from plain JavaScript or a ported script, would
 * otherwise be ignored and the default used silently. Keys whose value is `undefined` pass, so options can be
 * forwarded as `{ seed: options.seed }`.
 * @throws {UnknownOptionError} ``Dense: unknown option `kernel_regularizer`; did you mean `kernelRegularizer`? …``
 * @throws {ValueError} when `options` is not a plain object.
 */
export function checkOptions(owner: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${owner}: the options must be an object. Received: ${describe(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && !known.includes(key)) {
      throw new UnknownOptionError(owner, key, value, known, suggestOption(key, known));
    }
  }
}

/** `true` or `false`; a truthy `1` or `'yes'` is rejected rather than read as true. */
export function checkBoolean(owner: string, arg: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidArgument(owner, arg, 'a boolean (true or false)', value);
  return value;
}

/** {@link checkBoolean}, with `fallback` for `undefined`. */
export function optionalBoolean(owner: string, arg: string, value: unknown, fallback: boolean): boolean {
  return value === undefined ? fallback : checkBoolean(owner, arg, value);
}

/** A safe integer ≥ `min` (default 1: a positive count). */
export function checkInteger(owner: string, arg: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const expected = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer ≥ ${min}`;
    throw invalidArgument(owner, arg, expected, value);
  }
  return value;
}

/** A finite number in [lo, hi]; `open` makes an end exclusive (`'lo'`, `'hi'` or `'both'`). */
export function checkNumber(
  owner: string,
  arg: string,
  value: unknown,
  lo = Number.NEGATIVE_INFINITY,
  hi = Number.POSITIVE_INFINITY,
  open: 'none' | 'lo' | 'hi' | 'both' = 'none',
): number {
  const loOpen = open === 'lo' || open === 'both';
  const hiOpen = open === 'hi' || open === 'both';
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (loOpen ? value > lo : value >= lo) &&
    (hiOpen ? value < hi : value <= hi);
  if (!ok) {
    let expected = 'a finite number';
    if (Number.isFinite(lo) && Number.isFinite(hi)) {
      expected = `a number in ${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}`;
    } else if (Number.isFinite(lo))
      expected = lo === 0 && !loOpen ? 'a non-negative finite number' : `a finite number ${loOpen ? '>' : '≥'} ${lo}`;
    else if (Number.isFinite(hi)) expected = `a finite number ${hiOpen ? '<' : '≤'} ${hi}`;
    if (lo === 0 && loOpen && !Number.isFinite(hi)) expected = 'a positive finite number';
    throw invalidArgument(owner, arg, expected, value);
  }
  return value as number;
}

/** One of a closed list of strings (an enumeration: a reduction, a mode, a padding). */
export function checkChoice<T extends string>(owner: string, arg: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw invalidArgument(owner, arg, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
  }
  return value as T;
}
