import { describe, StateError, ValueError } from '../core/errors.js';
import { SeedGenerator } from '../core/random.js';
import type { Tensor, Variable } from '../core/tensor.js';
import { checkOptions, invalidArgument } from '../core/validate.js';
import { Layer } from '../layers/layer.js';
import { getLoss, type LossIdentifier } from '../losses/get.js';
import type { Loss } from '../losses/loss.js';
import { getMetric, type MetricIdentifier } from '../metrics/get.js';
import { getOptimizer, type OptimizerIdentifier } from '../optimizers/get.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { History, Logs } from '../training/callbacks.js';
import type { DataLike } from '../training/data.js';
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
import type { Compiled, TrainingModel } from '../training/step.js';
import { printSummary, type SummaryOptions } from './summary.js';

export interface CompileArgs {
  /** An optimizer, or its name: 'sgd', 'adam', 'adamw', 'rmsprop', 'adagrad' (default 'rmsprop', as Keras). */
  optimizer?: OptimizerIdentifier;
  /** A loss, or its name in either spelling: 'categoricalCrossentropy' / 'categorical_crossentropy', 'mse', … */
  loss: LossIdentifier;
  /** Metrics to report: 'accuracy', 'mse', 'mae', 'precision', 'recall', 'auc', or Metric objects. */
  metrics?: readonly MetricIdentifier[];
}

const COMPILE_KEYS: readonly (keyof CompileArgs)[] = ['optimizer', 'loss', 'metrics'];

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
 * A layer made of layers, with Keras's training API: `compile`, `fit`, `evaluate`,
 * `predict`, `trainOnBatch`, `testOnBatch`.
 */
export abstract class Model extends Layer implements TrainingModel {
  /** Set to true (e.g. from a callback) to end `fit` after the current batch. */
  stopTraining = false;
  /**
   * Seeds `fit`'s shuffling: epoch e's order is a function of (shuffleSeed, e). Drawn from the
   * global stream at construction, so `setRandomSeed` fixes it; saved with the model.
   */
  shuffleSeed = new SeedGenerator().nextSeed();
  private compiled: Compiled | undefined;

  /** The model's layers, in order. */
  abstract get layers(): Layer[];

  /** The shape of one sample the model takes, when known. */
  abstract get inputFeatureShape(): readonly (number | null)[] | undefined;

  /**
   * Configures training: optimizer, loss and metrics (Keras's `compile`).
   * @throws {ValueError} for an unknown optimizer, loss or metric name.
   * @example `model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] })`
   */
  compile(args: CompileArgs): void {
    if (typeof args !== 'object' || args === null || args.loss === undefined) {
      throw new ValueError(`compile: expected an object with at least \`loss\`. Received: ${describe(args)}`);
    }
    checkOptions('compile', args, COMPILE_KEYS);
    if (args.metrics !== undefined && !Array.isArray(args.metrics)) {
      throw invalidArgument('compile', 'metrics', 'an array of metric names or Metric objects', args.metrics);
    }
    const optimizer: Optimizer = getOptimizer(args.optimizer ?? 'rmsprop');
    const loss: Loss = getLoss(args.loss);
    const metrics = (args.metrics ?? []).map((m) => getMetric(m, { loss: loss.className }));
    const names = new Set<string>();
    for (const m of metrics) {
      if (names.has(m.name)) throw new ValueError(`compile: metric "${m.name}" is listed twice`);
      names.add(m.name);
    }
    this.compiled = { optimizer, loss, metrics };
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
   * (`history.history.loss`, `.val_loss`, `.accuracy`, …).
   * @throws {StateError} before `compile()`; {ValueError} for mismatched sample counts, wrong feature sizes, non-finite values.
   * @example `const history = await model.fit(x, y, { epochs: 20, batchSize: 32, validationSplit: 0.2 })`
   */
  async fit(x: DataLike, y: DataLike, args: FitArgs = {}): Promise<History> {
    return fitLoop(this, requireCompiled(this.compiled, 'fit'), x, y, args);
  }

  /** Loss (penalties included, as Keras) and metrics over the data: `{ loss, accuracy, … }`. */
  evaluate(x: DataLike, y: DataLike, args: EvaluateArgs = {}): Logs {
    return evaluateLoop(this, requireCompiled(this.compiled, 'evaluate'), x, y, args);
  }

  /** The model's outputs in inference mode (Dropout off). */
  predict(x: DataLike, args: PredictArgs = {}): Tensor {
    return predictLoop(this, x, args);
  }

  /** One optimizer step on one batch; returns `{ loss, …metrics }`. */
  trainOnBatch(x: DataLike, y: DataLike, sampleWeight?: DataLike): Logs {
    return trainOnBatchLoop(this, requireCompiled(this.compiled, 'trainOnBatch'), x, y, sampleWeight);
  }

  /** Loss and metrics on one batch without training. */
  testOnBatch(x: DataLike, y: DataLike, sampleWeight?: DataLike): Logs {
    return testOnBatchLoop(this, requireCompiled(this.compiled, 'testOnBatch'), x, y, sampleWeight);
  }

  /**
   * Prints Keras's summary table: each layer's name, type, output shape and parameter count, then the
   * total, trainable and non-trainable counts with their size. `printFn` gets the whole text at once.
   * @example `model.summary()`, or `model.summary({ printFn: (text) => log.push(text), lineLength: 76 })`
   */
  summary(options: SummaryOptions = {}): void {
    printSummary(this, options);
  }

  /**
   * Writes the whole model to one file (see docs/file-format.md): architecture, weights, compile settings and,
   * with `includeOptimizer` (default), the optimizer state, so `loadModel(path)` resumes training exactly. The file
   * is written aside and renamed over `path`, so a crash mid-save leaves the previous file intact.
   * @throws {ValueError} for a model holding a function or an unregistered class (it could not be loaded back).
   * @example `await model.save('model.dendrite')`
   */
  /**
   * The architecture (and compile settings) as a JSON string in Keras 3's serialization dialect,
   * without weights; `modelFromJSON` rebuilds it. (Keras's `to_json`; TensorFlow.js's `toJSON`.)
   * @example `const json = model.toJSON()`
   */
  toJSON(): string {
    return requireModelIO('toJSON').toJSON(this);
  }

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

  override get weights(): Variable[] {
    return this.layers.flatMap((l) => l.weights);
  }

  override get trainableWeights(): Variable[] {
    return this.layers.flatMap((l) => l.trainableWeights);
  }

  override get nonTrainableWeights(): Variable[] {
    return this.layers.flatMap((l) => l.nonTrainableWeights);
  }

  /** Every layer's activity penalties (last call) and current weight penalties. */
  override get losses(): Tensor[] {
    return this.layers.flatMap((l) => l.losses);
  }

  override dispose(): void {
    for (const l of this.layers) l.dispose();
    this.compiled?.optimizer.dispose();
    super.dispose();
  }
}
