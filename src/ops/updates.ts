// The optimizers' update steps as ops over many variables at once: one SgdUpdate or AdamUpdate kernel call for a whole
// model where the backend has it, else the same formulas in primitive ops, variable by variable.
import { ENGINE } from '../core/engine.js';
import { ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { add, div, maximum, mul, sub } from './arithmetic.js';
import { sameShapeAndDType } from './fused.js';
import { scoped } from './internal.js';
import { sqrt, square } from './unary.js';

/** One variable's part of an SGD step: the variable's value, its gradient and (with momentum) its velocity. */
export interface SgdGroup {
  w: Tensor;
  g: Tensor;
  velocity?: Tensor | undefined;
}

/** The attributes of an SGD step: learning rate, momentum μ, Nesterov or not, and decoupled decay (weightDecay·lr). */
export interface SgdAttrs {
  lr: number;
  momentum: number;
  nesterov: boolean;
  decay: number;
}

/**
 * One SGD step for many variables: per variable `[w′]`, or `[w′, velocity′]` with momentum. First
 * w ← w − w·decay when decay > 0 (decoupled weight decay); then without momentum w′ = w − lr·g, and with it
 * v′ = μv − lr·g; w′ = w + v′, or w + μv′ − lr·g with Nesterov (Keras 3's form).
 * @throws {ValueError} when momentum is set and a group has no velocity; {ShapeError} when a group's tensors differ
 *   in shape or float dtype.
 * @example `const [[w2]] = sgdUpdates([{ w, g }], { lr: 0.1, momentum: 0, nesterov: false, decay: 0 });`
 */
export function sgdUpdates(groups: readonly SgdGroup[], attrs: SgdAttrs): Tensor[][] {
  const size = attrs.momentum === 0 ? 2 : 3;
  const inputs: Tensor[] = [];
  for (const { w, g, velocity } of groups) {
    if (attrs.momentum !== 0 && !velocity) throw new ValueError('sgdUpdate: momentum needs the velocity slot');
    const group = attrs.momentum === 0 ? [w, g] : [w, g, velocity as Tensor];
    sameShapeAndDType('sgdUpdate', group);
    inputs.push(...group);
  }
  if (ENGINE.hasKernel('SgdUpdate')) return chunk(ENGINE.runKernel('SgdUpdate', inputs, attrs, true), size - 1);
  return groups.map(({ w, g, velocity }) => scoped('sgdUpdate', () => sgdStep(w, g, velocity, attrs)));
}

function sgdStep(w: Tensor, g: Tensor, velocity: Tensor | undefined, { lr, momentum, nesterov, decay }: SgdAttrs) {
  const w0 = decayed(w, decay);
  if (momentum === 0) return [sub(w0, mul(g, lr))];
  const v = sub(mul(velocity as Tensor, momentum), mul(g, lr));
  return [add(w0, nesterov ? sub(mul(v, momentum), mul(g, lr)) : v), v];
}

/** {@link sgdUpdates} for one variable. */
export function sgdUpdate(w: Tensor, g: Tensor, velocity: Tensor | undefined, attrs: SgdAttrs): Tensor[] {
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

/** The attributes of an Adam step: the bias-corrected rate alpha, β1, β2, ε, AMSGrad, and decoupled decay. */
export interface AdamAttrs {
  alpha: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  amsgrad: boolean;
  decay: number;
}

/**
 * One Adam/AdamW step for many variables: per variable `[w′, m′, v′]`, plus `vHat′` with AMSGrad. After the
 * decoupled decay w ← w − w·decay: m′ = m + (g − m)(1 − β1), v′ = v + (g² − v)(1 − β2), w′ = w − m′·alpha/(√v′ + ε),
 * with √max(vHat, v′) in the denominator under AMSGrad (vHat′ = max(vHat, v′)).
 * @throws {ValueError} when amsgrad is set and a group has no vHat; {ShapeError} when a group's tensors differ in
 *   shape or float dtype.
 * @example `const [[w2, m2, v2]] = adamUpdates([{ w, g, m, v }], { alpha: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false, decay: 0 });`
 */
export function adamUpdates(groups: readonly AdamGroup[], attrs: AdamAttrs): Tensor[][] {
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
  if (ENGINE.hasKernel('AdamUpdate')) {
    return chunk(ENGINE.runKernel('AdamUpdate', inputs, attrs, true), attrs.amsgrad ? 4 : 3);
  }
  return groups.map((group) => scoped('adamUpdate', () => adamStep(group, attrs)));
}

function adamStep({ w, g, m, v, vHat }: AdamGroup, { alpha, beta1, beta2, epsilon, amsgrad, decay }: AdamAttrs) {
  const w0 = decayed(w, decay);
  const m1 = add(m, mul(sub(g, m), 1 - beta1));
  const v1 = add(v, mul(sub(square(g), v), 1 - beta2));
  const vHat1 = amsgrad ? maximum(vHat as Tensor, v1) : undefined;
  const w1 = sub(w0, div(mul(m1, alpha), add(sqrt(vHat1 ?? v1), epsilon)));
  return vHat1 ? [w1, m1, v1, vHat1] : [w1, m1, v1];
}

/** {@link adamUpdates} for one variable. */
export function adamUpdate(
  w: Tensor,
  g: Tensor,
  slots: { m: Tensor; v: Tensor; vHat?: Tensor | undefined },
  attrs: AdamAttrs,
): Tensor[] {
  return adamUpdates([{ w, g, ...slots }], attrs)[0] as Tensor[];
}

/** w − w·decay: decoupled weight decay, applied before the update (Keras 3's order); w itself when decay is 0. */
function decayed(w: Tensor, decay: number): Tensor {
  return decay > 0 ? sub(w, mul(w, decay)) : w;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
