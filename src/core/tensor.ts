import type { DataId } from '../backends/backend.js';
import type { DType, TypedArray } from './dtype.js';
import { DTypeError, ShapeError, StateError } from './errors.js';
import { formatShape, type Shape, shapesEqual, sizeOf } from './shape.js';

/** Nested arrays as returned by `arraySync()`. */
export type NestedArray = number | NestedArray[];

/**
 * What a tensor needs from the engine. Set once by the engine at start-up so that
 * this module does not import the engine (which imports it).
 */
export interface TensorHost {
  /** Throws (naming `op`) where t's backend has no synchronous read. */
  readSync(t: Tensor, op: string): TypedArray;
  canReadSync(t: Tensor): boolean;
  read(t: Tensor): Promise<TypedArray>;
  disposeTensor(t: Tensor): void;
  cloneTensor(t: Tensor): Tensor;
  assignVariable(v: Variable, value: Tensor): void;
}

let host: TensorHost | undefined;
let nextTensorId = 0;

export function setTensorHost(h: TensorHost): void {
  host = h;
}

function getHost(): TensorHost {
  if (!host) throw new StateError('Dendrite engine is not initialised: import from the package root');
  return host;
}

/**
 * An immutable n-dimensional array of one dtype. Its elements live in the active
 * backend; read them with the async `data()` / `array()`, which every backend supports, or with `dataSync()` /
 * `arraySync()` where the backend can read synchronously (the CPU backends can; a GPU backend may not).
 *
 * Memory: a tensor holds backend storage until `dispose()` is called, the
 * enclosing `tidy()` ends, or (as a safety net) the garbage collector finds it unreachable.
 *
 * @example
 * ```ts
 * const t = tensor([[1, 2], [3, 4]]);
 * t.shape;        // [2, 2]
 * t.arraySync();  // [[1, 2], [3, 4]]
 * t.dispose();
 * ```
 */
export class Tensor {
  /** Unique, increasing id; the gradient tape keys on it. */
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
  /** @internal Storage handle; a variable's changes on `assign`. */
  dataId: DataId;
  /** @internal Set by `keep()`: no `tidy()` disposes this tensor. */
  kept = false;
  /** @internal */
  disposedFlag = false;
  /**
   * @internal Set while the engine's finalizer watches this tensor (only tensors that outlive every scope): the
   * storage it releases if the tensor is collected undisposed. A variable's `assign` updates it in place.
   */
  finalizerCell: { dataId: DataId } | undefined = undefined;

  constructor(shape: Shape, dtype: DType, dataId: DataId) {
    this.id = nextTensorId++;
    this.shape = shape;
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this.dataId = dataId;
  }

  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.disposedFlag;
  }

  /** @internal Throws when the tensor was disposed; every use of storage goes through this. */
  throwIfDisposed(): void {
    if (this.disposedFlag) {
      throw new StateError(`Tensor ${this.id} (shape ${formatShape(this.shape)}, ${this.dtype}) is disposed`);
    }
  }

  /**
   * A copy of the elements in row-major order, synchronously.
   * @throws {NotImplementedError} on a backend without synchronous reads: use `await t.data()` there.
   */
  dataSync(): TypedArray {
    this.throwIfDisposed();
    return getHost().readSync(this, 'Tensor.dataSync').slice();
  }

  /**
   * A copy of the elements in row-major order, once the backend has computed them: works on every backend.
   * @example `const [loss] = await lossTensor.data();`
   */
  async data(): Promise<TypedArray> {
    this.throwIfDisposed();
    return (await getHost().read(this)).slice();
  }

  /**
   * The elements as nested arrays (a number for a scalar), synchronously.
   * @throws {NotImplementedError} on a backend without synchronous reads: use `await t.array()` there.
   */
  arraySync(): NestedArray {
    this.throwIfDisposed();
    return toNested(getHost().readSync(this, 'Tensor.arraySync'), this.shape);
  }

  /** The elements as nested arrays (a number for a scalar), on every backend. */
  async array(): Promise<NestedArray> {
    this.throwIfDisposed();
    return toNested(await getHost().read(this), this.shape);
  }

  /** A new tensor with the same elements (storage is shared until either is disposed). */
  clone(): Tensor {
    this.throwIfDisposed();
    return getHost().cloneTensor(this);
  }

  /** Releases the storage now. Disposing twice is harmless. */
  dispose(): void {
    if (this.disposedFlag) return;
    getHost().disposeTensor(this);
  }

  /** Prints the tensor (values, shape, dtype) to the console. */
  print(): void {
    console.log(this.toString());
  }

  toString(): string {
    if (this.disposedFlag) return `Tensor(disposed, shape=${formatShape(this.shape)}, dtype=${this.dtype})`;
    // float32 holds ~7 significant digits; printing the double expansion (0.6666666865348816) would show noise.
    const round = (v: NestedArray): NestedArray =>
      Array.isArray(v) ? v.map(round) : this.dtype === 'float32' ? Number(v.toPrecision(7)) : v;
    // A backend without synchronous reads cannot show values here: toString cannot await.
    const shown = this.size <= 64 && getHost().canReadSync(this);
    const body = shown ? JSON.stringify(round(this.arraySync())) : `${this.size} elements`;
    return `Tensor(${body}, shape=${formatShape(this.shape)}, dtype=${this.dtype})`;
  }
}

let nextVariableId = 0;

/**
 * A mutable tensor: the state a model trains. `assign()` replaces its value; the
 * gradient tape follows a variable by identity, so `variableGrads` finds it after updates.
 * Variables are never disposed by `tidy()`.
 *
 * @example
 * ```ts
 * const w = variable(zeros([2]));
 * w.assign(tensor([1, 2]));
 * ```
 */
export class Variable extends Tensor {
  readonly name: string;
  trainable: boolean;
  /**
   * Applied by optimizers after every update (Keras 3 keeps constraints on the variable too),
   * e.g. a max-norm projection. Set by layers from their `kernelConstraint` / `biasConstraint`.
   */
  constraint: ((w: Tensor) => Tensor) | undefined = undefined;

  constructor(initial: Tensor, trainable: boolean, name: string | undefined) {
    super(initial.shape, initial.dtype, initial.dataId);
    this.trainable = trainable;
    this.name = name ?? `variable_${nextVariableId++}`;
    this.kept = true;
  }

  /** Replaces the value. The new value must have the same shape and dtype. */
  assign(value: Tensor): void {
    this.throwIfDisposed();
    value.throwIfDisposed();
    if (!shapesEqual(value.shape, this.shape) || value.dtype !== this.dtype) {
      const ErrorType = shapesEqual(value.shape, this.shape) ? DTypeError : ShapeError;
      throw new ErrorType(
        `Variable.assign: the new value must match the variable "${this.name}". ` +
          `Expected shape ${formatShape(this.shape)} and dtype ${this.dtype}. ` +
          `Received: shape ${formatShape(value.shape)} and dtype ${value.dtype}`,
      );
    }
    getHost().assignVariable(this, value);
  }
}

function toNested(values: TypedArray, shape: Shape): NestedArray {
  if (shape.length === 0) return values[0] as number;
  const build = (offset: number, axis: number): NestedArray[] => {
    const n = shape[axis] as number;
    const out = new Array<NestedArray>(n);
    if (axis === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = values[offset + i] as number;
      return out;
    }
    const stride = sizeOf(shape.slice(axis + 1));
    for (let i = 0; i < n; i++) out[i] = build(offset + i * stride, axis + 1);
    return out;
  };
  return build(0, 0);
}
