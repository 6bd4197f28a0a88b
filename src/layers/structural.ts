import { type ActivationIdentifier, getActivation } from '../activations/get.js';
import type { ConfigDict } from '../core/config.js';
import { ShapeError, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { checkOptions } from '../core/validate.js';
import { reshape } from '../ops/shape.js';
import { L1L2 } from '../regularizers/regularizer.js';
import { formatLayerShape, LAYER_KEYS, Layer, type LayerArgs, type LayerShape, withPositional } from './layer.js';
import { Node } from './node.js';
import { SymbolicTensor } from './symbolic-tensor.js';

/**
 * Applies an activation function: `output = activation(x)`.
 * @example `new layers.Activation('relu')`
 */
export class Activation extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Activation';
  readonly className = 'Activation';
  readonly activation: ReturnType<typeof getActivation>;

  constructor(
    activation: ActivationIdentifier | ((x: Tensor) => Tensor) | (LayerArgs & { activation: ActivationIdentifier }),
    args: LayerArgs = {},
  ) {
    const all = withPositional<LayerArgs & { activation: ActivationIdentifier | ((x: Tensor) => Tensor) }>(
      'Activation',
      'activation',
      activation,
      args,
    );
    super(all, ['activation']);
    this.activation = getActivation(all.activation);
  }

  call(inputs: Tensor): Tensor {
    return this.activation.apply(inputs);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), activation: this.activation.name };
  }
}

/**
 * Flattens each sample: [batch, d1, d2, …] → [batch, d1·d2·…].
 * @example `new layers.Flatten({ inputShape: [28, 28] })`
 */
export class Flatten extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Flatten';
  readonly className = 'Flatten';

  call(inputs: Tensor): Tensor {
    // The product, not −1: an empty batch has no size from which to infer the axis.
    const features = inputs.shape.slice(1).reduce((p, d) => p * d, 1);
    return reshape(inputs, [inputs.shape[0] ?? 1, features]);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const rest = inputShape.slice(1);
    if (rest.some((d) => d === null)) {
      throw new ShapeError(
        `Layer "${this.name}" needs fully known sample dimensions to flatten. Received: ${formatLayerShape(inputShape)}`,
      );
    }
    return [inputShape[0] ?? null, rest.reduce<number>((p, d) => p * (d as number), 1)];
  }
}

/**
 * Adds an activity penalty on its input and passes it through unchanged:
 * `loss += (l1·Σ|x| + l2·Σx²) / batchSize`.
 * @example `new layers.ActivityRegularization({ l1: 0.01 })`
 */
export class ActivityRegularization extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'ActivityRegularization';
  readonly className = 'ActivityRegularization';
  readonly l1: number;
  readonly l2: number;

  constructor({ l1 = 0, l2 = 0, ...args }: Omit<LayerArgs, 'activityRegularizer'> & { l1?: number; l2?: number } = {}) {
    // Its penalty is its own: an activityRegularizer option besides would be overwritten, so it is refused.
    checkOptions(
      'ActivityRegularization',
      args,
      LAYER_KEYS.filter((k) => k !== 'activityRegularizer'),
    );
    const regularizer = new L1L2({ l1, l2 });
    super({ ...args, activityRegularizer: regularizer });
    this.l1 = regularizer.l1;
    this.l2 = regularizer.l2;
  }

  call(inputs: Tensor): Tensor {
    return inputs;
  }

  override getConfig(): ConfigDict {
    const { activityRegularizer: _ignored, ...rest } = super.getConfig();
    return { ...rest, l1: this.l1, l2: this.l2 };
  }
}

/**
 * The entry point of a model (Keras's `InputLayer`): it declares the shape of one sample and passes data through.
 * It holds the symbolic tensor that {@link Input} returns; in a Sequential model it declares the input shape.
 * @example `model.add(new layers.InputLayer({ inputShape: [784] }))`
 */
export class InputLayer extends Layer {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'InputLayer';
  readonly className = 'InputLayer';
  /** The symbolic tensor standing for this input in a graph. */
  readonly output: SymbolicTensor;

  constructor(args: LayerArgs & { shape?: LayerShape }) {
    const { shape, ...rest } = args ?? {};
    if (shape !== undefined && rest.inputShape !== undefined) {
      throw new ValueError('InputLayer: give `shape` or `inputShape`, not both');
    }
    super(shape !== undefined ? { ...rest, inputShape: shape } : rest);
    if (!this.batchInputShape) {
      throw new ShapeError('InputLayer needs `shape`, `inputShape`, `batchInputShape` or `inputDim`');
    }
    const batchShape = this.batchInputShape;
    this.build(batchShape);
    this.output = new SymbolicTensor(batchShape.slice(), this.dtype, `${this.name}/0/0`, {
      layer: this,
      nodeIndex: 0,
      tensorIndex: 0,
    });
    this.inboundNodes.push(new Node(this, [], false, [this.output], false, undefined));
  }

  call(inputs: Tensor): Tensor {
    return inputs;
  }
}

/**
 * Keras's `Input(shape)`: a symbolic tensor standing for a model's input, to call layers on and then build a model
 * with `new Model({ inputs, outputs })`. A Sequential model also takes it as its first element.
 * @example
 * ```ts
 * const x = Input({ shape: [4], name: 'features' });
 * const model = new Model({ inputs: x, outputs: new layers.Dense(1).apply(x) });
 * ```
 */
export function Input(args: LayerArgs & { shape?: LayerShape }): SymbolicTensor {
  return new InputLayer(args).output;
}
