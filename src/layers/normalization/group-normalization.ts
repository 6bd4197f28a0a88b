import type { ConfigDict } from '../../core/config.js';
import { ENGINE } from '../../core/engine.js';
import { ValueError } from '../../core/errors.js';
import type { Tensor, Variable } from '../../core/tensor.js';
import { invalidArgument } from '../../core/validate.js';
import { moments, normalize } from '../../ops/moments.js';
import { reshape } from '../../ops/shape.js';
import { Layer, type LayerShape } from '../layer.js';
import {
  AFFINE_KEYS,
  type Affine,
  type AffineArgs,
  addAffineWeights,
  affineConfig,
  checkAffine,
  checkAxisOption,
  checkSpec,
  knownSizes,
  resolveAxis,
} from './affine.js';

export interface GroupNormalizationArgs extends AffineArgs {
  /** How many groups the channels are split into; −1 makes one group per channel (instance normalization). Default 32. */
  groups?: number;
  /** The channels axis. Default −1. */
  axis?: number;
}

const GROUP_NORM_KEYS: readonly (keyof GroupNormalizationArgs)[] = ['groups', 'axis', ...AFFINE_KEYS];

/**
 * Group normalization (Wu and He, 2018): the channels of `axis` are split into `groups` groups of equal size,
 * and per sample and group `y = γ·(x − μ)/√(σ² + ε) + β`, with μ, σ² the mean and biased variance over the
 * group's channels and every axis but the batch; γ and β are per channel. groups = 1 is layer normalization over
 * all non-batch axes, groups = channels (or −1) instance normalization. Same computation in training and inference.
 *
 * Input: rank ≥ 2, batch first. Output: the input's shape.
 * @throws {ValueError} for groups that is not a positive integer or −1, more groups than channels, channels not
 *   divisible by groups, or an axis out of range. Keras note: Keras says groups "must be a multiple of the number
 *   of channels" when it means the reverse; Dendrite says "must divide".
 * @example `new layers.GroupNormalization({ groups: 4 })`
 */
export class GroupNormalization extends Layer {
  static readonly className: string = 'GroupNormalization';
  readonly className = 'GroupNormalization';
  /** As given (−1 stays −1 in the config, so a rebuilt layer is instance normalization for any width). */
  readonly groups: number;
  readonly axis: number;
  private readonly affine: Affine;
  gamma: Variable | undefined;
  beta: Variable | undefined;
  private channelAxis = -1;
  private channels = 0;
  private groupCount = 0;

  constructor(args: GroupNormalizationArgs = {}) {
    super(args, GROUP_NORM_KEYS);
    const groups = args.groups ?? 32;
    if (typeof groups !== 'number' || !Number.isSafeInteger(groups) || (groups <= 0 && groups !== -1)) {
      throw invalidArgument(
        'GroupNormalization',
        'groups',
        'a positive integer (or -1 for instance normalization)',
        groups,
      );
    }
    this.groups = groups;
    this.axis = checkAxisOption('GroupNormalization', args.axis ?? -1);
    this.affine = checkAffine('GroupNormalization', args);
  }

  get epsilon(): number {
    return this.affine.epsilon;
  }

  override build(inputShape: LayerShape): void {
    this.channelAxis = resolveAxis(this.axis, inputShape);
    const [dim] = knownSizes(this.name, inputShape, [this.channelAxis]) as [number];
    const groups = this.groups === -1 ? dim : this.groups;
    if (dim < groups) {
      throw new ValueError(
        `Layer "${this.name}": number of groups (${groups}) cannot be more than the number of channels (${dim}).`,
      );
    }
    if (dim % groups !== 0) {
      throw new ValueError(
        `Layer "${this.name}": number of groups (${groups}) must divide the number of channels (${dim}).`,
      );
    }
    this.channels = dim;
    this.groupCount = groups;
    const w = addAffineWeights(this.affine, [dim], (n, s, o) => this.addWeight(n, s, o));
    this.gamma = w.gamma;
    this.beta = w.beta;
    super.build(inputShape);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    checkSpec(this.name, shape, this.builtInputShape as LayerShape, [this.channelAxis], [this.channels]);
  }

  call(inputs: Tensor): Tensor {
    // Its own scope, so that the statistics and other intermediates go even outside a caller's tidy.
    return ENGINE.tidy(() => {
      const a = this.channelAxis;
      const g = this.groupCount;
      // [batch, …, C, …] → [batch, …, groups, C/groups, …]; statistics over all but the batch and the groups axes.
      const grouped = inputs.shape.slice();
      grouped.splice(a, 1, g, this.channels / g);
      const x = reshape(inputs, grouped);
      const reduce = [...Array(grouped.length).keys()].filter((i) => i !== 0 && i !== a);
      const { mean, variance } = moments(x, reduce, true);
      const perChannel = (t: Variable | undefined): Tensor | null => {
        if (!t) return null;
        const shape = new Array<number>(grouped.length).fill(1);
        shape[a] = g;
        shape[a + 1] = this.channels / g;
        return reshape(t, shape);
      };
      const y = normalize(x, mean, variance, {
        epsilon: this.epsilon,
        scale: perChannel(this.gamma),
        offset: perChannel(this.beta),
      });
      return reshape(y, inputs.shape);
    }, this.name);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    resolveAxis(this.axis, inputShape);
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), groups: this.groups, axis: this.axis, ...affineConfig(this.affine) };
  }
}
