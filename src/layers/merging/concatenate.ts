import type { ConfigDict } from '../../core/config.js';
import { ShapeError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { invalidArgument } from '../../core/validate.js';
import { concat } from '../../ops/shape.js';
import { type LayerArgs, type LayerShape, layerClassName } from '../layer.js';
import { formatShapeList, Merge, type MergeFunction } from './base-merge.js';

export interface ConcatenateArgs extends LayerArgs {
  /** The axis to join along; negative counts from the end. Default -1 (the last). */
  axis?: number;
}

const CONCATENATE_KEYS: readonly (keyof ConcatenateArgs)[] = ['axis'];

/**
 * Joins a list of inputs along `axis`: `output[…, i, …] = xₖ[…, i − (size of x₀…xₖ₋₁ along axis), …]`.
 *
 * Input: tensors of one rank whose sizes agree on every axis but `axis` (an unknown size matches any); output:
 * that shape with the sizes along `axis` summed (unknown if any is). No broadcasting, no rank expansion.
 * @throws {ValueError} for an `axis` that is not an integer, or out of range for the inputs' rank;
 *   {ShapeError} for inputs of different ranks or sizes off the concatenation axis, naming both axes.
 * @example
 * ```ts
 * const a = Input({ shape: [2, 5] });
 * const b = Input({ shape: [3, 5] });
 * new layers.Concatenate({ axis: 1 }).apply([a, b]); // shape [null, 5, 5]
 * ```
 */
export class Concatenate extends Merge {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Concatenate';
  readonly className: string = 'Concatenate';
  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    super(args, CONCATENATE_KEYS);
    const axis = args.axis ?? -1;
    if (typeof axis !== 'number' || !Number.isSafeInteger(axis)) {
      throw invalidArgument(layerClassName(new.target), 'axis', 'an integer', axis);
    }
    this.axis = axis;
  }

  /**
   * Keras's rule: the same rank, and on every axis but the concatenation axis (the batch axis included) the known
   * sizes agree. The output takes the first input's sizes, with the concatenation axis summed.
   */
  protected override mergedShape(shapes: readonly LayerShape[]): LayerShape {
    const first = shapes[0] as LayerShape;
    const rank = first.length;
    if (this.axis < -rank || this.axis >= rank) {
      throw invalidArgument(
        this.owner,
        'axis',
        `an axis in [${-rank}, ${rank - 1}] for inputs of rank ${rank}`,
        this.axis,
      );
    }
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    const mismatch = (detail: string) =>
      new ShapeError(
        `${this.owner}: a \`Concatenate\` layer requires inputs with matching shapes except for the concatenation ` +
          `axis (axis=${this.axis}). Received: input_shape=${formatShapeList(shapes)}: ${detail}`,
      );
    shapes.forEach((shape, i) => {
      if (shape.length !== rank) throw mismatch(`inputs[${i}] has rank ${shape.length}, inputs[0] rank ${rank}`);
      for (let j = 0; j < rank; j++) {
        if (j === axis) continue;
        // The first known size on this axis is the one every other known size must equal.
        const k = shapes.findIndex((s) => s[j] !== null);
        const known = k === -1 ? null : (shapes[k] as LayerShape)[j];
        const d = shape[j] as number | null;
        if (d !== null && known !== null && d !== known) {
          throw mismatch(`inputs[${i}] has size ${d} on axis ${j}, inputs[${k}] has ${known}`);
        }
      }
    });
    const out = first.slice();
    out[axis] = shapes.every((s) => s[axis] !== null) ? shapes.reduce((n, s) => n + (s[axis] as number), 0) : null;
    return out;
  }

  /** Concatenation needs one rank: nothing is expanded (Keras's `_reshape_required = False`). */
  protected override alignRanks(inputs: Tensor[]): Tensor[] {
    return inputs;
  }

  protected mergeFunction(inputs: Tensor[]): Tensor {
    return concat(inputs, this.axis);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/**
 * Keras's `keras.layers.concatenate(inputs, axis=-1)`: `new Concatenate(args).apply(inputs)`.
 * @example `const y = layers.concatenate([a, b], { axis: 1 })`
 */
export const concatenate = ((inputs, args) =>
  new Concatenate(args).apply(inputs as readonly Tensor[])) as MergeFunction<ConcatenateArgs>;
