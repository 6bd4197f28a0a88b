import type { ConfigDict } from '../../core/config.js';
import type { Tensor } from '../../core/tensor.js';
import { reshape, tile } from '../../ops/shape.js';
import { Layer, type LayerArgs, type LayerShape, layerClassName, withPositional } from '../layer.js';
import { assertRank, positiveInteger } from './arguments.js';

export interface RepeatVectorArgs extends LayerArgs {
  /** How many times each sample is repeated. */
  n: number;
}

const REPEAT_VECTOR_KEYS: readonly (keyof RepeatVectorArgs)[] = ['n'];

/**
 * Repeats each sample vector `n` times along a new axis 1: `output[b, i, f] = input[b, f]` for i < n.
 *
 * Input: [batch, features]. Output: [batch, n, features].
 * @throws {ValueError} ``Argument `n` should be a positive integer. Received: n=0``; {ShapeError} for an input not
 *   of rank 2.
 * @example `new layers.RepeatVector(3).apply(Input({ shape: [32] })) // shape [null, 3, 32]`
 */
export class RepeatVector extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'RepeatVector';
  readonly className: string = 'RepeatVector';
  readonly n: number;

  constructor(n: number | RepeatVectorArgs, args: Omit<RepeatVectorArgs, 'n'> = {}) {
    const owner = layerClassName(new.target);
    const all = withPositional<RepeatVectorArgs>(owner, 'n', n, args);
    super(all, REPEAT_VECTOR_KEYS);
    this.n = positiveInteger(owner, 'n', all.n);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    assertRank(this.name, shape, 2);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    assertRank(this.name, inputShape, 2);
    return [inputShape[0] ?? null, this.n, inputShape[1] ?? null];
  }

  call(inputs: Tensor): Tensor {
    const [batch, features] = inputs.shape as [number, number];
    return tile(reshape(inputs, [batch, 1, features]), [1, this.n, 1]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), n: this.n };
  }
}
