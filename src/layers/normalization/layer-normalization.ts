import type { ConfigDict } from '../../core/config.js';
import { ENGINE } from '../../core/engine.js';
import type { Tensor, Variable } from '../../core/tensor.js';
import { invalidArgument, optionalBoolean } from '../../core/validate.js';
import { add, mul } from '../../ops/arithmetic.js';
import { moments, normalize } from '../../ops/moments.js';
import { reshape } from '../../ops/shape.js';
import { rsqrt } from '../../ops/unary.js';
import { Layer, type LayerShape } from '../layer.js';
import {
  AFFINE_KEYS,
  type Affine,
  type AffineArgs,
  addAffineWeights,
  affineConfig,
  checkAffine,
  checkSpec,
  knownSizes,
  resolveAxis,
} from './affine.js';

export interface LayerNormalizationArgs extends AffineArgs {
  /** The axis or axes normalized over, per sample. Default −1 (the features). */
  axis?: number | readonly number[];
  /**
   * Keras 3's deprecated `rms_scaling`: `y = γ·x/√(σ² + ε)` with no β and no centring. Kept so Keras files that
   * set it load and compute as in Keras. NOTE: it divides by the variance, not the root mean square, as Keras does.
   */
  rmsScaling?: boolean;
}

const LAYER_NORM_KEYS: readonly (keyof LayerNormalizationArgs)[] = ['axis', ...AFFINE_KEYS, 'rmsScaling'];

/**
 * Layer normalization (Ba et al., 2016): per sample, `y = γ·(x − μ)/√(σ² + ε) + β` with μ, σ² the mean and
 * biased variance over `axis`; γ and β have the shape of those axes. The same computation in training and
 * inference: no batch statistics, no state.
 *
 * Input: any rank. Output: the input's shape.
 * @throws {ValueError} for an axis that is not an integer or a list of them, an epsilon ≤ 0, or an axis out of
 *   range of the input.
 * @example `new layers.LayerNormalization({ axis: -1, epsilon: 1e-6 })`
 */
export class LayerNormalization extends Layer {
  static readonly className: string = 'LayerNormalization';
  readonly className = 'LayerNormalization';
  readonly axis: number | readonly number[];
  readonly rmsScaling: boolean;
  private readonly affine: Affine;
  gamma: Variable | undefined;
  beta: Variable | undefined;
  private axes: number[] = [];
  private sizes: number[] = [];

  constructor(args: LayerNormalizationArgs = {}) {
    super(args, LAYER_NORM_KEYS);
    const axis = args.axis ?? -1;
    const isInt = (a: unknown) => typeof a === 'number' && Number.isSafeInteger(a);
    if (!(isInt(axis) || (Array.isArray(axis) && axis.length > 0 && axis.every(isInt)))) {
      throw invalidArgument('LayerNormalization', 'axis', 'an integer or a non-empty list of integers', axis);
    }
    this.axis = Array.isArray(axis) ? axis.slice() : axis;
    this.affine = checkAffine('LayerNormalization', args);
    this.rmsScaling = optionalBoolean('LayerNormalization', 'rmsScaling', args.rmsScaling, false);
  }

  get epsilon(): number {
    return this.affine.epsilon;
  }

  override build(inputShape: LayerShape): void {
    const given = typeof this.axis === 'number' ? [this.axis] : this.axis;
    this.axes = [...new Set(given.map((a) => resolveAxis(a, inputShape, this.axis)))].sort((a, b) => a - b);
    this.sizes = knownSizes(this.name, inputShape, this.axes);
    const w = addAffineWeights(
      this.affine,
      this.sizes,
      (n, s, o) => this.addWeight(n, s, o),
      this.affine.scale || this.rmsScaling,
      this.affine.center && !this.rmsScaling,
    );
    this.gamma = w.gamma;
    this.beta = w.beta;
    super.build(inputShape);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    checkSpec(this.name, shape, this.builtInputShape as LayerShape, this.axes, this.sizes);
  }

  call(inputs: Tensor): Tensor {
    // Its own scope, so that the statistics and other intermediates go even outside a caller's tidy.
    return ENGINE.tidy(() => {
      const rank = inputs.rank;
      // γ, β of shape [sizes] broadcast as they are over trailing axes, else reshaped with 1 on every other axis.
      const trailing = this.axes.every((a, i) => a === rank - this.axes.length + i);
      const bcast = (t: Tensor | undefined): Tensor | null => {
        if (t === undefined) return null;
        if (trailing) return t;
        const shape = new Array<number>(rank).fill(1);
        this.axes.forEach((a, i) => {
          shape[a] = this.sizes[i] as number;
        });
        return reshape(t, shape);
      };
      const { mean, variance } = moments(inputs, this.axes, true);
      if (this.rmsScaling) {
        const y = mul(inputs, rsqrt(add(variance, this.epsilon)));
        const gamma = bcast(this.gamma);
        return gamma ? mul(y, gamma) : y;
      }
      return normalize(inputs, mean, variance, {
        epsilon: this.epsilon,
        scale: bcast(this.gamma),
        offset: bcast(this.beta),
      });
    }, this.name);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    for (const a of typeof this.axis === 'number' ? [this.axis] : this.axis) resolveAxis(a, inputShape, this.axis);
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      axis: typeof this.axis === 'number' ? this.axis : this.axis.slice(),
      ...affineConfig(this.affine),
      rmsScaling: this.rmsScaling,
    };
  }
}
