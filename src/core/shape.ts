import { describe, ShapeError, ValueError } from './errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i] as number;
  return size;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Row-major strides: `strides[i]` is how many elements one step along axis `i` skips. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i] as number;
  }
  return strides;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

export function assertShape(shape: unknown, op: string, arg = 'shape'): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ValueError(
      `${op}: invalid \`${arg}\`. Expected an array of non-negative integers. Received: ${describe(shape)}`,
    );
  }
  return shape.slice();
}

/**
 * NumPy broadcasting: shapes are aligned on their last axis and each pair of
 * sizes must be equal or one of them 1.
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  let rank = 0;
  for (const s of shapes) rank = Math.max(rank, s.length);
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    const offset = rank - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i] as number;
      const o = out[offset + i] as number;
      if (d === o || d === 1) continue;
      if (o === 1) out[offset + i] = d;
      else {
        throw new ShapeError(
          `${op}: shapes ${shapes.map(formatShape).join(' and ')} cannot be broadcast together ` +
            `(axis ${offset + i - rank} has sizes ${o} and ${d})`,
        );
      }
    }
  }
  return out;
}

/**
 * Axes of `outShape` along which an input of `inShape` was broadcast. Summing a
 * gradient over these axes (then reshaping to `inShape`) undoes the broadcast.
 */
export function broadcastedAxes(inShape: Shape, outShape: Shape): number[] {
  const axes: number[] = [];
  const offset = outShape.length - inShape.length;
  for (let i = 0; i < outShape.length; i++) {
    const d = i < offset ? 1 : (inShape[i - offset] as number);
    if (d === 1 && outShape[i] !== 1) axes.push(i);
    else if (i < offset) axes.push(i);
  }
  return axes;
}

/** Normalizes an axis argument (negative counts from the end) to sorted unique non-negative axes. */
export function normalizeAxes(axis: number | readonly number[] | undefined | null, rank: number, op: string): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const out: number[] = [];
  for (const a of list) out.push(normalizeAxis(a, rank, op));
  return [...new Set(out)].sort((x, y) => x - y);
}

export function normalizeAxis(axis: number, rank: number, op: string, arg = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -Math.max(rank, 1) || axis >= Math.max(rank, 1)) {
    throw new ValueError(
      `${op}: invalid \`${arg}\`. Expected an integer in [${-Math.max(rank, 1)}, ${Math.max(rank, 1) - 1}] ` +
        `for a tensor of rank ${rank}. Received: ${arg}=${describe(axis)}`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Shape after reducing `axes` (kept as size 1 when `keepDims`). */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i] as number);
  }
  return out;
}
