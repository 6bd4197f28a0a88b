import type { ConfigDict } from '../../core/config.js';
import type { Tensor } from '../../core/tensor.js';
import { repeat } from '../../ops/repeat.js';
import { Layer, type LayerArgs, type LayerShape, layerClassName } from '../layer.js';
import { assertRank, positiveInteger, scaled } from './arguments.js';

export interface UpSampling1DArgs extends LayerArgs {
  /** How many times each step is repeated. Default 2. */
  size?: number;
}

const KEYS: readonly (keyof UpSampling1DArgs)[] = ['size'];

/**
 * Repeats each step `size` times along the steps axis: `output[b, i, c] = input[b, ⌊i / size⌋, c]`.
 *
 * Input: [batch, steps, features]. Output: [batch, steps·size, features].
 * @throws {ValueError} ``Argument `size` should be a positive integer. Received: size=0``; {ShapeError} for an
 *   input not of rank 3.
 * @example `new layers.UpSampling1D(3).apply(Input({ shape: [4, 2] })) // shape [null, 12, 2]`
 */
export class UpSampling1D extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'UpSampling1D';
  readonly className: string = 'UpSampling1D';
  readonly size: number;

  constructor(size?: number | UpSampling1DArgs, args: Omit<UpSampling1DArgs, 'size'> = {}) {
    const owner = layerClassName(new.target);
    const all: UpSampling1DArgs = typeof size === 'object' && size !== null ? size : { ...args, size };
    super(all, KEYS);
    this.size = positiveInteger(owner, 'size', all.size ?? 2);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    assertRank(this.name, shape, 3);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    assertRank(this.name, inputShape, 3);
    return [inputShape[0] ?? null, scaled(inputShape[1], this.size), inputShape[2] ?? null];
  }

  call(inputs: Tensor): Tensor {
    return repeat(inputs, this.size, 1);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), size: this.size };
  }
}
