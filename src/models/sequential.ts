import { type ConfigDict, type SerializedObject, serialize } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { checkOptions, invalidArgument } from '../core/validate.js';
import { type CallOptions, isShapeList, Layer, type LayerShape, type LayerShapes } from '../layers/layer.js';
import { layerRegistry } from '../layers/registry.js';
import { InputLayer } from '../layers/structural.js';
import { isSymbolicInput, SymbolicTensor } from '../layers/symbolic-tensor.js';
import { convertToTensor, type TensorLike } from '../ops/convert.js';
import { castTo } from '../ops/internal.js';
import type { DataStructure } from '../training/data-adapter.js';
import type { PredictArgs } from '../training/loops.js';
import { Graph } from './graph.js';
import { Model, type ModelInputs } from './model.js';

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
  static override readonly className: string = 'Sequential';
  override readonly className = 'Sequential';
  private readonly stack: Layer[] = [];
  /** The graph's entry: declared (an InputLayer, `Input()`, or the first layer's input shape) or made at build. */
  private inputLayer: InputLayer | undefined;
  private inputDeclared = false;
  /** The symbolic output of the last layer, while the input shape is known. */
  private lastOutput: SymbolicTensor | undefined;

  /**
   * @param args.layers layers to add in order; the first may be an `Input()` tensor or an InputLayer.
   * @param args.dtype the dtype inputs are cast to before the first layer (default 'float32'); each layer keeps
   *   its own.
   */
  constructor(
    args: { layers?: readonly (Layer | SymbolicTensor)[]; name?: string; dtype?: 'float32' | 'float64' } = {},
  ) {
    checkOptions('Sequential', args, ['layers', 'name', 'dtype']);
    if (args.layers !== undefined && !Array.isArray(args.layers)) {
      throw invalidArgument('Sequential', 'layers', 'an array of layers', args.layers);
    }
    super({ name: args.name, ...(args.dtype !== undefined ? { dtype: args.dtype } : {}) });
    for (const layer of args.layers ?? []) this.add(layer);
  }

  override get layers(): Layer[] {
    return this.stack.slice();
  }

  /** The input shape (batch axis first) declared by an InputLayer or the first layer's options, if any. */
  get declaredInputShape(): LayerShape | undefined {
    return this.inputDeclared ? this.inputLayer?.batchInputShape?.slice() : undefined;
  }

  override get inputFeatureShape(): LayerShape | undefined {
    return this.inputLayer?.batchInputShape?.slice(1);
  }

  override get inputFeatureShapes(): LayerShape[] | undefined {
    const one = this.inputFeatureShape;
    return one ? [one] : undefined;
  }

  override get inputs(): SymbolicTensor[] {
    return this.inputLayer ? [this.inputLayer.output] : [];
  }

  /** The last layer's name: a Sequential's one output is named after it (Keras 3). */
  override get outputNames(): string[] {
    const last = this.stack[this.stack.length - 1];
    return last ? [last.name] : [];
  }

  override get inputNames(): string[] {
    return this.inputLayer ? [this.inputLayer.name] : [];
  }

  override get outputs(): SymbolicTensor[] {
    return this.lastOutput && this.stack.length > 0 ? [this.lastOutput] : [];
  }

  /**
   * Appends a layer (or, first, an `Input()` tensor). While the input shape is known each layer is called on the
   * symbolic output of the one before, so it is built now and a shape error surfaces here (as in Keras).
   * @throws {ValueError} for a non-layer, a duplicate name, or an input shape declared anywhere but first.
   */
  add(layer: Layer | SymbolicTensor): void {
    if (layer instanceof SymbolicTensor) {
      const origin = layer.history.layer;
      if (!(origin instanceof InputLayer)) {
        throw new ValueError(
          `Sequential.add: a symbolic tensor can only be added when it comes from Input(). Received: ${layer.name}`,
        );
      }
      this.add(origin);
      return;
    }
    if (!(layer instanceof Layer)) {
      throw new ValueError(`Sequential.add: expected a Layer. Received: ${describe(layer)}`);
    }
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.inputDeclared) {
        throw new ValueError('Sequential.add: an InputLayer can only be the first layer of a model');
      }
      this.declareInput(layer);
      return;
    }
    if (this.stack.some((l) => l.name === layer.name)) {
      throw new ValueError(
        `All layers added to a Sequential model should have unique names. Name "${layer.name}" is already the name of a layer in this model`,
      );
    }
    if (layer.batchInputShape) {
      if (this.stack.length > 0 || this.inputDeclared) {
        throw new ValueError(
          `Sequential.add: only the first layer may declare an input shape; layer "${layer.name}" does`,
        );
      }
      this.declareInput(new InputLayer({ batchInputShape: layer.batchInputShape, dtype: this.dtype }));
    }
    if (this.lastOutput) this.lastOutput = layer.apply(this.lastOutput);
    this.stack.push(layer);
    this.graph = undefined;
  }

  private declareInput(input: InputLayer): void {
    this.inputLayer = input;
    this.inputDeclared = true;
    this.lastOutput = input.output;
    this.built = true;
    this.builtInputShape = input.batchInputShape;
  }

  /** Removes the last layer. */
  pop(): Layer {
    const layer = this.stack.pop();
    if (!layer) throw new ValueError('Sequential.pop: the model has no layers');
    this.relink();
    return layer;
  }

  /** Calls every layer again on the input's symbolic tensor, after the stack changed. */
  private relink(): void {
    this.graph = undefined;
    if (!this.inputLayer) return;
    let out = this.inputLayer.output;
    for (const l of this.stack) out = l.apply(out);
    this.lastOutput = out;
  }

  /** The graph of the stack, made when first needed after a change. */
  private currentGraph(): Graph | undefined {
    if (!this.graph && this.inputLayer && this.lastOutput && this.stack.length > 0) {
      this.graph = new Graph(`Model "${this.name}"`, [this.inputLayer.output], [this.lastOutput]);
    }
    return this.graph;
  }

  /** Builds every layer for inputs of `inputShape`, by calling them on an InputLayer of that shape. */
  override build(inputShape: LayerShapes): void {
    if (isShapeList(inputShape)) {
      throw new ValueError(`Sequential "${this.name}" takes one input. Received: ${inputShape.length} input shapes`);
    }
    if (!this.inputLayer) {
      this.inputLayer = new InputLayer({ batchInputShape: inputShape, dtype: this.dtype });
      this.relink();
    }
    this.built = true;
    this.builtInputShape = this.inputLayer.batchInputShape;
  }

  /**
   * Runs the stack (TensorFlow.js's name for Keras's `model(x)`). Afterwards `model.losses`
   * holds this call's activity penalties plus the current weight penalties.
   */
  override applyToList(
    inputs: ModelInputs | SymbolicTensor | readonly SymbolicTensor[],
    options: CallOptions = {},
  ): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    if (this.stack.length === 0) throw new ValueError(`Model "${this.name}" has no layers`);
    if (isSymbolicInput(inputs)) return super.applyToList(inputs, options);
    let x = convertToTensor(inputs as TensorLike, 'inputs', this.name);
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
    return super.applyToList(x, options);
  }

  override call(inputs: Tensor | Tensor[], options: { training: boolean }): Tensor | Tensor[] {
    const graph = this.currentGraph();
    if (!graph) throw new ValueError(`Model "${this.name}" has no layers`);
    return graph.run(this.name, Array.isArray(inputs) ? inputs : [inputs], options.training)[0] as Tensor;
  }

  /** The model's output in inference mode (Dropout off): one tensor, a Sequential having one output. */
  override predict(x: DataStructure, args: PredictArgs = {}): Tensor {
    return super.predict(x, args) as Tensor;
  }

  override computeOutputShape(inputShape: LayerShapes): LayerShapes {
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
