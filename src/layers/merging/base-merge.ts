import { ShapeError, ValueError } from '../../core/errors.js';
import { Tensor } from '../../core/tensor.js';
import { convertToTensor, type TensorLike } from '../../ops/convert.js';
import { expandDims } from '../../ops/shape.js';
import {
  type CallOptions,
  formatLayerShape,
  isShapeList,
  Layer,
  type LayerArgs,
  type LayerShape,
  type LayerShapes,
} from '../layer.js';
import { isSymbolicInput, type SymbolicTensor } from '../symbolic-tensor.js';

/** Keras's notation for a list of shapes, as its merge errors print it: `[(None, 2, 5), (None, 3, 5)]`. */
export function formatShapeList(shapes: readonly LayerShape[]): string {
  return `[${shapes.map(formatLayerShape).join(', ')}]`;
}

/**
 * The sample shape of `a ∘ b` for an elementwise op, right-aligned as NumPy broadcasts (Keras's
 * `_compute_elemwise_op_output_shape`): a size of 1 takes the other's, and an unknown size on either side stays
 * unknown — as in Keras, even where the other side's size would decide it.
 * @throws {ShapeError} when two known sizes differ and neither is 1.
 */
function broadcastSampleShapes(owner: string, a: LayerShape, b: LayerShape, index: number): LayerShape {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const out = long.slice(0, long.length - short.length);
  long.slice(long.length - short.length).forEach((i, k) => {
    const j = short[k] as number | null;
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1 || i === j) out.push(i);
    else {
      const before = index === 1 ? 'inputs[0]' : `inputs[0] to inputs[${index - 1}] broadcast together`;
      throw new ShapeError(
        `${owner}: inputs have incompatible shapes. Received shapes ${formatLayerShape(a)} and ` +
          `${formatLayerShape(b)}: the samples of inputs[${index}] do not broadcast with those of ${before}`,
      );
    }
  });
  return out;
}

/**
 * Base of the layers that merge a list of tensors into one (Keras's `Merge`): Add, Subtract, Multiply, Average,
 * Maximum, Minimum, and, with their own shape rules, Concatenate and Dot.
 *
 * The elementwise rule (this base's): the inputs' sample shapes (batch axis dropped) broadcast as NumPy does,
 * right-aligned, so `(None, 3, 4)` merges with `(None, 4)` and with `(None, 3, 1)`; an input of lower rank is given
 * size-1 axes after its batch axis before the op (Keras's rank expansion). Known batch sizes must agree.
 * The shapes are checked when the layer is built, on each call on symbolic tensors, and on each eager call (with
 * the real batch sizes), so a mismatch is reported in these words rather than by the op underneath.
 *
 * Keras note: Dendrite has no masking yet, so a merge layer neither reads nor produces a mask.
 */
export abstract class Merge extends Layer {
  /**
   * The merge itself (Keras's `_merge_function`), on inputs already checked and brought to one rank.
   * Subclasses with other rules (Concatenate, Dot) also override {@link mergedShape} and {@link alignRanks}.
   */
  protected abstract mergeFunction(inputs: Tensor[]): Tensor;

  /** How messages name this layer: `Layer "add"`. */
  protected get owner(): string {
    return `Layer "${this.name}"`;
  }

  /**
   * A merge layer takes a list: each element of an array is one input (a tensor, or values to convert).
   * @throws {ValueError} for an empty list.
   */
  override applyToList(
    inputs: TensorLike | readonly Tensor[] | SymbolicTensor | readonly SymbolicTensor[],
    options: CallOptions = {},
  ): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    const list: readonly unknown[] | undefined = Array.isArray(inputs) ? (inputs as readonly unknown[]) : undefined;
    if (list && list.length === 0) {
      throw new ValueError(
        `${this.owner}: a merge layer should be called on a list of at least 1 input. Received 0 inputs`,
      );
    }
    if (list && !isSymbolicInput(list) && !list.every((x) => x instanceof Tensor)) {
      // Values given as nested arrays: one input each, as Keras reads a list given to a merge layer.
      const converted = list.map((x, i) => convertToTensor(x as TensorLike, `inputs[${i}]`, this.name));
      return super.applyToList(converted, options);
    }
    return super.applyToList(inputs, options);
  }

  /** The shapes as a list, as every merge layer needs. @throws {ValueError} for a single shape. */
  protected shapeList(inputShape: LayerShapes): readonly LayerShape[] {
    if (!isShapeList(inputShape)) {
      throw new ValueError(
        `${this.owner}: a merge layer should be called on a list of inputs. ` +
          `Received: input_shape=${formatLayerShape(inputShape)} (not a list of shapes)`,
      );
    }
    return inputShape;
  }

  /**
   * Checks the input shapes and returns the output shape (Keras's shape validation in `build` and
   * `compute_output_shape`, in one place). The elementwise rule: known batch sizes agree; sample shapes broadcast.
   * @throws {ShapeError} for different batch sizes or sample shapes that do not broadcast.
   */
  protected mergedShape(shapes: readonly LayerShape[]): LayerShape {
    const batches = new Set(shapes.map((s) => s[0]).filter((d): d is number => d !== null && d !== undefined));
    if (batches.size > 1) {
      throw new ShapeError(
        `${this.owner}: cannot merge tensors with different batch sizes. Received tensors with shapes ` +
          formatShapeList(shapes),
      );
    }
    let sample: LayerShape = (shapes[0] as LayerShape).slice(1);
    for (let i = 1; i < shapes.length; i++) {
      sample = broadcastSampleShapes(this.owner, sample, (shapes[i] as LayerShape).slice(1), i);
    }
    return [batches.size === 1 ? ([...batches][0] as number) : null, ...sample];
  }

  /** Expands lower-rank inputs at axis 1 until all have the same rank (Keras's `_reshape_required` path). */
  protected alignRanks(inputs: Tensor[]): Tensor[] {
    const rank = Math.max(...inputs.map((x) => x.rank));
    return inputs.map((x) => {
      let y = x;
      while (y.rank < rank) y = expandDims(y, 1);
      return y;
    });
  }

  /** Validates the shapes (see {@link mergedShape}). @throws {ValueError} when not called on a list. */
  override build(inputShape: LayerShapes): void {
    this.mergedShape(this.shapeList(inputShape));
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: LayerShapes): LayerShape {
    return this.mergedShape(this.shapeList(inputShape));
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    if (!Array.isArray(inputs)) {
      throw new ValueError(
        `${this.owner}: a merge layer should be called on a list of inputs. ` +
          `Received: one tensor of shape ${formatLayerShape(inputs.shape)} (not a list of tensors)`,
      );
    }
    // Again on the real shapes: a built layer may be called on other sizes, and the batch sizes are known only now.
    this.mergedShape(inputs.map((x) => x.shape));
    return this.mergeFunction(this.alignRanks(inputs));
  }
}

/** Options of a merge layer without options of its own (Add, Subtract, Multiply, Average, Maximum, Minimum). */
export type MergeArgs = LayerArgs;

/**
 * A merge layer's functional shortcut (Keras's `keras.layers.add(inputs)`): builds the layer and calls it on the
 * list, returning a symbolic tensor for symbolic inputs and a tensor otherwise.
 */
export interface MergeFunction<A> {
  (inputs: readonly SymbolicTensor[], args?: A): SymbolicTensor;
  (inputs: readonly (Tensor | TensorLike)[], args?: A): Tensor;
}
