// The native backend against the TypeScript reference, op by op and on a whole training run: the same inputs on
// 'ts' and on 'native' must give the same forward values and the same gradients of Σ f(x)·r (r a fixed random
// tensor, so no gradient is trivially ones). Whatever kernel 'native' has registered when this file runs is
// exercised (the last test fails when one is not): to cover a new kernel, add one line to CASES.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { kernelsOf } from '../../src/backends/backend.js';
import {
  BINARY_KERNELS,
  type BinaryKernelName,
  UNARY_KERNELS,
  type UnaryKernelName,
} from '../../src/backends/kernel-names.js';
import { loadNative } from '../../src/backends/native/load.js';
import { ENGINE } from '../../src/core/engine.js';
import type { DType, Shape, Tensor } from '../../src/node.js';
import * as dd from '../../src/node.js';
import { col2im, im2col, patchGeometry } from '../../src/ops/conv-patches.js';
import { crossEntropy } from '../../src/ops/crossentropy.js';
import { dropoutWithMask } from '../../src/ops/dropout.js';
import { activationGrad } from '../../src/ops/fused.js';
import { penalty } from '../../src/ops/penalty.js';
import { adamUpdate, sgdUpdate } from '../../src/ops/updates.js';
import { rng } from '../util/gradcheck.js';

const native = loadNative();
const skip = !native.ok
  ? `native addon not available: ${native.reason}`
  : ENGINE.backendNames().includes('native')
    ? false
    : 'the native backend is not registered';

// ---- inputs ------------------------------------------------------------------------------------------------------

/**
 * How an input's values are drawn. normal: N(0, 1.5²). edge: normal with a quarter of the entries replaced by
 * zeros, ±0.5/±1.5/±2.5 (rounding ties), tiny and large magnitudes (exp overflows at 88.7 in float32). special:
 * edge plus NaN and ±Inf. positive: [0.05, 4). nearOne: ±[0.7, 1.3] (products of many stay finite). small:
 * integers in [-3, 3] as floats (ties for comparisons). bool: 0/1. int: integers in [lo, hi].
 */
type Kind = 'normal' | 'edge' | 'special' | 'positive' | 'nearOne' | 'small' | 'bool' | readonly [number, number];

interface InputSpec {
  shape: Shape;
  dtype: DType;
  kind: Kind;
}

const f32 = (shape: Shape, kind: Kind = 'normal'): InputSpec => ({ shape, dtype: 'float32', kind });
const f64 = (shape: Shape, kind: Kind = 'normal'): InputSpec => ({ shape, dtype: 'float64', kind });
const i32 = (shape: Shape, lo: number, hi: number): InputSpec => ({ shape, dtype: 'int32', kind: [lo, hi] });
const bool = (shape: Shape): InputSpec => ({ shape, dtype: 'bool', kind: 'bool' });

const EDGES = [0, -0, 0.5, -0.5, 1.5, -2.5, 1e-7, -1e-7, 1e4, -1e4, 30, -30, 90, -90];
const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

function draw(spec: InputSpec, next: () => number): number[] {
  const n = spec.shape.reduce((p, d) => p * d, 1);
  const normal = () => 1.5 * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const pick = (xs: readonly number[]) => xs[Math.floor(next() * xs.length)] as number;
  const { kind } = spec;
  return Array.from({ length: n }, () => {
    if (typeof kind !== 'string') return kind[0] + Math.floor(next() * (kind[1] - kind[0] + 1));
    switch (kind) {
      case 'normal':
        return normal();
      case 'edge':
        return next() < 0.25 ? pick(EDGES) : normal();
      case 'special':
        return next() < 0.15 ? pick(SPECIALS) : next() < 0.3 ? pick(EDGES) : normal();
      case 'positive':
        return 0.05 + 3.95 * next();
      case 'nearOne':
        return (next() < 0.5 ? -1 : 1) * (0.7 + 0.6 * next());
      case 'small':
        return Math.floor(next() * 7) - 3;
      default: // bool
        return next() < 0.5 ? 0 : 1;
    }
  });
}

// ---- the cases ---------------------------------------------------------------------------------------------------

interface OpCase {
  name: string;
  inputs: InputSpec[];
  f: (...xs: Tensor[]) => Tensor;
  /** Length of the longest sum inside f (reduction, inner product): tolerances grow with √k. Default 1. */
  k?: number;
  /** Forward only: f has no gradient (an optimizer update). */
  noGrad?: boolean;
}

const M: Shape = [5, 37]; // 37 columns: a tail after every SIMD width
const ROW: Shape = [37];
const COL: Shape = [5, 1];

const c = (name: string, inputs: InputSpec[], f: (...xs: Tensor[]) => Tensor, k?: number): OpCase =>
  k === undefined ? { name, inputs, f } : { name, inputs, f, k };

/** One op per unary kernel: the type makes a kernel added to UNARY_KERNELS fail to compile until it has a line. */
const UNARY: Record<UnaryKernelName, [(x: Tensor) => Tensor, 'float' | 'bool']> = {
  Neg: [dd.neg, 'float'],
  Abs: [dd.abs, 'float'],
  Sign: [dd.sign, 'float'],
  Square: [dd.square, 'float'],
  Sqrt: [dd.sqrt, 'float'],
  Rsqrt: [dd.rsqrt, 'float'],
  Reciprocal: [dd.reciprocal, 'float'],
  Exp: [dd.exp, 'float'],
  Expm1: [dd.expm1, 'float'],
  Log: [dd.log, 'float'],
  Log1p: [dd.log1p, 'float'],
  Relu: [dd.relu, 'float'],
  Relu6: [dd.relu6, 'float'],
  Sigmoid: [dd.sigmoid, 'float'],
  Tanh: [dd.tanh, 'float'],
  Softplus: [dd.softplus, 'float'],
  Elu: [dd.elu, 'float'],
  Selu: [dd.selu, 'float'],
  Erf: [dd.erf, 'float'],
  Floor: [dd.floor, 'float'],
  Ceil: [dd.ceil, 'float'],
  Round: [dd.round, 'float'],
  IsNaN: [dd.isNaN, 'float'],
  IsFinite: [dd.isFinite, 'float'],
  LogicalNot: [dd.logicalNot, 'bool'],
};
/** Unary kernels whose domain is not all reals: also compared on valid inputs (edge inputs give NaN on both). */
const POSITIVE_DOMAIN: readonly UnaryKernelName[] = ['Sqrt', 'Rsqrt', 'Log', 'Log1p', 'Reciprocal'];

/** One op per binary kernel, with the kind of values each operand gets. */
const BINARY: Record<BinaryKernelName, [(a: Tensor, b: Tensor) => Tensor, Kind, Kind]> = {
  Add: [dd.add, 'normal', 'normal'],
  Sub: [dd.sub, 'normal', 'normal'],
  Mul: [dd.mul, 'normal', 'normal'],
  Div: [dd.div, 'normal', 'normal'],
  Pow: [dd.pow, 'positive', 'normal'],
  Maximum: [dd.maximum, 'normal', 'normal'],
  Minimum: [dd.minimum, 'normal', 'normal'],
  Equal: [dd.equal, 'small', 'small'],
  NotEqual: [dd.notEqual, 'small', 'small'],
  Less: [dd.less, 'small', 'small'],
  LessEqual: [dd.lessEqual, 'small', 'small'],
  Greater: [dd.greater, 'small', 'small'],
  GreaterEqual: [dd.greaterEqual, 'small', 'small'],
  LogicalAnd: [dd.logicalAnd, 'bool', 'bool'],
  LogicalOr: [dd.logicalOr, 'bool', 'bool'],
};

function operand(shape: Shape, kind: Kind): InputSpec {
  return kind === 'bool' ? bool(shape) : f32(shape, kind);
}

const unaryCases = UNARY_KERNELS.flatMap((kernel): OpCase[] => {
  const [op, input] = UNARY[kernel];
  if (input === 'bool') return [c(kernel, [bool(M)], op)];
  return [
    c(`${kernel} (edge values)`, [f32(M, 'edge')], op),
    c(`${kernel} (NaN, ±Inf)`, [f32(M, 'special')], op),
    ...(POSITIVE_DOMAIN.includes(kernel) ? [c(`${kernel} (positive)`, [f32(M, 'positive')], op)] : []),
  ];
});

const binaryCases = BINARY_KERNELS.flatMap((kernel): OpCase[] => {
  const [op, ka, kb] = BINARY[kernel];
  return [
    c(`${kernel} [5,37] ∘ [5,37]`, [operand(M, ka), operand(M, kb)], op),
    c(`${kernel} [5,37] ∘ [37] (row)`, [operand(M, ka), operand(ROW, kb)], op, 5),
    c(`${kernel} [5,1] ∘ [5,37] (column)`, [operand(COL, ka), operand(M, kb)], op, 37),
    c(`${kernel} [5,37] ∘ scalar`, [operand(M, ka), operand([], kb)], op, 185),
    c(`${kernel} scalar ∘ [5,37]`, [operand([], ka), operand(M, kb)], op, 185),
  ];
});

const reductionCases: OpCase[] = [
  ...(
    [
      ['sum', dd.sum, 'normal'],
      ['mean', dd.mean, 'normal'],
      ['max', dd.max, 'normal'],
      ['min', dd.min, 'normal'],
      ['prod', dd.prod, 'nearOne'],
    ] as const
  ).flatMap(([name, op, kind]) => [
    c(`${name} axis 0`, [f32(M, kind)], (x) => op(x, 0), 5),
    c(`${name} axis 1`, [f32(M, kind)], (x) => op(x, 1), 37),
    c(`${name} all`, [f32(M, kind)], (x) => op(x), 185),
    c(`${name} axis 1 keepDims`, [f32(M, kind)], (x) => op(x, 1, true), 37),
  ]),
  c('sum of NaN, ±Inf', [f32(M, 'special')], (x) => dd.sum(x, 1), 37),
  c('max of NaN, ±Inf', [f32(M, 'special')], (x) => dd.max(x, 1), 37),
  c('argMax axis 0', [f32(M)], (x) => dd.argMax(x, 0)),
  c('argMax axis 1', [f32(M)], (x) => dd.argMax(x, 1)),
  c('argMin axis 0', [f32(M)], (x) => dd.argMin(x, 0)),
  c('argMin axis 1', [f32(M)], (x) => dd.argMin(x, 1)),
  c('logSumExp axis 1', [f32(M, 'edge')], (x) => dd.logSumExp(x, 1), 37),
  c('norm euclidean', [f32(M)], (x) => dd.norm(x), 185),
];

function matMulCases(m: number, k: number, n: number, spec = f32): OpCase[] {
  return [false, true].flatMap((ta) =>
    [false, true].map((tb) =>
      c(
        `matMul ${m}×${k}×${n} ${spec === f64 ? 'float64 ' : ''}transposeA=${ta} transposeB=${tb}`,
        [spec(ta ? [k, m] : [m, k]), spec(tb ? [n, k] : [k, n])],
        (a, b) => dd.matMul(a, b, ta, tb),
        k,
      ),
    ),
  );
}

const matMulTable: OpCase[] = [
  ...matMulCases(37, 53, 29),
  ...matMulCases(3, 4, 5),
  ...matMulCases(1, 1, 1),
  ...matMulCases(61, 300, 17),
  ...matMulCases(19, 23, 11, f64),
  c('matMul batched [2,7,5]·[2,5,3]', [f32([2, 7, 5]), f32([2, 5, 3])], (a, b) => dd.matMul(a, b), 5),
  c('matMul batch broadcast [2,7,5]·[5,3]', [f32([2, 7, 5]), f32([5, 3])], (a, b) => dd.matMul(a, b), 5),
  c('dot [37]·[37]', [f32(ROW), f32(ROW)], dd.dot, 37),
];

const activationCases: OpCase[] = [
  c('softmax axis -1', [f32(M, 'edge')], (x) => dd.softmax(x), 37),
  c('softmax axis 0', [f32(M)], (x) => dd.softmax(x, 0), 5),
  c('logSoftmax axis -1', [f32(M, 'edge')], (x) => dd.logSoftmax(x), 37),
  c('logSoftmax axis 0', [f32(M)], (x) => dd.logSoftmax(x, 0), 5),
  c('relu', [f32(M, 'edge')], dd.relu),
  c('sigmoid', [f32(M, 'edge')], dd.sigmoid),
  c('tanh', [f32(M, 'edge')], dd.tanh),
  c('gelu (exact)', [f32(M, 'edge')], (x) => dd.gelu(x)),
  c('gelu (tanh approximation)', [f32(M, 'edge')], (x) => dd.gelu(x, true)),
  c('elu', [f32(M, 'edge')], dd.elu),
  c('selu', [f32(M, 'edge')], dd.selu),
  c('softplus', [f32(M, 'edge')], dd.softplus),
  c('leakyRelu 0.1', [f32(M, 'edge')], (x) => dd.leakyRelu(x, 0.1)),
  c('silu', [f32(M, 'edge')], dd.silu),
  c('mish', [f32(M, 'edge')], dd.mish),
  c('softsign', [f32(M, 'edge')], dd.softsign),
  c('hardSigmoid', [f32(M, 'edge')], dd.hardSigmoid),
  c('squaredDifference', [f32(M), f32(ROW)], dd.squaredDifference, 5),
];

const shapeCases: OpCase[] = [
  c('transpose [5,37]', [f32(M)], (x) => dd.transpose(x)),
  c('transpose [2,3,4] perm [2,0,1]', [f32([2, 3, 4])], (x) => dd.transpose(x, [2, 0, 1])),
  c('reshape [5,37] → [37,5]', [f32(M)], (x) => dd.reshape(x, [37, 5])),
  c('concat axis 0', [f32(M), f32([3, 37])], (a, b) => dd.concat([a, b], 0)),
  c('concat axis 1', [f32(M), f32([5, 4])], (a, b) => dd.concat([a, b], 1)),
  c('stack axis 1', [f32(M), f32(M)], (a, b) => dd.stack([a, b], 1)),
  c('split axis 1 (second part)', [f32(M)], (x) => dd.split(x, [10, 27], 1)[1] as Tensor),
  c('slice [1,3] size [3,20]', [f32(M)], (x) => dd.slice(x, [1, 3], [3, 20])),
  c('slice to the end', [f32(M)], (x) => dd.slice(x, [2, 30])),
  c('gather axis 0, repeated indices', [f32(M), i32([7], 0, 4)], (x, i) => dd.gather(x, i, 0)),
  c('gather axis 1', [f32(M), i32([6], 0, 36)], (x, i) => dd.gather(x, i, 1)),
  c('gather 2-D indices', [f32([6, 4]), i32([3, 2], 0, 5)], (x, i) => dd.gather(x, i, 0)),
  c('oneHot, out-of-range indices', [i32([9], -1, 6)], (i) => dd.oneHot(i, 6)),
  c('oneHot on/off values', [i32([4, 3], 0, 4)], (i) => dd.oneHot(i, 5, 2.5, -1)),
  c('tile [5,37] × [2,1]', [f32(M)], (x) => dd.tile(x, [2, 1])),
  c('pad [5,37]', [f32(M)], (x) =>
    dd.pad(
      x,
      [
        [1, 2],
        [0, 3],
      ],
      -1,
    ),
  ),
  c('broadcastTo [37] → [4,37]', [f32(ROW)], (x) => dd.broadcastTo(x, [4, 37]), 4),
  c('expandDims + squeeze', [f32(M)], (x) => dd.squeeze(dd.expandDims(x, 1))),
  c('im2col 3×2 window, strides [2, 1], same', [f32([2, 5, 4, 3])], (x) =>
    im2col(x, patchGeometry('same', [5, 4], [3, 2], [2, 1], [1, 1]), -1),
  ),
  c('col2im, dilation 2, overlapping windows', [f32([1, 3, 2, 12])], (c) =>
    col2im(c, patchGeometry('valid', [5, 4], [2, 2], [1, 1], [2, 2]), [1, 5, 4, 3]),
  ),
];

const selectAndCastCases: OpCase[] = [
  c('where [5,37]', [bool(M), f32(M), f32(M)], (m, a, b) => dd.where(m, a, b)),
  c('where broadcast cond [37], b scalar', [bool(ROW), f32(M), f32([])], (m, a, b) => dd.where(m, a, b)),
  c('where with NaN in the unpicked branch', [bool(M), f32(M, 'special'), f32(M)], (m, a, b) => dd.where(m, a, b)),
  c('clipByValue [-0.5, 0.7]', [f32(M, 'edge')], (x) => dd.clipByValue(x, -0.5, 0.7)),
  c('clipByValue of NaN, ±Inf', [f32(M, 'special')], (x) => dd.clipByValue(x, -1, 1)),
  c('cast float32 → int32', [f32(M, 'edge')], (x) => dd.cast(x, 'int32')),
  c('cast float32 → bool', [f32(M, 'edge')], (x) => dd.cast(x, 'bool')),
  c('cast float32 → float64', [f32(M, 'edge')], (x) => dd.cast(x, 'float64')),
  c('cast float64 → float32', [f64(M, 'edge')], (x) => dd.cast(x, 'float32')),
  c('cast int32 → float32', [i32(M, -1000, 1000)], (x) => dd.cast(x, 'float32')),
  c('cast bool → float32', [bool(M)], (x) => dd.cast(x, 'float32')),
];

// Random kernels: a seed fixes the Philox stream, which must be the same on every backend.
const randomCases: OpCase[] = [
  c('randomUniform, own seed', [], () => dd.randomUniform([5, 37], -2, 3, 'float32', 11)),
  c('randomNormal, own seed', [], () => dd.randomNormal([5, 37], 1, 2, 'float32', 12)),
  c('truncatedNormal, own seed', [], () => dd.truncatedNormal([5, 37], 0, 1, 'float32', 13)),
  c('randomBernoulli, own seed', [], () => dd.randomBernoulli([5, 37], 0.3, 'float32', 14)),
  c('randomUniform, global seed', [], () => {
    dd.setRandomSeed(15);
    return dd.randomUniform([5, 37]);
  }),
  c('fill, eye, range', [], () => dd.concat([dd.fill([2, 3], 2.5), dd.eye(3, 3), dd.reshape(dd.range(0, 6), [2, 3])])),
];

// The fused kernels (Dense's forward and its gradient, dropout, penalties, crossentropy, optimizer updates).
const flat = (ts: readonly Tensor[]) => dd.concat(ts.map((t) => dd.reshape(t, [-1])));
const fusedCases: OpCase[] = [
  ...(['linear', 'relu', 'sigmoid', 'tanh'] as const).flatMap((activation) => [
    c(
      `fused.matMul ${activation} with bias`,
      [f32([6, 37]), f32([37, 9]), f32([9])],
      (a, b, bias) => dd.fused.matMul({ a: a as Tensor, b: b as Tensor, bias: bias as Tensor, activation }),
      37,
    ),
    c(
      `fused.matMul ${activation} transposed, no bias`,
      [f32([37, 6]), f32([9, 37])],
      (a, b) => dd.fused.matMul({ a: a as Tensor, b: b as Tensor, activation, transposeA: true, transposeB: true }),
      37,
    ),
  ]),
  ...(['relu', 'sigmoid', 'tanh'] as const).map((activation) =>
    c(`activationGrad ${activation}`, [f32(M, 'edge'), f32(M, 'nearOne')], (dy, y) =>
      activationGrad(dy as Tensor, dd.div(y as Tensor, 2), activation),
    ),
  ),
  c(
    'dropout (Philox mask, scale, −0 and NaN of dropped units)',
    [f32([7, 37], 'special')],
    (x) => dropoutWithMask(x as Tensor, 0.3, [17, 23])[0],
  ),
  c('penalty l1 + l2', [f32([9, 37])], (x) => penalty(x as Tensor, 0.01, 0.02), 333),
  c('penalty l1 alone (±Inf slope)', [f32([9, 37], 'special')], (x) => penalty(x as Tensor, 0.01, 0), 333),
  c(
    'crossEntropy categorical',
    [f32([6, 10], 'positive'), f32([6, 10], 'positive')],
    (t, p) => crossEntropy(t as Tensor, p as Tensor, 'categorical', 1e-7),
    10,
  ),
  c(
    'crossEntropy categoricalLogits',
    [f32([6, 10], 'positive'), f32([6, 10])],
    (t, x) => crossEntropy(t as Tensor, dd.mul(x as Tensor, 20), 'categoricalLogits', 1e-7),
    10,
  ),
  c(
    'crossEntropy binaryLogits (saturated logits too)',
    [f32([6, 3], 'positive'), f32([6, 3])],
    (t, x) => crossEntropy(dd.div(t as Tensor, 4), dd.mul(x as Tensor, 50), 'binaryLogits', 1e-7),
    3,
  ),
  c(
    'crossEntropy binary',
    [f32([6, 3], 'positive'), f32([6, 3], 'positive')],
    (t, p) => crossEntropy(dd.div(t as Tensor, 4), dd.div(p as Tensor, 4.5), 'binary', 1e-7),
    3,
  ),
  {
    ...c('sgdUpdate nesterov with decay', [f32([5, 37]), f32([5, 37]), f32([5, 37])], (w, g, v) =>
      flat(sgdUpdate(w as Tensor, g as Tensor, v as Tensor, { lr: 0.1, momentum: 0.9, nesterov: true, decay: 0.01 })),
    ),
    noGrad: true,
  },
  {
    ...c(
      'adamUpdate amsgrad with decay',
      [f32([5, 37]), f32([5, 37]), f32([5, 37]), f32([5, 37], 'positive')],
      (w, g, m, v) =>
        flat(
          adamUpdate(
            w as Tensor,
            g as Tensor,
            { m: m as Tensor, v: v as Tensor, vHat: dd.mul(v as Tensor, 0.9) },
            {
              alpha: 0.01,
              beta1: 0.9,
              beta2: 0.999,
              epsilon: 1e-7,
              amsgrad: true,
              decay: 0.004,
            },
          ),
        ),
    ),
    noGrad: true,
  },
];

const CASES: OpCase[] = [
  ...fusedCases,
  ...unaryCases,
  ...binaryCases,
  ...reductionCases,
  ...matMulTable,
  ...activationCases,
  ...shapeCases,
  ...selectAndCastCases,
  ...randomCases,
];

// ---- running a case ----------------------------------------------------------------------------------------------

interface Outcome {
  shape: number[];
  dtype: DType;
  value: number[];
  /** Gradients of Σ f(x)·r with respect to each float input, in order; empty when f's output is not float. */
  grads: number[][];
}

const isFloat = (d: DType) => d === 'float32' || d === 'float64';

function makeTensor(spec: InputSpec, values: readonly number[]): Tensor {
  const typed =
    spec.dtype === 'float32'
      ? Float32Array.from(values)
      : spec.dtype === 'float64'
        ? Float64Array.from(values)
        : spec.dtype === 'int32'
          ? Int32Array.from(values)
          : Uint8Array.from(values);
  return dd.tensor(typed, spec.shape, spec.dtype);
}

/** Runs the case on `backend`: the forward value, and with `r` given, the gradients of Σ f(x)·r. */
function runOn(backend: string, cse: OpCase, data: readonly number[][], r?: number[]): Outcome {
  dd.setBackend(backend);
  let out: Outcome = { shape: [], dtype: 'float32', value: [], grads: [] };
  dd.tidy(() => {
    const xs = cse.inputs.map((spec, i) => makeTensor(spec, data[i] as number[]));
    const floats = cse.inputs.flatMap((spec, i) => (isFloat(spec.dtype) ? [i] : []));
    const y = cse.f(...xs);
    out = { shape: [...y.shape], dtype: y.dtype, value: Array.from(y.dataSync()), grads: [] };
    if (r && floats.length > 0 && !cse.noGrad) {
      // f of the float inputs alone, the others held fixed.
      const g = (...fs: Tensor[]) =>
        cse.f(...xs.map((x, i) => (floats.includes(i) ? (fs[floats.indexOf(i)] as Tensor) : x)));
      const { grads } = dd.valueAndGrads(g)(
        floats.map((i) => xs[i] as Tensor),
        dd.tensor(y.dtype === 'float64' ? Float64Array.from(r) : Float32Array.from(r), y.shape, y.dtype),
      );
      out.grads = grads.map((t) => Array.from(t.dataSync()));
    }
    return undefined;
  });
  return out;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** |a − b| ≤ atol + rtol·|b| elementwise; NaN matches only NaN, ±Inf only itself, −0 may match +0. */
function compare(what: string, actual: readonly number[], expected: readonly number[], atol: number, rtol: number) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const ok = Number.isNaN(e)
      ? Number.isNaN(a)
      : !Number.isFinite(e)
        ? a === e
        : Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) bad.push(`[${i}] native ${a}, ts ${e}`);
  }
  if (bad.length > 0) {
    assert.fail(`${what}: ${bad.length} of ${expected.length} elements differ: ${bad.slice(0, 6).join('; ')}`);
  }
}

function checkCase(cse: OpCase): void {
  const next = rng(hash(cse.name));
  const data = cse.inputs.map((spec) => draw(spec, next));
  const probe = runOn('ts', cse, data);
  const r = isFloat(probe.dtype) ? probe.value.map(() => (next() < 0.5 ? -1 : 1) * (0.5 + next())) : undefined;
  const ts = runOn('ts', cse, data, r);
  const nat = runOn('native', cse, data, r);
  assert.deepEqual(nat.shape, ts.shape, 'shape');
  assert.equal(nat.dtype, ts.dtype, 'dtype');
  const scale = Math.sqrt(cse.k ?? 1);
  // float32 throughout; float64 cases are held to the same bound (the float32 one is the contract that matters).
  const [atol, rtol] = isFloat(ts.dtype) ? [1e-5 * scale, 1e-4 * scale] : [0, 0];
  compare('forward', nat.value, ts.value, atol, rtol);
  assert.equal(nat.grads.length, ts.grads.length, 'number of gradients');
  ts.grads.forEach((g, i) => {
    compare(`gradient ${i}`, nat.grads[i] as number[], g, atol, rtol);
  });
}

// ---- the model-level check ---------------------------------------------------------------------------------------

interface TrainingRun {
  losses: number[];
  weights: number[][];
}

async function train(backend: string): Promise<TrainingRun> {
  dd.setBackend(backend);
  dd.setRandomSeed(2024);
  const next = rng(99);
  const n = 48;
  const xs = Array.from({ length: n }, () => Array.from({ length: 6 }, () => next() * 2 - 1));
  const labels = xs.map((row) => ((row[0] as number) + (row[1] as number) > 0 ? ((row[2] as number) > 0 ? 2 : 1) : 0));
  const x = dd.tensor(xs);
  const y = dd.tidy(() => dd.oneHot(dd.tensor(labels, [n], 'int32'), 3));
  const model = new dd.Sequential({
    layers: [
      new dd.layers.Dense(16, {
        inputDim: 6,
        activation: 'relu',
        kernelRegularizer: dd.regularizers.l2(0.01),
      }),
      new dd.layers.Dropout(0.3),
      new dd.layers.Dense(3, { activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: new dd.optimizers.Adam({ learningRate: 0.01 }), loss: 'categoricalCrossentropy' });
  const history = await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
  const run = {
    losses: (history.history.loss as number[]).slice(),
    weights: model.weights.map((w) => Array.from(w.dataSync())),
  };
  model.dispose();
  x.dispose();
  y.dispose();
  return run;
}

// ---- the tests ---------------------------------------------------------------------------------------------------

describe('native agrees with ts', { skip }, () => {
  // Kernels run on 'native' while this file runs (a spy on the engine), for the coverage check at the end.
  const used = new Set<string>();
  let casesRun = 0;
  const runKernel = ENGINE.runKernel;
  const initial = skip ? 'ts' : dd.getBackend();
  before(() => {
    ENGINE.runKernel = function (this: typeof ENGINE, ...args: Parameters<typeof runKernel>) {
      if (this.backend.name === 'native') used.add(args[0]);
      return Reflect.apply(runKernel, this, args);
    } as typeof runKernel;
  });
  after(() => {
    ENGINE.runKernel = runKernel;
    dd.setBackend(initial);
  });

  describe('ops: forward and gradients of Σ f(x)·r', () => {
    for (const cse of CASES) {
      test(cse.name, () => {
        casesRun++;
        checkCase(cse);
      });
    }
  });

  test('a seeded Sequential (Dense relu + L2, Dropout 0.3, Dense softmax, Adam) trains alike for 3 epochs', async () => {
    const ts = await train('ts');
    const nat = await train('native');
    assert.equal(nat.losses.length, 3);
    compare('loss per epoch', nat.losses, ts.losses, 1e-5, 1e-4);
    assert.equal(nat.weights.length, ts.weights.length, 'number of weights');
    ts.weights.forEach((w, i) => {
      compare(`weight ${i}`, nat.weights[i] as number[], w, 1e-5, 1e-4);
    });
  });

  test('every kernel registered for native was exercised above', (t) => {
    if (casesRun < CASES.length) {
      t.skip(`only ${casesRun} of ${CASES.length} cases ran (--test-name-pattern?)`);
      return;
    }
    const missed = kernelsOf('native').filter((k) => !used.has(k));
    assert.deepEqual(missed, [], `add a case to CASES in test/native/cross-backend.test.ts for: ${missed.join(', ')}`);
  });
});
