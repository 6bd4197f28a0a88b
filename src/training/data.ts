import { type DType, dtypeOfArray, type TypedArray } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { describe, ValueError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { type NestedValues, tensor } from '../ops/convert.js';
import { castTo } from '../ops/internal.js';

/** Training inputs: a tensor, nested arrays, or a flat typed array (reshaped by the model's input shape). */
export type DataLike = Tensor | TypedArray | NestedValues;

/**
 * Converts user data to a tensor of `[samples, ...featureShape]`, checking that every value is finite.
 * A flat typed array is split into samples of the model's feature shape.
 */
export function toDataTensor(
  data: DataLike,
  arg: string,
  op: string,
  {
    featureShape,
    dtype,
    deferred,
  }: {
    featureShape?: readonly (number | null)[] | undefined;
    dtype?: DType;
    /** Where a tensor the backend cannot read synchronously goes to be checked later by {@link checkDeferred}. */
    deferred?: DeferredCheck[];
  } = {},
): Tensor {
  let t: Tensor;
  if (data instanceof Tensor) {
    data.throwIfDisposed();
    t = data;
  } else if (ArrayBuffer.isView(data)) {
    const own = dtypeOfArray(data);
    if (!own)
      throw new ValueError(
        `${op}: \`${arg}\` must be a Float32Array, Float64Array, Int32Array or Uint8Array. Received: ${describe(data)}`,
      );
    const known = featureShape?.every((d) => d !== null) ? (featureShape as number[]) : undefined;
    const perSample = known ? known.reduce((p, d) => p * d, 1) : 1;
    if (data.length % perSample !== 0) {
      throw new ValueError(
        `${op}: \`${arg}\` has ${data.length} values, which is not a whole number of samples of shape [${known?.join(',')}] (${perSample} values each)`,
      );
    }
    t = tensor(data, [data.length / perSample, ...(known ?? [])], own === 'float64' ? 'float32' : own);
  } else if (Array.isArray(data)) {
    t = tensor(data);
  } else {
    throw new ValueError(
      `${op}: \`${arg}\` must be a Tensor, nested arrays or a typed array. Received: ${describe(data)}`,
    );
  }
  if (t.rank === 0) throw new ValueError(`${op}: \`${arg}\` must have a samples axis. Received: a scalar`);
  if (dtype && t.dtype !== dtype) t = castTo(t, dtype);
  if (deferred && !ENGINE.canReadSync(t)) deferred.push({ tensor: t, arg, op, kind: 'finite' });
  else assertFinite(t, arg, op);
  return t;
}

/** A data check left for later: the backend holding the tensor reads only asynchronously. */
export interface DeferredCheck {
  readonly tensor: Tensor;
  readonly arg: string;
  readonly op: string;
  readonly kind: 'finite' | 'nonNegative';
}

/**
 * Runs checks {@link toDataTensor} and {@link assertNonNegativeWeights} left for later, reading with `data()`.
 * @throws {ValueError} as the synchronous checks do.
 */
export async function checkDeferred(checks: readonly DeferredCheck[]): Promise<void> {
  for (const c of checks) {
    const values = await c.tensor.data();
    if (c.kind === 'finite') firstNonFinite(values, c.tensor, c.arg, c.op);
    else firstNegative(values, c.tensor, c.arg, c.op);
  }
}

/** Names the first non-finite value, sample and position included: NaN data would silently poison training. */
export function assertFinite(t: Tensor, arg: string, op: string): void {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') return;
  firstNonFinite(t.dataSync(), t, arg, op);
}

function firstNonFinite(values: ArrayLike<number>, t: Tensor, arg: string, op: string): void {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      const perSample = t.size / (t.shape[0] as number);
      throw new ValueError(
        `${op}: \`${arg}\` contains a non-finite value (${v}) at sample ${Math.floor(i / perSample)}, position ${i % perSample}. ` +
          'Expected finite numbers only',
      );
    }
  }
}

/**
 * Names the first negative weight: a negative sample weight turns its sample's loss into a reward for being wrong,
 * which no weighting scheme means. (Keras does not check; it trains toward the error.)
 */
export function assertNonNegativeWeights(t: Tensor, arg: string, op: string, deferred?: DeferredCheck[]): void {
  if (deferred && !ENGINE.canReadSync(t)) deferred.push({ tensor: t, arg, op, kind: 'nonNegative' });
  else firstNegative(t.dataSync(), t, arg, op);
}

function firstNegative(values: ArrayLike<number>, t: Tensor, arg: string, op: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < 0) {
      const perSample = t.size / (t.shape[0] as number);
      throw new ValueError(
        `${op}: \`${arg}\` contains a negative weight (${v}) at sample ${Math.floor(i / perSample)}. ` +
          'Expected non-negative weights (0 leaves a sample out)',
      );
    }
  }
}

/** Checks that all arrays have the same number of samples, in Keras's words. */
export function assertSameSamples(op: string, entries: readonly [string, Tensor | undefined][]): number {
  const present = entries.filter((e): e is [string, Tensor] => e[1] !== undefined);
  const n = present[0]?.[1].shape[0] as number;
  for (const [, t] of present) {
    if (t.shape[0] !== n) {
      throw new ValueError(
        `${op}: all arrays must contain the same number of samples. Received: ${present.map(([k, v]) => `${k} has ${v.shape[0]}`).join(', ')}`,
      );
    }
  }
  return n;
}

/**
 * Keras's validation split: the LAST `fraction` of the samples, taken before any shuffling.
 * @throws {ValueError} when the fraction is outside (0, 1) or either side would be empty.
 */
export function splitPoint(samples: number, fraction: number, op: string): number {
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new ValueError(
      `Invalid value received for argument \`validationSplit\` of ${op}. Expected a number in (0, 1). Received: validationSplit=${describe(fraction)}`,
    );
  }
  const at = Math.floor(samples * (1 - fraction));
  if (at === 0 || at === samples) {
    throw new ValueError(
      `${op}: validationSplit=${fraction} of ${samples} samples leaves ${at === 0 ? 'no training' : 'no validation'} samples. ` +
        'Expected both sides to be non-empty',
    );
  }
  return at;
}
