import { ENGINE } from '../core/engine.js';
import { describe, ValueError } from '../core/errors.js';
import { Tensor, Variable } from '../core/tensor.js';
import { variableRegistry } from '../core/variables.js';
import { add } from './arithmetic.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { fill, onesLike } from './creation.js';

const helpers = { onesLike, zeros: (shape: readonly number[], dtype: Tensor['dtype']) => fill(shape, 0, dtype), add };

function checkFunction(f: unknown, op: string): void {
  if (typeof f !== 'function') throw new ValueError(`${op}: expected a function. Received: ${describe(f)}`);
}

function gradientsOf(
  f: (...args: Tensor[]) => Tensor,
  args: readonly TensorLike[],
  dy: TensorLike | undefined,
  op: string,
) {
  if (!Array.isArray(args))
    throw new ValueError(`${op}: \`args\` must be an array of tensors. Received: ${describe(args)}`);
  const xs = args.map((a, i) => convertToTensor(a, `args[${i}]`, op));
  const $dy = dy === undefined ? undefined : convertToTensor(dy, 'dy', op);
  const { value: y, grads } = ENGINE.gradients(() => f(...xs), xs, $dy, helpers);
  // f may return one of its arguments (grad((x) => x)): hand out a clone, so disposing the value spares x.
  const value = xs.includes(y) ? y.clone() : y;
  const missing = grads.indexOf(null);
  if (missing >= 0) {
    for (const g of grads) g?.dispose();
    value.dispose();
    throw new ValueError(
      `${op}: cannot compute the gradient with respect to argument ${missing}: the result does not depend on it. ` +
        'Make sure f uses every argument, through ops (not through dataSync()).',
    );
  }
  return { value, grads: grads as Tensor[] };
}

/**
 * df/dx for f of one tensor: returns a function of x (and an optional upstream
 * gradient `dy`, ones by default) that returns the gradient, shaped like x.
 * @example
 * ```ts
 * const g = grad((x) => mul(x, x));
 * g(tensor([3])).dataSync(); // [6]
 * ```
 */
export function grad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: TensorLike) => Tensor {
  checkFunction(f, 'grad');
  return (x, dy) => {
    const { value, grads } = gradientsOf((t) => f(t as Tensor), [x], dy, 'grad');
    value.dispose();
    return grads[0] as Tensor;
  };
}

/**
 * The gradients of f with respect to each of its tensor arguments.
 * @example
 * ```ts
 * const [da, db] = grads((a, b) => mul(a, b))([tensor(2), tensor(3)]); // 3, 2
 * ```
 */
export function grads(f: (...args: Tensor[]) => Tensor): (args: readonly TensorLike[], dy?: TensorLike) => Tensor[] {
  checkFunction(f, 'grads');
  return (args, dy) => {
    const { value, grads: gs } = gradientsOf(f, args, dy, 'grads');
    value.dispose();
    return gs;
  };
}

/** Like {@link grad}, also returning f(x). @example `const { value, grad } = valueAndGrad(f)(x)` */
export function valueAndGrad(
  f: (x: Tensor) => Tensor,
): (x: TensorLike, dy?: TensorLike) => { value: Tensor; grad: Tensor } {
  checkFunction(f, 'valueAndGrad');
  return (x, dy) => {
    const { value, grads: gs } = gradientsOf((t) => f(t as Tensor), [x], dy, 'valueAndGrad');
    return { value, grad: gs[0] as Tensor };
  };
}

/** Like {@link grads}, also returning f(...args). */
export function valueAndGrads(
  f: (...args: Tensor[]) => Tensor,
): (args: readonly TensorLike[], dy?: TensorLike) => { value: Tensor; grads: Tensor[] } {
  checkFunction(f, 'valueAndGrads');
  return (args, dy) => gradientsOf(f, args, dy, 'valueAndGrads');
}

/**
 * Gradients of the scalar f() with respect to variables: `varList`, or every
 * trainable variable alive. Returns the value and a map from variable name to
 * gradient; variables f does not use are left out (as in TensorFlow.js).
 * @throws {ValueError} when f does not return a scalar.
 * @example
 * ```ts
 * const w = variable(tensor([1, 2]));
 * const { value, grads } = variableGrads(() => sum(square(w)));
 * grads[w.name]; // [2, 4]
 * ```
 */
export function variableGrads(
  f: () => Tensor,
  varList?: readonly Variable[],
): { value: Tensor; grads: Record<string, Tensor> } {
  checkFunction(f, 'variableGrads');
  const vars = varList ?? variableRegistry.trainable();
  for (const [i, v] of vars.entries()) {
    if (!(v instanceof Variable)) {
      throw new ValueError(`variableGrads: varList[${i}] must be a Variable. Received: ${describe(v)}`);
    }
  }
  const { value, grads: gs } = ENGINE.gradients(
    () => {
      const y = f();
      if (!(y instanceof Tensor) || y.rank !== 0) {
        throw new ValueError(
          `variableGrads: f must return a scalar tensor. Received: ${y instanceof Tensor ? `shape [${y.shape.join(',')}]` : describe(y)}`,
        );
      }
      return y;
    },
    vars,
    undefined,
    helpers,
  );
  const out: Record<string, Tensor> = {};
  vars.forEach((v, i) => {
    const g = gs[i];
    if (g) out[v.name] = g;
  });
  return { value, grads: out };
}

/**
 * The value of the scalar `f()` and its gradient with respect to each tensor in `xs`
 * (`null` where f does not depend on it), in `xs` order. The building block of a training step;
 * unlike {@link variableGrads} it needs no unique names.
 */
export function gradientsWrt(f: () => Tensor, xs: readonly Tensor[]): { value: Tensor; grads: (Tensor | null)[] } {
  checkFunction(f, 'gradientsWrt');
  return ENGINE.gradients(f, xs, undefined, helpers);
}
