import type { ConfigDict } from '../core/config.js';
import { isFloat } from '../core/dtype.js';
import { describe, ShapeError, ValueError } from '../core/errors.js';
import { checkTensorSize } from '../core/memory-limit.js';
import { type SeedGenerator, seedKey } from '../core/random.js';
import type { Tensor } from '../core/tensor.js';
import { div, mul } from '../ops/arithmetic.js';
import { less } from '../ops/compare.js';
import { zerosLike } from '../ops/creation.js';
import { dropoutWithMask } from '../ops/dropout.js';
import { randomUniform } from '../ops/random.js';
import { cast } from '../ops/unary.js';
import { formatLayerShape, Layer, type LayerArgs, type LayerShape, layerClassName, withPositional } from './layer.js';

export interface DropoutArgs extends LayerArgs {
  /** Fraction of the input units to drop, in [0, 1]. */
  rate: number;
  /** Shape of the mask, broadcast over the input; `null` entries take the input's size (e.g. `[null, 1, null]`). */
  noiseShape?: readonly (number | null)[] | null;
  /** Makes the sequence of masks reproducible; each call still draws a new mask. */
  seed?: number | null;
}

/** The options of Dropout (and of its spatial variants) besides {@link LayerArgs}. */
export const DROPOUT_KEYS: readonly (keyof DropoutArgs)[] = ['rate', 'noiseShape', 'seed'];

/** Validates a rate argument in Keras's words. */
export function checkRate(rate: unknown, owner: string, { allowOne = true } = {}): number {
  const ok = typeof rate === 'number' && rate >= 0 && (allowOne ? rate <= 1 : rate < 1);
  if (!ok) {
    throw new ValueError(
      `Invalid value received for argument \`rate\` of ${owner}. Expected a number between 0 and 1${allowOne ? '' : ' (1 excluded)'}. ` +
        `Received: rate=${describe(rate)}`,
    );
  }
  return rate as number;
}

/**
 * Validates `noiseShape`: positive integers or null, and a mask within the per-tensor size limit (counting each
 * null as 1, so the mask of one sample), so that a file naming `noise_shape: [null, 1e10]` fails as it loads.
 * @throws {ResourceExhaustedError} for a mask over the limit.
 */
export function checkNoiseShape(
  noiseShape: readonly (number | null)[] | null | undefined,
  owner: string,
): readonly (number | null)[] | null {
  if (noiseShape === null || noiseShape === undefined) return null;
  if (!Array.isArray(noiseShape) || !noiseShape.every((d) => d === null || (Number.isInteger(d) && d > 0))) {
    throw new ValueError(
      `Invalid value received for argument \`noiseShape\` of ${owner}. Expected an array of positive integers or null. ` +
        `Received: noiseShape=${describe(noiseShape)}`,
    );
  }
  checkTensorSize(
    `${owner}: the mask of noiseShape=${describe(noiseShape)}`,
    noiseShape.map((d) => d ?? 1),
    'float32',
  );
  return noiseShape.slice();
}

/**
 * Checks that a mask of `noiseShape` broadcasts to inputs of `inputShape`: the same rank, and each size null, 1 or
 * the input's (where known). Layers call it at build, so that a mismatch fails before a mask is ever drawn.
 * Keras note: Keras draws the mask first and fails in the broadcast, after allocating it.
 * @throws {ShapeError} naming the axis.
 */
export function checkNoiseShapeFits(
  noiseShape: readonly (number | null)[] | null,
  inputShape: LayerShape,
  owner: string,
): void {
  if (!noiseShape) return;
  if (noiseShape.length !== inputShape.length) {
    throw new ShapeError(
      `${owner}: \`noiseShape\` must have the input's rank ${inputShape.length}. Received: noiseShape=${describe(noiseShape)}`,
    );
  }
  noiseShape.forEach((d, i) => {
    const n = inputShape[i] as number | null;
    if (d !== null && d !== 1 && n !== null && d !== n) {
      throw new ShapeError(
        `${owner}: \`noiseShape\` must broadcast to the input shape ${formatLayerShape(inputShape)}: axis ${i} ` +
          `must be null, 1 or ${n}. Received: noiseShape=${describe(noiseShape)}`,
      );
    }
  });
}

/** Validates a layer's `seed` in Keras's words (the generator would otherwise name itself, not the layer). */
export function checkSeed(seed: unknown, owner: string): number | undefined {
  if (seed === undefined || seed === null) return undefined;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new ValueError(
      `Invalid value received for argument \`seed\` of ${owner}. Expected an integer. Received: seed=${describe(seed)}`,
    );
  }
  return seed;
}

/** The mask shape: `noiseShape` with nulls filled from the input. */
export function resolveNoiseShape(
  noiseShape: readonly (number | null)[] | null | undefined,
  input: Tensor,
  owner: string,
): number[] {
  if (!noiseShape) return input.shape.slice();
  // Again at each call: a layer built for [null, 4] may be called on a batch whose size differs from a fixed axis 0.
  checkNoiseShapeFits(noiseShape, input.shape, owner);
  return noiseShape.map((d, i) => (d === null ? (input.shape[i] as number) : d));
}

/**
 * Inverted dropout: while training, each unit is zeroed with probability `rate` and the
 * survivors are scaled by 1/(1 − rate), so the expected output equals the input; at
 * inference (`predict`, `evaluate`, `training: false`) it is the identity. `rate: 1` gives zeros.
 *
 * Input and output: any shape.
 * @throws {ValueError} ``Invalid value received for argument `rate` of Dropout. Expected a number between 0 and 1. Received: rate=1.5``
 * @example `new layers.Dropout(0.5)` or `new layers.Dropout({ rate: 0.5, seed: 42 })`
 */
export class Dropout extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Dropout';
  readonly className: string = 'Dropout';
  readonly rate: number;
  readonly noiseShape: readonly (number | null)[] | null;
  readonly seed: number | undefined;
  protected readonly seedGenerator: SeedGenerator;

  constructor(rate: number | DropoutArgs, args: Omit<DropoutArgs, 'rate'> = {}) {
    const owner = layerClassName(new.target);
    const all: DropoutArgs = withPositional<DropoutArgs>(owner, 'rate', rate, args);
    super(all, DROPOUT_KEYS);
    this.rate = checkRate(all.rate, owner);
    this.noiseShape = checkNoiseShape(all.noiseShape, owner);
    this.seed = checkSeed(all.seed, owner);
    this.seedGenerator = this.makeSeedGenerator(this.seed);
  }

  override build(inputShape: LayerShape): void {
    checkNoiseShapeFits(this.noiseShape, inputShape, this.className);
    super.build(inputShape);
  }

  call(inputs: Tensor, { training }: { training: boolean }): Tensor {
    if (!training || this.rate === 0) return inputs;
    if (this.rate === 1) return zerosLike(inputs);
    // Mask and scale in one kernel; a noiseShape mask is broadcast and keeps the general form below. Both draw the same
    // uniforms from the same seed, so they drop the same units.
    if (!this.noiseShape && isFloat(inputs.dtype)) {
      return dropoutWithMask(inputs, this.rate, seedKey(this.seedGenerator.nextSeed(), this.className))[0];
    }
    const shape = resolveNoiseShape(this.noiseShape, inputs, this.className);
    const keep = less(randomUniform(shape, 0, 1, 'float32', this.seedGenerator.nextSeed()), 1 - this.rate);
    return div(mul(inputs, cast(keep, inputs.dtype)), 1 - this.rate);
  }

  override getConfig(): ConfigDict {
    const config: Record<string, ConfigDict[string]> = {
      ...super.getConfig(),
      rate: this.rate,
      noiseShape: this.noiseShape ? this.noiseShape.slice() : null,
    };
    // Keras writes `seed: null` for an unseeded layer.
    config.seed = this.seed ?? null;
    return config;
  }
}
