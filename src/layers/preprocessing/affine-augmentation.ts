import type { ConfigDict } from '../../core/config.js';
import { describe, ValueError } from '../../core/errors.js';
import { type SeedGenerator, seededUniforms } from '../../core/random.js';
import type { Tensor } from '../../core/tensor.js';
import { checkChoice } from '../../core/validate.js';
import { affineTransform, type FillMode, type Interpolation } from '../../ops/image-transform.js';
import { expandDims, squeeze } from '../../ops/shape.js';
import { checkSeed } from '../dropout.js';
import { Layer, type LayerArgs, type LayerShape } from '../layer.js';
import { checkImageShape } from './image-input.js';

/** Options every geometric augmentation layer takes. */
export interface AffineAugmentationArgs extends LayerArgs {
  /** How pixels outside the image are read: default 'reflect' (Keras). */
  fillMode?: FillMode;
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
  /** The value read outside the image when `fillMode` is 'constant'. Default 0. */
  fillValue?: number;
  seed?: number | null;
}

export const AFFINE_KEYS: readonly (keyof AffineAugmentationArgs)[] = [
  'fillMode',
  'interpolation',
  'fillValue',
  'seed',
];

const FILL_MODES: readonly FillMode[] = ['reflect', 'wrap', 'constant', 'nearest'];
const INTERPOLATIONS: readonly Interpolation[] = ['bilinear', 'nearest'];

/**
 * A factor range as Keras's `_set_factor`: a number f means [−f, f], a pair is sorted; each bound must lie in
 * [min, max] (`open` makes the lower end exclusive, as RandomZoom's (−1, 1]).
 */
export function factorRange(
  owner: string,
  arg: string,
  value: unknown,
  [min, max]: readonly [number, number],
  open = false,
): [number, number] {
  const inRange = (v: unknown): v is number =>
    typeof v === 'number' && Number.isFinite(v) && (open ? v > min : v >= min) && v <= max;
  if (inRange(value)) return [-Math.abs(value), Math.abs(value)];
  if (Array.isArray(value) && value.length === 2 && value.every(inRange)) {
    const [a, b] = value as [number, number];
    return a <= b ? [a, b] : [b, a];
  }
  throw new ValueError(
    `Invalid value received for argument \`${arg}\` of ${owner}. Expected a number (or a list of two numbers) in the ` +
      `range ${open ? '(' : '['}${min}, ${max}]. Received: ${arg}=${describe(value)}`,
  );
}

/**
 * The base of RandomTranslation, RandomRotation and RandomZoom: in training, each image gets its own projective
 * transform, drawn on the host from the layer's seeded stream, applied by {@link affineTransform}; in inference
 * images pass through. Channels-last images, batched or one.
 */
export abstract class AffineAugmentation extends Layer {
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;
  readonly seed: number | undefined;
  private readonly seedGenerator: SeedGenerator;

  constructor(owner: string, args: AffineAugmentationArgs, ownKeys: readonly string[]) {
    super(args, [...AFFINE_KEYS, ...ownKeys]);
    this.fillMode = checkChoice(owner, 'fillMode', args.fillMode ?? 'reflect', FILL_MODES);
    this.interpolation = checkChoice(owner, 'interpolation', args.interpolation ?? 'bilinear', INTERPOLATIONS);
    const fill = args.fillValue ?? 0;
    if (typeof fill !== 'number' || !Number.isFinite(fill)) {
      throw new ValueError(
        `Invalid value received for argument \`fillValue\` of ${owner}. Expected a finite number. Received: fillValue=${describe(fill)}`,
      );
    }
    this.fillValue = fill;
    this.seed = checkSeed(args.seed, owner);
    this.seedGenerator = this.makeSeedGenerator(this.seed);
  }

  /** The transform `[a0, a1, a2, b0, b1, b2, c0, c1]` of one image from its draws `u` (each in [0, 1)). */
  protected abstract transformOf(u: readonly number[], height: number, width: number): number[];

  /** How many uniform draws one image's transform takes. */
  protected abstract readonly drawsPerImage: number;

  override build(inputShape: LayerShape): void {
    checkImageShape(this.name, inputShape);
    super.build(inputShape);
  }

  call(inputs: Tensor, { training }: { training: boolean }): Tensor {
    if (!training) return inputs;
    const batched = inputs.rank === 4;
    const images = batched ? inputs : expandDims(inputs, 0);
    const [batch, height, width] = images.shape as [number, number, number, number];
    const k = this.drawsPerImage;
    const u = seededUniforms(batch * k, this.seedGenerator.nextSeed());
    const transforms = Array.from({ length: batch }, (_, b) =>
      this.transformOf(Array.from(u.subarray(b * k, (b + 1) * k)), height, width),
    );
    const out = affineTransform(images, transforms, {
      interpolation: this.interpolation,
      fillMode: this.fillMode,
      fillValue: this.fillValue,
    });
    return batched ? out : squeeze(out, [0]);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      fillMode: this.fillMode,
      interpolation: this.interpolation,
      fillValue: this.fillValue,
      seed: this.seed ?? null,
    };
  }
}

/** A draw u ∈ [0, 1) mapped onto [lower, upper]. */
export function between(u: number, [lower, upper]: readonly [number, number]): number {
  return lower + (upper - lower) * u;
}
