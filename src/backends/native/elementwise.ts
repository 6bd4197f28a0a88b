// Native elementwise and reduction kernels (native/src/elementwise.cc), registered under 'native' over the
// TypeScript backend's versions of the same kernel ids. float32 and float64 run natively (Cast: every dtype);
// int32 and bool inputs fall back on the TypeScript kernel.
import { type DType, type FloatArray, isFloat } from '../../core/dtype.js';
import { StateError } from '../../core/errors.js';
import { broadcastShapes, type Shape, shapesEqual, sizeOf } from '../../core/shape.js';
import { getKernel, type KernelFunc, registerKernel, type TensorInfo } from '../backend.js';
import {
  type BinaryKernelName,
  type KernelAttrs,
  type KernelName,
  PREDICATE_KERNELS,
  type UnaryKernelName,
} from '../kernel-names.js';
import { transposeInto } from '../ts/kernels/transform.js';
import type { NativeBackend } from './native-backend.js';

/** Op codes of `addon.unary`: the index in this list (the order of `UnaryOp` in elementwise.cc). */
const UNARY_OPS = [
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
] as const satisfies readonly UnaryKernelName[];
const LEAKY_RELU = 25;
const CLIP_BY_VALUE = 26;
const GELU = 27;
const GELU_TANH = 28;

/** Op codes of `addon.binary` (the order of `BinaryOp` in elementwise.cc); from Equal on, the output is bool. */
const BINARY_OPS = [
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
] as const satisfies readonly BinaryKernelName[];
const FIRST_COMPARISON = BINARY_OPS.indexOf('Equal');

/** Op codes of `addon.reduce`. */
const REDUCE_OPS = ['Sum', 'Prod', 'Max', 'Min'] as const;

/**
 * Kernels whose native code calls libm (glibc: correctly rounded or nearly) where the TypeScript kernel calls V8's
 * fdlibm ports or erf.ts: the two differ in the last bit of some float64 results (Math.log(3) is 1 ulp below the
 * nearest double), so float64, whose golden values and gradient checks are written against the TypeScript results,
 * keeps the TypeScript kernel. float32 runs natively: computed in double and rounded once, it matches to 1 ulp.
 */
const LIBM = new Set<string>([
  'Exp',
  'Expm1',
  'Log',
  'Log1p',
  'Sigmoid',
  'Tanh',
  'Softplus',
  'Elu',
  'Selu',
  'Erf',
  'Gelu',
  'Pow',
]);

/** Whether the native kernel `name` handles inputs of `dtype`. */
const native = (name: string, dtype: DType): boolean => dtype === 'float32' || (dtype === 'float64' && !LIBM.has(name));

type Kernel<K extends KernelName> = KernelFunc<K, NativeBackend>;

/** The TypeScript backend's kernel, for the dtypes the native one leaves to it. */
function tsKernel<K extends KernelName>(name: K): Kernel<K> {
  const kernel = getKernel(name, 'ts');
  if (!kernel) throw new StateError(`native backend: the TypeScript kernel ${name} is not registered`);
  return kernel as unknown as Kernel<K>;
}

function unary<K extends KernelName>(
  name: K,
  code: (attrs: KernelAttrs[K]) => number,
  params: (attrs: KernelAttrs[K]) => readonly [number, number] = () => [0, 0],
): Kernel<K> {
  const fallback = tsKernel(name);
  const outDType = (dtype: DType): DType => (PREDICATE_KERNELS.has(name as UnaryKernelName) ? 'bool' : dtype);
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    if (!native(name, x.dtype)) return fallback(inputs, attrs, backend);
    const dtype = outDType(x.dtype);
    const xv = backend.values(x) as FloatArray;
    const y = backend.alloc(dtype, xv.length) as FloatArray | Uint8Array;
    const [alpha, beta] = params(attrs);
    backend.addon.unary(code(attrs), xv, y, alpha, beta);
    return backend.output(y, x.shape, dtype);
  };
}

function binary(name: BinaryKernelName, code: number): Kernel<BinaryKernelName> {
  const fallback = tsKernel(name);
  return (inputs, attrs, backend) => {
    const a = inputs[0] as TensorInfo;
    const b = inputs[1] as TensorInfo;
    if (a.dtype !== b.dtype || !native(name, a.dtype)) return fallback(inputs, attrs, backend);
    const dtype: DType = code >= FIRST_COMPARISON ? 'bool' : a.dtype;
    const av = backend.values(a) as FloatArray;
    const bv = backend.values(b) as FloatArray;
    const shape = shapesEqual(a.shape, b.shape) ? a.shape : broadcastShapes(name, a.shape, b.shape);
    const out = backend.alloc(dtype, sizeOf(shape)) as FloatArray | Uint8Array;
    // Same length or a single element: the flat call, which needs no shapes.
    const flat = (av.length === out.length || av.length === 1) && (bv.length === out.length || bv.length === 1);
    if (flat) backend.addon.binary(code, av, bv, out);
    else backend.addon.binary(code, av, bv, out, a.shape, b.shape, shape);
    return backend.output(out, shape, dtype);
  };
}

const select: Kernel<'Select'> = (() => {
  const fallback = tsKernel('Select');
  return (inputs, attrs, backend) => {
    const [c, a, b] = inputs as [TensorInfo, TensorInfo, TensorInfo];
    if (c.dtype !== 'bool' || a.dtype !== b.dtype || !isFloat(a.dtype)) return fallback(inputs, attrs, backend);
    const cv = backend.values(c) as Uint8Array;
    const av = backend.values(a) as FloatArray;
    const bv = backend.values(b) as FloatArray;
    const same = shapesEqual(c.shape, a.shape) && shapesEqual(a.shape, b.shape);
    const shape = same ? a.shape : broadcastShapes('where', c.shape, a.shape, b.shape);
    const out = backend.alloc(a.dtype, sizeOf(shape)) as FloatArray;
    if (same) backend.addon.select(cv, av, bv, out);
    else backend.addon.select(cv, av, bv, out, c.shape, a.shape, b.shape, shape);
    return backend.output(out, shape, a.dtype);
  };
})();

const cast: Kernel<'Cast'> = (inputs, { dtype }, backend) => {
  const x = inputs[0] as TensorInfo;
  const xv = backend.values(x);
  const y = backend.alloc(dtype, xv.length);
  backend.addon.cast(xv, y);
  return backend.output(y, x.shape, dtype);
};

const product = (shape: Shape, from: number, to: number): number => sizeOf(shape.slice(from, to));

function reduce(name: (typeof REDUCE_OPS)[number], code: number): Kernel<'Sum'> {
  const fallback = tsKernel(name);
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    const { axes } = attrs;
    const rank = x.shape.length;
    const sorted = axes.every(
      (a, i) => Number.isInteger(a) && a >= 0 && a < rank && (i === 0 || a > (axes[i - 1] as number)),
    );
    if (!isFloat(x.dtype) || !sorted) return fallback(inputs, attrs, backend);
    const kept = [...Array(rank).keys()].filter((a) => !axes.includes(a));
    const outShape = kept.map((a) => x.shape[a] as number);
    const xv = backend.values(x) as FloatArray;
    const out = backend.alloc(x.dtype, sizeOf(outShape)) as FloatArray;
    const first = axes[0] ?? rank;
    const last = axes[axes.length - 1] ?? rank - 1;
    if (last - first + 1 === axes.length) {
      // One contiguous group of axes (or none): x is already [outer, reduced, inner].
      const reduced = product(x.shape, first, last + 1);
      backend.addon.reduce(code, xv, product(x.shape, 0, first), reduced, product(x.shape, last + 1, rank), out);
    } else {
      // NOTE: as the TS kernel does, put the reduced axes last; reducing group by group would round float32
      // intermediate sums, which the TS kernel (accumulating in float64 throughout) does not.
      const scratch = backend.alloc(x.dtype, xv.length) as FloatArray;
      transposeInto(xv, x.shape, [...kept, ...axes], scratch);
      backend.addon.reduce(code, scratch, out.length, out.length === 0 ? 0 : xv.length / out.length, 1, out);
      backend.release(scratch, x.dtype);
    }
    return backend.output(out, outShape, x.dtype);
  };
}

function argReduce(name: 'ArgMax' | 'ArgMin'): Kernel<'ArgMax'> {
  const fallback = tsKernel(name);
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    const { axis } = attrs;
    const rank = x.shape.length;
    if (!isFloat(x.dtype) || !Number.isInteger(axis) || axis < 0 || axis >= rank) {
      return fallback(inputs, attrs, backend);
    }
    const outShape = [...x.shape.slice(0, axis), ...x.shape.slice(axis + 1)];
    const out = backend.alloc('int32', sizeOf(outShape));
    const dim = x.shape[axis] as number;
    const xv = backend.values(x) as FloatArray;
    backend.addon.argReduce(
      name === 'ArgMax',
      xv,
      product(x.shape, 0, axis),
      dim,
      product(x.shape, axis + 1, rank),
      out,
    );
    return backend.output(out, outShape, 'int32');
  };
}

/** Registers the native elementwise kernels; native-backend.ts calls it after copying the TypeScript kernels. */
export function registerElementwiseKernels(): void {
  UNARY_OPS.forEach((name, code) => {
    registerKernel(
      name,
      'native',
      unary(name, () => code),
    );
  });
  registerKernel(
    'LeakyRelu',
    'native',
    unary(
      'LeakyRelu',
      () => LEAKY_RELU,
      ({ alpha }) => [alpha, 0],
    ),
  );
  registerKernel(
    'ClipByValue',
    'native',
    unary(
      'ClipByValue',
      () => CLIP_BY_VALUE,
      ({ min, max }) => [min, max],
    ),
  );
  registerKernel(
    'Gelu',
    'native',
    unary('Gelu', ({ approximate }) => (approximate ? GELU_TANH : GELU)),
  );
  BINARY_OPS.forEach((name, code) => {
    registerKernel(name, 'native', binary(name, code));
  });
  registerKernel('Select', 'native', select);
  registerKernel('Cast', 'native', cast);
  REDUCE_OPS.forEach((name, code) => {
    registerKernel(name, 'native', reduce(name, code));
  });
  registerKernel('ArgMax', 'native', argReduce('ArgMax'));
  registerKernel('ArgMin', 'native', argReduce('ArgMin'));
}
