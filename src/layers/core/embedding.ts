import { type ConstraintIdentifier, getConstraint } from '../../constraints/get.js';
import { type ConfigDict, serialize } from '../../core/config.js';
import { checkTensorSize } from '../../core/memory-limit.js';
import type { Tensor, Variable } from '../../core/tensor.js';
import { checkInteger, optionalBoolean } from '../../core/validate.js';
import { getInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import { gather } from '../../ops/shape.js';
import { cast } from '../../ops/unary.js';
import { getRegularizer, type RegularizerIdentifier } from '../../regularizers/get.js';
import { Layer, type LayerArgs, type LayerShape, layerClassName } from '../layer.js';

export interface EmbeddingArgs extends LayerArgs {
  /** Size of the vocabulary: indices lie in [0, inputDim). */
  inputDim: number;
  /** Size of each embedding vector. */
  outputDim: number;
  /** Default 'uniform': RandomUniform(−0.05, 0.05), as Keras. */
  embeddingsInitializer?: InitializerIdentifier;
  /** Penalty on the table, added to the loss: e.g. `regularizers.l2(1e-4)`. */
  embeddingsRegularizer?: RegularizerIdentifier | null;
  /** Projection applied to the table after every optimizer step. */
  embeddingsConstraint?: ConstraintIdentifier | null;
  /** Whether index 0 is padding. Stored and saved; no mask propagates yet (see the class's Keras note). */
  maskZero?: boolean;
}

const EMBEDDING_KEYS: readonly (keyof EmbeddingArgs)[] = [
  'inputDim',
  'outputDim',
  'embeddingsInitializer',
  'embeddingsRegularizer',
  'embeddingsConstraint',
  'maskZero',
];

/**
 * Turns integer indices into dense vectors: `output[…, :] = embeddings[input[…], :]`, a row lookup in a trainable
 * table of shape [inputDim, outputDim]. Its gradient is a scatter-add into the table: a row picked several times
 * receives the sum of their gradients.
 *
 * Input: indices of any shape S (int32, or floats holding integers, which are cast to int32 by truncation as Keras
 * does). Output: S + [outputDim], in the layer's dtype.
 *
 * Keras note: `maskZero` is accepted, kept and saved, but Dendrite has no masking yet: no mask propagates to the
 * next layers, so a padded position still contributes (index 0's row). Index 0 stays a valid row either way.
 * @throws {ValueError} ``Invalid value received for argument `inputDim` of Embedding. Expected a positive integer.
 *   Received: inputDim=0`` (and for `outputDim`); at the call, for an index outside [0, inputDim), naming the index
 *   and its position (``gather: `indices` out of range. Expected values in [0, 10) for axis 0 of size 10. Received: 12
 *   at position 3``), as TensorFlow's CPU gather does (JAX would clamp it silently).
 * @example
 * ```ts
 * const emb = new layers.Embedding({ inputDim: 1000, outputDim: 64 });
 * emb.apply(tensor([[4, 20, 7]], [1, 3], 'int32')).shape; // [1, 3, 64]
 * ```
 */
export class Embedding extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Embedding';
  readonly className: string = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  private readonly args: EmbeddingArgs;
  embeddings: Variable | undefined;

  constructor(args: EmbeddingArgs) {
    const owner = layerClassName(new.target);
    // `inputDim` is the vocabulary here, not the base's shorthand for an input shape [null, inputDim].
    const { inputDim: _vocabulary, ...rest } = args ?? ({} as EmbeddingArgs);
    super(rest, EMBEDDING_KEYS);
    this.inputDim = checkInteger(owner, 'inputDim', args.inputDim);
    this.outputDim = checkInteger(owner, 'outputDim', args.outputDim);
    this.maskZero = optionalBoolean(owner, 'maskZero', args.maskZero, false);
    // Resolve now so a bad name fails at construction, not at the first fit.
    getInitializer(args.embeddingsInitializer ?? 'uniform');
    getRegularizer(args.embeddingsRegularizer);
    getConstraint(args.embeddingsConstraint ?? undefined);
    checkTensorSize(this.weightOwner('embeddings'), [this.inputDim, this.outputDim], this.dtype);
    this.args = args;
  }

  override build(inputShape: LayerShape): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], {
      initializer: this.args.embeddingsInitializer ?? 'uniform',
      regularizer: this.args.embeddingsRegularizer,
      constraint: this.args.embeddingsConstraint,
    });
    super.build(inputShape);
  }

  /** Indices stay integers: the base would cast them to the layer's float dtype. */
  protected override prepareInput(x: Tensor): Tensor {
    return x.dtype === 'int32' ? x : cast(x, 'int32');
  }

  call(inputs: Tensor): Tensor {
    return gather(this.embeddings as Variable, inputs, 0);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return [...inputShape, this.outputDim];
  }

  override getConfig(): ConfigDict {
    const a = this.args;
    const ser = <T extends { className: string; getConfig(): ConfigDict }>(x: T | undefined) =>
      x ? serialize(x) : null;
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serialize(getInitializer(a.embeddingsInitializer ?? 'uniform')),
      embeddingsRegularizer: ser(getRegularizer(a.embeddingsRegularizer)),
      embeddingsConstraint: ser(getConstraint(a.embeddingsConstraint ?? undefined)),
      maskZero: this.maskZero,
    };
  }
}
