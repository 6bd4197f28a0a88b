// Dense's forward and backward as fused ops: act(op(a)·op(b) + bias) and the epilogue's gradient. Each op's
// composite body, written with primitive ops, is its definition; the fused kernel is a fast path the op takes only
// where the active backend registers it (docs/backends.md). The other fused ops have a file each: dropout.ts,
// penalty.ts, crossentropy.ts, updates.ts.
import { FUSED_ACTIVATIONS, type FusedActivation } from '../backends/kernel-names.js';
import { isFloat } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { DTypeError, describe, ShapeError, ValueError } from '../core/errors.js';
import { formatShape, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { relu, sigmoid, tanh } from './activations.js';
import { add, mul, sub } from './arithmetic.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { scoped } from './internal.js';
import { matMul } from './mat-mul.js';
import { sign, square } from './unary.js';

/** Whether `name` is an activation {@link fusedMatMul} can apply in its epilogue. */
export function isFusedActivation(name: string): name is FusedActivation {
  return (FUSED_ACTIVATIONS as readonly string[]).includes(name);
}

export interface FusedMatMulArgs {
  a: TensorLike;
  b: TensorLike;
  /** Added to every row of the product: length n. */
  bias?: TensorLike | null;
  /** 'linear' (default), 'relu', 'sigmoid' or 'tanh'. */
  activation?: FusedActivation;
  transposeA?: boolean;
  transposeB?: boolean;
}

/**
 * act(op(a)·op(b) + bias) for float matrices — what Dense computes. Where the backend has the FusedMatMul kernel,
 * one kernel call whose gradient reads only the output; elsewhere `matMul`, `add` and the activation's op.
 * TensorFlow.js calls it `tf.fused.matMul`.
 * @throws {ShapeError} when a or b is not 2-D, the inner dimensions differ, or bias is not of length n.
 * @example
 * ```ts
 * fused.matMul({ a: x, b: kernel, bias, activation: 'relu' }); // relu(x·kernel + bias)
 * ```
 */
export function fusedMatMul({
  a,
  b,
  bias,
  activation = 'linear',
  transposeA = false,
  transposeB = false,
}: FusedMatMulArgs): Tensor {
  if (!isFusedActivation(activation)) {
    throw new ValueError(
      `fused.matMul: activation must be one of ${FUSED_ACTIVATIONS.map(describe).join(', ')}. Received: ${describe(activation)}`,
    );
  }
  return scoped('fused.matMul', () => {
    const $a = convertToTensor(a, 'a', 'fused.matMul');
    const $b = convertToTensor(b, 'b', 'fused.matMul', $a.dtype);
    const $bias = bias == null ? undefined : convertToTensor(bias, 'bias', 'fused.matMul', $a.dtype);
    for (const t of $bias ? [$a, $b, $bias] : [$a, $b]) {
      if (!isFloat(t.dtype) || t.dtype !== $a.dtype) {
        throw new DTypeError(
          `fused.matMul: operands must share one float dtype. Received: a=${$a.dtype}, b=${$b.dtype}${$bias ? `, bias=${$bias.dtype}` : ''}`,
        );
      }
    }
    if ($a.rank !== 2 || $b.rank !== 2) {
      throw new ShapeError(
        `fused.matMul: a and b must be 2-D. Received: a with shape ${formatShape($a.shape)} and b with shape ${formatShape($b.shape)}`,
      );
    }
    const k = $a.shape[transposeA ? 0 : 1];
    const kb = $b.shape[transposeB ? 1 : 0];
    const n = $b.shape[transposeB ? 0 : 1] as number;
    if (k !== kb) {
      throw new ShapeError(
        `fused.matMul: inner dimensions differ: a with shape ${formatShape($a.shape)}${transposeA ? ' (transposed)' : ''} ` +
          `and b with shape ${formatShape($b.shape)}${transposeB ? ' (transposed)' : ''}`,
      );
    }
    if ($bias && ($bias.rank !== 1 || $bias.shape[0] !== n)) {
      throw new ShapeError(`fused.matMul: bias must have shape [${n}]. Received: ${formatShape($bias.shape)}`);
    }
    if (ENGINE.hasKernel('FusedMatMul')) {
      const inputs = $bias ? [$a, $b, $bias] : [$a, $b];
      return ENGINE.runKernel('FusedMatMul', inputs, { transposeA, transposeB, activation });
    }
    const z = matMul($a, $b, transposeA, transposeB);
    return applyActivation($bias ? add(z, $bias) : z, activation);
  });
}

function applyActivation(z: Tensor, activation: FusedActivation): Tensor {
  if (activation === 'relu') return relu(z);
  if (activation === 'sigmoid') return sigmoid(z);
  if (activation === 'tanh') return tanh(z);
  return z;
}

/**
 * dy·act′, with act′ written in terms of the activation's output y: the backward of {@link fusedMatMul}'s
 * epilogue. act′ is 1[y > 0] for relu, y·(1 − y) for sigmoid, 1 − y² for tanh and 1 for linear.
 * @throws {ShapeError} when dy and y differ in shape or float dtype.
 */
export function activationGrad(dy: Tensor, y: Tensor, activation: FusedActivation): Tensor {
  sameShapeAndDType('activationGrad', [dy, y]);
  if (ENGINE.hasKernel('ActivationGrad')) return ENGINE.runKernel('ActivationGrad', [dy, y], { activation });
  // The identity needs no op: dy itself (whose derivative in y is then absent rather than an explicit 0).
  if (activation === 'linear') return dy;
  return scoped('activationGrad', () => {
    // NOTE: relu′ is 1[y > 0], which for y = relu(x) ≥ 0 is sign(y): TensorFlow.js's dy·step(x). Sign's zero gradient
    // keeps y's (zero) second derivative on the tape, as the kernel's gradient does; the subgradient at 0 is 0.
    if (activation === 'relu') return mul(dy, sign(y));
    if (activation === 'sigmoid') return mul(dy, mul(y, sub(1, y)));
    return mul(dy, sub(1, square(y)));
  });
}

/** The update and gradient kernels read their operands elementwise in lockstep: one float dtype, one shape. */
export function sameShapeAndDType(op: string, tensors: readonly Tensor[]): void {
  const first = tensors[0] as Tensor;
  for (const t of tensors) {
    if (!isFloat(t.dtype) || t.dtype !== first.dtype || !shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(
        `${op}: operands must share one float dtype and shape. Received: ${tensors.map((u) => `${u.dtype}${formatShape(u.shape)}`).join(', ')}`,
      );
    }
  }
}
