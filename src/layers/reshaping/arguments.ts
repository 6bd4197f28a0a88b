import { describe, NotImplementedError, ShapeError, ValueError } from '../../core/errors.js';
import { checkChoice } from '../../core/validate.js';
import { formatLayerShape, type LayerShape } from '../layer.js';

/** A `[before, after]` pair, one per spatial axis. */
export type Pair = readonly [number, number];

/** How the reshaping layers order axes. Only channels_last is implemented. */
export type DataFormat = 'channels_last';

/**
 * Keras's `standardize_tuple`: an integer becomes `n` copies of itself, an array must hold `n` integers, each ≥ 0
 * (`allowZero`) or > 0.
 * @throws {ValueError} ``The `padding` argument must be a tuple of 2 integers. Received padding=[1, 2, 3]``
 */
export function standardizeTuple(owner: string, value: unknown, n: number, name: string, allowZero: boolean): number[] {
  const message = `${owner}: The \`${name}\` argument must be a tuple of ${n} integers. Received ${name}=${describe(value)}`;
  let tuple: unknown[];
  if (typeof value === 'number') tuple = new Array<number>(n).fill(value);
  else if (Array.isArray(value) && value.length === n) tuple = value;
  else throw new ValueError(message);
  const bad = tuple.find((v) => typeof v !== 'number' || !Number.isSafeInteger(v));
  if (bad !== undefined) throw new ValueError(`${message} including element ${describe(bad)}`);
  const ints = tuple as number[];
  const unqualified = ints.filter((v) => (allowZero ? v < 0 : v <= 0));
  if (unqualified.length > 0) {
    throw new ValueError(
      `${message}, including values ${describe([...new Set(unqualified)])} that do not satisfy \`value ${allowZero ? '>= 0' : '> 0'}\``,
    );
  }
  return ints;
}

/**
 * The `padding`/`cropping` of a 2D layer: an int (all four sides), a pair (symmetric height, width) or a pair of
 * pairs ((top, bottom), (left, right)), each value ≥ 0.
 * @throws {ValueError} in Keras's words for any other value.
 */
export function standardizePairs(owner: string, value: unknown, name: string): [Pair, Pair] {
  if (typeof value === 'number') {
    if (value < 0)
      throw new ValueError(`${owner}: \`${name}\` cannot be negative. Received: ${name}=${describe(value)}.`);
    const [p] = standardizeTuple(owner, value, 1, name, true) as [number];
    return [
      [p, p],
      [p, p],
    ];
  }
  if (Array.isArray(value)) {
    if (value.length !== 2) {
      throw new ValueError(`${owner}: \`${name}\` should have two elements. Received: ${name}=${describe(value)}.`);
    }
    return [
      standardizeTuple(owner, value[0], 2, `1st entry of ${name}`, true) as unknown as Pair,
      standardizeTuple(owner, value[1], 2, `2nd entry of ${name}`, true) as unknown as Pair,
    ];
  }
  throw new ValueError(
    `${owner}: \`${name}\` should be either an int, a tuple of 2 ints (symmetric_height_${name}, ` +
      `symmetric_width_${name}), or a tuple of 2 tuples of 2 ints ((top_${name}, bottom_${name}), ` +
      `(left_${name}, right_${name})). Received: ${name}=${describe(value)}.`,
  );
}

/**
 * Validates `dataFormat`. Keras note: only 'channels_last' (Keras's default) is implemented; 'channels_first' is a
 * {@link NotImplementedError} rather than a silent transpose.
 */
export function checkDataFormat(owner: string, value: unknown): DataFormat {
  if (value === undefined || value === null) return 'channels_last';
  if (value === 'channels_first') {
    throw new NotImplementedError(`${owner}: dataFormat 'channels_first' is not implemented; use 'channels_last'`);
  }
  return checkChoice(owner, 'dataFormat', value, ['channels_last'] as const);
}

/**
 * Keras's `InputSpec(ndim=…)`: inputs of exactly `ndim` axes (batch included).
 * @throws {ShapeError} ``Input 0 of layer "up" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (2, 3, 4)``
 */
export function assertRank(layerName: string, shape: LayerShape, ndim: number): void {
  if (shape.length !== ndim) {
    throw new ShapeError(
      `Input 0 of layer "${layerName}" is incompatible with the layer: expected ndim=${ndim}, found ndim=${shape.length}. ` +
        `Full shape received: ${formatLayerShape(shape)}`,
    );
  }
}

/**
 * A positive integer argument (`n`, `size`), in Keras's words.
 * @throws {ValueError} ``Argument `n` should be a positive integer. Received: n=0``
 */
export function positiveInteger(owner: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ValueError(
      `${owner}: Argument \`${name}\` should be a positive integer. Received: ${name}=${describe(value)}`,
    );
  }
  return value;
}

/** Multiplies a known size; an unknown one stays unknown. */
export function scaled(d: number | null | undefined, factor: number, offset = 0): number | null {
  return d === null || d === undefined ? null : d * factor + offset;
}
