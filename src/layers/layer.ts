import type { Constraint } from '../constraints/constraint.js';
import { type ConstraintIdentifier, getConstraint } from '../constraints/get.js';
import { type ConfigDict, fromConfigOf, type Serializable } from '../core/config.js';
import type { DType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { describe, ShapeError, StateError, ValueError } from '../core/errors.js';
import { checkTensorSize } from '../core/memory-limit.js';
import { SeedGenerator } from '../core/random.js';
import { Tensor, type Variable } from '../core/tensor.js';
import { checkBoolean, checkInteger, checkOptions, optionalBoolean } from '../core/validate.js';
import { getInitializer, type InitializerIdentifier } from '../initializers/get.js';
import type { Initializer } from '../initializers/initializer.js';
import { div } from '../ops/arithmetic.js';
import { convertToTensor, type TensorLike } from '../ops/convert.js';
import { variable } from '../ops/creation.js';
import { castTo } from '../ops/internal.js';
import { getRegularizer, type RegularizerIdentifier } from '../regularizers/get.js';
import type { Regularizer } from '../regularizers/regularizer.js';
import { uniqueLayerName } from './names.js';
import { Node } from './node.js';
import { isSymbolicInput, SymbolicTensor } from './symbolic-tensor.js';

/** A shape with `null` for sizes unknown until data arrives (the batch axis, usually). */
export type LayerShape = readonly (number | null)[];

/** One shape, or one per tensor for a layer called on a list (a merge layer, a model with several inputs). */
export type LayerShapes = LayerShape | readonly LayerShape[];

/** True when `shapes` holds one shape per tensor rather than a single shape. */
export function isShapeList(shapes: LayerShapes): shapes is readonly LayerShape[] {
  return shapes.length > 0 && Array.isArray(shapes[0]);
}

/**
 * Nesting depth of layer calls in progress. The outermost call clears the activity penalties of the last forward
 * pass (its own and, for a model, every layer's inside it), so that penalties accumulate per call within one pass —
 * a layer shared by two branches contributes twice, as in Keras — and never carry over to the next.
 */
let callDepth = 0;

/** Options every layer takes. */
export interface LayerArgs {
  /** Unique within a model; generated Keras-style ('dense', 'dense_1', …) when omitted. */
  name?: string;
  /** `false` freezes the layer: its weights are neither updated nor regularized. */
  trainable?: boolean;
  /** The shape of one sample, on the first layer of a model: `[784]`. */
  inputShape?: LayerShape;
  /** The full input shape including the batch axis: `[null, 784]`. */
  batchInputShape?: LayerShape;
  /** With `inputShape`, fixes the batch size. */
  batchSize?: number;
  /** Shorthand for `inputShape: [inputDim]` (Keras 2's `input_dim`). */
  inputDim?: number;
  dtype?: 'float32' | 'float64';
  /**
   * A penalty on the layer's output, added to the loss on every call (training and
   * inference) divided by the batch size (tf.keras 2 and Keras ≥ 3.14).
   */
  activityRegularizer?: RegularizerIdentifier | null;
}

/**
 * A layer class's Keras name: its static `className` (every built-in layer has one), else the JS class name.
 * Default layer names and error messages come from it, because a minifier renames classes (a bundled Dense would
 * otherwise be named `nr`). A custom layer that must keep its name in a minified bundle sets `static className`.
 */
export function layerClassName(cls: abstract new (...args: never[]) => unknown): string {
  const own = Object.hasOwn(cls, 'className') ? (cls as unknown as { className: unknown }).className : undefined;
  return typeof own === 'string' && own !== '' ? own : cls.name;
}

/** The option names of {@link LayerArgs}, which every layer takes. */
export const LAYER_KEYS: readonly (keyof LayerArgs)[] = [
  'name',
  'trainable',
  'inputShape',
  'batchInputShape',
  'batchSize',
  'inputDim',
  'dtype',
  'activityRegularizer',
];

export interface CallOptions {
  /**
   * Training mode: Dropout and the noise layers act only when true. Default false. Given in a call on symbolic
   * tensors, it is fixed for that call: `dropout.apply(x, { training: true })` stays active in inference too.
   */
  training?: boolean;
}

const CALL_KEYS: readonly (keyof CallOptions)[] = ['training'];

export interface WeightOptions {
  initializer?: InitializerIdentifier;
  regularizer?: RegularizerIdentifier | null;
  constraint?: ConstraintIdentifier | null;
  trainable?: boolean;
  dtype?: DType;
}

/**
 * Resolves each weight's initializer, regularizer and constraint now, so that a bad name fails when the layer is
 * constructed rather than at the first fit (its weights are made only at build).
 * @throws {ValueError} for an unknown identifier.
 */
export function checkWeightOptions(...weights: readonly WeightOptions[]): void {
  for (const w of weights) {
    if (w.initializer !== undefined) getInitializer(w.initializer);
    getRegularizer(w.regularizer);
    getConstraint(w.constraint ?? undefined);
  }
}

interface Weight {
  readonly variable: Variable;
  readonly regularizer: Regularizer | undefined;
  /** Whether the weight itself is trainable; the layer's flag can still freeze it. */
  readonly ownTrainable: boolean;
}

/** Keras's shape notation, `(None, 512)`. */
export function formatLayerShape(shape: LayerShape): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

function checkShape(shape: unknown, arg: string, owner: string): LayerShape {
  if (!Array.isArray(shape) || !shape.every((d) => d === null || (Number.isInteger(d) && d > 0))) {
    throw new ValueError(
      `Invalid value received for argument \`${arg}\` of ${owner}. Expected an array of positive integers ` +
        `(or null for an unknown size). Received: ${arg}=${describe(shape)}`,
    );
  }
  return shape.slice();
}

/**
 * Base of every layer. Anatomy (Keras's): the constructor validates and stores options;
 * `build(inputShape)` creates weights once the input shape is known; `call(inputs, { training })`
 * computes the output; `getConfig()` returns the options so the layer can be rebuilt.
 * `apply()` is TensorFlow.js's name for calling a layer on a tensor.
 */
export abstract class Layer implements Serializable {
  /**
   * Rebuilds an instance from what `getConfig()` returned (Keras's `from_config`).
   * @example `layers.Dense.fromConfig(dense.getConfig())`
   */
  static fromConfig<T extends Layer>(this: { prototype: T }, config: ConfigDict): T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass it is called on (Dense.fromConfig builds a Dense).
    return fromConfigOf(this, config);
  }

  abstract readonly className: string;
  readonly name: string;
  readonly dtype: 'float32' | 'float64';
  /** The input shape the user declared (batch axis first), if any. */
  readonly batchInputShape: LayerShape | undefined;
  readonly activityRegularizer: Regularizer | undefined;
  built = false;
  /** The input shape the layer was built for (batch axis as null); one per input for a layer called on a list. */
  builtInputShape: LayerShapes | undefined;
  /** Each call on symbolic tensors, in order (Keras's `_inbound_nodes`): the edges of the graphs it is part of. */
  readonly inboundNodes: Node[] = [];
  private _trainable: boolean;
  private readonly weightList: Weight[] = [];
  private activityLosses: Tensor[] = [];
  private readonly seedGenerators: SeedGenerator[] = [];

  /**
   * @param ownKeys the option names the subclass takes besides {@link LAYER_KEYS}; any other key is an
   *   {@link UnknownOptionError}, so that Keras's `kernel_regularizer` or a typo never trains silently without it.
   */
  constructor(args: LayerArgs = {}, ownKeys: readonly string[] = []) {
    const owner = layerClassName(new.target);
    checkOptions(owner, args, [...LAYER_KEYS, ...ownKeys]);
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name.length === 0)) {
      throw new ValueError(
        `Invalid value received for argument \`name\` of ${owner}. Expected a non-empty string. Received: name=${describe(args.name)}`,
      );
    }
    this.name = args.name ?? uniqueLayerName(owner);
    this._trainable = optionalBoolean(owner, 'trainable', args.trainable, true);
    if (args.batchSize !== undefined) checkInteger(owner, 'batchSize', args.batchSize);
    if (args.dtype !== undefined && args.dtype !== 'float32' && args.dtype !== 'float64') {
      throw new ValueError(
        `Invalid value received for argument \`dtype\` of ${owner}. Expected 'float32' or 'float64'. Received: dtype=${describe(args.dtype)}`,
      );
    }
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape !== undefined)
      this.batchInputShape = checkShape(args.batchInputShape, 'batchInputShape', owner);
    else if (args.inputShape !== undefined) {
      this.batchInputShape = [args.batchSize ?? null, ...checkShape(args.inputShape, 'inputShape', owner)];
    } else if (args.inputDim !== undefined) {
      if (!Number.isInteger(args.inputDim) || args.inputDim <= 0) {
        throw new ValueError(
          `Invalid value received for argument \`inputDim\` of ${owner}. Expected a positive integer. Received: inputDim=${describe(args.inputDim)}`,
        );
      }
      this.batchInputShape = [args.batchSize ?? null, args.inputDim];
    }
    this.activityRegularizer = getRegularizer(args.activityRegularizer);
  }

  get trainable(): boolean {
    return this._trainable;
  }

  set trainable(value: boolean) {
    this._trainable = checkBoolean(this.name, 'trainable', value);
    for (const w of this.weightList) w.variable.trainable = value && w.ownTrainable;
  }

  /** Creates the layer's weights for inputs of `inputShape`. Subclasses call `addWeight` here. */
  build(inputShape: LayerShapes): void {
    this.builtInputShape = isShapeList(inputShape) ? inputShape.map((s) => s.slice()) : inputShape.slice();
    this.built = true;
  }

  /**
   * The computation. `inputs` has been converted and checked — one tensor, or a list for a layer called on a list
   * (merge layers) — and `training` is resolved. A layer with several outputs returns a list.
   */
  abstract call(inputs: Tensor | Tensor[], options: { training: boolean }): Tensor | Tensor[];

  /**
   * The output shape for an input shape (identity by default). Calls on symbolic tensors use it to know what a
   * layer returns without running it, so a custom layer that changes the shape must override it.
   */
  computeOutputShape(inputShape: LayerShapes): LayerShapes {
    return inputShape;
  }

  /**
   * Calls the layer. On a tensor (or a list of tensors, for merge layers) it builds the layer on first use, checks
   * the input against the built shape, runs `call`, and records the activity penalty of this call. On symbolic
   * tensors (from `Input()`) it computes nothing: it builds the layer, records the call as a node of a graph and
   * returns symbolic outputs, from which `new Model({ inputs, outputs })` makes a model.
   *
   * A layer with several outputs (a model with several outputs) returns a list at run time; its
   * {@link applyToList} has that type.
   * @throws {UnknownOptionError} for an option other than `training`; {ShapeError} for an incompatible input.
   * @example `new layers.Dense(3).apply(ones([2, 4]))`, or `new layers.Dense(3).apply(Input({ shape: [4] }))`
   */
  apply(inputs: SymbolicTensor | readonly SymbolicTensor[], options?: CallOptions): SymbolicTensor;
  apply(inputs: TensorLike | readonly Tensor[], options?: CallOptions): Tensor;
  apply(
    inputs: TensorLike | readonly Tensor[] | SymbolicTensor | readonly SymbolicTensor[],
    options: CallOptions = {},
  ): Tensor | SymbolicTensor {
    return this.applyToList(inputs as TensorLike, options) as unknown as Tensor;
  }

  /**
   * {@link apply} typed for layers that may return several tensors: the outputs as a list, or one tensor.
   * @example `const [a, b] = twoHeaded.applyToList(x) as SymbolicTensor[]`
   */
  applyToList(
    inputs: TensorLike | readonly Tensor[] | SymbolicTensor | readonly SymbolicTensor[],
    options: CallOptions = {},
  ): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    checkOptions(`Layer "${this.name}" call`, options, CALL_KEYS);
    const training = optionalBoolean(`Layer "${this.name}" call`, 'training', options.training, false);
    if (isSymbolicInput(inputs)) return this.applySymbolic(inputs, options.training);
    const onList = Array.isArray(inputs) && inputs.length > 0 && inputs.every((t) => t instanceof Tensor);
    const xs = onList
      ? (inputs as Tensor[]).map((t, i) => this.prepareInput(t, `inputs[${i}]`))
      : [this.prepareInput(convertToTensor(inputs as TensorLike, 'inputs', this.name), 'inputs')];
    if (!this.built) {
      const shapes = xs.map((x): LayerShape => [null, ...x.shape.slice(1)]);
      if (this.batchInputShape && !onList) this.assertCompatible((xs[0] as Tensor).shape, this.batchInputShape);
      this.build(onList ? shapes : (shapes[0] as LayerShape));
    }
    if (!onList) this.checkInput((xs[0] as Tensor).shape);
    if (callDepth === 0) this.clearLosses();
    callDepth++;
    let y: Tensor | Tensor[];
    try {
      y = this.call(onList ? xs : (xs[0] as Tensor), { training });
    } finally {
      callDepth--;
    }
    this.recordActivityLoss(y);
    return y;
  }

  /** Converts one eager input before the call: cast to the layer's dtype (a model leaves that to its inputs). */
  protected prepareInput(x: Tensor, _arg: string): Tensor {
    return x.dtype === this.dtype ? x : castTo(x, this.dtype);
  }

  private applySymbolic(
    inputs: SymbolicTensor | readonly SymbolicTensor[],
    training: boolean | undefined,
  ): SymbolicTensor | SymbolicTensor[] {
    const onList = Array.isArray(inputs);
    const xs: readonly unknown[] = onList ? inputs : [inputs];
    if (!xs.every((t) => t instanceof SymbolicTensor)) {
      throw new ValueError(
        `Layer "${this.name}" was called on a mix of symbolic tensors (from Input()) and other values. ` +
          `Received: ${describe(inputs)}`,
      );
    }
    const symbols = xs as readonly SymbolicTensor[];
    const shapes = symbols.map((t) => t.shape);
    if (!this.built) {
      if (this.batchInputShape && !onList) this.assertCompatible(shapes[0] as LayerShape, this.batchInputShape);
      this.build(onList ? shapes : (shapes[0] as LayerShape));
    }
    if (!onList) this.checkInput(shapes[0] as LayerShape);
    const out = this.computeOutputShape(onList ? shapes : (shapes[0] as LayerShape));
    const outShapes = isShapeList(out) ? out : [out];
    const nodeIndex = this.inboundNodes.length;
    const outputs = outShapes.map(
      (shape, tensorIndex) =>
        new SymbolicTensor(shape.slice(), this.dtype, `${this.name}/${nodeIndex}/${tensorIndex}`, {
          layer: this,
          nodeIndex,
          tensorIndex,
        }),
    );
    this.inboundNodes.push(new Node(this, symbols, onList, outputs, isShapeList(out), training));
    return isShapeList(out) ? outputs : (outputs[0] as SymbolicTensor);
  }

  /** Forgets the activity penalties of the last forward pass (a model: of every layer in it, too). */
  clearLosses(): void {
    for (const t of this.activityLosses) t.dispose();
    this.activityLosses = [];
  }

  private recordActivityLoss(y: Tensor | Tensor[]): void {
    if (!this.activityRegularizer) return;
    for (const out of Array.isArray(y) ? y : [y]) {
      const batch = out.shape[0] ?? 1;
      // Kept beyond the caller's tidy so `layer.losses` still holds this pass's penalties afterwards; the next
      // outermost call disposes them.
      this.activityLosses.push(ENGINE.keep(div(this.activityRegularizer.apply(out), batch)));
    }
  }

  /**
   * Checks an input against what the built layer can take (Keras's `input_spec`). The base
   * enforces only a shape the user declared (`inputShape`, `inputDim`, …); Dense, for one, also
   * requires the last axis it was built for, while other axes may vary between calls.
   */
  protected checkInput(shape: LayerShape): void {
    if (this.batchInputShape) this.assertCompatible(shape, this.batchInputShape);
  }

  /** Checks an input shape against an expected one (null on either side matches anything), in Keras's words. */
  protected assertCompatible(actual: LayerShape, expected: LayerShape): void {
    const ok =
      actual.length === expected.length &&
      expected.every((d, i) => d === null || actual[i] === null || d === actual[i]);
    if (!ok) {
      throw new ShapeError(
        `Input 0 of layer "${this.name}" is incompatible with the layer: expected shape=${formatLayerShape(expected)}, ` +
          `found shape=${formatLayerShape(actual)}`,
      );
    }
  }

  /**
   * Creates a weight (Keras's `add_weight`): a variable named `<layer>/<name>`.
   * @throws {ResourceExhaustedError} for a weight over the per-tensor limit, before its initializer runs.
   */
  protected addWeight(name: string, shape: readonly number[], options: WeightOptions = {}): Variable {
    const initializer: Initializer = getInitializer(options.initializer ?? 'glorotUniform');
    const constraint: Constraint | undefined = getConstraint(options.constraint ?? undefined);
    const ownTrainable = options.trainable ?? true;
    const dtype = options.dtype ?? this.dtype;
    checkTensorSize(this.weightOwner(name), shape, dtype);
    const value = initializer.apply(shape, dtype);
    const v = variable(value, ownTrainable && this._trainable, `${this.name}/${name}`);
    value.dispose();
    if (constraint) v.constraint = (w) => constraint.apply(w);
    this.weightList.push({ variable: v, regularizer: getRegularizer(options.regularizer), ownTrainable });
    return v;
  }

  /** How size-guard messages name weight `name` of this layer: `Layer "dense" weight "kernel"`. */
  protected weightOwner(name: string): string {
    return `Layer "${this.name}" weight "${name}"`;
  }

  /** All weights, in creation order (Keras order: kernel, then bias). */
  get weights(): Variable[] {
    return this.weightList.map((w) => w.variable);
  }

  get trainableWeights(): Variable[] {
    return this.weightList.filter((w) => w.variable.trainable).map((w) => w.variable);
  }

  get nonTrainableWeights(): Variable[] {
    return this.weightList.filter((w) => !w.variable.trainable).map((w) => w.variable);
  }

  /**
   * This call's activity penalty plus the current penalty of every trainable weight that
   * has a regularizer (recomputed on each access, so it follows the weights).
   */
  get losses(): Tensor[] {
    const out = this.activityLosses.filter((t) => !t.isDisposed);
    for (const w of this.weightList) {
      if (w.regularizer && w.variable.trainable) out.push(w.regularizer.apply(w.variable));
    }
    return out;
  }

  /** Copies of the weights' values, in Keras order. */
  getWeights(): Tensor[] {
    return this.weights.map((v) => v.clone());
  }

  /**
   * Sets the weights' values, in Keras order.
   * @throws {ValueError} for a wrong count, shape or dtype.
   */
  setWeights(weights: readonly Tensor[]): void {
    const vars = this.weights;
    if (!Array.isArray(weights) || weights.length !== vars.length) {
      throw new ValueError(
        `Layer "${this.name}" expects ${vars.length} weights. Received: ${Array.isArray(weights) ? weights.length : describe(weights)}`,
      );
    }
    // Check every weight before assigning any, so a bad list leaves the layer untouched.
    vars.forEach((v, i) => {
      const w = weights[i];
      if (!(w instanceof Tensor) || w.shape.length !== v.shape.length || w.shape.some((d, j) => d !== v.shape[j])) {
        throw new ValueError(
          `Layer "${this.name}" weight ${i} (${v.name}) has shape [${v.shape.join(',')}]. ` +
            `Received: ${w instanceof Tensor ? `shape [${w.shape.join(',')}]` : describe(w)}`,
        );
      }
      w.throwIfDisposed();
    });
    vars.forEach((v, i) => {
      const w = weights[i] as Tensor;
      v.assign(w.dtype === v.dtype ? w : castTo(w, v.dtype));
    });
  }

  /** A seed generator whose state is saved with the layer (so a resumed run draws the same masks). */
  protected makeSeedGenerator(seed?: number): SeedGenerator {
    const gen = new SeedGenerator(seed);
    this.seedGenerators.push(gen);
    return gen;
  }

  /** The state of each of the layer's random streams, in creation order. */
  getRandomState(): [number, number][] {
    return this.seedGenerators.map((g) => g.getState());
  }

  /** Restores what {@link getRandomState} returned. @throws {ValueError} for a wrong count. */
  setRandomState(states: readonly (readonly [number, number])[]): void {
    if (states.length !== this.seedGenerators.length) {
      throw new ValueError(
        `Layer "${this.name}" has ${this.seedGenerators.length} random streams. Received: ${states.length} states`,
      );
    }
    states.forEach((st, i) => {
      (this.seedGenerators[i] as SeedGenerator).setState(st);
    });
  }

  countParams(): number {
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  /** The constructor options; subclasses add their own. */
  getConfig(): ConfigDict {
    const config: Record<string, ConfigDict[string]> = {
      name: this.name,
      trainable: this.trainable,
      dtype: this.dtype,
    };
    if (this.batchInputShape) config.batchInputShape = this.batchInputShape.slice();
    if (this.activityRegularizer) {
      config.activityRegularizer = {
        className: this.activityRegularizer.className,
        config: this.activityRegularizer.getConfig(),
      };
    }
    return config;
  }

  /** Frees the weights. The layer cannot be used afterwards. */
  dispose(): void {
    for (const w of this.weightList) w.variable.dispose();
    this.clearLosses();
  }

  protected throwIfNotBuilt(what: string): void {
    if (!this.built) throw new StateError(`Layer "${this.name}" is not built yet: ${what}`);
  }
}

/**
 * Merges a layer's positional first argument (`new Dense(2, { … })`) into its options, refusing the same option
 * given both ways (`new Dense(2, { units: 3 })`), which would otherwise keep one of them silently.
 * @example `const all = withPositional('Dense', 'units', units, args)`
 */
export function withPositional<T extends object>(owner: string, key: string, first: unknown, rest: object): T {
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) return first as T;
  const given = (rest as Record<string, unknown>)[key];
  if (given !== undefined) {
    throw new ValueError(
      `${owner}: \`${key}\` was given twice, as the first argument (${describe(first)}) and in the options ` +
        `(${describe(given)}). Give it once.`,
    );
  }
  return { ...rest, [key]: first } as T;
}
