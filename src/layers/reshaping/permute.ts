import type { ConfigDict } from '../../core/config.js';
import { describe, ValueError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { transpose } from '../../ops/shape.js';
import { Layer, type LayerArgs, type LayerShape, layerClassName, withPositional } from '../layer.js';
import { assertRank } from './arguments.js';

export interface PermuteArgs extends LayerArgs {
  /** A permutation of 1…rank−1: the input axis each output axis takes (1-based; the batch axis stays first). */
  dims: readonly number[];
}

const PERMUTE_KEYS: readonly (keyof PermuteArgs)[] = ['dims'];

/**
 * Permutes the axes of each sample: `output.shape[i] = input.shape[dims[i − 1]]` for i ≥ 1, the batch axis kept.
 *
 * Input: [batch, d₁, …, dₙ] with n = dims.length. Output: [batch, d_dims[0], …, d_dims[n−1]].
 * @throws {ValueError} ``Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims=[0, 1]``;
 *   {ShapeError} for an input of another rank.
 * @example `new layers.Permute([2, 1]).apply(Input({ shape: [10, 64] })) // shape [null, 64, 10]`
 */
export class Permute extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Permute';
  readonly className: string = 'Permute';
  readonly dims: readonly number[];

  constructor(dims: readonly number[] | PermuteArgs, args: Omit<PermuteArgs, 'dims'> = {}) {
    const owner = layerClassName(new.target);
    const all = withPositional<PermuteArgs>(owner, 'dims', dims, args);
    super(all, PERMUTE_KEYS);
    const d: unknown = all.dims;
    const ok =
      Array.isArray(d) &&
      d.every((v) => typeof v === 'number') &&
      [...(d as number[])].sort((a, b) => a - b).every((v, i) => v === i + 1);
    if (!ok) {
      throw new ValueError(
        `${owner}: Invalid permutation argument \`dims\` for Permute Layer. The set of indices in \`dims\` must be ` +
          `consecutive and start from 1. Received dims=${describe(d)}`,
      );
    }
    this.dims = (d as number[]).slice();
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    assertRank(this.name, shape, this.dims.length + 1);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    assertRank(this.name, inputShape, this.dims.length + 1);
    return [inputShape[0] ?? null, ...this.dims.map((d) => inputShape[d] ?? null)];
  }

  call(inputs: Tensor): Tensor {
    return transpose(inputs, [0, ...this.dims]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), dims: this.dims.slice() };
  }
}
