import type { ConfigDict } from '../../core/config.js';
import { describe, ShapeError, ValueError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { reshape } from '../../ops/shape.js';
import { formatLayerShape, Layer, type LayerArgs, type LayerShape, layerClassName, withPositional } from '../layer.js';

export interface ReshapeArgs extends LayerArgs {
  /** The shape of one sample after the layer (batch axis excluded); one entry may be -1, inferred. */
  targetShape: readonly number[];
}

const RESHAPE_KEYS: readonly (keyof ReshapeArgs)[] = ['targetShape'];

/**
 * Keras's `compute_reshape_output_shape`: `targetShape` with its -1 resolved from the sample shape, or left
 * unknown (null) when a sample size is unknown.
 * @throws {ShapeError} when the element counts cannot match, in Keras's words.
 */
export function reshapeOutputShape(sampleShape: LayerShape, target: readonly number[]): LayerShape {
  const received = `Received: input_shape=${formatLayerShape(sampleShape)}, target_shape=${formatLayerShape(target)}`;
  if (sampleShape.some((d) => d === null)) return target.map((d) => (d === -1 ? null : d));
  const inputSize = (sampleShape as number[]).reduce((p, d) => p * d, 1);
  const unknown = target.indexOf(-1);
  if (unknown === -1) {
    if (inputSize !== target.reduce((p, d) => p * d, 1)) {
      throw new ShapeError(`The total size of the tensor must be unchanged. ${received}`);
    }
    return target.slice();
  }
  const known = target.reduce((p, d) => (d === -1 ? p : p * d), 1);
  if (known === 0 || inputSize % known !== 0) {
    throw new ShapeError(
      'The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified ' +
        `dimensions in target_shape. ${received}`,
    );
  }
  const out = target.slice();
  out[unknown] = inputSize / known;
  return out;
}

/**
 * Reshapes each sample to `targetShape`: `output.shape = [batch, ...targetShape]`, elements in row-major order.
 * One entry of `targetShape` may be -1 and is inferred.
 *
 * Input: [batch, …] of any rank. Output: [batch, ...targetShape].
 * @throws {ValueError} for a `targetShape` that is not an array of integers ≥ -1 with at most one -1;
 *   {ShapeError} ``The total size of the tensor must be unchanged. Received: input_shape=(2, 3), target_shape=(4,)``
 * @example `new layers.Reshape([3, -1]).apply(Input({ shape: [12] })) // shape [null, 3, 4]`
 */
export class Reshape extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Reshape';
  readonly className: string = 'Reshape';
  readonly targetShape: readonly number[];

  constructor(targetShape: readonly number[] | ReshapeArgs, args: Omit<ReshapeArgs, 'targetShape'> = {}) {
    const owner = layerClassName(new.target);
    const all = withPositional<ReshapeArgs>(owner, 'targetShape', targetShape, args);
    super(all, RESHAPE_KEYS);
    const t: unknown = all.targetShape;
    if (!Array.isArray(t) || !t.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= -1)) {
      throw new ValueError(
        `${owner}: Each dimension in \`target_shape\` must be a non-negative integer, or \`-1\` for a single ` +
          `unknown dimension. Received: target_shape=${describe(t)}.`,
      );
    }
    if (t.filter((d) => d === -1).length > 1) {
      throw new ValueError(
        `${owner}: There must be at most one unknown dimension (-1) in target_shape. Received: target_shape=${describe(t)}.`,
      );
    }
    this.targetShape = (t as number[]).slice();
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return [inputShape[0] ?? null, ...reshapeOutputShape(inputShape.slice(1), this.targetShape)];
  }

  call(inputs: Tensor): Tensor {
    const sample = reshapeOutputShape(inputs.shape.slice(1), this.targetShape) as number[];
    return reshape(inputs, [inputs.shape[0] as number, ...sample]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), targetShape: this.targetShape.slice() };
  }
}
