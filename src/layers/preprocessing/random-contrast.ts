import type { ConfigDict } from '../../core/config.js';
import { describe, ValueError } from '../../core/errors.js';
import type { SeedGenerator } from '../../core/random.js';
import type { Tensor } from '../../core/tensor.js';
import { add, mul, sub } from '../../ops/arithmetic.js';
import { randomUniform } from '../../ops/random.js';
import { mean } from '../../ops/reduction.js';
import { clipByValue } from '../../ops/unary.js';
import { checkSeed } from '../dropout.js';
import { Layer, type LayerArgs, type LayerShape, withPositional } from '../layer.js';
import { checkImageShape } from './image-input.js';

export interface RandomContrastArgs extends LayerArgs {
  /**
   * How far the contrast may move, in [0, 1]: a number f draws each image's factor from [1 − f, 1 + f]; a pair
   * `[lower, upper]` from [1 − lower, 1 + upper].
   */
  factor: number | readonly [number, number];
  /** The range the pixels live in; outputs are clipped to it. Default [0, 255]. */
  valueRange?: readonly [number, number];
  seed?: number | null;
}

function checkFactor(factor: unknown): [number, number] {
  const bad = () =>
    new ValueError(
      'Invalid value received for argument `factor` of RandomContrast. Expected a number (or a list of two numbers) ' +
        `in the range [0, 1]. Received: factor=${describe(factor)}`,
    );
  if (typeof factor === 'number') {
    if (!(factor >= 0 && factor <= 1)) throw bad();
    return [factor, factor];
  }
  if (
    !Array.isArray(factor) ||
    factor.length !== 2 ||
    !factor.every((f) => typeof f === 'number' && f >= 0 && f <= 1)
  ) {
    throw bad();
  }
  return [factor[0] as number, factor[1] as number];
}

function checkRange(range: unknown): [number, number] {
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !range.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
    !((range[0] as number) < (range[1] as number))
  ) {
    throw new ValueError(
      'Invalid value received for argument `valueRange` of RandomContrast. Expected [low, high] with low < high. ' +
        `Received: valueRange=${describe(range)}`,
    );
  }
  return [range[0] as number, range[1] as number];
}

/**
 * Scales each image's contrast by a random factor while training: per channel,
 * `output = clip((x − mean) · factor + mean, valueRange)`, the mean over height and width and the factor drawn
 * once per image from [1 − lower, 1 + upper]. In inference it passes images through.
 *
 * Keras note: Keras 3.15's docstring says a single `factor` f means lower = upper = f, and Keras 2 drew from
 * [1 − f, 1 + f]; Keras 3.15's code draws from [1, 1 + f] (it sets lower to max(−f, 0) = 0). Dendrite follows
 * the documented meaning; give `factor: [0, f]` for Keras 3.15's numbers.
 * @example `new layers.RandomContrast(0.2, { valueRange: [0, 1], seed: 7 })`
 */
export class RandomContrast extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'RandomContrast';
  readonly className = 'RandomContrast';
  readonly factor: readonly [number, number];
  readonly valueRange: readonly [number, number];
  readonly seed: number | undefined;
  private readonly seedGenerator: SeedGenerator;

  constructor(
    factor: number | readonly [number, number] | RandomContrastArgs,
    args: Omit<RandomContrastArgs, 'factor'> = {},
  ) {
    const all = withPositional<RandomContrastArgs>('RandomContrast', 'factor', factor, args);
    super(all, ['factor', 'valueRange', 'seed']);
    this.factor = checkFactor(all.factor);
    this.valueRange = checkRange(all.valueRange ?? [0, 255]);
    this.seed = checkSeed(all.seed, 'RandomContrast');
    this.seedGenerator = this.makeSeedGenerator(this.seed);
  }

  override build(inputShape: LayerShape): void {
    checkImageShape(this.name, inputShape);
    super.build(inputShape);
  }

  call(inputs: Tensor, { training }: { training: boolean }): Tensor {
    if (!training) return inputs;
    const batched = inputs.rank === 4;
    const shape = batched ? [inputs.shape[0] as number, 1, 1, 1] : [1, 1, 1];
    const [lower, upper] = this.factor;
    const seed = this.seedGenerator.nextSeed();
    const factor =
      lower + upper === 0
        ? 1
        : randomUniform(shape, 1 - lower, 1 + upper, inputs.dtype === 'float64' ? 'float64' : 'float32', seed);
    const h = batched ? 1 : 0;
    const channelMean = mean(inputs, [h, h + 1], true);
    const out = add(mul(sub(inputs, channelMean), factor), channelMean);
    return clipByValue(out, this.valueRange[0], this.valueRange[1]);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      factor: [...this.factor],
      valueRange: [...this.valueRange],
      seed: this.seed ?? null,
    };
  }
}
