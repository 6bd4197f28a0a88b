import { assertDType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { castTo, runUnary, scoped } from './internal.js';

/** −x. Integers stay integers. */
export function neg(x: TensorLike): Tensor {
  return runUnary('Neg', x, 'neg', false);
}

/**
 * |x|. Its gradient is sign(x).
 * NOTE: the subgradient at 0 is 0 (sign(0) = 0), as in TensorFlow and PyTorch.
 */
export function abs(x: TensorLike): Tensor {
  return runUnary('Abs', x, 'abs', false);
}

/** −1, 0 or 1 by the sign of x; NaN stays NaN. */
export function sign(x: TensorLike): Tensor {
  return runUnary('Sign', x, 'sign', false);
}

/** x². */
export function square(x: TensorLike): Tensor {
  return runUnary('Square', x, 'square', false);
}

/** √x; negative x gives NaN. */
export function sqrt(x: TensorLike): Tensor {
  return runUnary('Sqrt', x, 'sqrt');
}

/** 1/√x. */
export function rsqrt(x: TensorLike): Tensor {
  return runUnary('Rsqrt', x, 'rsqrt');
}

/** 1/x. */
export function reciprocal(x: TensorLike): Tensor {
  return runUnary('Reciprocal', x, 'reciprocal');
}

/** eˣ. */
export function exp(x: TensorLike): Tensor {
  return runUnary('Exp', x, 'exp');
}

/** eˣ − 1, accurate near 0. */
export function expm1(x: TensorLike): Tensor {
  return runUnary('Expm1', x, 'expm1');
}

/** Natural logarithm; log(0) = −Infinity, negative x gives NaN. */
export function log(x: TensorLike): Tensor {
  return runUnary('Log', x, 'log');
}

/** log(1 + x), accurate near 0. */
export function log1p(x: TensorLike): Tensor {
  return runUnary('Log1p', x, 'log1p');
}

/** The error function erf(x) = 2/√π ∫₀ˣ e^{−t²} dt. */
export function erf(x: TensorLike): Tensor {
  return runUnary('Erf', x, 'erf');
}

/** Rounds toward −Infinity. Gradient: zero. */
export function floor(x: TensorLike): Tensor {
  return runUnary('Floor', x, 'floor', false);
}

/** Rounds toward +Infinity. Gradient: zero. */
export function ceil(x: TensorLike): Tensor {
  return runUnary('Ceil', x, 'ceil', false);
}

/** Rounds to the nearest integer, halves to even (as TensorFlow and NumPy). Gradient: zero. */
export function round(x: TensorLike): Tensor {
  return runUnary('Round', x, 'round', false);
}

/** True where x is NaN. */
export function isNaN(x: TensorLike): Tensor {
  return runUnary('IsNaN', x, 'isNaN', false);
}

/** True where x is neither NaN nor ±Infinity. */
export function isFinite(x: TensorLike): Tensor {
  return runUnary('IsFinite', x, 'isFinite', false);
}

/**
 * Limits x to [clipValueMin, clipValueMax]. The gradient passes where
 * clipValueMin ≤ x ≤ clipValueMax and is zero outside.
 * @throws {ValueError} when min > max or either is NaN.
 * @example `clipByValue(tensor([-2, 0.5, 3]), 0, 1)` // [0, 0.5, 1]
 */
export function clipByValue(x: TensorLike, clipValueMin: number, clipValueMax: number): Tensor {
  if (!(clipValueMin <= clipValueMax)) {
    throw new ValueError(
      `clipByValue: \`clipValueMin\` must be ≤ \`clipValueMax\`. Received: clipValueMin=${describe(clipValueMin)}, ` +
        `clipValueMax=${describe(clipValueMax)}`,
    );
  }
  return scoped('clipByValue', () => {
    const $x = convertToTensor(x, 'x', 'clipByValue');
    return ENGINE.runKernel('ClipByValue', [$x], { min: clipValueMin, max: clipValueMax });
  });
}

/**
 * Converts to another dtype. Float → int32 truncates toward zero; anything → bool is `x ≠ 0`.
 * Casting to the tensor's own dtype returns a new tensor sharing its storage, so disposing the
 * result never disposes the input.
 * @example `cast(tensor([1.7, -1.7]), 'int32')` // [1, -1]
 */
export function cast(x: TensorLike, dtype: Tensor['dtype']): Tensor {
  return scoped('cast', () => {
    const $x = convertToTensor(x, 'x', 'cast');
    const d = assertDType(dtype, 'cast');
    return $x.dtype === d ? ENGINE.runKernel('Reshape', [$x], { shape: $x.shape.slice() }) : castTo($x, d);
  });
}
