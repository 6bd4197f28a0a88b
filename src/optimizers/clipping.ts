import { tidy } from '../core/api.js';
import type { Tensor } from '../core/tensor.js';
import { add, div, maximum, minimum, mul, sub } from '../ops/arithmetic.js';
import { norm } from '../ops/norm.js';
import { sum } from '../ops/reduction.js';
import { cast, sqrt, square } from '../ops/unary.js';

/**
 * Rescales `g` to norm `clipNorm` when its 2-norm is larger, else leaves it:
 * `g · clipNorm / max(‖g‖₂, clipNorm)` (Keras's `_clip_by_norm`). What the `clipNorm` option applies to each gradient.
 * @example `optimizers.clipByNorm(tensor([3, 4]), 1)` // [0.6, 0.8]
 */
export function clipByNorm(g: Tensor, clipNorm: number): Tensor {
  return tidy(() => div(mul(g, clipNorm), maximum(norm(g), clipNorm)));
}

/**
 * Rescales all gradients together so that their joint 2-norm `n = √(Σ‖gᵢ‖²)` is at most `clipNorm`:
 * `gᵢ · scale` with `scale = clipNorm · min(1/n, 1/clipNorm) + (n − n)` (Keras's `clip_by_global_norm`).
 * NOTE: the `(n − n)` term is 0 for a finite norm and NaN otherwise, so an overflowing or NaN
 * gradient poisons the whole step visibly instead of being scaled to a plausible-looking zero.
 * @example `optimizers.clipByGlobalNorm([tensor([3]), tensor([0, 4])], 1)` // [0.6], [0, 0.8]
 */
export function clipByGlobalNorm(grads: readonly Tensor[], clipNorm: number): Tensor[] {
  return tidy(() => {
    let squared = sum(square(grads[0] as Tensor));
    for (const g of grads.slice(1)) squared = add(squared, sum(square(g)));
    const n = sqrt(squared);
    const scale = add(mul(minimum(div(1, n), 1 / clipNorm), clipNorm), sub(n, n));
    return grads.map((g) => mul(g, scale.dtype === g.dtype ? scale : cast(scale, g.dtype)));
  });
}
