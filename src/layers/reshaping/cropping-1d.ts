import type { ConfigDict } from '../../core/config.js';
import { ShapeError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { slice } from '../../ops/shape.js';
import { formatLayerShape, Layer, type LayerArgs, type LayerShape, layerClassName } from '../layer.js';
import { assertRank, standardizeTuple } from './arguments.js';

export interface Cropping1DArgs extends LayerArgs {
  /** Steps removed at the start and end: one int for both, or `[start, end]`. Default 1. */
  cropping?: number | readonly [number, number];
}

const KEYS: readonly (keyof Cropping1DArgs)[] = ['cropping'];

/**
 * Crops the steps axis: `output[b, i, c] = input[b, start + i, c]` for i < steps − start − end.
 *
 * Input: [batch, steps, channels]. Output: [batch, steps − start − end, channels].
 * @throws {ValueError} for a cropping that is not an int or a pair of values ≥ 0; {ShapeError} when the cropping
 *   leaves no step (``` `cropping` parameter of `Cropping1D` layer must be smaller than the input length ```), or
 *   for an input not of rank 3.
 * @example `new layers.Cropping1D([1, 2]).apply(Input({ shape: [5, 3] })) // shape [null, 2, 3]`
 */
export class Cropping1D extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Cropping1D';
  readonly className: string = 'Cropping1D';
  readonly cropping: readonly [number, number];

  constructor(
    cropping?: number | readonly [number, number] | Cropping1DArgs,
    args: Omit<Cropping1DArgs, 'cropping'> = {},
  ) {
    const owner = layerClassName(new.target);
    const all: Cropping1DArgs =
      typeof cropping === 'object' && !Array.isArray(cropping)
        ? (cropping as Cropping1DArgs)
        : { ...args, cropping: cropping as number };
    super(all, KEYS);
    this.cropping = standardizeTuple(owner, all.cropping ?? 1, 2, 'cropping', true) as unknown as [number, number];
  }

  private checkLength(shape: LayerShape, what: string): void {
    const steps = shape[1];
    if (steps !== null && steps !== undefined && this.cropping[0] + this.cropping[1] >= steps) {
      throw new ShapeError(
        `Layer "${this.name}": \`cropping\` parameter of \`Cropping1D\` layer must be smaller than the input length. ` +
          `Received: ${what}=${formatLayerShape(shape)}, cropping=${formatLayerShape(this.cropping)}`,
      );
    }
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    assertRank(this.name, shape, 3);
    this.checkLength(shape, 'inputs.shape');
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    assertRank(this.name, inputShape, 3);
    this.checkLength(inputShape, 'input_shape');
    const steps = inputShape[1];
    const out = steps === null || steps === undefined ? null : steps - this.cropping[0] - this.cropping[1];
    return [inputShape[0] ?? null, out, inputShape[2] ?? null];
  }

  call(inputs: Tensor): Tensor {
    const [batch, steps, channels] = inputs.shape as [number, number, number];
    return slice(inputs, [0, this.cropping[0], 0], [batch, steps - this.cropping[0] - this.cropping[1], channels]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), cropping: this.cropping.slice() };
  }
}
