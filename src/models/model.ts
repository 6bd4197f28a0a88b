import { describe, NotImplementedError, StateError, ValueError } from '../core/errors.js';
import { SeedGenerator } from '../core/random.js';
import { Tensor, type Variable } from '../core/tensor.js';
import { checkOptions } from '../core/validate.js';
import { type CallOptions, Layer, type LayerShape, type LayerShapes, layerClassName } from '../layers/layer.js';
import { uniqueLayerName } from '../layers/names.js';
import { isSymbolicInput, SymbolicTensor } from '../layers/symbolic-tensor.js';
import type { StatefulMetric } from '../metrics/metric.js';
import { convertToTensor, type TensorLike } from '../ops/convert.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { History, Logs } from '../training/callbacks.js';
import { type CompileArgs, type Compiled, resolveCompile } from '../training/compile.js';
import type { DataStructure } from '../training/data-adapter.js';
import {
  type EvaluateArgs,
  evaluateLoop,
  type FitArgs,
  fitLoop,
  type PredictArgs,
  predictLoop,
  requireCompiled,
  testOnBatchLoop,
  trainOnBatchLoop,
} from '../training/loops.js';
import {
  computeLoss,
  computeMetrics,
  metricsResult,
  resetCompiledMetrics,
  type StepData,
  type TrainingModel,
  testStepOf,
  trainStepOf,
} from '../training/step.js';
import { Graph } from './graph.js';
import { printSummary, type SummaryOptions } from './summary.js';

export type { CompileArgs } from '../training/compile.js';

/** Options of `new Model({ inputs, outputs })`. */
export interface ModelArgs {
  /** The model's inputs: tensors returned by `Input()`, one or a list. */
  inputs?: SymbolicTensor | readonly SymbolicTensor[];
  /** Its outputs: symbolic tensors computed from the inputs by calling layers on them, one or a list. */
  outputs?: SymbolicTensor | readonly SymbolicTensor[];
  /** Default 'functional', 'functional_1', … (Keras 3). */
  name?: string;
  trainable?: boolean;
  /** The model's own dtype as a layer (a Sequential casts its inputs to it); a functional model's Inputs cast. */
  dtype?: 'float32' | 'float64';
}

const MODEL_KEYS: readonly (keyof ModelArgs)[] = ['inputs', 'outputs', 'name', 'trainable', 'dtype'];

/** What a model takes as input in an eager call: one tensor, a list (one per input), or a dict by input name. */
export type ModelInputs = TensorLike | readonly (Tensor | TensorLike)[] | Readonly<Record<string, TensorLike>>;

function isPlainRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    !ArrayBuffer.isView(x) &&
    !(x instanceof Tensor) &&
    !(x instanceof SymbolicTensor)
  );
}

/** Options of {@link Model.save}. */
export interface SaveOptions {
  /** Also save the optimizer's state (slots and iteration count), so training resumes exactly. Default true (Keras). */
  includeOptimizer?: boolean;
  /** Replace a file already at the path. Default true; with false an existing file is an error. */
  overwrite?: boolean;
}

/**
 * What `save`, `saveWeights` and `loadWeights` delegate to. The io module registers it when imported: it sits
 * above models in the architecture (it rebuilds models), so models cannot import it.
 */
export interface ModelIO {
  save(model: Model, path: string, options: SaveOptions): Promise<void>;
  saveWeights(model: Model, path: string): Promise<void>;
  loadWeights(model: Model, path: string): Promise<void>;
  toJSON(model: Model): string;
}

let modelIO: ModelIO | undefined;

/** Installs the implementation of `Model.save` / `saveWeights` / `loadWeights` (done by `src/io` at import). */
export function registerModelIO(io: ModelIO): void {
  modelIO = io;
}

function requireModelIO(method: string): ModelIO {
  if (!modelIO) {
    throw new StateError(`Model.${method}: no model file support is loaded. Import Dendrite from the package root`);
  }
  return modelIO;
}

/**
 * A layer made of layers, with Keras's training API: `compile`, `fit`, `evaluate`, `predict`, `trainOnBatch`,
 * `testOnBatch`. `new Model({ inputs, outputs })` makes a functional model (Keras's `Functional`) from layers
 * called on `Input()` tensors: several inputs and outputs, shared layers and nested models; Sequential is the
 * same graph made one layer at a time. A subclass may instead override `call` and `layers`.
 * @example
 * ```ts
 * const a = Input({ shape: [4], name: 'a' });
 * const b = Input({ shape: [2], name: 'b' });
 * const h = new layers.Concatenate().apply([new layers.Dense(8, { activation: 'relu' }).apply(a), b]);
 * const model = new Model({ inputs: [a, b], outputs: new layers.Dense(1).apply(h) });
 * ```
 */
export class Model extends Layer implements TrainingModel {
  /** The class's name in Keras's registry, which survives minification (the JS class name does not). */
  static readonly className: string = 'Functional';
  /** 'Functional' for a model made of `{ inputs, outputs }`; a subclass's own name otherwise. */
  readonly className: string;
  /** Set to true (e.g. from a callback) to end `fit` after the current batch. */
  stopTraining = false;
  /**
   * Seeds `fit`'s shuffling: epoch e's order is a function of (shuffleSeed, e). Drawn from the
   * global stream at construction, so `setRandomSeed` fixes it; saved with the model.
   */
  shuffleSeed = new SeedGenerator().nextSeed();
  private compiled: Compiled | undefined;
  /** The graph from `{ inputs, outputs }` (a Sequential builds one as its input shape becomes known). */
  protected graph: Graph | undefined;
  /**
   * Whether `inputs` / `outputs` were given as lists: a call returns the outputs in the structure given, and a
   * model file records it (Keras's `input_layers` is one triple or a list of them).
   */
  readonly inputsAreList: boolean = false;
  readonly outputsAreList: boolean = false;

  /**
   * @throws {UnknownOptionError} for an unknown option; {ValueError} for inputs not from `Input()`, outputs that
   *   are not symbolic, or a graph in which an output cannot be computed from the inputs.
   */
  constructor(args: ModelArgs = {}) {
    checkOptions(layerClassName(new.target), args, MODEL_KEYS);
    const isGraph = args.inputs !== undefined || args.outputs !== undefined;
    super({
      name: args.name ?? (isGraph && new.target === Model ? uniqueLayerName('Functional') : undefined),
      ...(args.trainable !== undefined ? { trainable: args.trainable } : {}),
      ...(args.dtype !== undefined ? { dtype: args.dtype } : {}),
    });
    this.className = isGraph && new.target === Model ? 'Functional' : layerClassName(new.target);
    if (isGraph) {
      if (args.inputs === undefined || args.outputs === undefined) {
        throw new ValueError(`Model "${this.name}": give both \`inputs\` and \`outputs\`, or neither`);
      }
      this.inputsAreList = Array.isArray(args.inputs);
      this.outputsAreList = Array.isArray(args.outputs);
      const inputs = Array.isArray(args.inputs) ? args.inputs : [args.inputs];
      const outputs = Array.isArray(args.outputs) ? args.outputs : [args.outputs];
      this.setGraph(new Graph(`Model "${this.name}"`, inputs, outputs));
    }
  }

  /** Installs the graph the model runs and marks it built for its inputs' shapes. */
  protected setGraph(graph: Graph): void {
    this.graph = graph;
    this.built = true;
    const shapes = graph.inputs.map((t) => t.shape.slice());
    this.builtInputShape = shapes.length === 1 && !this.inputsAreList ? (shapes[0] as LayerShape) : shapes;
  }

  /** The model's layers, in Keras's order (for a functional model, InputLayers included). */
  get layers(): Layer[] {
    return this.graph ? [...this.graph.layers] : [];
  }

  /** The symbolic inputs (Keras's `model.inputs`). */
  get inputs(): SymbolicTensor[] {
    return this.graph ? [...this.graph.inputs] : [];
  }

  /** The symbolic outputs (Keras's `model.outputs`). */
  get outputs(): SymbolicTensor[] {
    return this.graph ? [...this.graph.outputs] : [];
  }

  /** The names of the input layers, the keys of a dict of inputs: `model.predict({ a: xa, b: xb })`. */
  get inputNames(): string[] {
    return this.inputs.map((t) => t.history.layer.name);
  }

  /**
   * The names of the layers that produce the outputs (Keras 3's `output_names`): the keys of per-output losses,
   * metrics and labels, and the prefixes of their logs (`dense_1_loss`).
   */
  get outputNames(): string[] {
    return this.outputs.map((t) => t.history.layer.name);
  }

  /** The shape of one sample the model takes, when it has one input of known shape. */
  get inputFeatureShape(): readonly (number | null)[] | undefined {
    const inputs = this.graph?.inputs;
    return inputs && inputs.length === 1 ? (inputs[0] as SymbolicTensor).shape.slice(1) : undefined;
  }

  /** The shape of one sample of each input (batch axis dropped), when known. */
  get inputFeatureShapes(): (readonly (number | null)[])[] | undefined {
    return this.graph?.inputs.map((t) => t.shape.slice(1));
  }

  /**
   * Runs the graph (a functional model) on real tensors: one per input, in the order of `inputs`.
   * @throws {NotImplementedError} for a subclass that neither has a graph nor overrides `call`.
   */
  call(inputs: Tensor | Tensor[], options: { training: boolean }): Tensor | Tensor[] {
    if (!this.graph) {
      throw new NotImplementedError(
        `Model "${this.name}" has no graph: build it with new Model({ inputs, outputs }), or override call()`,
      );
    }
    const outs = this.graph.run(this.name, Array.isArray(inputs) ? inputs : [inputs], options.training);
    return this.outputsAreList ? outs : (outs[0] as Tensor);
  }

  /**
   * Calls the model. Besides one tensor it takes a list (one per input) or a dict keyed by input name, and
   * returns the outputs in the structure they were given to the constructor (one tensor, or a list).
   */
  override applyToList(
    inputs: ModelInputs | SymbolicTensor | readonly SymbolicTensor[],
    options: CallOptions = {},
  ): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    return super.applyToList(this.inputList(inputs) as TensorLike, options);
  }

  /** A dict or list of inputs as a list in the order of `inputs`, each converted to a tensor. */
  private inputList(inputs: unknown): unknown {
    if (isSymbolicInput(inputs) || !this.graph) return inputs;
    if (isPlainRecord(inputs)) {
      const names = this.inputNames;
      for (const key of Object.keys(inputs)) {
        if (!names.includes(key)) {
          throw new ValueError(
            `Model "${this.name}": no input is named "${key}". Expected keys: ${names.map((n) => `"${n}"`).join(', ')}`,
          );
        }
      }
      return names.map((n) => {
        if (inputs[n] === undefined) throw new ValueError(`Model "${this.name}": missing input "${n}"`);
        return convertToTensor(inputs[n] as TensorLike, `inputs["${n}"]`, this.name);
      });
    }
    if (this.graph.inputs.length > 1 && Array.isArray(inputs)) {
      return inputs.map((x, i) => convertToTensor(x as TensorLike, `inputs[${i}]`, this.name));
    }
    return inputs;
  }

  /** A model casts nothing itself: each Input casts what it receives to its own dtype. */
  protected override prepareInput(x: Tensor): Tensor {
    return x;
  }

  override computeOutputShape(inputShape: LayerShapes): LayerShapes {
    if (!this.graph) return super.computeOutputShape(inputShape);
    const shapes = this.graph.outputs.map((t) => t.shape.slice());
    return this.outputsAreList ? shapes : (shapes[0] as LayerShape);
  }

  override clearLosses(): void {
    super.clearLosses();
    for (const l of this.layers) l.clearLosses();
  }

  /**
   * Configures training: optimizer, loss(es), loss weights and metrics (Keras's `compile`). A model with several
   * outputs takes a loss and metrics per output (a list in output order, or a dict by output name) and logs each
   * output's loss as `<output>_loss` and its metrics as `<output>_<metric>`.
   * @throws {ValueError} for an unknown optimizer, loss or metric name, or per-output values that do not match
   *   the outputs.
   * @example `model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] })`
   */
  compile(args: CompileArgs): void {
    const previous = this.compiled;
    this.compiled = resolveCompile(args, this.outputNames);
    if (previous) resetCompiledMetrics(previous);
  }

  /** @internal The optimizer, loss and metrics `compile()` resolved (model files save them). */
  get compiledState(): Compiled | undefined {
    return this.compiled;
  }

  /** The optimizer given to `compile()`. */
  get optimizer(): Optimizer | undefined {
    return this.compiled?.optimizer;
  }

  get isCompiled(): boolean {
    return this.compiled !== undefined;
  }

  /**
   * Trains for `epochs` passes over the data and returns the `History`
   * (`history.history.loss`, `.val_loss`, `.accuracy`, …). `x` is one array, or for several inputs a list (in the
   * order of `inputs`) or a dict by input name; `y` likewise by output.
   * @throws {StateError} before `compile()`; {ValueError} for mismatched sample counts, wrong feature sizes, non-finite values.
   * @example `const history = await model.fit(x, y, { epochs: 20, batchSize: 32, validationSplit: 0.2 })`
   */
  async fit(x: DataStructure, y: DataStructure, args: FitArgs = {}): Promise<History> {
    requireCompiled(this.compiled, 'fit');
    return fitLoop(this, x, y, args);
  }

  /** Loss (penalties included, as Keras) and metrics over the data: `{ loss, accuracy, … }`. */
  evaluate(x: DataStructure, y: DataStructure, args: EvaluateArgs = {}): Logs {
    requireCompiled(this.compiled, 'evaluate');
    return evaluateLoop(this, x, y, args);
  }

  /** The model's outputs in inference mode (Dropout off); one tensor per output for a model with several. */
  predict(x: DataStructure, args: PredictArgs = {}): Tensor | Tensor[] {
    return predictLoop(this, x, args);
  }

  /** One optimizer step on one batch; returns `{ loss, …metrics }`. */
  trainOnBatch(x: DataStructure, y: DataStructure, sampleWeight?: DataStructure): Logs {
    requireCompiled(this.compiled, 'trainOnBatch');
    return trainOnBatchLoop(this, x, y, sampleWeight);
  }

  /** Loss and metrics on one batch without training. */
  testOnBatch(x: DataStructure, y: DataStructure, sampleWeight?: DataStructure): Logs {
    requireCompiled(this.compiled, 'testOnBatch');
    return testOnBatchLoop(this, x, y, sampleWeight);
  }

  /**
   * One training step on one batch (Keras's `train_step`), called by `fit` and `trainOnBatch`; override it to
   * train differently. The default runs the model in training mode, {@link computeLoss}, one optimizer update,
   * and {@link computeMetrics}. It returns nothing, and `fit` reads {@link getMetricsResult} only when the logs
   * are looked at; an override may instead return its own logs.
   * @example
   * ```ts
   * class Clipped extends Model {
   *   override trainStep(data: StepData) { … return { loss: 0 } }
   * }
   * ```
   */
  trainStep(data: StepData): Logs | undefined {
    trainStepOf(this, requireCompiled(this.compiled, 'fit'), data);
    return undefined;
  }

  /** One evaluation step (Keras's `test_step`): inference-mode outputs, loss and metrics; override like trainStep. */
  testStep(data: StepData): Logs | undefined {
    testStepOf(this, requireCompiled(this.compiled, 'evaluate'), data);
    return undefined;
  }

  /** One prediction step (Keras's `predict_step`): the outputs in inference mode. */
  predictStep(x: Tensor | Tensor[]): Tensor | Tensor[] {
    return this.applyToList(x, { training: false }) as Tensor | Tensor[];
  }

  /**
   * The loss of one batch (Keras's `compute_loss`): Σ weight·loss per output plus every penalty in `losses`. It
   * also folds the batch into the `loss` trackers; call it from an overridden {@link trainStep}.
   */
  computeLoss(data: StepData, yPred: Tensor | Tensor[]): Tensor {
    return computeLoss(this, requireCompiled(this.compiled, 'computeLoss'), data, yPred);
  }

  /** Folds one batch's predictions into the compiled metrics (Keras's `compute_metrics`). */
  computeMetrics(data: StepData, yPred: Tensor | Tensor[]): void {
    computeMetrics(requireCompiled(this.compiled, 'computeMetrics'), data, yPred);
  }

  /** The trackers (`loss`, per-output losses, `regularization_loss`) and compiled metrics (Keras's `metrics`). */
  get metrics(): StatefulMetric[] {
    const c = this.compiled;
    if (!c) return [];
    return [
      c.lossTracker,
      ...c.metrics.map((m) => m.metric),
      ...c.heads.flatMap((h) => (h.tracker ? [h.tracker] : [])),
      c.regularizationTracker,
    ];
  }

  /**
   * Reads what the trackers and metrics hold on the backend with `await data()`, so that
   * {@link getMetricsResult} then reads nothing: how `fit` reports on a backend without synchronous reads.
   */
  async settleMetrics(): Promise<void> {
    for (const m of this.metrics) await m.settle?.();
  }

  /** Every tracker and metric back to zero (Keras's `reset_metrics`). */
  resetMetrics(): void {
    if (this.compiled) resetCompiledMetrics(this.compiled);
  }

  /** Their values now, under the names `fit` logs them by (Keras's `get_metrics_result`); reads the backend. */
  getMetricsResult(): Logs {
    return this.compiled ? metricsResult(this.compiled) : {};
  }

  /**
   * Prints Keras's summary table: each layer's name, type, output shape and parameter count (and, for a functional
   * model that is not a plain chain, Keras's `Connected to` column), then the total, trainable and non-trainable
   * counts with their size. `printFn` gets the whole text at once.
   * @example `model.summary()`, or `model.summary({ printFn: (text) => log.push(text), lineLength: 76 })`
   */
  summary(options: SummaryOptions = {}): void {
    printSummary(this, options);
  }

  /**
   * The architecture (and compile settings) as a JSON string in Keras 3's serialization dialect,
   * without weights; `modelFromJSON` rebuilds it. (Keras's `to_json`; TensorFlow.js's `toJSON`.)
   * @example `const json = model.toJSON()`
   */
  toJSON(): string {
    return requireModelIO('toJSON').toJSON(this);
  }

  /**
   * Writes the whole model as one file (see docs/file-format.md): architecture, weights, compile settings and,
   * with `includeOptimizer` (default), the optimizer state, so `loadModel` resumes training exactly. The target is
   * a path under Node (written aside and renamed over it, so a crash mid-save leaves the previous file intact), or
   * in a page `indexeddb://name` or `downloads://name` (see docs/platforms.md).
   * @throws {ValueError} for a model holding a function or an unregistered class (it could not be loaded back).
   * @example `await model.save('model.dendrite')`, or in a page `await model.save('indexeddb://my-model')`
   */
  async save(path: string, options: SaveOptions = {}): Promise<void> {
    return requireModelIO('save').save(this, path, options);
  }

  /** Writes the weights alone (and the random state), in the same container as `save`, without `config.json`. */
  async saveWeights(path: string): Promise<void> {
    return requireModelIO('saveWeights').saveWeights(this, path);
  }

  /**
   * Reads weights written by `saveWeights` (or `save`) into this model, matched by position in Keras order.
   * @throws {ModelFileError} for a damaged file, or weights whose count, shapes or dtypes differ from this model's.
   */
  async loadWeights(path: string): Promise<void> {
    return requireModelIO('loadWeights').loadWeights(this, path);
  }

  /** The layer with this name, or at this index. @throws {ValueError} when there is none. */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    const layer = typeof nameOrIndex === 'number' ? layers[nameOrIndex] : layers.find((l) => l.name === nameOrIndex);
    if (!layer) {
      throw new ValueError(
        `No such layer: ${describe(nameOrIndex)}. Existing layers are: ${layers.map((l) => JSON.stringify(l.name)).join(', ')}`,
      );
    }
    return layer;
  }

  override get trainable(): boolean {
    return super.trainable;
  }

  /** Freezing a model freezes every layer in it (Keras). */
  override set trainable(value: boolean) {
    super.trainable = value;
    for (const l of this.layers ?? []) l.trainable = value;
  }

  // A layer shared between this model and a nested one is listed twice; its weights count once.
  override get weights(): Variable[] {
    return [...new Set(this.layers.flatMap((l) => l.weights))];
  }

  override get trainableWeights(): Variable[] {
    return [...new Set(this.layers.flatMap((l) => l.trainableWeights))];
  }

  override get nonTrainableWeights(): Variable[] {
    return [...new Set(this.layers.flatMap((l) => l.nonTrainableWeights))];
  }

  /**
   * The activity penalties of the last forward pass (one per call: a shared layer called twice adds two) and the
   * current penalty of each regularized weight, counted once however many times its layer is shared.
   */
  /**
   * The model's random streams: its own, then each layer's (a nested model's opened), so that a model file, which
   * saves each top-level layer's streams, restores those inside nested models too.
   */
  override getRandomState(): [number, number][] {
    return [...super.getRandomState(), ...this.layers.flatMap((l) => l.getRandomState())];
  }

  /** Restores what {@link getRandomState} returned. @throws {ValueError} for a wrong count. */
  override setRandomState(states: readonly (readonly [number, number])[]): void {
    const own = super.getRandomState().length;
    const counts = this.layers.map((l) => l.getRandomState().length);
    const total = own + counts.reduce((a, b) => a + b, 0);
    if (states.length !== total) {
      throw new ValueError(`Model "${this.name}" has ${total} random streams. Received: ${states.length} states`);
    }
    super.setRandomState(states.slice(0, own));
    let at = own;
    this.layers.forEach((l, i) => {
      const n = counts[i] as number;
      l.setRandomState(states.slice(at, at + n));
      at += n;
    });
  }

  override get losses(): Tensor[] {
    return leafLayers(this).flatMap((l) => l.losses);
  }

  override dispose(): void {
    this.resetMetrics();
    for (const l of leafLayers(this)) l.dispose();
    this.compiled?.optimizer.dispose();
    super.dispose();
  }
}

/** Every layer inside a model, nested models opened, each once. */
function leafLayers(model: Model): Layer[] {
  const out = new Set<Layer>();
  const stack: Layer[] = [...model.layers].reverse();
  const opened = new Set<Layer>([model]);
  while (stack.length > 0) {
    const l = stack.pop() as Layer;
    if (l instanceof Model) {
      if (opened.has(l)) continue;
      opened.add(l);
      stack.push(...[...l.layers].reverse());
    } else out.add(l);
  }
  return [...out];
}
