import { describe, NotImplementedError, ValueError } from '../../core/errors.js';
import { checkChoice } from '../../core/validate.js';

/**
 * An integer or a list of `n` integers as a tuple of `n` positive integers (Keras's `standardize_tuple`):
 * `kernelSize: 3` is `[3, 3]` for a 2-D layer.
 * @throws {ValueError} ``The `kernelSize` argument of Conv2D must be a tuple of 2 integers. Received kernelSize=[3]``
 *   (Keras's words, with the owner), also for zero or negative entries; `allowZero` (Conv2DTranspose's
 *   `outputPadding`) admits zeros, "a tuple of 2 non-negative integers".
 */
export function standardizeTuple(owner: string, name: string, value: unknown, n: number, allowZero = false): number[] {
  const tuple = typeof value === 'number' ? new Array<number>(n).fill(value) : value;
  const least = allowZero ? 0 : 1;
  const ok =
    Array.isArray(tuple) &&
    tuple.length === n &&
    tuple.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= least);
  if (!ok) {
    throw new ValueError(
      `The \`${name}\` argument of ${owner} must be a tuple of ${n} ${allowZero ? 'non-negative' : 'positive'} integers. Received ${name}=${describe(value)}`,
    );
  }
  return tuple as number[];
}

/**
 * `dataFormat`: 'channels_last' (the default) only, for now.
 * @throws {NotImplementedError} for 'channels_first', which Keras supports and Dendrite does not yet.
 * @throws {ValueError} for anything else.
 */
export function checkDataFormat(owner: string, value: unknown): 'channels_last' {
  if (value === undefined || value === null) return 'channels_last';
  if (value === 'channels_first') {
    throw new NotImplementedError(
      `${owner}: dataFormat 'channels_first' is not supported yet; use 'channels_last' (inputs of shape [batch, …spatial, channels]), transposing the input if needed`,
    );
  }
  return checkChoice(owner, 'dataFormat', value, ['channels_last', 'channels_first'] as const) as 'channels_last';
}

/**
 * A count argument (`filters`, `depthMultiplier`): a strictly positive integer.
 * @throws {ValueError} ``Invalid value for argument `filters` of Conv2D. Expected a strictly positive integer.
 *   Received filters=0``
 */
export function checkCount(owner: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ValueError(
      `Invalid value for argument \`${name}\` of ${owner}. Expected a strictly positive integer. Received ${name}=${describe(value)}`,
    );
  }
  return value;
}

/**
 * Keras's Conv and ConvTranspose refuse a window that both strides and dilates.
 * @throws {ValueError} when some stride and some dilation rate both exceed 1.
 */
export function checkStridesWithDilation(
  owner: string,
  strides: readonly number[],
  dilationRate: readonly number[],
): void {
  if (Math.max(...strides) > 1 && Math.max(...dilationRate) > 1) {
    throw new ValueError(
      `${owner}: \`strides > 1\` not supported in conjunction with \`dilationRate > 1\`. Received: strides=${describe(strides)} and dilationRate=${describe(dilationRate)}`,
    );
  }
}
