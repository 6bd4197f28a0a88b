// What the three normalization layers share: the learned affine map y = γ·x̂ + β after the normalization
// (options, validation, weights, config) and Keras's axis checks.
import { type ConstraintIdentifier, getConstraint } from '../../constraints/get.js';
import { type ConfigDict, serialize } from '../../core/config.js';
import { describe, ShapeError, ValueError } from '../../core/errors.js';
import type { Variable } from '../../core/tensor.js';
import { checkNumber, invalidArgument, optionalBoolean } from '../../core/validate.js';
import { getInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import { getRegularizer, type RegularizerIdentifier } from '../../regularizers/get.js';
import { formatLayerShape, type LayerArgs, type LayerShape } from '../layer.js';

/** The options of γ and β, which every normalization layer takes. */
export interface AffineArgs extends LayerArgs {
  /** Small float added to the variance so the division never is by zero. Default 1e-3. */
  epsilon?: number;
  /** Add the learned offset β. Default true. */
  center?: boolean;
  /** Multiply by the learned scale γ. Default true; false when the next layer is linear (it can scale itself). */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}

export const AFFINE_KEYS: readonly (keyof AffineArgs)[] = [
  'epsilon',
  'center',
  'scale',
  'betaInitializer',
  'gammaInitializer',
  'betaRegularizer',
  'gammaRegularizer',
  'betaConstraint',
  'gammaConstraint',
];

/** The checked affine options of one layer. */
export interface Affine {
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly args: AffineArgs;
}

/**
 * Validates the affine options at construction, so a bad name fails there and not at the first fit.
 * @throws {ValueError} for an epsilon that is not a positive finite number, or an unknown initializer etc.
 */
export function checkAffine(owner: string, args: AffineArgs): Affine {
  const epsilon = checkNumber(owner, 'epsilon', args.epsilon ?? 1e-3, 0, Number.POSITIVE_INFINITY, 'lo');
  getInitializer(args.betaInitializer ?? 'zeros');
  getInitializer(args.gammaInitializer ?? 'ones');
  getRegularizer(args.betaRegularizer);
  getRegularizer(args.gammaRegularizer);
  getConstraint(args.betaConstraint ?? undefined);
  getConstraint(args.gammaConstraint ?? undefined);
  return {
    epsilon,
    center: optionalBoolean(owner, 'center', args.center, true),
    scale: optionalBoolean(owner, 'scale', args.scale, true),
    args,
  };
}

type AddWeight = (
  name: string,
  shape: readonly number[],
  options: {
    initializer: InitializerIdentifier;
    regularizer: RegularizerIdentifier | null | undefined;
    constraint: ConstraintIdentifier | null | undefined;
  },
) => Variable;

/** Creates γ (when `scale`) then β (when `center`) of `shape`: Keras's order, which getWeights follows. */
export function addAffineWeights(
  affine: Affine,
  shape: readonly number[],
  addWeight: AddWeight,
  withScale = affine.scale,
  withCenter = affine.center,
): { gamma: Variable | undefined; beta: Variable | undefined } {
  const a = affine.args;
  const gamma = withScale
    ? addWeight('gamma', shape, {
        initializer: a.gammaInitializer ?? 'ones',
        regularizer: a.gammaRegularizer,
        constraint: a.gammaConstraint,
      })
    : undefined;
  const beta = withCenter
    ? addWeight('beta', shape, {
        initializer: a.betaInitializer ?? 'zeros',
        regularizer: a.betaRegularizer,
        constraint: a.betaConstraint,
      })
    : undefined;
  return { gamma, beta };
}

/** The affine part of getConfig, under Keras's keys. */
export function affineConfig(affine: Affine): ConfigDict {
  const a = affine.args;
  const ser = <T extends { className: string; getConfig(): ConfigDict }>(x: T | undefined) => (x ? serialize(x) : null);
  return {
    epsilon: affine.epsilon,
    center: affine.center,
    scale: affine.scale,
    betaInitializer: serialize(getInitializer(a.betaInitializer ?? 'zeros')),
    gammaInitializer: serialize(getInitializer(a.gammaInitializer ?? 'ones')),
    betaRegularizer: ser(getRegularizer(a.betaRegularizer)),
    gammaRegularizer: ser(getRegularizer(a.gammaRegularizer)),
    betaConstraint: ser(getConstraint(a.betaConstraint ?? undefined)),
    gammaConstraint: ser(getConstraint(a.gammaConstraint ?? undefined)),
  };
}

/** An integer axis option, as given (negative counts from the end). @throws {ValueError} for a non-integer. */
export function checkAxisOption(owner: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalidArgument(owner, 'axis', 'an integer', value);
  }
  return value;
}

/**
 * `axis` made non-negative for inputs of `shape`, in Keras's words when out of range.
 * @throws {ValueError} `Axis 3 is out of bounds for input shape (None, 4). Received: axis=3`
 */
export function resolveAxis(axis: number, shape: LayerShape, shown: unknown = axis): number {
  if (axis >= shape.length || axis < -shape.length) {
    throw new ValueError(
      `Axis ${axis} is out of bounds for input shape ${formatLayerShape(shape)}. Received: axis=${describe(shown)}`,
    );
  }
  return axis < 0 ? axis + shape.length : axis;
}

/**
 * The size of each of `axes` in `shape`, which must be known: the weights are shaped by it.
 * @throws {ValueError} for an unknown size.
 */
export function knownSizes(layer: string, shape: LayerShape, axes: readonly number[]): number[] {
  return axes.map((a) => {
    const d = shape[a];
    if (d === null || d === undefined) {
      throw new ValueError(
        `Axis ${a} of input tensor should have a defined dimension but the layer "${layer}" received an input ` +
          `with shape ${formatLayerShape(shape)}.`,
      );
    }
    return d;
  });
}

/**
 * Keras's input_spec of a normalization layer: the rank it was built for and the sizes of its normalized axes.
 * @throws {ShapeError} for any other input.
 */
export function checkSpec(
  layer: string,
  shape: LayerShape,
  built: LayerShape,
  axes: readonly number[],
  sizes: readonly number[],
): void {
  const ok = shape.length === built.length && axes.every((a, i) => shape[a] === null || shape[a] === sizes[i]);
  if (!ok) {
    const want = axes.map((a, i) => `axis ${a - built.length} of size ${sizes[i]}`).join(', ');
    throw new ShapeError(
      `Input 0 of layer "${layer}" is incompatible with the layer: expected rank ${built.length} with ${want}, ` +
        `but received input with shape ${formatLayerShape(shape)}`,
    );
  }
}
