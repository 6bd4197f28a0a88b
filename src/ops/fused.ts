// Fused ops: one kernel where the unfused form would run several, each a call and a pass over memory. Layers,
// regularizers and optimizers use them on their hot paths; the unfused ops remain the definition they are tested
// against (test/ops/fused.test.ts).
import { type CrossEntropyKind, FUSED_ACTIVATIONS, type FusedActivation } from '../backends/kernel-names.js';
import { isFloat } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { DTypeError, describe, ShapeError, ValueError } from '../core/errors.js';
import { formatShape, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { scoped } from './internal.js';

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
 * act(op(a)·op(b) + bias) for float matrices in one kernel — what Dense computes — with a gradient that reads
 * only the output. TensorFlow.js calls it `tf.fused.matMul`.
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
    const inputs = $bias ? [$a, $b, $bias] : [$a, $b];
    return ENGINE.runKernel('FusedMatMul', inputs, { transposeA, transposeB, activation });
  });
}

/** dy·act′, with act′ written in terms of the activation's output y: the backward of {@link fusedMatMul}'s epilogue. */
export function activationGrad(dy: Tensor, y: Tensor, activation: FusedActivation): Tensor {
  sameShapeAndDType('activationGrad', [dy, y]);
  return ENGINE.runKernel('ActivationGrad', [dy, y], { activation });
}

/**
 * Inverted dropout in one pass: returns `[x·keep/(1 − rate), keep/(1 − rate)]`, keep being the Philox uniforms of
 * `seed` below 1 − rate — the draws `randomUniform(x.shape, 0, 1, 'float32', seed)` makes, so the fused and unfused
 * layers drop the same units. The gradient with respect to x is dy times the returned mask.
 */
export function dropoutWithMask(x: Tensor, rate: number, seed: readonly [number, number]): [Tensor, Tensor] {
  if (!isFloat(x.dtype)) throw new DTypeError(`dropout: x must be a float tensor. Received dtype ${x.dtype}`);
  if (!(rate >= 0 && rate < 1)) throw new ValueError(`dropout: rate must be in [0, 1). Received: ${describe(rate)}`);
  return ENGINE.runKernel('Dropout', [x], { rate, seed }, true) as [Tensor, Tensor];
}

/** l1·Σ|x| + l2·Σx² in one pass over x (a scalar of x's dtype): the L1, L2 and L1L2 regularizers' penalty. */
export function penalty(x: Tensor, l1: number, l2: number): Tensor {
  if (!isFloat(x.dtype)) throw new DTypeError(`penalty: x must be a float tensor. Received dtype ${x.dtype}`);
  return ENGINE.runKernel('Penalty', [x], { l1, l2 });
}

/** dy·(l1·sign(x) + 2·l2·x): the gradient of {@link penalty} for a scalar dy. */
export function penaltyGrad(dy: Tensor, x: Tensor, l1: number, l2: number): Tensor {
  if (dy.size !== 1 || dy.dtype !== x.dtype || !isFloat(x.dtype)) {
    throw new ValueError(
      `penaltyGrad: dy must be one value of x's float dtype. Received: dy of shape ${formatShape(dy.shape)} and dtype ${dy.dtype}, x of dtype ${x.dtype}`,
    );
  }
  return ENGINE.runKernel('PenaltyGrad', [dy, x], { l1, l2 });
}

/** One variable's part of an SGD step: the variable's value, its gradient and (with momentum) its velocity. */
export interface SgdGroup {
  w: Tensor;
  g: Tensor;
  velocity?: Tensor | undefined;
}

/**
 * One SGD step for many variables in one kernel call (see the SgdUpdate kernel): per variable `[w′]`, or
 * `[w′, velocity′]` with momentum.
 */
export function sgdUpdates(
  groups: readonly SgdGroup[],
  attrs: { lr: number; momentum: number; nesterov: boolean; decay: number },
): Tensor[][] {
  const size = attrs.momentum === 0 ? 2 : 3;
  const inputs: Tensor[] = [];
  for (const { w, g, velocity } of groups) {
    if (attrs.momentum !== 0 && !velocity) throw new ValueError('sgdUpdate: momentum needs the velocity slot');
    const group = attrs.momentum === 0 ? [w, g] : [w, g, velocity as Tensor];
    sameShapeAndDType('sgdUpdate', group);
    inputs.push(...group);
  }
  return chunk(ENGINE.runKernel('SgdUpdate', inputs, attrs, true), size - 1);
}

/** {@link sgdUpdates} for one variable. */
export function sgdUpdate(
  w: Tensor,
  g: Tensor,
  velocity: Tensor | undefined,
  attrs: { lr: number; momentum: number; nesterov: boolean; decay: number },
): Tensor[] {
  return sgdUpdates([{ w, g, velocity }], attrs)[0] as Tensor[];
}

/** One variable's part of an Adam step: value, gradient, first and second moments (and vHat with AMSGrad). */
export interface AdamGroup {
  w: Tensor;
  g: Tensor;
  m: Tensor;
  v: Tensor;
  vHat?: Tensor | undefined;
}

/**
 * One Adam/AdamW step for many variables in one kernel call (see the AdamUpdate kernel): per variable
 * `[w′, m′, v′]`, plus `vHat′` with AMSGrad.
 */
export function adamUpdates(
  groups: readonly AdamGroup[],
  attrs: { alpha: number; beta1: number; beta2: number; epsilon: number; amsgrad: boolean; decay: number },
): Tensor[][] {
  const inputs: Tensor[] = [];
  for (const { w, g, m, v, vHat } of groups) {
    const group = [w, g, m, v];
    if (attrs.amsgrad) {
      if (!vHat) throw new ValueError('adamUpdate: amsgrad needs the vHat slot');
      group.push(vHat);
    }
    sameShapeAndDType('adamUpdate', group);
    inputs.push(...group);
  }
  return chunk(ENGINE.runKernel('AdamUpdate', inputs, attrs, true), attrs.amsgrad ? 4 : 3);
}

/** {@link adamUpdates} for one variable. */
export function adamUpdate(
  w: Tensor,
  g: Tensor,
  slots: { m: Tensor; v: Tensor; vHat?: Tensor | undefined },
  attrs: { alpha: number; beta1: number; beta2: number; epsilon: number; amsgrad: boolean; decay: number },
): Tensor[] {
  return adamUpdates([{ w, g, ...slots }], attrs)[0] as Tensor[];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Keras's crossentropy per sample over the last axis, in one kernel. Of probabilities: 'binary' is the mean of
 * −(t·log q + (1 − t)·log(1 − q)), 'categorical' is −Σ t·log q after dividing p by its sum; q is p clipped to
 * [epsilon, 1 − epsilon]. Of logits x (`p` holds them): 'binaryLogits' is the mean of
 * max(x, 0) − x·t + log(1 + e^{−|x|}), 'categoricalLogits' is −Σ t·logSoftmax(x). `t` and `p` have one float
 * dtype and one shape.
 */
export function crossEntropy(t: Tensor, p: Tensor, kind: CrossEntropyKind, epsilon: number): Tensor {
  sameShapeAndDType('crossEntropy', [t, p]);
  if (p.rank === 0) throw new ShapeError('crossEntropy: p must have a class axis (rank ≥ 1). Received: shape []');
  // [ε, 1 − ε] as the unfused loss's clip sees them: float32 scalars for float32 predictions.
  const [lo, hi] = p.dtype === 'float32' ? [Math.fround(epsilon), Math.fround(1 - epsilon)] : [epsilon, 1 - epsilon];
  return ENGINE.runKernel('CrossEntropy', [t, p], { kind, lo, hi });
}

/** The update and gradient kernels read their operands elementwise in lockstep: one float dtype, one shape. */
function sameShapeAndDType(op: string, tensors: readonly Tensor[]): void {
  const first = tensors[0] as Tensor;
  for (const t of tensors) {
    if (!isFloat(t.dtype) || t.dtype !== first.dtype || !shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(
        `${op}: operands must share one float dtype and shape. Received: ${tensors.map((u) => `${u.dtype}${formatShape(u.shape)}`).join(', ')}`,
      );
    }
  }
}
