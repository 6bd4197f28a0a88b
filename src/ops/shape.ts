import { assertDType, type DType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { DTypeError, describe, ShapeError, ValueError } from '../core/errors.js';
import { formatShape, normalizeAxis, type Shape, shapesEqual, sizeOf } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from './convert.js';
import { scoped } from './internal.js';

/** Rejects a scalar where the op needs an axis to work along. */
function assertRankAtLeastOne(t: Tensor, arg: string, op: string): void {
  if (t.rank === 0) {
    throw new ShapeError(`${op}: \`${arg}\` must have rank ≥ 1. Received: a scalar (shape [])`);
  }
}

/** Converts an indices argument: int32 tensors, or arrays of integers (which become int32). */
function indicesOperand(indices: TensorLike, op: string): Tensor {
  const $i = convertToTensor(indices, 'indices', op, 'int32');
  if ($i.dtype !== 'int32') throw new DTypeError(`${op}: \`indices\` must be int32. Received: dtype ${$i.dtype}`);
  return $i;
}

/**
 * Same elements, new shape; one dimension may be −1 and is inferred. Shares storage.
 * @throws {ShapeError} when the element counts differ.
 * @example `reshape(tensor([1, 2, 3, 4]), [2, -1])` // [[1, 2], [3, 4]]
 */
export function reshape(x: TensorLike, shape: Shape): Tensor {
  return scoped('reshape', () => {
    const $x = convertToTensor(x, 'x', 'reshape');
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
      throw new ValueError(`reshape: \`shape\` must be an array of integers ≥ -1. Received: ${describe(shape)}`);
    }
    const out = shape.slice();
    const unknown = out.indexOf(-1);
    if (unknown !== out.lastIndexOf(-1)) {
      throw new ValueError(`reshape: at most one dimension may be -1. Received: shape=${formatShape(shape)}`);
    }
    if (unknown >= 0) {
      const known = sizeOf(out.filter((d) => d !== -1));
      if (known === 0 || $x.size % known !== 0) {
        throw new ShapeError(
          `reshape: cannot reshape a tensor of shape ${formatShape($x.shape)} (${$x.size} elements) into ${formatShape(shape)}`,
        );
      }
      out[unknown] = $x.size / known;
    }
    if (sizeOf(out) !== $x.size) {
      throw new ShapeError(
        `reshape: cannot reshape a tensor of shape ${formatShape($x.shape)} (${$x.size} elements) into ${formatShape(shape)}`,
      );
    }
    return ENGINE.runKernel('Reshape', [$x], { shape: out });
  });
}

/**
 * Permutes axes (reverses them by default).
 * @example `transpose(tensor([[1, 2, 3]]))` // [[1], [2], [3]]
 */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  return scoped('transpose', () => {
    const $x = convertToTensor(x, 'x', 'transpose');
    const rank = $x.rank;
    const p = perm ? perm.map((a) => normalizeAxis(a, rank, 'transpose', 'perm')) : [...Array(rank).keys()].reverse();
    if (p.length !== rank || new Set(p).size !== rank) {
      throw new ValueError(
        `transpose: \`perm\` must be a permutation of 0..${rank - 1}. Received: perm=${describe(perm)}`,
      );
    }
    if (p.every((a, i) => a === i)) return ENGINE.runKernel('Reshape', [$x], { shape: $x.shape.slice() });
    return ENGINE.runKernel('Transpose', [$x], { perm: p });
  });
}

/** Inserts an axis of size 1 at `axis`. @example `expandDims(tensor([1, 2]), 0).shape` // [1, 2] */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  return scoped('expandDims', () => {
    const $x = convertToTensor(x, 'x', 'expandDims');
    const a = normalizeAxis(axis, $x.rank + 1, 'expandDims');
    const shape = $x.shape.slice();
    shape.splice(a, 0, 1);
    return reshape($x, shape);
  });
}

/**
 * Removes axes of size 1 (all of them, or those in `axis`).
 * @throws {ShapeError} when a named axis is not of size 1.
 */
export function squeeze(x: TensorLike, axis?: number | readonly number[]): Tensor {
  return scoped('squeeze', () => {
    const $x = convertToTensor(x, 'x', 'squeeze');
    if (axis !== undefined) assertRankAtLeastOne($x, 'x', 'squeeze');
    const axes =
      axis === undefined
        ? $x.shape.flatMap((d, i) => (d === 1 ? [i] : []))
        : (typeof axis === 'number' ? [axis] : axis).map((a) => normalizeAxis(a, $x.rank, 'squeeze'));
    for (const a of axes) {
      if ($x.shape[a] !== 1) {
        throw new ShapeError(`squeeze: axis ${a} has size ${$x.shape[a]}, expected 1 (shape ${formatShape($x.shape)})`);
      }
    }
    return reshape(
      $x,
      $x.shape.filter((_, i) => !axes.includes(i)),
    );
  });
}

/**
 * Joins tensors along an existing axis.
 * @throws {ShapeError} when the other dimensions differ.
 * @example `concat([tensor([[1]]), tensor([[2]])], 1)` // [[1, 2]]
 */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ValueError(`concat: expected a non-empty array of tensors. Received: ${describe(tensors)}`);
  }
  return scoped('concat', () => {
    const ts = tensors.map((t, i) => convertToTensor(t, `tensors[${i}]`, 'concat'));
    const first = ts[0] as Tensor;
    if (first.rank === 0) throw new ShapeError('concat: cannot concatenate scalars; use stack');
    const a = normalizeAxis(axis, first.rank, 'concat');
    for (const [i, t] of ts.entries()) {
      if (t.dtype !== first.dtype) {
        throw new DTypeError(
          `concat: all tensors must share a dtype. Received: ${first.dtype} and ${t.dtype} (tensors[${i}])`,
        );
      }
      if (t.rank !== first.rank || t.shape.some((d, j) => j !== a && d !== first.shape[j])) {
        throw new ShapeError(
          `concat: tensors[${i}] has shape ${formatShape(t.shape)}, which does not match ${formatShape(first.shape)} ` +
            `outside axis ${a}`,
        );
      }
    }
    if (ts.length === 1) return reshape(first, first.shape);
    return ENGINE.runKernel('Concat', ts, { axis: a });
  });
}

/** Joins tensors of one shape along a new axis. @example `stack([tensor([1, 2]), tensor([3, 4])]).shape` // [2, 2] */
export function stack(tensors: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ValueError(`stack: expected a non-empty array of tensors. Received: ${describe(tensors)}`);
  }
  return scoped('stack', () => {
    const ts = tensors.map((t, i) => convertToTensor(t, `tensors[${i}]`, 'stack'));
    const first = ts[0] as Tensor;
    for (const [i, t] of ts.entries()) {
      if (!shapesEqual(t.shape, first.shape)) {
        throw new ShapeError(
          `stack: all tensors must have one shape. Received: ${formatShape(first.shape)} and ${formatShape(t.shape)} (tensors[${i}])`,
        );
      }
    }
    const a = normalizeAxis(axis, first.rank + 1, 'stack');
    return concat(
      ts.map((t) => expandDims(t, a)),
      a,
    );
  });
}

/** Splits along `axis` into tensors of one less rank. */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  return scoped('unstack', () => {
    const $x = convertToTensor(x, 'x', 'unstack');
    assertRankAtLeastOne($x, 'x', 'unstack');
    const a = normalizeAxis(axis, $x.rank, 'unstack');
    const n = $x.shape[a] as number;
    const size = $x.shape.slice();
    size[a] = 1;
    const rest = $x.shape.filter((_, i) => i !== a);
    return Array.from({ length: n }, (_, i) => {
      const begin = $x.shape.map((_d, j) => (j === a ? i : 0));
      return reshape(slice($x, begin, size), rest);
    });
  });
}

/**
 * A sub-tensor starting at `begin` with `size` elements per axis (−1: to the end).
 * Missing trailing axes are taken whole.
 * @throws {ShapeError} when the slice reaches outside the tensor.
 * @example `slice(tensor([1, 2, 3, 4]), [1], [2])` // [2, 3]
 */
export function slice(x: TensorLike, begin: number | readonly number[], size?: number | readonly number[]): Tensor {
  return scoped('slice', () => {
    const $x = convertToTensor(x, 'x', 'slice');
    const rank = $x.rank;
    const b = typeof begin === 'number' ? [begin] : begin.slice();
    const s = size === undefined ? [] : typeof size === 'number' ? [size] : size.slice();
    if (b.length > rank || s.length > rank) {
      throw new ShapeError(
        `slice: begin/size have more entries than the tensor's rank ${rank}. Received: begin=${describe(b)}, ` +
          `size=${describe(s)}`,
      );
    }
    const fullBegin: number[] = [];
    const fullSize: number[] = [];
    for (let i = 0; i < rank; i++) {
      const dim = $x.shape[i] as number;
      const bi = b[i] ?? 0;
      const si = s[i] === undefined || s[i] === -1 ? dim - bi : (s[i] as number);
      if (!Number.isInteger(bi) || !Number.isInteger(si) || bi < 0 || si < 0 || bi + si > dim) {
        throw new ShapeError(
          `slice: begin ${describe(b)} with size ${describe(s)} reaches outside a tensor of shape ${formatShape($x.shape)} ` +
            `(axis ${i}: begin ${bi}, size ${si}, dimension ${dim})`,
        );
      }
      fullBegin.push(bi);
      fullSize.push(si);
    }
    return ENGINE.runKernel('Slice', [$x], { begin: fullBegin, size: fullSize });
  });
}

/**
 * Splits into pieces along `axis`: `numOrSizes` equal parts, or parts of the given sizes.
 * @throws {ShapeError} when the axis does not divide or sizes do not add up.
 */
export function split(x: TensorLike, numOrSizes: number | readonly number[], axis = 0): Tensor[] {
  return scoped('split', () => {
    const $x = convertToTensor(x, 'x', 'split');
    assertRankAtLeastOne($x, 'x', 'split');
    const a = normalizeAxis(axis, $x.rank, 'split');
    const dim = $x.shape[a] as number;
    let sizes: number[];
    if (typeof numOrSizes === 'number') {
      if (!Number.isInteger(numOrSizes) || numOrSizes <= 0 || dim % numOrSizes !== 0) {
        throw new ShapeError(
          `split: axis ${a} of size ${dim} cannot be split into ${describe(numOrSizes)} equal parts`,
        );
      }
      sizes = new Array<number>(numOrSizes).fill(dim / numOrSizes);
    } else {
      sizes = numOrSizes.slice();
      // As in TensorFlow.js, one size may be −1: whatever the others leave.
      const unknown = sizes.indexOf(-1);
      if (unknown >= 0 && unknown === sizes.lastIndexOf(-1)) {
        sizes[unknown] = dim - sizes.reduce((p, c, i) => (i === unknown ? p : p + c), 0);
      }
      if (!sizes.every((n) => Number.isInteger(n) && n >= 0) || sizes.reduce((p, c) => p + c, 0) !== dim) {
        throw new ShapeError(
          `split: sizes must be non-negative integers (one may be -1) that add up to axis ${a}'s size ${dim}. ` +
            `Received: ${describe(numOrSizes)}`,
        );
      }
    }
    let offset = 0;
    return sizes.map((n) => {
      const begin = $x.shape.map((_, i) => (i === a ? offset : 0));
      const size = $x.shape.map((d, i) => (i === a ? n : d));
      offset += n;
      return slice($x, begin, size);
    });
  });
}

/**
 * Picks slices of `x` along `axis` by int32 `indices` (a tensor, or an array of integers); the result's shape
 * is x.shape[:axis] + indices.shape + x.shape[axis+1:].
 * @throws {ValueError} for an index outside [0, x.shape[axis]).
 * @example `gather(tensor([10, 20, 30]), [2, 0])` // [30, 10]
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0): Tensor {
  return scoped('gather', () => {
    const $x = convertToTensor(x, 'x', 'gather');
    const $i = indicesOperand(indices, 'gather');
    assertRankAtLeastOne($x, 'x', 'gather');
    const a = normalizeAxis(axis, $x.rank, 'gather');
    return ENGINE.runKernel('Gather', [$x, $i], { axis: a });
  });
}

/**
 * One-hot encoding: int32 `indices` (a tensor, or an array of integers) of shape S give shape S + [depth].
 * An index outside [0, depth) gives a row of `offValue`.
 * @example `oneHot([0, 2], 3)` // [[1,0,0],[0,0,1]]
 */
export function oneHot(
  indices: TensorLike,
  depth: number,
  onValue = 1,
  offValue = 0,
  dtype: DType = 'float32',
): Tensor {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new ValueError(`oneHot: \`depth\` must be a positive integer. Received: depth=${describe(depth)}`);
  }
  assertDType(dtype, 'oneHot');
  return scoped('oneHot', () => {
    const $i = indicesOperand(indices, 'oneHot');
    return ENGINE.runKernel('OneHot', [$i], { depth, onValue, offValue, dtype });
  });
}

/** Repeats x `reps[i]` times along axis i. @example `tile(tensor([1, 2]), [2])` // [1, 2, 1, 2] */
export function tile(x: TensorLike, reps: readonly number[]): Tensor {
  return scoped('tile', () => {
    const $x = convertToTensor(x, 'x', 'tile');
    if (!Array.isArray(reps) || reps.length !== $x.rank || !reps.every((r) => Number.isInteger(r) && r >= 0)) {
      throw new ValueError(
        `tile: \`reps\` must hold one non-negative integer per axis (${$x.rank}). Received: ${describe(reps)}`,
      );
    }
    return ENGINE.runKernel('Tile', [$x], { reps: reps.slice() });
  });
}

/** Pads with `constantValue`: `paddings[i] = [before, after]` for axis i. */
export function pad(x: TensorLike, paddings: readonly (readonly [number, number])[], constantValue = 0): Tensor {
  return scoped('pad', () => {
    const $x = convertToTensor(x, 'x', 'pad');
    if (
      !Array.isArray(paddings) ||
      paddings.length !== $x.rank ||
      !paddings.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0))
    ) {
      throw new ValueError(
        `pad: \`paddings\` must hold one [before, after] pair of non-negative integers per axis (${$x.rank}). Received: ${describe(paddings)}`,
      );
    }
    return ENGINE.runKernel('Pad', [$x], {
      paddings: paddings.map((p) => [p[0], p[1]] as const),
      value: constantValue,
    });
  });
}

/** Broadcasts x to `shape` (NumPy rules). */
export function broadcastTo(x: TensorLike, shape: Shape): Tensor {
  return scoped('broadcastTo', () => {
    const $x = convertToTensor(x, 'x', 'broadcastTo');
    if (shape.length < $x.rank) {
      throw new ShapeError(
        `broadcastTo: cannot broadcast ${formatShape($x.shape)} to the lower-rank ${formatShape(shape)}`,
      );
    }
    const padded = [...new Array<number>(shape.length - $x.rank).fill(1), ...$x.shape];
    const reps = padded.map((d, i) => {
      const target = shape[i] as number;
      if (d === target) return 1;
      if (d === 1) return target;
      throw new ShapeError(`broadcastTo: cannot broadcast ${formatShape($x.shape)} to ${formatShape(shape)}`);
    });
    const r = reshape($x, padded);
    return reps.every((v) => v === 1) ? r : tile(r, reps);
  });
}
