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

type NoAttrs = Record<string, never>;
type Seed = readonly [number, number];

/**
 * The closed list of kernels: the whole contract between the ops and a backend.
 * Each entry names a kernel and the attributes it receives. A backend that
 * implements all of them runs every op, every gradient and every layer.
 */
export type KernelAttrs = { [K in UnaryKernelName]: NoAttrs } & { [K in BinaryKernelName]: NoAttrs } & {
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
  RandomUniform: { shape: readonly number[]; dtype: DType; minval: number; maxval: number; seed: Seed };
  RandomNormal: { shape: readonly number[]; dtype: DType; mean: number; stddev: number; seed: Seed };
  TruncatedNormal: { shape: readonly number[]; dtype: DType; mean: number; stddev: number; seed: Seed };
};

export type KernelName = keyof KernelAttrs;
