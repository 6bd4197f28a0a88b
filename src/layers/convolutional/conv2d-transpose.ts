import { type ActivationIdentifier, getActivation } from '../../activations/get.js';
import { type ConstraintIdentifier, getConstraint } from '../../constraints/get.js';
import { type ConfigDict, serialize } from '../../core/config.js';
import { describe, ShapeError, ValueError } from '../../core/errors.js';
import type { Tensor, Variable } from '../../core/tensor.js';
import { checkChoice, optionalBoolean } from '../../core/validate.js';
import { getInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import { conv2dTranspose, transposeOutputSize } from '../../ops/conv-transpose.js';
import { getRegularizer, type RegularizerIdentifier } from '../../regularizers/get.js';
import { checkWeightOptions, formatLayerShape, Layer, type LayerArgs, type LayerShape } from '../layer.js';
import { type ConvArgs, convArgs, type SpatialSize, serializeOptional } from './base-conv.js';
import { checkCount, checkDataFormat, checkStridesWithDilation, standardizeTuple } from './tuples.js';

export interface Conv2DTransposeArgs extends LayerArgs {
  /** Output channels: the number of filters. */
  filters: number;
  /** The window: [kh, kw], or one integer for both. */
  kernelSize: SpatialSize;
  /** Upsampling factor along each axis (default 1). */
  strides?: SpatialSize;
  /** 'valid' (default) or 'same' (outSize = inSize·stride when outputPadding is null). */
  padding?: 'valid' | 'same';
  /** Extra rows and columns at the bottom and right of the output, each < its stride; null (default): Keras's rule. */
  outputPadding?: SpatialSize | null;
  dataFormat?: 'channels_last' | 'channels_first';
  dilationRate?: SpatialSize;
  activation?: ActivationIdentifier | ((x: Tensor) => Tensor) | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

const KEYS: readonly (keyof Conv2DTransposeArgs)[] = [
  'filters',
  'kernelSize',
  'strides',
  'padding',
  'outputPadding',
  'dataFormat',
  'dilationRate',
  'activation',
  'useBias',
  'kernelInitializer',
  'biasInitializer',
  'kernelRegularizer',
  'biasRegularizer',
  'kernelConstraint',
  'biasConstraint',
];

/**
 * Transposed 2-D convolution (Keras's Conv2DTranspose, a "deconvolution"): the adjoint of a Conv2D with the same
 * kernel, so that each input pixel adds its kernel-weighted copy into an output `strides` times larger,
 * `output = activation(conv2dTranspose(x, W) + b)`, with W [kh, kw, filters, C] (Keras's layout: filters before
 * channels) and b [filters]. Computed as one matrix product then Col2Im (ops/conv-transpose.ts).
 *
 * Input: [batch, height, width, C]. Output: [batch, outH, outW, filters], with e = (kh − 1)·dh + 1 and
 * outH = (height − 1)·sh + max(e, sh) for 'valid', height·sh for 'same'; a given outputPadding p makes them
 * (height − 1)·sh + e + p and (height − 1)·sh + e mod 2 + p (likewise outW).
 * @throws {ValueError} for filters that are not a positive integer, a bad kernelSize/strides/dilationRate or
 *   outputPadding, an outputPadding not below its stride, an unknown padding, strides > 1 together with
 *   dilationRate > 1 (as Keras).
 * @throws {NotImplementedError} for dataFormat 'channels_first' (not supported yet).
 * @throws {ShapeError} at build, for an input that is not rank 4 with a known channel axis.
 * @example `new layers.Conv2DTranspose(16, 3, { strides: 2, padding: 'same' })` doubles the height and width.
 */
export class Conv2DTranspose extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Conv2DTranspose';
  readonly className = 'Conv2DTranspose';
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly outputPadding: number[] | null;
  readonly dataFormat: 'channels_last';
  readonly dilationRate: number[];
  readonly activation: ReturnType<typeof getActivation>;
  readonly useBias: boolean;
  private readonly args: Conv2DTransposeArgs;
  kernel: Variable | undefined;
  bias: Variable | undefined;

  constructor(
    filters: number | Conv2DTransposeArgs,
    kernelSize?: SpatialSize | Omit<Conv2DTransposeArgs, 'filters'>,
    args: Omit<Conv2DTransposeArgs, 'filters' | 'kernelSize'> = {},
  ) {
    const owner = 'Conv2DTranspose';
    const all = convArgs(owner, filters as number | ConvArgs, kernelSize, args) as unknown as Conv2DTransposeArgs;
    super(all, KEYS);
    this.filters = checkCount(owner, 'filters', all.filters);
    if (all.kernelSize === undefined) {
      throw new ValueError(`${owner}: the argument \`kernelSize\` is required (an integer or a tuple of 2 integers)`);
    }
    this.kernelSize = standardizeTuple(owner, 'kernelSize', all.kernelSize, 2);
    this.strides = standardizeTuple(owner, 'strides', all.strides ?? 1, 2);
    this.dilationRate = standardizeTuple(owner, 'dilationRate', all.dilationRate ?? 1, 2);
    this.padding = checkChoice(owner, 'padding', all.padding ?? 'valid', ['valid', 'same'] as const);
    const op = all.outputPadding ?? null;
    this.outputPadding = op === null ? null : standardizeTuple(owner, 'outputPadding', op, 2, true);
    this.dataFormat = checkDataFormat(owner, all.dataFormat);
    if (this.outputPadding) {
      for (const [i, p] of this.outputPadding.entries()) {
        const s = this.strides[i] as number;
        if (p >= s) {
          throw new ValueError(
            `${owner}: \`outputPadding\` must be strictly less than \`strides\` for all dimensions. At dimension ${i}, ` +
              `\`outputPadding\` is ${p} but \`strides\` is ${s}. Received: outputPadding=${describe(this.outputPadding)}, strides=${describe(this.strides)}`,
          );
        }
      }
    }
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
    if (inputShape.length !== 4 || channels === null || channels === undefined) {
      throw new ShapeError(
        `Layer "${this.name}" needs inputs of rank 4, of shape (batch, height, width, channels), with a known channel axis. Received: ${formatLayerShape(inputShape)}`,
      );
    }
    this.kernel = this.addWeight('kernel', [...this.kernelSize, this.filters, channels], {
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

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    const channels = (this.kernel as Variable).shape[3] as number;
    if (shape.length !== 4 || shape[3] !== channels) {
      throw new ShapeError(
        `Input 0 of layer "${this.name}" is incompatible with the layer: expected rank 4 and axis -1 of input shape to have value ${channels}, but received input with shape ${formatLayerShape(shape)}`,
      );
    }
  }

  call(inputs: Tensor): Tensor {
    const y = conv2dTranspose(inputs, this.kernel as Variable, {
      strides: this.strides as [number, number],
      padding: this.padding,
      outputPadding: this.outputPadding as [number, number] | null,
      dilations: this.dilationRate as [number, number],
      bias: this.bias ?? null,
    });
    return this.activation.apply(y);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const spatial = inputShape.slice(1, 3).map((size, i) => {
      if (size === null) return null;
      return transposeOutputSize(
        this.padding,
        size,
        this.kernelSize[i] as number,
        this.strides[i] as number,
        this.dilationRate[i] as number,
        this.outputPadding ? (this.outputPadding[i] as number) : null,
      );
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
      outputPadding: this.outputPadding ? this.outputPadding.slice() : null,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate.slice(),
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
