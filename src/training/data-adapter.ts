import { ENGINE } from '../core/engine.js';
import { describe, ValueError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { tensor } from '../ops/convert.js';
import { argMax } from '../ops/reduction.js';
import { gather, slice } from '../ops/shape.js';
import {
  assertNonNegativeWeights,
  assertSameSamples,
  type DataLike,
  type DeferredCheck,
  splitPoint,
  toDataTensor,
} from './data.js';

/**
 * Data for a model's inputs or outputs: one array (a model with one), a list in the model's order, or a dict keyed
 * by input or output name.
 */
export type DataStructure = DataLike | readonly DataLike[] | Readonly<Record<string, DataLike>>;

/** What the adapter needs to know of a model: its inputs' and outputs' names, and its inputs' sample shapes. */
export interface AdapterModel {
  readonly name: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** One per input, when known. */
  readonly inputFeatureShapes: readonly (readonly (number | null)[])[] | undefined;
}

/** Arrays of samples laid out as the model takes them: one tensor per input, one label and weight per output. */
export interface Arrays {
  readonly x: readonly Tensor[];
  readonly y: readonly Tensor[];
  /** One per output (`undefined`: unweighted). */
  readonly sampleWeight: readonly (Tensor | undefined)[];
}

/** {@link Arrays} plus the tensors the adapter made and must dispose. */
export interface AdaptedData extends Arrays {
  readonly owned: readonly Tensor[];
}

function isRecord(x: unknown): x is Readonly<Record<string, DataLike>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) && !(x instanceof Tensor);
}

/**
 * Splits a structure into one entry per name. With one name, an array is the data itself (nested arrays of
 * numbers), unless it is a list holding one tensor or typed array.
 */
function entries(
  value: DataStructure,
  names: readonly string[],
  arg: string,
  op: string,
  kind: 'input' | 'output',
): DataLike[] {
  const count = Math.max(names.length, 1);
  if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      if (!names.includes(key)) {
        throw new ValueError(
          `${op}: \`${arg}\` has a key "${key}" that names no ${kind} of the model. Expected keys: ${names.map((n) => `"${n}"`).join(', ')}`,
        );
      }
    }
    return names.map((n) => {
      const v = value[n];
      if (v === undefined) throw new ValueError(`${op}: \`${arg}\` has no entry for the ${kind} "${n}"`);
      return v;
    });
  }
  const isList =
    Array.isArray(value) &&
    (count > 1 || (value.length === 1 && (value[0] instanceof Tensor || ArrayBuffer.isView(value[0]))));
  if (!isList) {
    if (count > 1) {
      throw new ValueError(
        `${op}: the model has ${count} ${kind}s (${names.map((n) => `"${n}"`).join(', ')}); \`${arg}\` must be a list ` +
          `of ${count} arrays or a dict keyed by ${kind} name. Received: ${describe(value)}`,
      );
    }
    return [value as DataLike];
  }
  const list = value as readonly DataLike[];
  if (list.length !== count) {
    throw new ValueError(
      `${op}: the model has ${count} ${kind}(s), but \`${arg}\` holds ${list.length} arrays. ` +
        `Expected one per ${kind}: ${names.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  return list.slice();
}

/** Sample weights: one array for every output (Keras), or one per output as a list or dict. */
function weightEntries(
  value: DataStructure | undefined,
  names: readonly string[],
  op: string,
  prefix: string,
): (DataLike | undefined)[] {
  const count = Math.max(names.length, 1);
  if (value === undefined) return Array.from({ length: count }, () => undefined);
  if (count > 1 && (isRecord(value) || (Array.isArray(value) && value.length === count && !isNumberList(value)))) {
    return entries(value, names, `${prefix}sampleWeight`, op, 'output');
  }
  if (isRecord(value)) return entries(value, names, `${prefix}sampleWeight`, op, 'output');
  const one = Array.isArray(value) && value.length === 1 && value[0] instanceof Tensor ? value[0] : value;
  return Array.from({ length: count }, () => one as DataLike);
}

function isNumberList(value: readonly unknown[]): boolean {
  return value.every((v) => typeof v === 'number');
}

/**
 * Converts user data for `fit`/`evaluate`/`trainOnBatch` into one tensor per input and per output, checking every
 * value is finite, every array has the same number of samples and each input's samples have the model's shape.
 * @throws {ValueError} naming the argument at fault (`x`, `y["cls"]`, `val_sampleWeight`, …).
 */
export function adaptData(
  model: AdapterModel,
  x: DataStructure,
  y: DataStructure,
  sampleWeight: DataStructure | undefined,
  op: string,
  prefix = '',
  deferred?: DeferredCheck[],
): AdaptedData {
  const owned: Tensor[] = [];
  const own = (t: Tensor, src: unknown): Tensor => {
    if (t !== src) owned.push(t);
    return t;
  };
  try {
    const xs = adaptInputs(model, x, op, prefix, owned, deferred);
    const outNames = model.outputNames;
    const label = (i: number, base: string) =>
      outNames.length > 1 ? `${prefix}${base}["${outNames[i]}"]` : `${prefix}${base}`;
    const ys = entries(y, outNames, `${prefix}y`, op, 'output').map((v, i) =>
      own(toDataTensor(v, label(i, 'y'), op, { deferred }), v),
    );
    const ws = weightEntries(sampleWeight, outNames, op, prefix).map((v, i) => {
      if (v === undefined) return undefined;
      const w = own(toDataTensor(v, label(i, 'sampleWeight'), op, { dtype: 'float32', deferred }), v);
      assertNonNegativeWeights(w, label(i, 'sampleWeight'), op, deferred);
      return w;
    });
    assertSameSamples(op, [
      ...xs.map((t, i): [string, Tensor] => [xLabel(model, i, prefix), t]),
      ...ys.map((t, i): [string, Tensor] => [label(i, 'y'), t]),
      ...ws.map((t, i): [string, Tensor | undefined] => [label(i, 'sampleWeight'), t]),
    ]);
    return { x: xs, y: ys, sampleWeight: ws, owned };
  } catch (e) {
    for (const t of owned) t.dispose();
    throw e;
  }
}

function xLabel(model: AdapterModel, i: number, prefix: string): string {
  return model.inputNames.length > 1 ? `${prefix}x["${model.inputNames[i]}"]` : `${prefix}x`;
}

/**
 * One tensor per input, each checked against its input's sample shape (`predict` needs no labels).
 * Tensors made here are pushed to `owned`.
 */
export function adaptInputs(
  model: AdapterModel,
  x: DataStructure,
  op: string,
  prefix: string,
  owned: Tensor[],
  deferred?: DeferredCheck[],
): Tensor[] {
  const shapes = model.inputFeatureShapes;
  return entries(x, model.inputNames, `${prefix}x`, op, 'input').map((v, i) => {
    const arg = xLabel(model, i, prefix);
    const featureShape = shapes?.[i];
    const t = toDataTensor(v, arg, op, { featureShape, dtype: 'float32', deferred });
    if (t !== v) owned.push(t);
    if (featureShape) {
      const actual = t.shape.slice(1);
      const ok = actual.length === featureShape.length && featureShape.every((d, j) => d === null || d === actual[j]);
      if (!ok) {
        throw new ValueError(
          `${op}: \`${arg}\` has samples of shape [${actual.join(',')}], but model "${model.name}" expects [${featureShape.map((d) => d ?? 'None').join(',')}]`,
        );
      }
    }
    return t;
  });
}

/** The number of samples (every array has the same). */
export function sampleCount(data: Arrays): number {
  return (data.x[0] as Tensor).shape[0] as number;
}

/** Keras's `validationSplit`: the last `fraction` of every array, before shuffling. Returns [train, validation]. */
export function splitArrays(data: Arrays, fraction: number, op: string): [Arrays, Arrays] {
  const n = sampleCount(data);
  const at = splitPoint(n, fraction, op);
  const part = (begin: number, size: number): Arrays => ({
    x: data.x.map((t) => slice(t, [begin], [size])),
    y: data.y.map((t) => slice(t, [begin], [size])),
    sampleWeight: data.sampleWeight.map((t) => t && slice(t, [begin], [size])),
  });
  return [part(0, at), part(at, n - at)];
}

/** Every tensor of `data` (to dispose the slices made by {@link splitArrays}). */
export function tensorsOf(data: Arrays): Tensor[] {
  return [...data.x, ...data.y, ...data.sampleWeight.filter((t): t is Tensor => t !== undefined)];
}

/** Samples [start, end) of every array, in `order` when given (a shuffled epoch), else contiguous. */
export function batchOf(data: Arrays, order: Int32Array | null, start: number, end: number): Arrays {
  if (order === null) {
    const take = (t: Tensor) => slice(t, [start], [end - start]);
    return { x: data.x.map(take), y: data.y.map(take), sampleWeight: data.sampleWeight.map((t) => t && take(t)) };
  }
  const idx = tensor(order.subarray(start, end), [end - start], 'int32');
  const take = (t: Tensor) => gather(t, idx);
  return { x: data.x.map(take), y: data.y.map(take), sampleWeight: data.sampleWeight.map((t) => t && take(t)) };
}

/**
 * Per-sample weights from a class-weight map (labels: int, one-hot, or binary probabilities). Keras 3 supports
 * it for a single output only.
 * @throws {ValueError} for a model with several outputs, or a map with a non-integer key or a negative weight.
 */
export function classWeightsFor(
  y: readonly Tensor[],
  classWeight: Readonly<Record<number, number>>,
  op: string,
): Tensor {
  if (y.length !== 1) {
    throw new ValueError(`${op}: \`classWeight\` is only supported for models with a single output (as in Keras 3)`);
  }
  for (const [k, v] of Object.entries(classWeight)) {
    if (!Number.isInteger(Number(k)) || typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ValueError(
        `${op}: \`classWeight\` must map class indices to non-negative numbers. Received: ${k}: ${describe(v)}`,
      );
    }
  }
  const labels = y[0] as Tensor;
  const classes = ENGINE.tidy(() => {
    if (labels.rank >= 2 && (labels.shape[labels.rank - 1] as number) > 1) return argMax(labels, -1).dataSync();
    return labels.dataSync().map((v) => Math.round(v));
  });
  const weights = new Float32Array(classes.length);
  classes.forEach((c, i) => {
    weights[i] = classWeight[c] ?? 1;
  });
  return tensor(weights, [weights.length], 'float32');
}
