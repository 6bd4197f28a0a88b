import { type Backend, type DataId, getKernel, type TensorInfo } from '../backends/backend.js';
import {
  type FusedKernelName,
  isFusedKernel,
  type KernelAttrs,
  type KernelName,
  PRIMITIVE_KERNELS,
} from '../backends/kernel-names.js';
import type { DType, TypedArray } from './dtype.js';
import { describe, NotImplementedError, StateError, ValueError } from './errors.js';
import { type GradientConfig, type GradientContext, getGradient, savedAccessor } from './gradient-registry.js';
import { formatShape, type Shape, shapesEqual } from './shape.js';
import { setTensorHost, Tensor, type TensorHost, Variable } from './tensor.js';
import { variableRegistry } from './variables.js';

/** Anything `tidy()` can return: tensors, arrays and plain objects of them, or nothing. */
export type TensorContainer =
  // biome-ignore lint/suspicious/noConfusingVoidType: `tidy(() => { … })` returns void and must type-check.
  void | undefined | Tensor | string | number | boolean | null | TensorContainer[] | { [key: string]: TensorContainer };

export interface MemoryInfo {
  /** Tensors not yet disposed (a tensor collected by the garbage collector also stops counting). */
  readonly numTensors: number;
  /** Live storage buffers in the active backend (several tensors may share one). */
  readonly numBuffers: number;
  readonly numBytes: number;
  readonly backend: string;
}

interface Scope {
  readonly name: string;
  readonly tracked: Tensor[];
}

/** One recorded kernel call. Only calls that depend on a watched tensor are recorded. */
interface TapeNode {
  readonly kernelName: KernelName;
  readonly config: GradientConfig<KernelName> | undefined;
  readonly attrs: KernelAttrs[KernelName];
  /** The call's inputs and outputs (their ids, shapes and dtypes outlive disposal). */
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  readonly savedInputs: (Tensor | undefined)[];
  readonly savedOutputs: (Tensor | undefined)[];
  /** Per input: does it depend on a watched tensor (so its gradient is wanted)? */
  readonly inputWatched: readonly boolean[];
}

interface Tape {
  readonly watched: Set<number>;
  readonly nodes: TapeNode[];
}

type BackendFactory = () => Backend;

interface DataRecord {
  refCount: number;
  readonly backend: Backend;
}

/**
 * Runs kernels on the active backend, counts references to storage, tracks
 * tensors for `tidy()` scopes and records the gradient tape.
 *
 * Memory design: storage is reference-counted per `DataId` (tensors created by
 * `reshape` or `clone` share it). It is released by `dispose()`, by the end of
 * the `tidy()` that created the tensor, or — as a safety net for forgotten
 * tensors — by a `FinalizationRegistry` once the tensor is unreachable. The same
 * rule serves a backend whose memory the JS garbage collector cannot see.
 */
export class Engine implements TensorHost {
  private readonly factories = new Map<string, { factory: BackendFactory; priority: number }>();
  private readonly instances = new Map<string, Backend>();
  private active: Backend | undefined;
  private readonly data = new Map<DataId, DataRecord>();
  private readonly scopes: Scope[] = [];
  private readonly tapes: Tape[] = [];
  private liveTensors = 0;
  private readonly finalizer = new FinalizationRegistry<{ dataId: DataId }>((cell) => {
    this.liveTensors--;
    this.releaseData(cell.dataId);
  });

  constructor() {
    setTensorHost(this);
  }

  // ---- backends -------------------------------------------------------------------------------------------------

  registerBackend(name: string, factory: BackendFactory, priority = 1): void {
    this.factories.set(name, { factory, priority });
  }

  backendNames(): string[] {
    return [...this.factories.keys()];
  }

  setBackend(name: string): void {
    if (!this.factories.has(name)) {
      throw new ValueError(
        `setBackend: unknown backend. Expected one of ${this.backendNames().map(describe).join(', ')}. ` +
          `Received: ${describe(name)}`,
      );
    }
    this.active = this.instance(name);
  }

  get backend(): Backend {
    if (!this.active) {
      const best = [...this.factories.entries()].sort((a, b) => b[1].priority - a[1].priority)[0];
      if (!best) throw new StateError('No backend is registered');
      this.active = this.instance(best[0]);
    }
    return this.active;
  }

  private instance(name: string): Backend {
    let b = this.instances.get(name);
    if (!b) {
      const entry = this.factories.get(name);
      if (!entry) throw new StateError(`Backend ${name} is not registered`);
      b = entry.factory();
      checkPrimitives(b);
      this.instances.set(name, b);
    }
    return b;
  }

  /**
   * Whether the active backend registers the fused kernel `kernelName`: an op with a fused fast path runs it when
   * this is true and its composite body (primitive ops) otherwise.
   */
  hasKernel(kernelName: FusedKernelName): boolean {
    return getKernel(kernelName, this.backend.name) !== undefined;
  }

  // ---- storage --------------------------------------------------------------------------------------------------

  /** Wraps storage in a new tensor; counts the reference and tracks it in the current scope. */
  private wrap(dataId: DataId, shape: Shape, dtype: DType, backend: Backend): Tensor {
    const rec = this.data.get(dataId);
    if (rec) rec.refCount++;
    else this.data.set(dataId, { refCount: 1, backend });
    const t = new Tensor(shape, dtype, dataId);
    this.track(t);
    return t;
  }

  // A tensor made inside a tidy() is disposed when the scope ends, or handed to the enclosing one; only one that
  // outlives every scope (made outside any, returned from the outermost, or kept) needs the finalizer's safety net.
  // Registering lazily spares the one-per-op FinalizationRegistry entry a training step's hundreds of temporaries
  // would otherwise cost.
  private track(t: Tensor): void {
    this.liveTensors++;
    const scope = this.scopes[this.scopes.length - 1];
    if (scope) scope.tracked.push(t);
    else this.watch(t);
  }

  /** Lets the finalizer free `t`'s storage once `t` is unreachable. */
  private watch(t: Tensor): void {
    if (t.finalizerCell || t.disposedFlag) return;
    t.finalizerCell = { dataId: t.dataId };
    this.finalizer.register(t, t.finalizerCell, t);
  }

  private unwatch(t: Tensor): void {
    if (!t.finalizerCell) return;
    t.finalizerCell = undefined;
    this.finalizer.unregister(t);
  }

  /** Makes a tensor that owns `values` (the array is handed to the backend: do not reuse it). */
  makeTensor(values: TypedArray, shape: Shape, dtype: DType): Tensor {
    const backend = this.backend;
    return this.wrap(backend.write(values, shape, dtype), shape, dtype, backend);
  }

  private releaseData(dataId: DataId): void {
    const rec = this.data.get(dataId);
    if (!rec) return;
    if (--rec.refCount === 0) {
      this.data.delete(dataId);
      rec.backend.disposeData(dataId);
    }
  }

  disposeTensor(t: Tensor): void {
    if (t.disposedFlag) return;
    t.disposedFlag = true;
    this.liveTensors--;
    this.unwatch(t);
    this.releaseData(t.dataId);
  }

  cloneTensor(t: Tensor): Tensor {
    const rec = this.dataRecord(t);
    return this.wrap(t.dataId, t.shape, t.dtype, rec.backend);
  }

  assignVariable(v: Variable, value: Tensor): void {
    const rec = this.dataRecord(value);
    rec.refCount++;
    this.releaseData(v.dataId);
    v.dataId = value.dataId;
    // The finalizer's cell follows the new storage: no unregister/register per optimizer step.
    if (v.finalizerCell) v.finalizerCell.dataId = v.dataId;
    else this.watch(v);
  }

  /** Makes a variable that owns a reference to `initial`'s storage. */
  makeVariable(initial: Tensor, trainable: boolean, name: string | undefined): Variable {
    const rec = this.dataRecord(initial);
    rec.refCount++;
    const v = new Variable(initial, trainable, name);
    variableRegistry.add(v);
    this.liveTensors++;
    this.watch(v);
    return v;
  }

  private dataRecord(t: Tensor): DataRecord {
    t.throwIfDisposed();
    const rec = this.data.get(t.dataId);
    if (!rec) throw new StateError(`Tensor ${t.id} has no storage`);
    return rec;
  }

  /**
   * `t`'s elements, synchronously; `op` names the caller for the error.
   * @throws {NotImplementedError} when `t`'s backend has no `readSync` (its reads are asynchronous only).
   */
  readSync(t: Tensor, op = 'Tensor.dataSync'): TypedArray {
    const backend = this.dataRecord(t).backend;
    if (!backend.readSync) throw syncReadError(backend, op);
    return backend.readSync(t.dataId);
  }

  /** Whether `t`'s elements can be read synchronously (its backend has `readSync`). */
  canReadSync(t: Tensor): boolean {
    return this.dataRecord(t).backend.readSync !== undefined;
  }

  read(t: Tensor): Promise<TypedArray> {
    return this.dataRecord(t).backend.read(t.dataId);
  }

  /** Moves a tensor's storage to `backend` (after `setBackend`, tensors made earlier follow on first use). */
  private moveTo(t: Tensor, backend: Backend): void {
    const rec = this.dataRecord(t);
    if (!rec.backend.readSync) throw syncReadError(rec.backend, `moving a tensor to backend ${backend.name}`);
    const values = rec.backend.readSync(t.dataId).slice();
    const dataId = backend.write(values, t.shape, t.dtype);
    this.data.set(dataId, { refCount: 1, backend });
    this.releaseData(t.dataId);
    t.dataId = dataId;
    if (t.finalizerCell) t.finalizerCell.dataId = dataId;
  }

  memory(): MemoryInfo {
    const m = this.backend.memory();
    return { numTensors: this.liveTensors, numBuffers: m.numBuffers, numBytes: m.numBytes, backend: this.backend.name };
  }

  // ---- kernels --------------------------------------------------------------------------------------------------

  /** Runs a kernel on the active backend and records it on every active tape that watches one of its inputs. */
  runKernel<K extends KernelName>(kernelName: K, inputs: readonly Tensor[], attrs: KernelAttrs[K]): Tensor;
  runKernel<K extends KernelName>(
    kernelName: K,
    inputs: readonly Tensor[],
    attrs: KernelAttrs[K],
    multiOutput: true,
  ): Tensor[];
  runKernel<K extends KernelName>(
    kernelName: K,
    inputs: readonly Tensor[],
    attrs: KernelAttrs[K],
    multiOutput = false,
  ): Tensor | Tensor[] {
    const backend = this.backend;
    const kernel = getKernel(kernelName, backend.name);
    if (!kernel) throw missingKernelError(kernelName, backend);
    for (const t of inputs) {
      const rec = this.dataRecord(t);
      if (rec.backend !== backend) this.moveTo(t, backend);
    }
    const result = kernel(inputs as readonly TensorInfo[], attrs as KernelAttrs[KernelName], backend);
    const infos = Array.isArray(result) ? result : [result];
    const outputs = infos.map((info) => this.wrap(info.dataId, info.shape, info.dtype, backend));
    if (this.tapes.length > 0) this.record(kernelName, inputs, outputs, attrs as KernelAttrs[KernelName]);
    return multiOutput ? outputs : (outputs[0] as Tensor);
  }

  // ---- scopes ---------------------------------------------------------------------------------------------------

  /**
   * Runs `fn`, then disposes every tensor it created except those it returns
   * (and those passed to `keep()`). Returned tensors move to the enclosing scope.
   */
  tidy<T>(fn: () => T, name = 'tidy'): T {
    if (typeof fn !== 'function') {
      throw new ValueError(`tidy: expected a function. Received: ${describe(fn)}`);
    }
    const scope: Scope = { name, tracked: [] };
    this.scopes.push(scope);
    let result: T;
    try {
      result = fn();
      if (result instanceof Promise) {
        throw new ValueError('tidy: the function must be synchronous; it returned a Promise');
      }
    } catch (e) {
      this.endScope(scope, undefined);
      throw e;
    }
    // Most scopes (every op's) return one tensor or nothing: no set to build for those.
    let keep: Kept;
    if (result instanceof Tensor) keep = result;
    else if (result !== undefined && result !== null && typeof result === 'object') {
      keep = new Set<number>();
      collectTensors(result, keep);
    }
    this.endScope(scope, keep);
    return result;
  }

  private endScope(scope: Scope, keep: Kept): void {
    const popped = this.scopes.pop();
    if (popped !== scope) throw new StateError(`tidy scopes closed out of order (${scope.name})`);
    const parent = this.scopes[this.scopes.length - 1];
    for (const t of scope.tracked) {
      if (t.disposedFlag) continue;
      if (keep === t || (keep instanceof Set && keep.has(t.id))) {
        if (parent) parent.tracked.push(t);
        else this.watch(t);
      } else if (!t.kept) this.disposeTensor(t);
    }
  }

  /** Exempts a tensor from every enclosing `tidy()`; the caller disposes it. */
  keep<T extends Tensor>(t: T): T {
    t.kept = true;
    this.watch(t);
    return t;
  }

  // ---- gradient tape --------------------------------------------------------------------------------------------

  /** Whether kernels run now are being recorded (a gradient computed now may itself be differentiated). */
  get recording(): boolean {
    return this.tapes.length > 0;
  }

  private record(
    kernelName: KernelName,
    inputs: readonly Tensor[],
    outputs: readonly Tensor[],
    attrs: KernelAttrs[KernelName],
  ): void {
    const config = getGradient(kernelName);
    const recorded: TapeNode[] = [];
    // First put the node on every tape that watches an input, then save tensors for the backward
    // pass: saving appends identity edges to those tapes, which must come after the node itself.
    for (const tape of this.tapes) {
      if (!inputs.some((t) => tape.watched.has(t.id))) continue;
      for (const o of outputs) tape.watched.add(o.id);
      const node: TapeNode = {
        kernelName,
        config,
        attrs,
        inputs,
        outputs,
        savedInputs: [],
        savedOutputs: [],
        inputWatched: inputs.map((t) => tape.watched.has(t.id)),
      };
      tape.nodes.push(node);
      recorded.push(node);
    }
    for (const node of recorded) {
      for (const i of config?.inputsToSave ?? []) node.savedInputs[i] = this.saveForBackward(inputs[i] as Tensor);
      for (const i of config?.outputsToSave ?? []) node.savedOutputs[i] = this.saveForBackward(outputs[i] as Tensor);
    }
  }

  /**
   * A reference for the backward pass that no scope disposes, so the forward's `tidy` cannot free it.
   * It is a new tensor, so while tapes are nested it is recorded, on every tape that watches `t`, as an
   * identity of `t`: when a backward pass that reads it is itself recorded (a second derivative),
   * gradients reaching the saved copy flow on to `t`.
   */
  private saveForBackward(t: Tensor): Tensor {
    const rec = this.dataRecord(t);
    rec.refCount++;
    const saved = new Tensor(t.shape, t.dtype, t.dataId);
    saved.kept = true;
    // Not watched by the finalizer: gradients() disposes every saved tensor in its `finally`.
    this.liveTensors++;
    // With a single tape nothing can record its backward pass (tapes nest, and that tape is off while it
    // back-propagates), so the identity edges would never be walked: skip them, as every first derivative does.
    if (this.tapes.length < 2) return saved;
    for (const tape of this.tapes) {
      if (!tape.watched.has(t.id)) continue;
      tape.watched.add(saved.id);
      tape.nodes.push({
        kernelName: 'Reshape',
        config: getGradient('Reshape'),
        attrs: { shape: t.shape },
        inputs: [t],
        outputs: [saved],
        savedInputs: [],
        savedOutputs: [],
        inputWatched: [true],
      });
    }
    return saved;
  }

  /**
   * Runs `f` while recording, then back-propagates from its result to `xs`.
   * Returns the value and one gradient per x (`null` where y does not depend on x).
   * `ones`/`add` are passed in so the engine does not import the ops that import it.
   */
  gradients(
    f: () => Tensor,
    xs: readonly Tensor[],
    dy: Tensor | undefined,
    helpers: {
      onesLike: (t: Tensor) => Tensor;
      zeros: (shape: Shape, dtype: DType) => Tensor;
      add: (a: Tensor, b: Tensor) => Tensor;
    },
  ): { value: Tensor; grads: (Tensor | null)[] } {
    const tape: Tape = { watched: new Set(xs.map((x) => x.id)), nodes: [] };
    return this.tidy(() => {
      this.tapes.push(tape);
      let y: Tensor;
      try {
        y = f();
      } finally {
        this.tapes.splice(this.tapes.indexOf(tape), 1);
      }
      if (!(y instanceof Tensor)) {
        throw new ValueError(`gradients: the function must return a Tensor. Received: ${describe(y)}`);
      }
      if (dy !== undefined && !shapesEqual(dy.shape, y.shape)) {
        throw new ValueError(
          `gradients: dy must have the shape of f's result. Expected ${formatShape(y.shape)}. ` +
            `Received: ${formatShape(dy.shape)}`,
        );
      }
      try {
        const grads = this.backprop(tape, y, dy ?? helpers.onesLike(y), xs, helpers);
        return { value: y, grads };
      } finally {
        for (const node of tape.nodes) {
          for (const t of node.savedInputs) if (t) this.disposeTensor(t);
          for (const t of node.savedOutputs) if (t) this.disposeTensor(t);
        }
      }
    }, 'gradients');
  }

  private backprop(
    tape: Tape,
    y: Tensor,
    dy: Tensor,
    xs: readonly Tensor[],
    helpers: { zeros: (shape: Shape, dtype: DType) => Tensor; add: (a: Tensor, b: Tensor) => Tensor },
  ): (Tensor | null)[] {
    const grads = new Map<number, Tensor>();
    grads.set(y.id, dy);
    const xIds = new Set(xs.map((x) => x.id));
    // The tape is in execution order, which is a topological order: walking it backwards
    // visits every consumer before its producer, with no recursion.
    for (let n = tape.nodes.length - 1; n >= 0; n--) {
      const node = tape.nodes[n] as TapeNode;
      const dys = node.outputs.map((t) => grads.get(t.id));
      if (dys.every((d) => d === undefined)) continue;
      if (!node.config) {
        throw new NotImplementedError(`No gradient is registered for kernel ${node.kernelName}`);
      }
      const config = node.config;
      const out0 = node.outputs[0] as Tensor;
      const first = dys[0] ?? helpers.zeros(out0.shape, out0.dtype);
      const ctx: GradientContext<KernelName> = {
        attrs: node.attrs,
        inputShapes: node.inputs.map((t) => t.shape),
        inputDtypes: node.inputs.map((t) => t.dtype),
        input: savedAccessor(node.savedInputs, 'input', node.kernelName),
        output: savedAccessor(node.savedOutputs, 'output', node.kernelName),
        needsGradient: (i) => node.inputWatched[i] === true,
      };
      const inputGrads = this.tidy(() => {
        const gs = config.gradFunc(first, ctx) as (Tensor | null)[];
        // A gradient may be dy itself, or one tensor for two inputs (Add returns [dy, dy]).
        // Each input's gradient must own its reference, or freeing one would free the other.
        const seen = new Set<Tensor>(dys.filter((d): d is Tensor => d !== undefined));
        return gs.map((g) => {
          if (!g) return null;
          const owned = seen.has(g) ? this.ownedCopy(g) : g;
          seen.add(g);
          return owned;
        });
      }, node.kernelName);
      for (let i = 0; i < node.inputs.length; i++) {
        const g = inputGrads[i];
        if (!g) continue;
        // A gradient for an input no watched tensor feeds is never read: drop it now.
        if (!node.inputWatched[i]) {
          g.dispose();
          continue;
        }
        const input = node.inputs[i] as Tensor;
        const id = input.id;
        if (!shapesEqual(g.shape, input.shape)) {
          throw new StateError(
            `gradient of ${node.kernelName} returned shape ${formatShape(g.shape)} for input ${i} ` +
              `of shape ${formatShape(input.shape)}`,
          );
        }
        const prev = grads.get(id);
        if (prev) {
          grads.set(id, helpers.add(prev, g));
          prev.dispose();
          g.dispose();
        } else grads.set(id, g);
      }
      // Gradients of intermediate outputs are consumed: free them now, not at the end.
      for (const { id } of node.outputs) {
        if (xIds.has(id)) continue;
        const g = grads.get(id);
        if (g && g !== dy) g.dispose();
        grads.delete(id);
      }
    }
    // A gradient that is the caller's own dy (f is the identity) is handed out as a copy, so
    // disposing the gradient never disposes the caller's dy.
    return xs.map((x) => {
      const g = grads.get(x.id);
      return g === undefined ? null : g === dy ? this.ownedCopy(g) : g;
    });
  }

  /**
   * A new reference to `g`'s storage. While a tape records (this backward pass is itself differentiated), it is an
   * identity kernel the tape sees: a bare clone would cut the path from the copy back to `g`, and a second
   * derivative through Add, whose gradient hands dy to both inputs, would find no dependence.
   */
  private ownedCopy(g: Tensor): Tensor {
    return this.tapes.length > 0 ? this.runKernel('Reshape', [g], { shape: g.shape }) : this.cloneTensor(g);
  }
}

/** What a scope hands to its parent: the tensor its function returned, or the ids of those it returned. */
type Kept = Tensor | Set<number> | undefined;

function collectTensors(container: unknown, ids: Set<number>): void {
  if (container instanceof Tensor) ids.add(container.id);
  else if (Array.isArray(container)) for (const c of container) collectTensors(c, ids);
  else if (
    container !== null &&
    typeof container === 'object' &&
    Object.getPrototypeOf(container) === Object.prototype
  ) {
    for (const v of Object.values(container)) collectTensors(v, ids);
  }
}

/**
 * Refuses a backend that lacks a primitive kernel: without one some op would fail mid-training, far from the cause.
 * @throws {NotImplementedError} naming every missing primitive.
 */
function checkPrimitives(backend: Backend): void {
  const missing = PRIMITIVE_KERNELS.filter((k) => getKernel(k, backend.name) === undefined);
  if (missing.length === 0) return;
  throw new NotImplementedError(
    `Backend ${backend.name} lacks the primitive kernel${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: ` +
      'every backend must implement all of PRIMITIVE_KERNELS (src/backends/kernel-names.ts; see docs/backends.md)',
  );
}

function missingKernelError(kernelName: KernelName, backend: Backend): NotImplementedError {
  // Ops check ENGINE.hasKernel before they run a fused kernel, so only a direct runKernel call can get here with one.
  const why = isFusedKernel(kernelName)
    ? 'it is a fused kernel, optional for a backend: call the op, which runs its composite body instead'
    : 'it is a primitive kernel, which every backend must implement';
  return new NotImplementedError(`Kernel ${kernelName} is not implemented by backend ${backend.name} (${why})`);
}

function syncReadError(backend: Backend, op: string): NotImplementedError {
  return new NotImplementedError(
    `${op}: backend ${backend.name} reads tensors asynchronously only (it has no readSync). ` +
      'Use `await t.data()` or `await t.array()` instead',
  );
}

/** The one engine. */
export const ENGINE = new Engine();
