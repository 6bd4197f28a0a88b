import { type ActivationIdentifier, fusedActivationOf, getActivation } from '../activations/get.js';
import { type ConstraintIdentifier, getConstraint } from '../constraints/get.js';
import { type ConfigDict, serialize } from '../core/config.js';
import { describe, ShapeError, ValueError } from '../core/errors.js';
import { checkTensorSize } from '../core/memory-limit.js';
import type { Tensor, Variable } from '../core/tensor.js';
import { optionalBoolean } from '../core/validate.js';
import { getInitializer, type InitializerIdentifier } from '../initializers/get.js';
import { add } from '../ops/arithmetic.js';
import { fusedMatMul } from '../ops/fused.js';
import { matMul } from '../ops/mat-mul.js';
import { reshape } from '../ops/shape.js';
import { getRegularizer, type RegularizerIdentifier } from '../regularizers/get.js';
import {
  checkWeightOptions,
  formatLayerShape,
  Layer,
  type LayerArgs,
  type LayerShape,
  withPositional,
} from './layer.js';

export interface DenseArgs extends LayerArgs {
  /** Output size. */
  units: number;
  /** Applied to x·W + b; linear (none) by default. */
  activation?: ActivationIdentifier | ((x: Tensor) => Tensor) | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  /** Penalty on W, added to the loss: e.g. `regularizers.l2(1e-4)`. */
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  /** Projection applied to W after every optimizer step: e.g. `constraints.maxNorm({ maxValue: 3 })`. */
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

const DENSE_KEYS: readonly (keyof DenseArgs)[] = [
  'units',
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
 * Densely connected layer: `output = activation(x·W + b)`, with kernel W of shape
 * [inputDim, units] and bias b of shape [units].
 *
 * Input: [batch, …, inputDim]. Output: [batch, …, units] (the product is taken over the last axis).
 * @throws {ValueError} for units that are not a positive integer, or unknown initializer/activation names.
 * @throws {ResourceExhaustedError} for a kernel or bias over the per-tensor limit: at construction where the input
 *   size is declared (`inputDim`, `inputShape`), else at build, before any memory is touched. Keras note: Keras
 *   tries to allocate the weights at build.
 * @example
 * ```ts
 * new layers.Dense(2, { inputDim: 10, activation: 'relu', kernelRegularizer: regularizers.l1(0.01) });
 * new layers.Dense({ units: 2 });
 * ```
 */
export class Dense extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Dense';
  readonly className = 'Dense';
  readonly units: number;
  readonly activation: ReturnType<typeof getActivation>;
  readonly useBias: boolean;
  private readonly args: Omit<DenseArgs, 'units'>;
  kernel: Variable | undefined;
  bias: Variable | undefined;

  constructor(units: number | DenseArgs, args: Omit<DenseArgs, 'units'> = {}) {
    const all: DenseArgs = withPositional<DenseArgs>('Dense', 'units', units, args);
    super(all, DENSE_KEYS);
    if (!Number.isInteger(all.units) || all.units <= 0) {
      throw new ValueError(
        `Invalid value received for argument \`units\` of Dense. Expected a positive integer. Received: units=${describe(all.units)}`,
      );
    }
    this.units = all.units;
    this.activation = getActivation(all.activation);
    this.useBias = optionalBoolean('Dense', 'useBias', all.useBias, true);
    checkWeightOptions(
      { initializer: all.kernelInitializer, regularizer: all.kernelRegularizer, constraint: all.kernelConstraint },
      { initializer: all.biasInitializer, regularizer: all.biasRegularizer, constraint: all.biasConstraint },
    );
    // The weights' sizes, where already known: a mistyped `units: 3e8` fails here, not at the first fit.
    const inputDim = this.batchInputShape?.[this.batchInputShape.length - 1];
    if (typeof inputDim === 'number') checkTensorSize(this.weightOwner('kernel'), [inputDim, this.units], this.dtype);
    if (this.useBias) checkTensorSize(this.weightOwner('bias'), [this.units], this.dtype);
    this.args = all;
  }

  override build(inputShape: LayerShape): void {
    const inputDim = inputShape[inputShape.length - 1];
    if (inputShape.length < 2 || inputDim === null || inputDim === undefined) {
      throw new ShapeError(
        `Layer "${this.name}" needs inputs with a known last axis, of shape (batch, …, features). Received: ${formatLayerShape(inputShape)}`,
      );
    }
    this.kernel = this.addWeight('kernel', [inputDim, this.units], {
      initializer: this.args.kernelInitializer ?? 'glorotUniform',
      regularizer: this.args.kernelRegularizer,
      constraint: this.args.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.units], {
        initializer: this.args.biasInitializer ?? 'zeros',
        regularizer: this.args.biasRegularizer,
        constraint: this.args.biasConstraint,
      });
    }
    super.build(inputShape);
  }

  /** Dense needs rank ≥ 2 and the last axis it was built for; other axes may vary (Keras's input_spec). */
  protected override checkInput(shape: readonly number[]): void {
    super.checkInput(shape);
    const inputDim = this.kernel?.shape[0];
    if (shape.length < 2 || shape[shape.length - 1] !== inputDim) {
      throw new ShapeError(
        `Input 0 of layer "${this.name}" is incompatible with the layer: expected axis -1 of input shape to have ` +
          `value ${inputDim} (and rank ≥ 2), but received input with shape ${formatLayerShape(shape)}`,
      );
    }
  }

  call(inputs: Tensor): Tensor {
    const kernel = this.kernel as Variable;
    // A sigmoid runs as its own op after the product, so that its output records its logits and a crossentropy
    // computes from them as Keras does (ops/logits.ts); fused into the product, the logits would not exist.
    const own = fusedActivationOf(this.activation);
    const fused = own === 'sigmoid' ? undefined : own;
    // One kernel for product, bias and activation when the activation allows it; softmax, gelu, … follow it.
    if (inputs.dtype === kernel.dtype) {
      const x2 = inputs.rank === 2 ? inputs : reshape(inputs, [-1, inputs.shape[inputs.rank - 1] as number]);
      const y2 = fusedMatMul({ a: x2, b: kernel, bias: this.bias ?? null, activation: fused ?? 'linear' });
      const y = inputs.rank === 2 ? y2 : reshape(y2, [...inputs.shape.slice(0, -1), this.units]);
      return fused ? y : this.activation.apply(y);
    }
    let y: Tensor;
    if (inputs.rank === 2) y = matMul(inputs, kernel);
    else {
      const lead = inputs.shape.slice(0, -1);
      y = reshape(matMul(reshape(inputs, [-1, inputs.shape[inputs.rank - 1] as number]), kernel), [
        ...lead,
        this.units,
      ]);
    }
    if (this.bias) y = add(y, this.bias);
    return this.activation.apply(y);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): ConfigDict {
    const a = this.args;
    const ser = <T extends { className: string; getConfig(): ConfigDict }>(x: T | undefined) =>
      x ? serialize(x) : null;
    return {
      ...super.getConfig(),
      units: this.units,
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
