import { normalizeAxis } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { checkInteger } from '../core/validate.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { scoped } from './internal.js';
import { reshape, tile } from './shape.js';

/**
 * Repeats each element `repeats` times along `axis` (NumPy's `repeat` with one count):
 * `output[…, i, …] = x[…, ⌊i / repeats⌋, …]`. Built from Reshape and Tile, whose gradients sum the copies back.
 * @throws {ValueError} for `repeats` that is not a positive integer, or an axis out of range.
 * @example `repeat(tensor([1, 2]), 2)` // [1, 1, 2, 2]
 */
export function repeat(x: TensorLike, repeats: number, axis = 0): Tensor {
  return scoped('repeat', () => {
    const $x = convertToTensor(x, 'x', 'repeat');
    checkInteger('repeat', 'repeats', repeats);
    const a = normalizeAxis(axis, $x.rank, 'repeat');
    if (repeats === 1) return reshape($x, $x.shape);
    // [..., d, 1, ...] tiled to [..., d, repeats, ...] and merged: each element is followed by its copies.
    const expanded = [...$x.shape.slice(0, a + 1), 1, ...$x.shape.slice(a + 1)];
    const reps = expanded.map((_, i) => (i === a + 1 ? repeats : 1));
    const out = $x.shape.slice();
    out[a] = ($x.shape[a] as number) * repeats;
    return reshape(tile(reshape($x, expanded), reps), out);
  });
}
