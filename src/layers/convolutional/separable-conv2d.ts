import { type ActivationIdentifier, fusedActivationOf, getActivation } from '../../activations/get.js';
import { type ConstraintIdentifier, getConstraint } from '../../constraints/get.js';
import { type ConfigDict, serialize } from '../../core/config.js';
import { ShapeError, ValueError } from '../../core/errors.js';
import type { Tensor, Variable } from '../../core/tensor.js';
import { checkChoice, optionalBoolean } from '../../core/validate.js';
import { getInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import { conv2d, depthwiseConv2d } from '../../ops/conv.js';
import { outputSize } from '../../ops/conv-patches.js';
import { getRegularizer, type RegularizerIdentifier } from '../../regularizers/get.js';
import { checkWeightOptions, formatLayerShape, Layer, type LayerArgs, type LayerShape } from '../layer.js';
import { type ConvArgs, convArgs, type SpatialSize, serializeOptional } from './base-conv.js';
import { checkCount, checkDataFormat, standardizeTuple } from './tuples.js';

export interface SeparableConv2DArgs extends LayerArgs {
  /** Output channels: the number of pointwise filters. */
  filters: number;
  /** The depthwise window: [kh, kw], or one integer for both. */
  kernelSize: SpatialSize;
  /** Step of the depthwise window (default 1). */
  strides?: SpatialSize;
  padding?: 'valid' | 'same';
  dataFormat?: 'channels_last' | 'channels_first';
  dilationRate?: SpatialSize;
  /** Depthwise outputs per input channel (default 1): the pointwise step mixes C·depthMultiplier channels. */
  depthMultiplier?: number;
  activation?: ActivationIdentifier | ((x: Tensor) => Tensor) | null;
  useBias?: boolean;
  depthwiseInitializer?: InitializerIdentifier;
  pointwiseInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  pointwiseRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  pointwiseConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

const KEYS: readonly (keyof SeparableConv2DArgs)[] = [
  'filters',
  'kernelSize',
  'strides',
  'padding',
  'dataFormat',
  'dilationRate',
  'depthMultiplier',
  'activation',
  'useBias',
  'depthwiseInitializer',
  'pointwiseInitializer',
  'biasInitializer',
  'depthwiseRegularizer',
  'pointwiseRegularizer',
  'biasRegularizer',
  'depthwiseConstraint',
  'pointwiseConstraint',
  'biasConstraint',
];

/**
 * Depthwise-separable 2-D convolution (Keras's SeparableConv2D): a depthwise convolution that filters each input
 * channel on its own, then a 1×1 (pointwise) convolution that mixes the channels,
 * `output = activation(pointwise(depthwise(x, D), P) + b)`, with D [kh, kw, C, depthMultiplier],
 * P [1, 1, C·depthMultiplier, filters] and b [filters]: Keras's weights, in Keras's order (depthwise_kernel,
 * pointwise_kernel, bias). The strides, padding and dilation apply to the depthwise step.
 *
 * Input: [batch, height, width, C]. Output: [batch, outH, outW, filters] (outH, outW as Conv2D's).
 * @throws {ValueError} for filters or depthMultiplier that are not positive integers, a bad
 *   kernelSize/strides/dilationRate, an unknown padding.
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @throws {ShapeError} at build, for an input that is not rank 4 with a known channel axis.
 * @example `new layers.SeparableConv2D(32, 3, { depthMultiplier: 2, padding: 'same', activation: 'relu' })`
 */
export class SeparableConv2D extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'SeparableConv2D';
  readonly className = 'SeparableConv2D';
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly dataFormat: 'channels_last';
  readonly dilationRate: number[];
  readonly depthMultiplier: number;
  readonly activation: ReturnType<typeof getActivation>;
  readonly useBias: boolean;
  private readonly args: SeparableConv2DArgs;
  depthwiseKernel: Variable | undefined;
  pointwiseKernel: Variable | undefined;
  bias: Variable | undefined;

  constructor(
    filters: number | SeparableConv2DArgs,
    kernelSize?: SpatialSize | Omit<SeparableConv2DArgs, 'filters'>,
    args: Omit<SeparableConv2DArgs, 'filters' | 'kernelSize'> = {},
  ) {
    const owner = 'SeparableConv2D';
    const all = convArgs(owner, filters as number | ConvArgs, kernelSize, args) as unknown as SeparableConv2DArgs;
    super(all, KEYS);
    // Keras's order of checks: depthMultiplier, filters, then the tuples.
    this.depthMultiplier = checkCount(owner, 'depthMultiplier', all.depthMultiplier ?? 1);
    this.filters = checkCount(owner, 'filters', all.filters);
    if (all.kernelSize === undefined) {
      throw new ValueError(`${owner}: the argument \`kernelSize\` is required (an integer or a tuple of 2 integers)`);
    }
    this.kernelSize = standardizeTuple(owner, 'kernelSize', all.kernelSize, 2);
    this.strides = standardizeTuple(owner, 'strides', all.strides ?? 1, 2);
    this.dilationRate = standardizeTuple(owner, 'dilationRate', all.dilationRate ?? 1, 2);
    this.padding = checkChoice(owner, 'padding', all.padding ?? 'valid', ['valid', 'same'] as const);
    this.dataFormat = checkDataFormat(owner, all.dataFormat);
    this.activation = getActivation(all.activation);
    this.useBias = optionalBoolean(owner, 'useBias', all.useBias, true);
    checkWeightOptions(
      {
        initializer: all.depthwiseInitializer,
        regularizer: all.depthwiseRegularizer,
        constraint: all.depthwiseConstraint,
      },
      {
        initializer: all.pointwiseInitializer,
        regularizer: all.pointwiseRegularizer,
        constraint: all.pointwiseConstraint,
      },
      { initializer: all.biasInitializer, regularizer: all.biasRegularizer, constraint: all.biasConstraint },
    );
    this.args = all;
  }

  override build(inputShape: LayerShape): void {
    const channels = inputShape[inputShape.length - 1];
    if (inputShape.length !== 4 || channels === null || channels === undefined) {
      throw new ShapeError(
        `Layer "${this.name}" needs inputs of rank 4, of shape (batch, height, width, channels), with a known channel axis. Received: ${formatLayerShape(inputShape)}`,
      );
    }
    const a = this.args;
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, channels, this.depthMultiplier], {
      initializer: a.depthwiseInitializer ?? 'glorotUniform',
      regularizer: a.depthwiseRegularizer,
      constraint: a.depthwiseConstraint,
    });
    this.pointwiseKernel = this.addWeight('pointwise_kernel', [1, 1, channels * this.depthMultiplier, this.filters], {
      initializer: a.pointwiseInitializer ?? 'glorotUniform',
      regularizer: a.pointwiseRegularizer,
      constraint: a.pointwiseConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.filters], {
        initializer: a.biasInitializer ?? 'zeros',
        regularizer: a.biasRegularizer,
        constraint: a.biasConstraint,
      });
    }
    super.build(inputShape);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    const channels = (this.depthwiseKernel as Variable).shape[2] as number;
    if (shape.length !== 4 || shape[3] !== channels) {
      throw new ShapeError(
        `Input 0 of layer "${this.name}" is incompatible with the layer: expected rank 4 and axis -1 of input shape to have value ${channels}, but received input with shape ${formatLayerShape(shape)}`,
      );
    }
  }

  call(inputs: Tensor): Tensor {
    const depthwise = depthwiseConv2d(inputs, this.depthwiseKernel as Variable, {
      strides: this.strides as [number, number],
      dilations: this.dilationRate as [number, number],
      padding: this.padding,
    });
    // As Conv2D: relu and tanh run in the pointwise product's epilogue, a sigmoid as its own op (ops/logits.ts).
    const own = fusedActivationOf(this.activation);
    const fused = own === 'sigmoid' ? undefined : own;
    const y = conv2d(depthwise, this.pointwiseKernel as Variable, {
      strides: [1, 1],
      padding: 'valid',
      dilations: [1, 1],
      groups: 1,
      bias: this.bias ?? null,
      activation: fused ?? 'linear',
    });
    return fused ? y : this.activation.apply(y);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const spatial = inputShape.slice(1, 3).map((size, i) => {
      if (size === null) return null;
      return outputSize(
        this.padding,
        size,
        this.kernelSize[i] as number,
        this.strides[i] as number,
        this.dilationRate[i] as number,
      );
    });
    return [inputShape[0] ?? null, ...spatial, this.filters];
  }

  override getConfig(): ConfigDict {
    const a = this.args;
    const ser = serializeOptional;
    return {
      ...super.getConfig(),
      depthMultiplier: this.depthMultiplier,
      filters: this.filters,
      kernelSize: this.kernelSize.slice(),
      strides: this.strides.slice(),
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate.slice(),
      activation: this.activation.name,
      useBias: this.useBias,
      depthwiseInitializer: serialize(getInitializer(a.depthwiseInitializer ?? 'glorotUniform')),
      pointwiseInitializer: serialize(getInitializer(a.pointwiseInitializer ?? 'glorotUniform')),
      biasInitializer: serialize(getInitializer(a.biasInitializer ?? 'zeros')),
      depthwiseRegularizer: ser(getRegularizer(a.depthwiseRegularizer)),
      pointwiseRegularizer: ser(getRegularizer(a.pointwiseRegularizer)),
      biasRegularizer: ser(getRegularizer(a.biasRegularizer)),
      depthwiseConstraint: ser(getConstraint(a.depthwiseConstraint ?? undefined)),
      pointwiseConstraint: ser(getConstraint(a.pointwiseConstraint ?? undefined)),
      biasConstraint: ser(getConstraint(a.biasConstraint ?? undefined)),
    };
  }
}
