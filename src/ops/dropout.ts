import { isFloat } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { DTypeError, describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { div, mul } from './arithmetic.js';
import { less } from './compare.js';
import { scoped } from './internal.js';
import { cast } from './unary.js';

/**
 * Inverted dropout: returns `[x·keep/(1 − rate), keep/(1 − rate)]`, keep being the float32 Philox uniforms of the
 * key `seed` below 1 − rate — the draws `randomUniform(x.shape, 0, 1, 'float32', s)` makes for the seed `s` whose
 * key this is, so this op and the Dropout layer's general (noiseShape) path drop the same units. The gradient with
 * respect to x is dy times the returned mask. One pass where the backend has the Dropout kernel; elsewhere the
 * uniforms, a comparison, a cast, a product and two quotients.
 * @throws {DTypeError} for an integer x; {ValueError} for a rate outside [0, 1).
 * @example `const [y, mask] = dropoutWithMask(x, 0.5, seedKey(42, 'Dropout'));`
 */
export function dropoutWithMask(x: Tensor, rate: number, seed: readonly [number, number]): [Tensor, Tensor] {
  if (!isFloat(x.dtype)) throw new DTypeError(`dropout: x must be a float tensor. Received dtype ${x.dtype}`);
  if (!(rate >= 0 && rate < 1)) throw new ValueError(`dropout: rate must be in [0, 1). Received: ${describe(rate)}`);
  if (ENGINE.hasKernel('Dropout')) return ENGINE.runKernel('Dropout', [x], { rate, seed }, true) as [Tensor, Tensor];
  return scoped('dropout', () => {
    const uniform = ENGINE.runKernel('RandomUniform', [], {
      shape: x.shape,
      dtype: 'float32',
      minval: 0,
      maxval: 1,
      seed,
    });
    const keep = cast(less(uniform, 1 - rate), x.dtype);
    // NOTE: a dropped unit is x·0 — −0 for negative x, NaN for NaN and ±Inf — as the Dropout kernel's.
    return [div(mul(x, keep), 1 - rate), div(keep, 1 - rate)];
  });
}
