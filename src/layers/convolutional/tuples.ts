import { describe, NotImplementedError, ValueError } from '../../core/errors.js';
import { checkChoice } from '../../core/validate.js';

/**
 * An integer or a list of `n` integers as a tuple of `n` positive integers (Keras's `standardize_tuple`):
 * `kernelSize: 3` is `[3, 3]` for a 2-D layer.
 * @throws {ValueError} ``The `kernelSize` argument of Conv2D must be a tuple of 2 integers. Received kernelSize=[3]``
 *   (Keras's words, with the owner), also for zero or negative entries.
 */
export function standardizeTuple(owner: string, name: string, value: unknown, n: number): number[] {
  const tuple = typeof value === 'number' ? new Array<number>(n).fill(value) : value;
  const ok =
    Array.isArray(tuple) &&
    tuple.length === n &&
    tuple.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0);
  if (!ok) {
    throw new ValueError(
      `The \`${name}\` argument of ${owner} must be a tuple of ${n} positive integers. Received ${name}=${describe(value)}`,
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
