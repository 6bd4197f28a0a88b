import { type ConfigDict, fromConfigOf, type Serializable } from '../core/config.js';
import type { DType } from '../core/dtype.js';
import { describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { invalidArgument } from '../core/validate.js';

/**
 * Makes the starting value of a weight from its shape: `w = initializer.apply(shape, dtype)`.
 * Subclasses store their options, return them from `getConfig()` (so `new Cls(init.getConfig())`
 * rebuilds an equal initializer) and register their class name for deserialization.
 *
 * @example
 * ```ts
 * const w = new GlorotUniform({ seed: 1 }).apply([784, 128]);
 * ```
 */
export abstract class Initializer implements Serializable {
  /**
   * Rebuilds an instance from what `getConfig()` returned (Keras's `from_config`).
   * @example `initializers.HeNormal.fromConfig({ seed: 1 })`
   */
  static fromConfig<T extends Initializer>(this: { prototype: T }, config: ConfigDict): T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass it is called on (Dense.fromConfig builds a Dense).
    return fromConfigOf(this, config);
  }

  /** The registered class name (Keras's `class_name`), e.g. `'GlorotUniform'`. */
  abstract readonly className: string;

  /** A new tensor of `shape` and `dtype` holding the initial values. */
  abstract apply(shape: readonly number[], dtype?: DType): Tensor;

  /** The constructor options; initializers without options return `{}`. */
  getConfig(): ConfigDict {
    return {};
  }
}

/** The options a seeded initializer takes. `null` is accepted so that a config with `seed: null` round-trips. */
export interface SeedArgs {
  /** With a seed every `apply` returns the same values (Keras 3); without, each draws from `setRandomSeed`'s stream. */
  seed?: number | null | undefined;
}

/** `value` when it is a finite number, else a ValueError naming `arg`. */
export function finiteNumber(className: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalidArgument(className, arg, 'a finite number', value);
  return value;
}

/** `value` when it is a finite number ≥ 0 (a standard deviation), else a ValueError naming `arg`. */
export function nonNegativeNumber(className: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(className, arg, 'a non-negative finite number', value);
  }
  return value;
}

/**
 * The seed as stored: an integer, or undefined for "draw from the global stream".
 * Checked here, not first at `apply`, so a bad seed fails where the user wrote it.
 */
export function optionalSeed(className: string, seed: unknown): number | undefined {
  if (seed === undefined || seed === null) return undefined;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw invalidArgument(className, 'seed', 'an integer or null', seed);
  }
  return seed;
}

/** Random values exist only in floating point: reject int32 and bool with the initializer's own name. */
export function floatDType(className: string, dtype: DType): DType {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new ValueError(
      `${className}: invalid \`dtype\`. Expected float32 or float64 (random values are floating point). ` +
        `Received: dtype=${describe(dtype)}`,
    );
  }
  return dtype;
}
