import { tidy } from '../core/api.js';
import type { DType } from '../core/dtype.js';
import { describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { checkOptions } from '../core/validate.js';
import { mul } from '../ops/arithmetic.js';
import { eye, fill } from '../ops/creation.js';
import { finiteNumber, Initializer } from './initializer.js';

/**
 * w = 0 everywhere (Keras's default bias initializer).
 * @example `new Zeros().apply([3])` // [0, 0, 0]
 */
export class Zeros extends Initializer {
  readonly className: string = 'Zeros';

  /** @throws {UnknownOptionError} for any option: Zeros takes none. */
  constructor(options: Readonly<Record<string, unknown>> = {}) {
    super();
    checkOptions('Zeros', options, []);
  }

  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, 0, dtype);
  }
}

/**
 * w = 1 everywhere (Keras's default for BatchNormalization's gamma).
 * @example `new Ones().apply([2, 2])` // [[1, 1], [1, 1]]
 */
export class Ones extends Initializer {
  readonly className: string = 'Ones';

  /** @throws {UnknownOptionError} for any option: Ones takes none. */
  constructor(options: Readonly<Record<string, unknown>> = {}) {
    super();
    checkOptions('Ones', options, []);
  }

  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, 1, dtype);
  }
}

/** The options of {@link Constant}. */
export interface ConstantArgs {
  /** The value of every element. Default 0. */
  value?: number;
}

/**
 * w = value everywhere.
 * @throws {ValueError} when `value` is not a finite number.
 * @example `new Constant({ value: 0.1 }).apply([2])` // [0.1, 0.1]
 */
export class Constant extends Initializer {
  readonly className: string = 'Constant';
  readonly value: number;

  constructor(options: ConstantArgs = {}) {
    super();
    checkOptions('Constant', options, ['value']);
    const { value = 0 } = options;
    this.value = finiteNumber(this.className, 'value', value);
  }

  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill(shape, this.value, dtype);
  }

  override getConfig(): { value: number } {
    return { value: this.value };
  }
}

/** The options of {@link Identity}. */
export interface IdentityArgs {
  /** The value on the diagonal. Default 1. */
  gain?: number;
}

/**
 * w = gain·I for a 2-D shape (the identity padded with zeros when not square), as Keras's `IdentityInitializer`.
 * @throws {ValueError} when `gain` is not finite, or at `apply` for a shape that is not 2-D.
 * @example `new Identity({ gain: 2 }).apply([2, 3])` // [[2, 0, 0], [0, 2, 0]]
 */
export class Identity extends Initializer {
  readonly className: string = 'Identity';
  readonly gain: number;

  constructor(options: IdentityArgs = {}) {
    super();
    checkOptions('Identity', options, ['gain']);
    const { gain = 1 } = options;
    this.gain = finiteNumber(this.className, 'gain', gain);
  }

  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    if (shape.length !== 2) {
      throw new ValueError(
        `Identity: the identity initializer can only be used for 2-D matrices. Received: shape=${describe(shape)} ` +
          `of rank ${shape.length}`,
      );
    }
    const [rows, cols] = shape as [number, number];
    return tidy(() => mul(eye(rows, cols, dtype), this.gain));
  }

  override getConfig(): { gain: number } {
    return { gain: this.gain };
  }
}

/**
 * A {@link Zeros} initializer (TensorFlow.js's factory).
 * @example `initializers.zeros().apply([2])` // [0, 0]
 */
export function zeros(): Zeros {
  return new Zeros();
}

/**
 * A {@link Ones} initializer.
 * @example `initializers.ones().apply([2])` // [1, 1]
 */
export function ones(): Ones {
  return new Ones();
}

/**
 * A {@link Constant} initializer: w = value.
 * @example `initializers.constant({ value: 3 }).apply([2])` // [3, 3]
 */
export function constant(args?: ConstantArgs): Constant {
  return new Constant(args);
}

/**
 * An {@link Identity} initializer: w = gain·I.
 * @example `initializers.identity().apply([2, 2])` // [[1, 0], [0, 1]]
 */
export function identity(args?: IdentityArgs): Identity {
  return new Identity(args);
}
