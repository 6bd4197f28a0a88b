import { type ActivationIdentifier, getActivation } from '../../activations/get.js';
import { type ConstraintIdentifier, getConstraint } from '../../constraints/get.js';
import { type ConfigDict, serialize } from '../../core/config.js';
import { describe, ShapeError, ValueError } from '../../core/errors.js';
import { type SeedGenerator, seedKey } from '../../core/random.js';
import type { Tensor, Variable } from '../../core/tensor.js';
import { checkNumber, optionalBoolean } from '../../core/validate.js';
import { getInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import { add, mul } from '../../ops/arithmetic.js';
import { ones, zeros } from '../../ops/creation.js';
import { dropoutWithMask } from '../../ops/dropout.js';
import { matMul } from '../../ops/mat-mul.js';
import { concat, slice, stack, unstack } from '../../ops/shape.js';
import { getRegularizer, type RegularizerIdentifier } from '../../regularizers/get.js';
import { checkSeed } from '../dropout.js';
import {
  formatLayerShape,
  Layer,
  type LayerArgs,
  type LayerShape,
  type LayerShapes,
  layerClassName,
} from '../layer.js';

/** Options shared by SimpleRNN, LSTM and GRU (Keras's RNN layer and its cells). */
export interface RecurrentArgs extends LayerArgs {
  /** Size of the state and of the output. */
  units: number;
  /** Applied to the candidate state (and, in an LSTM, to the carry on output). Default `'tanh'`. */
  activation?: ActivationIdentifier | null;
  useBias?: boolean;
  /** Of the input kernel, [inputDim, k·units]. Default glorotUniform. */
  kernelInitializer?: InitializerIdentifier;
  /** Of the recurrent kernel, [units, k·units]. Default orthogonal. */
  recurrentInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  recurrentConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  /** Fraction of the input units dropped in training, in [0, 1): one mask per sequence, the same at every step. */
  dropout?: number;
  /** Fraction of the state units dropped in training before the recurrent product, in [0, 1); one mask per sequence. */
  recurrentDropout?: number;
  /** Output every step's state, [batch, timesteps, units], instead of the last one, [batch, units]. */
  returnSequences?: boolean;
  /** Also return the final state(s): `[output, h]`, for an LSTM `[output, h, c]`. */
  returnState?: boolean;
  /** Process the sequence from the last step to the first (the outputs are in processing order, as Keras's). */
  goBackwards?: boolean;
  /** Only `false`: Dendrite keeps no state between batches yet. */
  stateful?: boolean;
  /** Accepted for Keras configs; the loop always runs step by step in TypeScript. */
  unroll?: boolean;
  /** Accepted for Keras configs; Dendrite has no masking yet. */
  zeroOutputForMask?: boolean;
  /** Seeds the dropout masks. */
  seed?: number | null;
}

/** The option names of {@link RecurrentArgs} besides LayerArgs. */
export const RECURRENT_KEYS: readonly (keyof RecurrentArgs)[] = [
  'units',
  'activation',
  'useBias',
  'kernelInitializer',
  'recurrentInitializer',
  'biasInitializer',
  'kernelRegularizer',
  'recurrentRegularizer',
  'biasRegularizer',
  'kernelConstraint',
  'recurrentConstraint',
  'biasConstraint',
  'dropout',
  'recurrentDropout',
  'returnSequences',
  'returnState',
  'goBackwards',
  'stateful',
  'unroll',
  'zeroOutputForMask',
  'seed',
];

/** What one step sees: the input projection of this step and the previous states. */
export interface StepInputs {
  /** x_t·W (+ input bias), [batch, k·units], input dropout already applied. */
  readonly projected: Tensor;
  /** The states before this step: [h] or, for an LSTM, [h, c]. */
  readonly states: readonly Tensor[];
  /** The recurrent dropout masks (1 or k, each [batch, units], already scaled by 1/(1 − rate)), or null. */
  readonly recurrentMasks: readonly Tensor[] | null;
}

/**
 * Base of SimpleRNN, LSTM and GRU: options, weights in Keras's layout (kernel [inputDim, k·units],
 * recurrent_kernel [units, k·units], bias), the dropout masks and the time loop. A subclass gives the number of
 * gates k, the number of states and one step of its cell.
 *
 * The loop runs over ops in TypeScript (per step: the input product, the recurrent product and the cell's
 * elementwise math), so the tape gives backpropagation through time. NOTE: fused
 * native cell kernels are a later step.
 *
 * Dropout as Keras 3: in training only, one mask per sequence (the same at every step), drawn from the layer's seed;
 * with `recurrentDropout`, LSTM and GRU draw one mask per gate for the input and for the state (Keras's
 * implementation 1), else one input mask for all gates.
 *
 * Input: [batch, timesteps, features]. Output: [batch, units], or [batch, timesteps, units] with `returnSequences`;
 * with `returnState`, a list `[output, ...states]`.
 */
export abstract class RecurrentLayer extends Layer {
  readonly units: number;
  readonly activation: ReturnType<typeof getActivation>;
  readonly useBias: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly unroll: boolean;
  readonly zeroOutputForMask: boolean;
  readonly seed: number | undefined;
  kernel: Variable | undefined;
  recurrentKernel: Variable | undefined;
  bias: Variable | undefined;
  protected readonly args: RecurrentArgs;
  protected readonly seedGenerator: SeedGenerator;
  /** Number of gates k: the kernels have k·units columns. */
  protected abstract readonly gates: number;
  /** Number of states: 1, or 2 for an LSTM (h, c). */
  protected readonly stateCount: number = 1;

  constructor(args: RecurrentArgs, ownKeys: readonly string[] = [], defaultActivation: ActivationIdentifier = 'tanh') {
    super(args, [...RECURRENT_KEYS, ...ownKeys]);
    const owner = layerClassName(new.target);
    if (!Number.isInteger(args.units) || args.units <= 0) {
      throw new ValueError(
        `Invalid value received for argument \`units\` of ${owner}. Expected a positive integer. Received: units=${describe(args.units)}`,
      );
    }
    this.units = args.units;
    this.activation = getActivation(args.activation === undefined ? defaultActivation : args.activation);
    this.useBias = optionalBoolean(owner, 'useBias', args.useBias, true);
    // Keras note: Keras clamps the rates into [0, 1] and ignores a rate of 1; Dendrite refuses both.
    this.dropout = checkNumber(owner, 'dropout', args.dropout ?? 0, 0, 1, 'hi');
    this.recurrentDropout = checkNumber(owner, 'recurrentDropout', args.recurrentDropout ?? 0, 0, 1, 'hi');
    this.returnSequences = optionalBoolean(owner, 'returnSequences', args.returnSequences, false);
    this.returnState = optionalBoolean(owner, 'returnState', args.returnState, false);
    this.goBackwards = optionalBoolean(owner, 'goBackwards', args.goBackwards, false);
    if (optionalBoolean(owner, 'stateful', args.stateful, false)) {
      throw new ValueError(
        `Invalid value received for argument \`stateful\` of ${owner}. Expected false (stateful recurrent layers ` +
          'are not supported yet). Received: stateful=true',
      );
    }
    this.unroll = optionalBoolean(owner, 'unroll', args.unroll, false);
    this.zeroOutputForMask = optionalBoolean(owner, 'zeroOutputForMask', args.zeroOutputForMask, false);
    this.seed = checkSeed(args.seed, owner);
    // Resolve now so a bad name fails at construction, not at the first fit.
    getInitializer(args.kernelInitializer ?? 'glorotUniform');
    getInitializer(args.recurrentInitializer ?? 'orthogonal');
    getInitializer(args.biasInitializer ?? 'zeros');
    for (const r of [args.kernelRegularizer, args.recurrentRegularizer, args.biasRegularizer]) getRegularizer(r);
    for (const c of [args.kernelConstraint, args.recurrentConstraint, args.biasConstraint])
      getConstraint(c ?? undefined);
    this.args = args;
    this.seedGenerator = this.makeSeedGenerator(this.seed);
  }

  /** The bias's shape: [k·units] (GRU with resetAfter: [2, 3·units]). */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  override build(inputShape: LayerShape): void {
    const inputDim = inputShape[2];
    if (inputShape.length !== 3 || inputDim === null || inputDim === undefined) {
      throw new ShapeError(
        `Layer "${this.name}" needs inputs of shape (batch, timesteps, features) with known features. ` +
          `Received: ${formatLayerShape(inputShape)}`,
      );
    }
    const k = this.gates * this.units;
    this.kernel = this.addWeight('kernel', [inputDim, k], {
      initializer: this.args.kernelInitializer ?? 'glorotUniform',
      regularizer: this.args.kernelRegularizer,
      constraint: this.args.kernelConstraint,
    });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, k], {
      initializer: this.args.recurrentInitializer ?? 'orthogonal',
      regularizer: this.args.recurrentRegularizer,
      constraint: this.args.recurrentConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', this.biasShape(), {
        initializer: this.args.biasInitializer ?? 'zeros',
        regularizer: this.args.biasRegularizer,
        constraint: this.args.biasConstraint,
      });
    }
    super.build(inputShape);
  }

  /** Rank 3 and the feature size it was built for (Keras's input_spec); batch and timesteps may vary. */
  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    const inputDim = this.kernel?.shape[0];
    if (shape.length !== 3 || shape[2] !== inputDim) {
      throw new ShapeError(
        `Input 0 of layer "${this.name}" is incompatible with the layer: expected shape=(None, None, ${inputDim}), ` +
          `found shape=${formatLayerShape(shape)}`,
      );
    }
  }

  /** The input bias, added to the input projection ([k·units]); GRU with resetAfter takes row 0. */
  protected inputBias(): Tensor | null {
    return this.bias ?? null;
  }

  /** One step of the cell: the new states (the first one is the step's output). */
  protected abstract step(inputs: StepInputs): Tensor[];

  /** `count` masks of `shape`, each keep/(1 − rate) (Keras's `backend.random.dropout(ones, rate)`). */
  protected dropoutMasks(shape: number[], rate: number, count: number): Tensor[] {
    return Array.from(
      { length: count },
      () => dropoutWithMask(ones(shape, this.dtype), rate, seedKey(this.seedGenerator.nextSeed(), this.className))[1],
    );
  }

  /** Columns [g·units, (g+1)·units) of a [rows, k·units] matrix, or of a [k·units] vector. */
  protected gate(w: Tensor, g: number): Tensor {
    return w.rank === 1
      ? slice(w, [g * this.units], [this.units])
      : slice(w, [0, g * this.units], [w.shape[0] as number, this.units]);
  }

  /** h·U with one recurrent mask for every gate (or none), or one mask per gate: Σ over gates of (h·m_g)·U_g. */
  protected recurrentProduct(h: Tensor, masks: readonly Tensor[] | null, gates: number): Tensor {
    const u = this.recurrentKernel as Variable;
    const uk = gates === this.gates ? u : slice(u, [0, 0], [this.units, gates * this.units]);
    if (!masks) return matMul(h, uk);
    if (masks.length === 1) return matMul(mul(h, masks[0] as Tensor), uk);
    return concat(
      Array.from({ length: gates }, (_, g) => matMul(mul(h, masks[g] as Tensor), this.gate(u, g))),
      1,
    );
  }

  call(inputs: Tensor, { training }: { training: boolean }): Tensor | Tensor[] {
    const [batch, steps, inputDim] = inputs.shape as [number, number, number];
    const kernel = this.kernel as Variable;
    const perGate = this.gates > 1 && training && this.recurrentDropout > 0;
    const inputMasks =
      training && this.dropout > 0
        ? this.dropoutMasks([batch, inputDim], this.dropout, perGate ? this.gates : 1)
        : null;
    const recurrentMasks =
      training && this.recurrentDropout > 0
        ? this.dropoutMasks([batch, this.units], this.recurrentDropout, perGate ? this.gates : 1)
        : null;
    // NOTE: each step projects its own slice x_t rather than slicing one product of all steps: a slice's gradient
    // is padded to its source's full size, and x ([batch, T, features]) is smaller than x·W ([batch, T, k·units]).
    const bias = this.inputBias();
    const gateKernels = inputMasks && inputMasks.length > 1 ? inputMasks.map((_, g) => this.gate(kernel, g)) : null;
    const project = (x: Tensor): Tensor => {
      let p: Tensor;
      if (gateKernels && inputMasks) {
        p = concat(
          inputMasks.map((m, g) => matMul(mul(x, m), gateKernels[g] as Tensor)),
          1,
        );
      } else p = matMul(inputMasks ? mul(x, inputMasks[0] as Tensor) : x, kernel);
      return bias ? add(p, bias) : p;
    };
    const perStep = steps === 0 ? [] : unstack(inputs, 1);
    if (this.goBackwards) perStep.reverse();
    let states: Tensor[] = Array.from({ length: this.stateCount }, () => zeros([batch, this.units], this.dtype));
    const outputs: Tensor[] = [];
    for (const p of perStep) {
      states = this.step({ projected: project(p), states, recurrentMasks });
      if (this.returnSequences) outputs.push(states[0] as Tensor);
    }
    const last = states[0] as Tensor;
    const output = this.returnSequences
      ? steps === 0
        ? zeros([batch, 0, this.units], this.dtype)
        : stack(outputs, 1)
      : last;
    return this.returnState ? [output, ...states] : output;
  }

  override computeOutputShape(inputShape: LayerShapes): LayerShapes {
    const shape = inputShape as LayerShape;
    const batch = shape[0] ?? null;
    const output: LayerShape = this.returnSequences ? [batch, shape[1] ?? null, this.units] : [batch, this.units];
    if (!this.returnState) return output;
    return [output, ...Array.from({ length: this.stateCount }, (): LayerShape => [batch, this.units])];
  }

  override getConfig(): ConfigDict {
    const a = this.args;
    const ser = <T extends { className: string; getConfig(): ConfigDict }>(x: T | undefined) =>
      x ? serialize(x) : null;
    return {
      ...super.getConfig(),
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: false,
      unroll: this.unroll,
      zeroOutputForMask: this.zeroOutputForMask,
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: serialize(getInitializer(a.kernelInitializer ?? 'glorotUniform')),
      recurrentInitializer: serialize(getInitializer(a.recurrentInitializer ?? 'orthogonal')),
      biasInitializer: serialize(getInitializer(a.biasInitializer ?? 'zeros')),
      kernelRegularizer: ser(getRegularizer(a.kernelRegularizer)),
      recurrentRegularizer: ser(getRegularizer(a.recurrentRegularizer)),
      biasRegularizer: ser(getRegularizer(a.biasRegularizer)),
      kernelConstraint: ser(getConstraint(a.kernelConstraint ?? undefined)),
      recurrentConstraint: ser(getConstraint(a.recurrentConstraint ?? undefined)),
      biasConstraint: ser(getConstraint(a.biasConstraint ?? undefined)),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      seed: this.seed ?? null,
    };
  }
}
