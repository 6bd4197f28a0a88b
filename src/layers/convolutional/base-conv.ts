import { type ActivationIdentifier, fusedActivationOf, getActivation } from '../../activations/get.js';
import { type ConstraintIdentifier, getConstraint } from '../../constraints/get.js';
import { type ConfigDict, serialize } from '../../core/config.js';
import { describe, ShapeError, ValueError } from '../../core/errors.js';
import type { Tensor, Variable } from '../../core/tensor.js';
import { checkChoice, optionalBoolean } from '../../core/validate.js';
import { getInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import { conv2d } from '../../ops/conv.js';
import { outputSize } from '../../ops/conv-patches.js';
import { pad, reshape } from '../../ops/shape.js';
import { getRegularizer, type RegularizerIdentifier } from '../../regularizers/get.js';
import { checkWeightOptions, formatLayerShape, Layer, type LayerArgs, type LayerShape } from '../layer.js';
import { checkCount, checkDataFormat, checkStridesWithDilation, standardizeTuple } from './tuples.js';

/** A size per spatial axis, or one for all of them. */
export type SpatialSize = number | readonly number[];

export interface ConvArgs extends LayerArgs {
  /** Output channels: the number of filters. */
  filters: number;
  /** The window: [kh, kw] (Conv2D), [k] (Conv1D), or one integer for every axis. */
  kernelSize: SpatialSize;
  /** Step of the window along each axis (default 1). */
  strides?: SpatialSize;
  /** 'valid' (default: no border) or 'same' (outSize = ⌈inSize/stride⌉); Conv1D also takes 'causal'. */
  padding?: 'valid' | 'same' | 'causal';
  /** 'channels_last' only, for now. */
  dataFormat?: 'channels_last' | 'channels_first';
  /** Gap between the window's taps along each axis (default 1: none). */
  dilationRate?: SpatialSize;
  /** Channels and filters split into this many independent groups; both must be divisible by it (default 1). */
  groups?: number;
  activation?: ActivationIdentifier | ((x: Tensor) => Tensor) | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

const CONV_KEYS: readonly (keyof ConvArgs)[] = [
  'filters',
  'kernelSize',
  'strides',
  'padding',
  'dataFormat',
  'dilationRate',
  'groups',
  'activation',
  'useBias',
  'kernelInitializer',
  'biasInitializer',
  'kernelRegularizer',
  'biasRegularizer',
  'kernelConstraint',
  'biasConstraint',
];

/** `(filters, kernelSize, options)`, `(filters, options)` or `(options)`: Keras's positional forms. */
export function convArgs(owner: string, filters: number | ConvArgs, kernelSize: unknown, rest: object): ConvArgs {
  if (typeof filters === 'object' && filters !== null && !Array.isArray(filters)) return filters;
  const options = (
    typeof kernelSize === 'object' && kernelSize !== null && !Array.isArray(kernelSize) ? kernelSize : rest
  ) as Record<string, unknown>;
  const positional: Record<string, unknown> = { filters };
  if (typeof kernelSize === 'number' || Array.isArray(kernelSize)) positional.kernelSize = kernelSize;
  for (const key of Object.keys(positional)) {
    if (options[key] !== undefined) {
      throw new ValueError(
        `${owner}: \`${key}\` was given twice, as a positional argument (${describe(positional[key])}) and in the options (${describe(options[key])}). Give it once.`,
      );
    }
  }
  return { ...options, ...positional } as unknown as ConvArgs;
}

/**
 * What Conv1D and Conv2D share (Keras's BaseConv): y = activation(conv(x, W) + b) over `rank` spatial axes of a
 * channels-last input, computed as Im2Col and a matrix product (ops/conv.ts). Kernel W: [...kernelSize,
 * inChannels/groups, filters]; bias b: [filters].
 */
export abstract class BaseConv extends Layer {
  readonly rank: 1 | 2;
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same' | 'causal';
  readonly dataFormat: 'channels_last';
  readonly dilationRate: number[];
  readonly groups: number;
  readonly activation: ReturnType<typeof getActivation>;
  readonly useBias: boolean;
  private readonly args: ConvArgs;
  kernel: Variable | undefined;
  bias: Variable | undefined;

  protected constructor(rank: 1 | 2, owner: string, all: ConvArgs) {
    super(all, CONV_KEYS);
    this.rank = rank;
    const f = checkCount(owner, 'filters', all.filters);
    this.filters = f;
    const g = all.groups ?? 1;
    if (typeof g !== 'number' || !Number.isSafeInteger(g) || g <= 0) {
      throw new ValueError(
        `The number of groups of ${owner} must be a positive integer. Received: groups=${describe(g)}`,
      );
    }
    if (f % g !== 0) {
      throw new ValueError(
        `The number of filters of ${owner} must be evenly divisible by the number of groups. Received: groups=${g}, filters=${f}`,
      );
    }
    this.groups = g;
    if (all.kernelSize === undefined) {
      throw new ValueError(
        `${owner}: the argument \`kernelSize\` is required (an integer or a tuple of ${rank} integers)`,
      );
    }
    this.kernelSize = standardizeTuple(owner, 'kernelSize', all.kernelSize, rank);
    this.strides = standardizeTuple(owner, 'strides', all.strides ?? 1, rank);
    this.dilationRate = standardizeTuple(owner, 'dilationRate', all.dilationRate ?? 1, rank);
    this.padding =
      rank === 1
        ? checkChoice(owner, 'padding', all.padding ?? 'valid', ['valid', 'same', 'causal'] as const)
        : checkChoice(owner, 'padding', all.padding ?? 'valid', ['valid', 'same'] as const);
    this.dataFormat = checkDataFormat(owner, all.dataFormat);
    checkStridesWithDilation(owner, this.strides, this.dilationRate);
    this.activation = getActivation(all.activation);
    this.useBias = optionalBoolean(owner, 'useBias', all.useBias, true);
    checkWeightOptions(
      { initializer: all.kernelInitializer, regularizer: all.kernelRegularizer, constraint: all.kernelConstraint },
      { initializer: all.biasInitializer, regularizer: all.biasRegularizer, constraint: all.biasConstraint },
    );
    this.args = all;
  }

  override build(inputShape: LayerShape): void {
    const channels = inputShape[inputShape.length - 1];
    if (inputShape.length !== this.rank + 2 || channels === null || channels === undefined) {
      throw new ShapeError(
        `Layer "${this.name}" needs inputs of rank ${this.rank + 2}, of shape ${this.rank === 2 ? '(batch, height, width, channels)' : '(batch, steps, channels)'}, with a known channel axis. Received: ${formatLayerShape(inputShape)}`,
      );
    }
    if (channels % this.groups !== 0) {
      throw new ShapeError(
        `The number of input channels of layer "${this.name}" must be evenly divisible by the number of groups. ` +
          `Received groups=${this.groups}, but the input has ${channels} channels (full input shape is ${formatLayerShape(inputShape)})`,
      );
    }
    this.kernel = this.addWeight('kernel', [...this.kernelSize, channels / this.groups, this.filters], {
      initializer: this.args.kernelInitializer ?? 'glorotUniform',
      regularizer: this.args.kernelRegularizer,
      constraint: this.args.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.filters], {
        initializer: this.args.biasInitializer ?? 'zeros',
        regularizer: this.args.biasRegularizer,
        constraint: this.args.biasConstraint,
      });
    }
    super.build(inputShape);
  }

  /** The rank and channel axis the layer was built for; spatial and batch axes may vary (Keras's input_spec). */
  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    const channels = (this.kernel as Variable).shape[this.rank] as number;
    if (shape.length !== this.rank + 2 || shape[shape.length - 1] !== channels * this.groups) {
      throw new ShapeError(
        `Input 0 of layer "${this.name}" is incompatible with the layer: expected rank ${this.rank + 2} and axis -1 of ` +
          `input shape to have value ${channels * this.groups}, but received input with shape ${formatLayerShape(shape)}`,
      );
    }
  }

  call(inputs: Tensor): Tensor {
    const kernel = this.kernel as Variable;
    // As Dense: relu and tanh run in the product's epilogue; a sigmoid runs as its own op so that its output
    // records its logits (ops/logits.ts).
    const own = fusedActivationOf(this.activation);
    const fused = own === 'sigmoid' ? undefined : own;
    const options = {
      padding: 'valid' as const,
      groups: this.groups,
      bias: this.bias ?? null,
      activation: fused ?? 'linear',
    };
    let y: Tensor;
    if (this.rank === 2) {
      const s = this.strides as [number, number];
      const d = this.dilationRate as [number, number];
      y = conv2d(inputs, kernel, { ...options, strides: s, dilations: d, padding: this.padding as 'valid' | 'same' });
    } else {
      // A 1-D convolution is a 2-D one over an image of height 1; 'causal' pads only the start of the sequence.
      const [n, steps, c] = inputs.shape as [number, number, number];
      let x = reshape(inputs, [n, 1, steps, c]);
      let padding = this.padding as 'valid' | 'same';
      if (this.padding === 'causal') {
        x = causalPad(x, ((this.kernelSize[0] as number) - 1) * (this.dilationRate[0] as number));
        padding = 'valid';
      }
      const k = reshape(kernel, [1, ...kernel.shape]);
      const y4 = conv2d(x, k, {
        ...options,
        padding,
        strides: [1, this.strides[0] as number],
        dilations: [1, this.dilationRate[0] as number],
      });
      y = reshape(y4, [n, y4.shape[2] as number, this.filters]);
    }
    return fused ? y : this.activation.apply(y);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const spatial = inputShape.slice(1, 1 + this.rank).map((size, i) => {
      if (size === null) return null;
      const k = this.kernelSize[i] as number;
      const s = this.strides[i] as number;
      const d = this.dilationRate[i] as number;
      if (this.padding === 'causal') return outputSize('valid', size + (k - 1) * d, k, s, d);
      return outputSize(this.padding, size, k, s, d);
    });
    return [inputShape[0] ?? null, ...spatial, this.filters];
  }

  override getConfig(): ConfigDict {
    const a = this.args;
    const ser = serializeOptional;
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize.slice(),
      strides: this.strides.slice(),
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate.slice(),
      groups: this.groups,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: serialize(getInitializer(a.kernelInitializer ?? 'glorotUniform')),
      biasInitializer: serialize(getInitializer(a.biasInitializer ?? 'zeros')),
      kernelRegularizer: ser(getRegularizer(a.kernelRegularizer)),
      biasRegularizer: ser(getRegularizer(a.biasRegularizer)),
      kernelConstraint: ser(getConstraint(a.kernelConstraint ?? undefined)),
      biasConstraint: ser(getConstraint(a.biasConstraint ?? undefined)),
    };
  }
}

/** An optional regularizer or constraint in a config: its serialized form, or null for none. */
export function serializeOptional(x: { className: string; getConfig(): ConfigDict } | undefined): ConfigDict | null {
  return x ? serialize(x) : null;
}

/** Zeros before the first step of x [N, 1, steps, C]: a causal convolution sees no future step. */
function causalPad(x: Tensor, before: number): Tensor {
  return before === 0
    ? x
    : pad(x, [
        [0, 0],
        [0, 0],
        [before, 0],
        [0, 0],
      ]);
}
