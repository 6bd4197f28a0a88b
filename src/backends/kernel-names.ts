import type { DType } from '../core/dtype.js';

/** Kernels that map each element through one function; all share one gradient shape. */
export const UNARY_KERNELS = [
  'Neg',
  'Abs',
  'Sign',
  'Square',
  'Sqrt',
  'Rsqrt',
  'Reciprocal',
  'Exp',
  'Expm1',
  'Log',
  'Log1p',
  'Relu',
  'Relu6',
  'Sigmoid',
  'Tanh',
  'Softplus',
  'Elu',
  'Selu',
  'Erf',
  'Floor',
  'Ceil',
  'Round',
  'IsNaN',
  'IsFinite',
  'LogicalNot',
] as const;

/** Kernels on two broadcast operands. */
export const BINARY_KERNELS = [
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Maximum',
  'Minimum',
  'Equal',
  'NotEqual',
  'Less',
  'LessEqual',
  'Greater',
  'GreaterEqual',
  'LogicalAnd',
  'LogicalOr',
] as const;

export type UnaryKernelName = (typeof UNARY_KERNELS)[number];
export type BinaryKernelName = (typeof BINARY_KERNELS)[number];

/** Unary kernels whose output is bool whatever the input's dtype. */
export const PREDICATE_KERNELS: ReadonlySet<UnaryKernelName> = new Set(['IsNaN', 'IsFinite', 'LogicalNot'] as const);

/** Binary kernels whose output is bool (and which have no gradient). */
export const COMPARISON_KERNELS = [
  'Equal',
  'NotEqual',
  'Less',
  'LessEqual',
  'Greater',
  'GreaterEqual',
  'LogicalAnd',
  'LogicalOr',
] as const satisfies readonly BinaryKernelName[];

type NoAttrs = Record<string, never>;

/** Activations a fused kernel applies in its epilogue: those whose derivative is a function of their output. */
export const FUSED_ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh'] as const;
export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];
/**
 * 'binary'/'categorical' read probabilities (clipped to [lo, hi]; categorical renormalised first);
 * 'binaryLogits'/'categoricalLogits' read logits (the stable sigmoid and log-softmax forms; lo, hi unused).
 */
export const CROSS_ENTROPY_KINDS = ['binary', 'categorical', 'binaryLogits', 'categoricalLogits'] as const;
export type CrossEntropyKind = (typeof CROSS_ENTROPY_KINDS)[number];
type Seed = readonly [number, number];

/**
 * Where the patches of an NHWC image lie (Im2Col, Col2Im): window size, step, dilation (gaps between the taps) and
 * the zero-size border added on each side ([top, bottom, left, right]). The output grid is
 * outH = ⌊(H + top + bottom − ((kh − 1)·dh + 1)) / sh⌋ + 1, and likewise outW.
 */
export interface PatchGeometry {
  kernelSize: readonly [number, number];
  strides: readonly [number, number];
  dilations: readonly [number, number];
  pads: readonly [top: number, bottom: number, left: number, right: number];
}

/**
 * The primitive kernels and the attributes each receives: the whole contract between the ops and a backend. A
 * backend that implements all of them runs every op, every gradient, every layer, loss and optimizer (see
 * docs/backends.md); the engine refuses to activate one that lacks any.
 */
export type PrimitiveKernelAttrs = { [K in UnaryKernelName]: NoAttrs } & { [K in BinaryKernelName]: NoAttrs } & {
  LeakyRelu: { alpha: number };
  Gelu: { approximate: boolean };
  ClipByValue: { min: number; max: number };
  Cast: { dtype: DType };
  /** condition, a, b → a where condition else b (all three broadcast). */
  Select: NoAttrs;
  Sum: { axes: readonly number[] };
  Prod: { axes: readonly number[] };
  Max: { axes: readonly number[] };
  Min: { axes: readonly number[] };
  ArgMax: { axis: number };
  ArgMin: { axis: number };
  /** Batched product: a [...batch, m, k] · b [...batch, k, n], batch dims broadcast. */
  MatMul: { transposeA: boolean; transposeB: boolean };
  /** Same elements, new shape: a backend may share the input's storage. */
  Reshape: { shape: readonly number[] };
  Transpose: { perm: readonly number[] };
  Concat: { axis: number };
  Slice: { begin: readonly number[]; size: readonly number[] };
  /** params, int32 indices → params gathered along `axis`. */
  Gather: { axis: number };
  /** Adds `updates` into a zero tensor of `shape` at `indices` along axis 0 (the gradient of Gather). */
  ScatterAdd: { shape: readonly number[]; axis: number };
  OneHot: { depth: number; onValue: number; offValue: number; dtype: DType };
  Tile: { reps: readonly number[] };
  Pad: { paddings: readonly (readonly [number, number])[]; value: number };
  Fill: { shape: readonly number[]; value: number; dtype: DType };
  /**
   * The patches of an NHWC image x [N, H, W, C] → [N, outH, outW, kh·kw·C], each patch laid out (ky, kx, c); taps
   * in the border read `padValue` (0 for a convolution, −∞ for max pooling). A convolution is then one MatMul.
   */
  Im2Col: PatchGeometry & { padValue: number };
  /** Im2Col's adjoint: adds each patch entry of cols [N, outH, outW, kh·kw·C] back into a zero image of `shape`. */
  Col2Im: PatchGeometry & { shape: readonly [number, number, number, number] };
  RandomUniform: { shape: readonly number[]; dtype: DType; minval: number; maxval: number; seed: Seed };
  RandomNormal: { shape: readonly number[]; dtype: DType; mean: number; stddev: number; seed: Seed };
  TruncatedNormal: { shape: readonly number[]; dtype: DType; mean: number; stddev: number; seed: Seed };
};

/**
 * The fused kernels: optional fast paths, one pass where the primitives would each cost a call and a trip through
 * memory. Each is the kernel of an op whose body, written with primitive ops, is its definition: the op runs the
 * fused kernel only where the active backend registers it (ENGINE.hasKernel), and its composite body otherwise, so
 * a backend may implement any subset of these, or none. The ops: FusedMatMul, FusedMatMulGrad and ActivationGrad
 * in ops/fused.ts (Dense's forward and backward), Dropout in ops/dropout.ts, CrossEntropy and CrossEntropyGrad in
 * ops/crossentropy.ts, Penalty and PenaltyGrad in ops/penalty.ts, SgdUpdate and AdamUpdate in ops/updates.ts.
 */
export type FusedKernelAttrs = {
  /** act(op(a)·op(b) + bias) for 2-D a, b and a bias of length n (inputs: a, b[, bias]): Dense's forward. */
  FusedMatMul: { transposeA: boolean; transposeB: boolean; activation: FusedActivation };
  /**
   * FusedMatMul's backward in one call (inputs: dy, a, b, y): dz = dy·act′(y), then the gradients asked for, in this
   * order: da (needA), db (needB), Σ_rows dz (needBias).
   */
  FusedMatMulGrad: {
    transposeA: boolean;
    transposeB: boolean;
    activation: FusedActivation;
    needA: boolean;
    needB: boolean;
    needBias: boolean;
  };
  /** dy·act′ written in terms of the activation's output y (inputs: dy, y): the backward of the epilogue. */
  ActivationGrad: { activation: FusedActivation };
  /**
   * Inverted dropout over the whole input (inputs: x) → [x·keep/(1 − rate), keep/(1 − rate)], keep being
   * `u < 1 − rate` for u the float32 Philox uniforms of `seed` (the stream RandomUniform draws).
   */
  Dropout: { rate: number; seed: Seed };
  /**
   * Crossentropy of probabilities per sample over the last axis (inputs: labels t, predictions p, same shape) →
   * shape without the last axis. 'binary': mean of −(t·log q + (1 − t)·log(1 − q)); 'categorical':
   * −Σ t·log q with p first divided by its sum; q is clipped to [lo, hi] (Keras's [ε, 1 − ε], as p's dtype rounds it).
   */
  CrossEntropy: { kind: CrossEntropyKind; lo: number; hi: number };
  /** The gradient of CrossEntropy with respect to p (inputs: per-sample dy, t, p); clipped entries get 0. */
  CrossEntropyGrad: { kind: CrossEntropyKind; lo: number; hi: number };
  /** l1·Σ|x| + l2·Σx² as a scalar (inputs: x): the L1/L2 regularizers' penalty. */
  Penalty: { l1: number; l2: number };
  /** dy·(l1·sign(x) + 2·l2·x) (inputs: scalar dy, x): the penalty's gradient. */
  PenaltyGrad: { l1: number; l2: number };
  /**
   * One SGD step (inputs: w, g[, velocity]) → [w′] or [w′, velocity′]; first w ← w − w·decay when decay > 0
   * (decoupled weight decay, decay = weightDecay·lr). With momentum μ: v′ = μv − lr·g; w′ = w + v′, or
   * w + μv′ − lr·g with Nesterov.
   */
  SgdUpdate: { lr: number; momentum: number; nesterov: boolean; decay: number };
  /**
   * One Adam step (inputs: w, g, m, v[, vHat]) → [w′, m′, v′[, vHat′]], after the same decoupled decay:
   * m′ = m + (g − m)(1 − β1), v′ = v + (g² − v)(1 − β2), w′ = w − m′·alpha/(√v′ + ε) (√max(vHat, v′) with AMSGrad).
   */
  AdamUpdate: { alpha: number; beta1: number; beta2: number; epsilon: number; amsgrad: boolean; decay: number };
};

/** Every kernel: the primitives every backend implements and the fused kernels a backend may add. */
export type KernelAttrs = PrimitiveKernelAttrs & FusedKernelAttrs;
export type KernelName = keyof KernelAttrs;
export type PrimitiveKernelName = keyof PrimitiveKernelAttrs;
export type FusedKernelName = keyof FusedKernelAttrs;

// Records keyed by exactly the attribute types' names: a kernel added to the attributes but not here (or named here
// and not there) fails to compile, so the lists below cannot drift from the types.
const OTHER_PRIMITIVES: Record<Exclude<PrimitiveKernelName, UnaryKernelName | BinaryKernelName>, true> = {
  LeakyRelu: true,
  Gelu: true,
  ClipByValue: true,
  Cast: true,
  Select: true,
  Sum: true,
  Prod: true,
  Max: true,
  Min: true,
  ArgMax: true,
  ArgMin: true,
  MatMul: true,
  Reshape: true,
  Transpose: true,
  Concat: true,
  Slice: true,
  Gather: true,
  ScatterAdd: true,
  OneHot: true,
  Tile: true,
  Pad: true,
  Fill: true,
  Im2Col: true,
  Col2Im: true,
  RandomUniform: true,
  RandomNormal: true,
  TruncatedNormal: true,
};
const FUSED: Record<FusedKernelName, true> = {
  FusedMatMul: true,
  FusedMatMulGrad: true,
  ActivationGrad: true,
  Dropout: true,
  CrossEntropy: true,
  CrossEntropyGrad: true,
  Penalty: true,
  PenaltyGrad: true,
  SgdUpdate: true,
  AdamUpdate: true,
};

/** The primitive kernels by name: what every backend must implement (the engine checks when it activates one). */
export const PRIMITIVE_KERNELS: readonly PrimitiveKernelName[] = [
  ...UNARY_KERNELS,
  ...BINARY_KERNELS,
  ...(Object.keys(OTHER_PRIMITIVES) as PrimitiveKernelName[]),
];

/** The fused kernels by name: what a backend may implement so that the ops using them run in one pass. */
export const FUSED_KERNELS: readonly FusedKernelName[] = Object.keys(FUSED) as FusedKernelName[];

/** Whether `name` is a fused kernel (optional for a backend) rather than a primitive (required). */
export function isFusedKernel(name: string): name is FusedKernelName {
  return Object.hasOwn(FUSED, name);
}

/** One matrix product: left and right operands and their transpose flags. */
export type MatMulProduct<T> = readonly [left: T, right: T, transposeLeft: boolean, transposeRight: boolean];

/**
 * The two products of MatMul's gradient for C = op(A)·op(B): dA and dB, each written with transpose flags so that no
 * transposed copy is ever made. Generic over what stands for an operand (a tensor for a gradient function, a
 * TensorInfo for a composite kernel).
 */
export function matMulGradProducts<T>(
  a: T,
  b: T,
  dc: T,
  transposeA: boolean,
  transposeB: boolean,
): { da: MatMulProduct<T>; db: MatMulProduct<T> } {
  return {
    da: transposeA ? [b, dc, transposeB, true] : [dc, b, false, !transposeB],
    db: transposeB ? [dc, a, true, transposeA] : [a, dc, !transposeA, false],
  };
}
