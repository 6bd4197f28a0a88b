import { EPSILON } from '../../constraints/constraint.js';
import type { ConfigDict } from '../../core/config.js';
import { describe, ShapeError, ValueError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { checkBoolean, invalidArgument } from '../../core/validate.js';
import { minimum, mul } from '../../ops/arithmetic.js';
import { matMul } from '../../ops/mat-mul.js';
import { sum } from '../../ops/reduction.js';
import { reshape, transpose } from '../../ops/shape.js';
import { rsqrt, square } from '../../ops/unary.js';
import { formatLayerShape, type LayerArgs, type LayerShape, layerClassName, withPositional } from '../layer.js';
import { formatShapeList, Merge, type MergeFunction } from './base-merge.js';

/** The axis of each input to take the dot product over: one for both, or a pair `[axisOfFirst, axisOfSecond]`. */
export type DotAxes = number | readonly [number, number];

export interface DotArgs extends LayerArgs {
  /** The axis (or pair of axes) summed over; negative counts from the end; never 0, the batch axis. */
  axes: DotAxes;
  /** L2-normalize both inputs along their axes first, making the output the cosine similarity. Default false. */
  normalize?: boolean;
}

const DOT_KEYS: readonly (keyof DotArgs)[] = ['axes', 'normalize'];

function checkAxes(owner: string, axes: unknown): DotAxes {
  const ok =
    (typeof axes === 'number' && Number.isSafeInteger(axes)) ||
    (Array.isArray(axes) && axes.length === 2 && axes.every((a) => typeof a === 'number' && Number.isSafeInteger(a)));
  if (!ok) throw invalidArgument(owner, 'axes', 'an integer or a list of 2 integers', axes);
  return Array.isArray(axes) ? [axes[0] as number, axes[1] as number] : (axes as number);
}

/**
 * Keras's `ops.normalize(x, axis, order=2)`: `x · min(1/√(Σx²), 1/ε)` with ε = 1e-7, so a zero vector stays zero.
 * NOTE: the gradient at a zero vector is NaN (rsqrt's derivative is infinite there), as in Keras.
 */
function l2Normalize(x: Tensor, axis: number): Tensor {
  return mul(x, minimum(rsqrt(sum(square(x), axis, true)), 1 / EPSILON));
}

/**
 * Keras's `batch_dot`: for each sample b, the sum over the paired axes of x[b]·y[b]. The output shape is x's
 * without `a0`, then y's without its batch axis and `a1`; `[batch, 1]` when that leaves only the batch axis.
 * Computed as one batched matMul: x's axis moved last and its middle axes flattened ([B, M, K]), y's moved to
 * axis 1 and its trailing axes flattened ([B, K, N]).
 */
function batchDot(x: Tensor, y: Tensor, a0: number, a1: number): Tensor {
  const xPerm = [...x.shape.keys()].filter((i) => i !== a0).concat(a0);
  const yPerm = [0, a1, ...[...y.shape.keys()].filter((i) => i !== 0 && i !== a1)];
  const isIdentity = (perm: number[]) => perm.every((p, i) => p === i);
  const xt = isIdentity(xPerm) ? x : transpose(x, xPerm);
  const yt = isIdentity(yPerm) ? y : transpose(y, yPerm);
  const batch = x.shape[0] as number;
  const k = x.shape[a0] as number;
  const xMid = xt.shape.slice(1, -1);
  const yTrail = yt.shape.slice(2);
  const size = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);
  const product = matMul(reshape(xt, [batch, size(xMid), k]), reshape(yt, [batch, k, size(yTrail)]));
  const outShape = [batch, ...xMid, ...yTrail];
  return reshape(product, outShape.length === 1 ? [batch, 1] : outShape);
}

/**
 * The dot product of two inputs along an axis of each, per sample (Keras's `Dot`):
 * `output[b, i…, j…] = Σₖ x[b, i…, k, …]·y[b, j…, k, …]`, with `k` running along `axes[0]` of x and `axes[1]` of y.
 * With `normalize: true` both are first divided by their L2 norm along those axes (cosine similarity).
 *
 * Input: a list of two tensors of rank ≥ 2 with the same size along the paired axes; output: x's shape without
 * its axis, then y's without its batch axis and its axis; `[batch, 1]` for two rank-2 inputs.
 * Keras note: an unknown size on one side matches any size on the other (Keras's build refuses `None` vs 4), and
 * an axis out of range or on the batch axis is refused when the layer is built (Keras fails in the call).
 * @throws {ValueError} for `axes` that are not an integer or a pair of integers, for a call on other than 2 inputs,
 *   or for an axis out of range or on the batch axis; {ShapeError} for sizes that differ along the axes, rank < 2
 *   or different batch sizes.
 * @example
 * ```ts
 * const x = Input({ shape: [3, 5] });
 * const y = Input({ shape: [4, 3] });
 * new layers.Dot({ axes: [1, 2] }).apply([x, y]); // shape [null, 5, 4]
 * ```
 */
export class Dot extends Merge {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Dot';
  readonly className: string = 'Dot';
  readonly axes: DotAxes;
  readonly normalize: boolean;

  constructor(axes: DotAxes | DotArgs, args: Omit<DotArgs, 'axes'> = {}) {
    const owner = layerClassName(new.target);
    const all = withPositional<DotArgs>(owner, 'axes', axes, args);
    super(all, DOT_KEYS);
    if (all.axes === undefined) {
      throw new ValueError(`${owner}: \`axes\` is required (an integer or a list of 2 integers). Received: none`);
    }
    this.axes = checkAxes(owner, all.axes);
    this.normalize = all.normalize === undefined ? false : checkBoolean(owner, 'normalize', all.normalize);
  }

  /** The axes resolved for inputs of these ranks (each in range, neither the batch axis). */
  private resolveAxes(shapes: readonly [LayerShape, LayerShape]): [number, number] {
    const pair = typeof this.axes === 'number' ? [this.axes, this.axes] : this.axes;
    return pair.map((a, i) => {
      const shape = shapes[i] as LayerShape;
      const rank = shape.length;
      if (a < -rank || a >= rank) {
        throw new ValueError(
          `${this.owner}: axis ${a} is out of range for inputs[${i}] of shape ${formatLayerShape(shape)} ` +
            `(rank ${rank}). Received: axes=${describe(this.axes)}`,
        );
      }
      const resolved = a < 0 ? a + rank : a;
      if (resolved === 0) {
        throw new ValueError(
          `${this.owner}: cannot perform batch_dot over axis 0 (the batch axis). If your inputs are not batched, ` +
            `add a dummy batch dimension to your inputs using expandDims(x, 0). Received: axes=${describe(this.axes)}`,
        );
      }
      return resolved;
    }) as [number, number];
  }

  protected override mergedShape(shapes: readonly LayerShape[]): LayerShape {
    if (shapes.length !== 2) {
      throw new ValueError(
        `${this.owner}: a \`Dot\` layer should be called on a list of 2 inputs. Received: input_shape=${formatShapeList(shapes)}`,
      );
    }
    const [x, y] = shapes as readonly [LayerShape, LayerShape];
    if (x.length < 2 || y.length < 2) {
      throw new ShapeError(
        `${this.owner}: cannot do batch_dot on inputs with rank < 2. Received inputs with shapes ` +
          `${formatLayerShape(x)} and ${formatLayerShape(y)}`,
      );
    }
    if (x[0] !== null && y[0] !== null && x[0] !== y[0]) {
      throw new ShapeError(
        `${this.owner}: cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes ` +
          `${formatLayerShape(x)} and ${formatLayerShape(y)}`,
      );
    }
    const [a0, a1] = this.resolveAxes([x, y]);
    const d0 = x[a0] as number | null;
    const d1 = y[a1] as number | null;
    if (d0 !== null && d1 !== null && d0 !== d1) {
      throw new ShapeError(
        `${this.owner}: incompatible input shapes: axis values ${d0} (at axis ${a0}) != ${d1} (at axis ${a1}). ` +
          `Full input shapes: ${formatLayerShape(x)}, ${formatLayerShape(y)}`,
      );
    }
    const out = [...x.filter((_, i) => i !== a0), ...y.filter((_, i) => i !== 0 && i !== a1)];
    return out.length === 1 ? [out[0] as number | null, 1] : out;
  }

  /** The dot product pairs axes by position: nothing is expanded (Keras's `_reshape_required = False`). */
  protected override alignRanks(inputs: Tensor[]): Tensor[] {
    return inputs;
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    let [x, y] = inputs as [Tensor, Tensor];
    const [a0, a1] = this.resolveAxes([x.shape, y.shape]);
    if (this.normalize) {
      x = l2Normalize(x, a0);
      y = l2Normalize(y, a1);
    }
    return batchDot(x, y, a0, a1);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      axes: typeof this.axes === 'number' ? this.axes : this.axes.slice(),
      normalize: this.normalize,
    };
  }
}

/**
 * Keras's `keras.layers.dot(inputs, axes=-1, normalize=False)`: `new Dot({ ...args, axes: args?.axes ?? -1 }).apply(inputs)`.
 * @example `const cosine = layers.dot([a, b], { axes: 1, normalize: true })`
 */
export const dot = ((inputs, args) =>
  new Dot({ ...args, axes: args?.axes ?? -1 }).apply(inputs as readonly Tensor[])) as MergeFunction<Partial<DotArgs>>;
