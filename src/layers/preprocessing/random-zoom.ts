import type { ConfigDict } from '../../core/config.js';
import { withPositional } from '../layer.js';
import { AffineAugmentation, type AffineAugmentationArgs, between, factorRange } from './affine-augmentation.js';

export interface RandomZoomArgs extends AffineAugmentationArgs {
  /**
   * Vertical zoom, in (−1, 1]: the image is read at scale 1 + z, z drawn from [lower, upper]; a positive z zooms
   * out (the picture shrinks), a negative one in. A number f means [−f, f].
   */
  heightFactor: number | readonly [number, number];
  /** Horizontal zoom likewise; `null` (default) uses the vertical draw, keeping the aspect ratio. */
  widthFactor?: number | readonly [number, number] | null;
}

/**
 * Zooms each image in or out about its centre by a random factor while training (Keras's RandomZoom); the
 * border read by `fillMode` (default 'reflect').
 * @example `new layers.RandomZoom(0.1, { seed: 1 })`
 */
export class RandomZoom extends AffineAugmentation {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'RandomZoom';
  readonly className = 'RandomZoom';
  readonly heightFactor: readonly [number, number];
  readonly widthFactor: readonly [number, number] | null;
  protected readonly drawsPerImage = 2;

  constructor(
    heightFactor: number | readonly [number, number] | RandomZoomArgs,
    args: Omit<RandomZoomArgs, 'heightFactor'> = {},
  ) {
    const all = withPositional<RandomZoomArgs>('RandomZoom', 'heightFactor', heightFactor, args);
    super('RandomZoom', all, ['heightFactor', 'widthFactor']);
    this.heightFactor = factorRange('RandomZoom', 'heightFactor', all.heightFactor, [-1, 1], true);
    this.widthFactor =
      all.widthFactor === undefined || all.widthFactor === null
        ? null
        : factorRange('RandomZoom', 'widthFactor', all.widthFactor, [-1, 1], true);
  }

  /** Keras's `_get_zoom_matrix`: scale (zx, zy) about ((w − 1)/2, (h − 1)/2). */
  protected transformOf(u: readonly number[], height: number, width: number): number[] {
    const zy = 1 + between(u[0] as number, this.heightFactor);
    const zx = this.widthFactor ? 1 + between(u[1] as number, this.widthFactor) : zy;
    return [zx, 0, ((width - 1) / 2) * (1 - zx), 0, zy, ((height - 1) / 2) * (1 - zy), 0, 0];
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      heightFactor: [...this.heightFactor],
      widthFactor: this.widthFactor ? [...this.widthFactor] : null,
    };
  }
}
