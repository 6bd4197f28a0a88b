import { type ConfigDict, fromConfigOf, type Serializable } from '../core/config.js';
import { isFloat } from '../core/dtype.js';
import { describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { checkOptions } from '../core/validate.js';
import { convertToTensor } from '../ops/convert.js';
import { penalty } from '../ops/penalty.js';
import { cast } from '../ops/unary.js';

/** The penalised tensor as floats (an integer activity penalty is a float, as in Keras). */
function floatOf(x: Tensor): Tensor {
  const t = convertToTensor(x, 'x', 'regularizer');
  return isFloat(t.dtype) ? t : cast(t, 'float32');
}

/**
 * A penalty on a tensor (a weight, or a layer's output), added to the training loss.
 * Any function `(w: Tensor) => Tensor` returning a scalar works wherever a regularizer is accepted.
 */
export abstract class Regularizer implements Serializable {
  /**
   * Rebuilds an instance from what `getConfig()` returned (Keras's `from_config`).
   * @example `regularizers.L1L2.fromConfig({ l1: 0.01, l2: 0 })`
   */
  static fromConfig<T extends Regularizer>(this: { prototype: T }, config: ConfigDict): T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass it is called on (Dense.fromConfig builds a Dense).
    return fromConfigOf(this, config);
  }

  abstract readonly className: string;
  /** The penalty: a scalar tensor. */
  abstract apply(x: Tensor): Tensor;
  abstract getConfig(): ConfigDict;
}

/**
 * Rejects negative, NaN and infinite coefficients, as Keras 3's `validate_float_arg` does ("expected a
 * non-negative float"), in Dendrite's words.
 */
export function checkCoefficient(value: unknown, arg: string, owner: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValueError(
      `Invalid value received for argument \`${arg}\` of ${owner}. Expected a non-negative finite number. ` +
        `Received: ${arg}=${describe(value)}`,
    );
  }
  return value;
}

/** `{ [key]: value }` for a bare number, else the options object, checked to hold only `key`. */
function coefficients<K extends string>(owner: string, value: unknown, key: K): { [k in K]?: number } {
  if (typeof value === 'number') return { [key]: value } as { [k in K]?: number };
  checkOptions(owner, value, [key]);
  return (value ?? {}) as { [k in K]?: number };
}

/**
 * L1 penalty: `loss = l1 · Σ|x|`. Its gradient is `l1 · sign(x)`: a constant pull toward
 * zero that drives small weights to exactly zero (sparsity).
 * NOTE: the subgradient at x = 0 is 0, so a weight that reaches zero stays there under the penalty alone.
 * @example `new L1(0.01).apply(tensor([1, -2]))` // 0.03
 */
export class L1 extends Regularizer {
  readonly className = 'L1';
  readonly l1: number;

  /** @throws {ValueError} for a negative or non-finite l1; {UnknownOptionError} for another option. */
  constructor(l1: number | { l1?: number } = 0.01) {
    super();
    this.l1 = checkCoefficient(coefficients('L1', l1, 'l1').l1 ?? 0.01, 'l1', 'L1');
  }

  /** `l1 · Σ|x|`: `mul(l1, sum(abs(x)))`, one Penalty kernel where the backend has it (ops/penalty.ts). */
  apply(x: Tensor): Tensor {
    return penalty(floatOf(x), this.l1, 0);
  }

  getConfig(): ConfigDict {
    return { l1: this.l1 };
  }
}

/**
 * L2 penalty: `loss = l2 · Σx²` — no ½, as Keras, so its gradient is `2·l2·x` and Keras's
 * `L2(λ)` equals PyTorch's `weight_decay = 2λ` under plain SGD. Shrinks every weight in
 * proportion to its size (weight decay) without zeroing it.
 * @example `new L2(2).apply(ones([5, 5]))` // 50
 */
export class L2 extends Regularizer {
  readonly className = 'L2';
  readonly l2: number;

  /** @throws {ValueError} for a negative or non-finite l2; {UnknownOptionError} for another option. */
  constructor(l2: number | { l2?: number } = 0.01) {
    super();
    this.l2 = checkCoefficient(coefficients('L2', l2, 'l2').l2 ?? 0.01, 'l2', 'L2');
  }

  /** `l2 · Σx²`: `mul(l2, sum(square(x)))`, one Penalty kernel where the backend has it (ops/penalty.ts). */
  apply(x: Tensor): Tensor {
    return penalty(floatOf(x), 0, this.l2);
  }

  getConfig(): ConfigDict {
    return { l2: this.l2 };
  }
}

/**
 * Both penalties: `loss = l1 · Σ|x| + l2 · Σx²`. The class defaults are 0 and 0 (Keras);
 * the `l1l2()` factory's are 0.01 and 0.01 (tf.keras 2, TensorFlow.js).
 * @example `new L1L2({ l1: 0.01, l2: 0.01 })`
 */
export class L1L2 extends Regularizer {
  readonly className = 'L1L2';
  readonly l1: number;
  readonly l2: number;

  /** @throws {ValueError} for a negative or non-finite factor; {UnknownOptionError} for another option. */
  constructor(options: { l1?: number; l2?: number } = {}) {
    super();
    checkOptions('L1L2', options, ['l1', 'l2']);
    const { l1 = 0, l2 = 0 } = options;
    this.l1 = checkCoefficient(l1, 'l1', 'L1L2');
    this.l2 = checkCoefficient(l2, 'l2', 'L1L2');
  }

  /** `l1 · Σ|x| + l2 · Σx²`, a term with a zero coefficient left out, as Keras (ops/penalty.ts). */
  apply(x: Tensor): Tensor {
    return penalty(floatOf(x), this.l1, this.l2);
  }

  getConfig(): ConfigDict {
    return { l1: this.l1, l2: this.l2 };
  }
}
