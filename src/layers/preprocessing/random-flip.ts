import type { ConfigDict } from '../../core/config.js';
import type { SeedGenerator } from '../../core/random.js';
import type { Tensor } from '../../core/tensor.js';
import { checkChoice } from '../../core/validate.js';
import { lessEqual, where } from '../../ops/compare.js';
import { tensor } from '../../ops/convert.js';
import { randomUniform } from '../../ops/random.js';
import { gather } from '../../ops/shape.js';
import { checkSeed } from '../dropout.js';
import { Layer, type LayerArgs, type LayerShape } from '../layer.js';
import { checkImageShape } from './image-input.js';

/** Which flips {@link RandomFlip} draws. */
export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';

export interface RandomFlipArgs extends LayerArgs {
  /** Default 'horizontal_and_vertical'. */
  mode?: FlipMode;
  seed?: number | null;
}

const MODES: readonly FlipMode[] = ['horizontal', 'vertical', 'horizontal_and_vertical'];

/** `x` reversed along `axis` (a gather of the indices n−1 … 0). */
function reverse(x: Tensor, axis: number): Tensor {
  const n = x.shape[axis] as number;
  return gather(
    x,
    tensor(
      Int32Array.from({ length: n }, (_, i) => n - 1 - i),
      [n],
      'int32',
    ),
    axis,
  );
}

/**
 * Flips each image of a batch with probability ½ while training (augmentation as regularization: the network
 * sees a mirrored copy half the time); in inference it passes images through. Images are
 * `(batch, height, width, channels)` or one `(height, width, channels)`.
 *
 * Keras note: as in Keras 3.15, `'horizontal_and_vertical'` draws ONE coin per image and flips both axes on
 * heads (a 180° turn), rather than one coin per axis.
 * @example `new layers.RandomFlip({ mode: 'horizontal', seed: 1 })`
 */
export class RandomFlip extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'RandomFlip';
  readonly className = 'RandomFlip';
  readonly mode: FlipMode;
  readonly seed: number | undefined;
  private readonly seedGenerator: SeedGenerator;

  constructor(args: RandomFlipArgs = {}) {
    super(args, ['mode', 'seed']);
    this.mode = checkChoice('RandomFlip', 'mode', args.mode ?? 'horizontal_and_vertical', MODES);
    this.seed = checkSeed(args.seed, 'RandomFlip');
    this.seedGenerator = this.makeSeedGenerator(this.seed);
  }

  override build(inputShape: LayerShape): void {
    checkImageShape(this.name, inputShape);
    super.build(inputShape);
  }

  call(inputs: Tensor, { training }: { training: boolean }): Tensor {
    if (!training) return inputs;
    const batched = inputs.rank === 4;
    const coinShape = batched ? [inputs.shape[0] as number, 1, 1, 1] : [1, 1, 1];
    const heads = lessEqual(randomUniform(coinShape, 0, 1, 'float32', this.seedGenerator.nextSeed()), 0.5);
    const height = batched ? 1 : 0;
    let out = inputs;
    if (this.mode !== 'vertical') out = where(heads, reverse(out, height + 1), out);
    if (this.mode !== 'horizontal') out = where(heads, reverse(out, height), out);
    return out;
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), mode: this.mode, seed: this.seed ?? null };
  }
}
