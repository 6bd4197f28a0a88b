import type { ConfigDict } from '../../core/config.js';
import { withPositional } from '../layer.js';
import { AffineAugmentation, type AffineAugmentationArgs, between, factorRange } from './affine-augmentation.js';

export interface RandomTranslationArgs extends AffineAugmentationArgs {
  /** Vertical shift as a fraction of the height, in [−1, 1]: f means a shift drawn from [−f·h, f·h]. */
  heightFactor: number | readonly [number, number];
  /** Horizontal shift as a fraction of the width, likewise. */
  widthFactor: number | readonly [number, number];
}

/**
 * Shifts each image by a random offset while training (Keras's RandomTranslation): dy drawn from
 * [lower, upper]·height, dx from [lower, upper]·width, output(x, y) = input(x − dx, y − dy), outside read by
 * `fillMode` (default 'reflect').
 * @example `new layers.RandomTranslation(0.1, 0.1, { fillMode: 'constant', seed: 1 })`
 */
export class RandomTranslation extends AffineAugmentation {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'RandomTranslation';
  readonly className = 'RandomTranslation';
  readonly heightFactor: readonly [number, number];
  readonly widthFactor: readonly [number, number];
  protected readonly drawsPerImage = 2;

  constructor(
    heightFactor: number | readonly [number, number] | RandomTranslationArgs,
    widthFactor?: number | readonly [number, number],
    args: Omit<RandomTranslationArgs, 'heightFactor' | 'widthFactor'> = {},
  ) {
    const first = withPositional<RandomTranslationArgs>('RandomTranslation', 'heightFactor', heightFactor, args);
    const all =
      widthFactor === undefined
        ? first
        : withPositional<RandomTranslationArgs>('RandomTranslation', 'widthFactor', widthFactor, first);
    super('RandomTranslation', all, ['heightFactor', 'widthFactor']);
    this.heightFactor = factorRange('RandomTranslation', 'heightFactor', all.heightFactor, [-1, 1]);
    this.widthFactor = factorRange('RandomTranslation', 'widthFactor', all.widthFactor, [-1, 1]);
  }

  protected transformOf(u: readonly number[], height: number, width: number): number[] {
    // Keras draws the height shift first, then the width shift.
    const dy = between(u[0] as number, this.heightFactor) * height;
    const dx = between(u[1] as number, this.widthFactor) * width;
    return [1, 0, -dx, 0, 1, -dy, 0, 0];
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), heightFactor: [...this.heightFactor], widthFactor: [...this.widthFactor] };
  }
}
