import { type ActivationIdentifier, getActivation } from '../../activations/get.js';
import { type ConstraintIdentifier, getConstraint } from '../../constraints/get.js';
import { type ConfigDict, serialize } from '../../core/config.js';
import { describe, ShapeError, ValueError } from '../../core/errors.js';
import type { Tensor, Variable } from '../../core/tensor.js';
import { checkChoice, optionalBoolean } from '../../core/validate.js';
import { getInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import { depthwiseConv2d } from '../../ops/conv.js';
import { outputSize } from '../../ops/conv-patches.js';
import { getRegularizer, type RegularizerIdentifier } from '../../regularizers/get.js';
import { checkWeightOptions, formatLayerShape, Layer, type LayerArgs, type LayerShape } from '../layer.js';
import { type SpatialSize, serializeOptional } from './base-conv.js';
import { checkCount, checkDataFormat, standardizeTuple } from './tuples.js';

export interface DepthwiseConv2DArgs extends LayerArgs {
  /** The window: [kh, kw], or one integer for both. */
  kernelSize: SpatialSize;
  strides?: SpatialSize;
  padding?: 'valid' | 'same';
  /** Output channels per input channel (default 1): the output has channels·depthMultiplier. */
  depthMultiplier?: number;
  dataFormat?: 'channels_last' | 'channels_first';
  dilationRate?: SpatialSize;
  activation?: ActivationIdentifier | ((x: Tensor) => Tensor) | null;
  useBias?: boolean;
  depthwiseInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

const KEYS: readonly (keyof DepthwiseConv2DArgs)[] = [
  'kernelSize',
  'strides',
  'padding',
  'depthMultiplier',
  'dataFormat',
  'dilationRate',
  'activation',
  'useBias',
  'depthwiseInitializer',
  'biasInitializer',
  'depthwiseRegularizer',
  'biasRegularizer',
  'depthwiseConstraint',
  'biasConstraint',
];

/**
 * Depthwise 2-D convolution (Keras's DepthwiseConv2D): each input channel c convolved with its own
 * `depthMultiplier` kernels, y[n, i, j, c·m + k] = Σ_{ky, kx} x[n, i·sh + ky·dh − top, j·sw + kx·dw − left, c] ·
 * W[ky, kx, c, k] (+ b), then the activation. Kernel W: [kh, kw, C, depthMultiplier]; bias: [C·depthMultiplier].
 * Computed as a Conv2D with groups = C (ops/conv.ts).
 *
 * Input: [batch, height, width, C]. Output: [batch, outH, outW, C·depthMultiplier] (outH, outW as Conv2D's).
 * @throws {ValueError} for a depthMultiplier that is not a positive integer, a bad kernelSize/strides/dilationRate
 *   or an unknown padding.
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @throws {ShapeError} at build, for an input that is not rank 4 with a known channel axis.
 * @example `new layers.DepthwiseConv2D(3, { depthMultiplier: 2, padding: 'same' })`
 */
export class DepthwiseConv2D extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'DepthwiseConv2D';
  readonly className = 'DepthwiseConv2D';
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly depthMultiplier: number;
  readonly dataFormat: 'channels_last';
  readonly dilationRate: number[];
  readonly activation: ReturnType<typeof getActivation>;
  readonly useBias: boolean;
  private readonly args: DepthwiseConv2DArgs;
  kernel: Variable | undefined;
  bias: Variable | undefined;

  constructor(kernelSize: SpatialSize | DepthwiseConv2DArgs, args: Omit<DepthwiseConv2DArgs, 'kernelSize'> = {}) {
    const owner = 'DepthwiseConv2D';
    let all: DepthwiseConv2DArgs;
    if (typeof kernelSize === 'object' && kernelSize !== null && !Array.isArray(kernelSize)) {
      all = kernelSize as DepthwiseConv2DArgs;
    } else {
      const given = (args as Record<string, unknown>).kernelSize;
      if (given !== undefined) {
        throw new ValueError(
          `${owner}: \`kernelSize\` was given twice, as a positional argument (${describe(kernelSize)}) and in the options (${describe(given)}). Give it once.`,
        );
      }
      all = { ...args, kernelSize: kernelSize as SpatialSize };
    }
    super(all, KEYS);
    this.depthMultiplier = checkCount(owner, 'depthMultiplier', all.depthMultiplier ?? 1);
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
    this.kernel = this.addWeight('kernel', [...this.kernelSize, channels, this.depthMultiplier], {
      initializer: this.args.depthwiseInitializer ?? 'glorotUniform',
      regularizer: this.args.depthwiseRegularizer,
      constraint: this.args.depthwiseConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [channels * this.depthMultiplier], {
        initializer: this.args.biasInitializer ?? 'zeros',
        regularizer: this.args.biasRegularizer,
        constraint: this.args.biasConstraint,
      });
    }
    super.build(inputShape);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    const channels = (this.kernel as Variable).shape[2] as number;
    if (shape.length !== 4 || shape[3] !== channels) {
      throw new ShapeError(
        `Input 0 of layer "${this.name}" is incompatible with the layer: expected rank 4 and axis -1 of input shape to have value ${channels}, but received input with shape ${formatLayerShape(shape)}`,
      );
    }
  }

  call(inputs: Tensor): Tensor {
    const y = depthwiseConv2d(inputs, this.kernel as Variable, {
      strides: this.strides as [number, number],
      dilations: this.dilationRate as [number, number],
      padding: this.padding,
      bias: this.bias ?? null,
    });
    return this.activation.apply(y);
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
    const channels = inputShape[3];
    return [
      inputShape[0] ?? null,
      ...spatial,
      channels === null || channels === undefined ? null : channels * this.depthMultiplier,
    ];
  }

  override getConfig(): ConfigDict {
    const a = this.args;
    const ser = serializeOptional;
    return {
      ...super.getConfig(),
      depthMultiplier: this.depthMultiplier,
      kernelSize: this.kernelSize.slice(),
      strides: this.strides.slice(),
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate.slice(),
      activation: this.activation.name,
      useBias: this.useBias,
      depthwiseInitializer: serialize(getInitializer(a.depthwiseInitializer ?? 'glorotUniform')),
      biasInitializer: serialize(getInitializer(a.biasInitializer ?? 'zeros')),
      depthwiseRegularizer: ser(getRegularizer(a.depthwiseRegularizer)),
      biasRegularizer: ser(getRegularizer(a.biasRegularizer)),
      depthwiseConstraint: ser(getConstraint(a.depthwiseConstraint ?? undefined)),
      biasConstraint: ser(getConstraint(a.biasConstraint ?? undefined)),
    };
  }
}
