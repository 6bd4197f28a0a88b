import type { ConfigDict } from '../../core/config.js';
import { withPositional } from '../layer.js';
import { AffineAugmentation, type AffineAugmentationArgs, between, factorRange } from './affine-augmentation.js';

export interface RandomRotationArgs extends AffineAugmentationArgs {
  /** The angle as a fraction of a full turn, in [−1, 1]: f means an angle drawn from [−f·360°, f·360°]. */
  factor: number | readonly [number, number];
}

/**
 * Rotates each image about its centre by a random angle while training (Keras's RandomRotation): θ drawn from
 * [lower, upper]·2π; the corners read by `fillMode` (default 'reflect').
 * @example `new layers.RandomRotation(0.05, { seed: 1 })` // up to ±18°
 */
export class RandomRotation extends AffineAugmentation {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'RandomRotation';
  readonly className = 'RandomRotation';
  readonly factor: readonly [number, number];
  protected readonly drawsPerImage = 1;

  constructor(
    factor: number | readonly [number, number] | RandomRotationArgs,
    args: Omit<RandomRotationArgs, 'factor'> = {},
  ) {
    const all = withPositional<RandomRotationArgs>('RandomRotation', 'factor', factor, args);
    super('RandomRotation', all, ['factor']);
    this.factor = factorRange('RandomRotation', 'factor', all.factor, [-1, 1]);
  }

  /** Keras's `_compute_affine_matrix` with no scale, shear or shift: a turn about ((w − 1)/2, (h − 1)/2). */
  protected transformOf(u: readonly number[], height: number, width: number): number[] {
    const angle = between(u[0] as number, this.factor) * 2 * Math.PI;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const cx = (width - 1) / 2;
    const cy = (height - 1) / 2;
    return [cos, -sin, cx - cx * cos + cy * sin, sin, cos, cy - cx * sin - cy * cos, 0, 0];
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), factor: [...this.factor] };
  }
}
