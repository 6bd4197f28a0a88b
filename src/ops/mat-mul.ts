import { ENGINE } from '../core/engine.js';
import { DTypeError, ShapeError } from '../core/errors.js';
import { broadcastShapes, formatShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { castTo, scoped } from './internal.js';
import { reshape } from './shape.js';

/**
 * Matrix product of the last two axes, op(a)·op(b), where op transposes when
 * `transposeA` / `transposeB` is set; leading (batch) axes broadcast. A rank-1
 * operand is treated as a row (a) or a column (b) vector and that axis is dropped.
 * @throws {ShapeError} when the inner dimensions differ.
 * @example
 * ```ts
 * matMul(tensor([[1, 2]]), tensor([[3], [4]])); // [[11]]
 * matMul(x, w, false, true);                    // x·wᵀ
 * ```
 */
export function matMul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor {
  return scoped('matMul', () => {
    let $a = convertToTensor(a, 'a', 'matMul');
    let $b = convertToTensor(b, 'b', 'matMul', $a.dtype);
    if ($a.rank === 0 || $b.rank === 0) {
      throw new ShapeError(
        `matMul: operands must have rank ≥ 1; received a with shape ${formatShape($a.shape)} and b with shape ${formatShape($b.shape)}`,
      );
    }
    if ($a.dtype === 'bool' || $b.dtype === 'bool')
      throw new DTypeError('matMul: bool operands are not supported; cast them first');
    if ($a.dtype !== $b.dtype) {
      const dtype = $a.dtype === 'float64' || $b.dtype === 'float64' ? 'float64' : 'float32';
      $a = castTo($a, dtype);
      $b = castTo($b, dtype);
    }
    const vecA = $a.rank === 1;
    const vecB = $b.rank === 1;
    const a2 = vecA ? reshape($a, [1, $a.shape[0] as number]) : $a;
    const b2 = vecB ? reshape($b, [$b.shape[0] as number, 1]) : $b;
    const tA = vecA ? false : transposeA;
    const tB = vecB ? false : transposeB;
    const kA = a2.shape[a2.rank - (tA ? 2 : 1)];
    const kB = b2.shape[b2.rank - (tB ? 1 : 2)];
    if (kA !== kB) {
      throw new ShapeError(
        `matMul: inner dimensions must agree; received a with shape ${formatShape($a.shape)} and b with shape ${formatShape($b.shape)}` +
          (transposeA || transposeB ? ` (transposeA=${transposeA}, transposeB=${transposeB})` : ''),
      );
    }
    try {
      broadcastShapes('matMul', a2.shape.slice(0, -2), b2.shape.slice(0, -2));
    } catch {
      throw new ShapeError(
        `matMul: batch dimensions must broadcast; received a with shape ${formatShape($a.shape)} and b with shape ${formatShape($b.shape)}`,
      );
    }
    const y = ENGINE.runKernel('MatMul', [a2, b2], { transposeA: tA, transposeB: tB });
    if (!vecA && !vecB) return y;
    const shape = y.shape.slice();
    if (vecB) shape.splice(shape.length - 1, 1);
    if (vecA) shape.splice(shape.length - (vecB ? 1 : 2), 1);
    return reshape(y, shape);
  });
}

/** Dot product of vectors, or matMul for higher ranks. @example `dot(tensor([1, 2]), tensor([3, 4]))` // 11 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  return matMul(a, b);
}
