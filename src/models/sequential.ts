import { type ConfigDict, type SerializedObject, serialize } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { checkOptions, invalidArgument } from '../core/validate.js';
import { type CallOptions, Layer, type LayerShape } from '../layers/layer.js';
import { layerRegistry } from '../layers/registry.js';
import { InputLayer } from '../layers/structural.js';
import { convertToTensor, type TensorLike } from '../ops/convert.js';
import { castTo } from '../ops/internal.js';
import { Model } from './model.js';

/**
 * A plain stack of layers, each feeding the next (Keras's `Sequential`). When the first layer
 * declares its input shape (`inputShape`, `inputDim`, `batchInputShape`, or an `InputLayer`),
 * each layer is built as it is added; otherwise on the first call.
 * @example
 * ```ts
 * const model = new Sequential();
 * model.add(new layers.Dense(2, { inputDim: 10, activation: 'relu' }));
 * model.add(new layers.Dropout(0.5));
 * ```
 */
export class Sequential extends Model {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Sequential';
  readonly className = 'Sequential';
  private readonly stack: Layer[] = [];
  private declaredInput: LayerShape | undefined;
  private shapeSoFar: LayerShape | undefined;

  /**
   * @param args.dtype the dtype inputs are cast to before the first layer (default 'float32'); each layer keeps
   *   its own.
   */
  constructor(args: { layers?: readonly Layer[]; name?: string; dtype?: 'float32' | 'float64' } = {}) {
    checkOptions('Sequential', args, ['layers', 'name', 'dtype']);
    if (args.layers !== undefined && !Array.isArray(args.layers)) {
      throw invalidArgument('Sequential', 'layers', 'an array of layers', args.layers);
    }
    super({ name: args.name, ...(args.dtype !== undefined ? { dtype: args.dtype } : {}) });
    for (const layer of args.layers ?? []) this.add(layer);
  }

  get layers(): Layer[] {
    return this.stack.slice();
  }

  /** The input shape (batch axis first) declared by an InputLayer or the first layer's options, if any. */
  get declaredInputShape(): LayerShape | undefined {
    return this.declaredInput?.slice();
  }

  get inputFeatureShape(): LayerShape | undefined {
    const shape = this.declaredInput ?? this.builtInputShape;
    return shape?.slice(1);
  }

  /**
   * Appends a layer. @throws {ValueError} for a non-layer, a duplicate name, or an input shape
   * declared anywhere but on the first layer.
   */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) {
      throw new ValueError(`Sequential.add: expected a Layer. Received: ${describe(layer)}`);
    }
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.declaredInput) {
        throw new ValueError('Sequential.add: an InputLayer can only be the first layer of a model');
      }
      this.declaredInput = layer.batchInputShape;
      this.shapeSoFar = this.declaredInput;
      return;
    }
    if (this.stack.some((l) => l.name === layer.name)) {
      throw new ValueError(
        `All layers added to a Sequential model should have unique names. Name "${layer.name}" is already the name of a layer in this model`,
      );
    }
    if (layer.batchInputShape) {
      if (this.stack.length > 0 || this.declaredInput) {
        throw new ValueError(
          `Sequential.add: only the first layer may declare an input shape; layer "${layer.name}" does`,
        );
      }
      this.declaredInput = layer.batchInputShape;
      this.shapeSoFar = this.declaredInput;
    }
    this.stack.push(layer);
    // Build now when the input shape is known, so shape errors surface at `add` (as in Keras).
    if (this.shapeSoFar) {
      if (!layer.built) layer.build(this.shapeSoFar);
      this.shapeSoFar = layer.computeOutputShape(this.shapeSoFar);
      this.built = true;
      this.builtInputShape = this.declaredInput;
    }
  }

  /** Removes the last layer. */
  pop(): Layer {
    const layer = this.stack.pop();
    if (!layer) throw new ValueError('Sequential.pop: the model has no layers');
    return layer;
  }

  override build(inputShape: LayerShape): void {
    let shape = inputShape;
    for (const layer of this.stack) {
      if (!layer.built) layer.build(shape);
      shape = layer.computeOutputShape(shape);
    }
    super.build(inputShape);
  }

  /**
   * Runs the stack (TensorFlow.js's name for Keras's `model(x)`). Afterwards `model.losses`
   * holds this call's activity penalties plus the current weight penalties.
   */
  override apply(inputs: TensorLike, options: CallOptions = {}): Tensor {
    if (this.stack.length === 0) throw new ValueError(`Model "${this.name}" has no layers`);
    let x = convertToTensor(inputs, 'inputs', this.name);
    if (x.dtype !== this.dtype) x = castTo(x, this.dtype);
    const expected = this.inputFeatureShape;
    if (expected) {
      const actual = x.shape.slice(1);
      if (actual.length !== expected.length || expected.some((d, i) => d !== null && d !== actual[i])) {
        throw new ValueError(
          `Input of model "${this.name}" has samples of shape [${actual.join(',')}]; expected [${expected.map((d) => d ?? 'None').join(',')}]`,
        );
      }
    }
    if (!this.built) this.build([null, ...x.shape.slice(1)]);
    return this.call(x, { training: options.training ?? false });
  }

  call(inputs: Tensor, options: { training: boolean }): Tensor {
    let x = inputs;
    for (const layer of this.stack) x = layer.apply(x, options);
    return x;
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return this.stack.reduce((shape, layer) => layer.computeOutputShape(shape), inputShape);
  }

  /**
   * Rebuilds a Sequential (unbuilt weights re-initialised) from `getConfig()`: its layers are looked up
   * by class name in the layer registry, never executed from the config.
   * @example `const twin = Sequential.fromConfig(model.getConfig())`
   */
  static override fromConfig<T extends Layer>(this: { prototype: T }, config: ConfigDict): T {
    const list = config.layers;
    if (!Array.isArray(list)) {
      throw new ValueError(
        `Sequential.fromConfig: \`layers\` must be an array of { className, config }. Received: ${describe(list)}`,
      );
    }
    const layers = list.map((l) => layerRegistry.deserialize(l as SerializedObject));
    const name = typeof config.name === 'string' ? config.name : undefined;
    return new Sequential({ layers, ...(name ? { name } : {}) }) as unknown as T;
  }

  override getConfig(): ConfigDict {
    return { name: this.name, layers: this.stack.map((l) => serialize(l)) };
  }
}
