// Kernels against naive element-by-element reference implementations, on many small random shapes:
// the fast paths (row-wise broadcasting, blocked transposes, suffix/prefix reductions) must agree with
// the definition everywhere, including size-1 and size-0 axes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  concat,
  gather,
  max,
  pad,
  prod,
  type Shape,
  slice,
  sub,
  sum,
  type Tensor,
  tensor,
  tile,
  transpose,
  where,
} from '../../src/index.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

/** mulberry32: a tiny seeded generator, so every run tests the same cases. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sizeOf = (s: Shape) => s.reduce((p, d) => p * d, 1);

function stridesOf(s: Shape): number[] {
  const out = new Array<number>(s.length);
  let st = 1;
  for (let i = s.length - 1; i >= 0; i--) {
    out[i] = st;
    st *= s[i] as number;
  }
  return out;
}

function multiIndex(flat: number, s: Shape): number[] {
  return stridesOf(s).map((st, i) => Math.floor(flat / st) % (s[i] as number));
}

const flatIndex = (idx: readonly number[], s: Shape) =>
  stridesOf(s).reduce((p, st, i) => p + st * (idx[i] as number), 0);

/** A random tensor of `shape` with small distinct-ish integer values (exact in float32). */
function randomTensor(shape: Shape, next: () => number): Tensor {
  return tensor(
    Array.from({ length: sizeOf(shape) }, () => Math.floor(next() * 201) - 100),
    shape.slice(),
  );
}

function randomShape(next: () => number, rank: number, dims: readonly number[]): number[] {
  return Array.from({ length: rank }, () => dims[Math.floor(next() * dims.length)] as number);
}

/** Reference broadcast: the input element that output index `idx` reads. */
function broadcastRead(values: ArrayLike<number>, inShape: Shape, outIdx: readonly number[]): number {
  const offset = outIdx.length - inShape.length;
  const idx = inShape.map((d, i) => (d === 1 ? 0 : (outIdx[offset + i] as number)));
  return values[flatIndex(idx, inShape)] as number;
}

function broadcastShape(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[i - (rank - a.length)] ?? 1;
    const db = b[i - (rank - b.length)] ?? 1;
    return da === 1 ? db : da;
  });
}

describeEachBackend('kernels against naive references (random shapes)', () => {
  test('broadcast binary ops: 300 random compatible shape pairs up to rank 4', () => {
    const next = rng(1);
    for (let c = 0; c < 300; c++) {
      const out = randomShape(next, Math.floor(next() * 5), [1, 2, 3, 4, 0]);
      // Each operand drops some leading axes and turns some axes into 1.
      const derive = () => out.slice(Math.floor(next() * (out.length + 1))).map((d) => (next() < 0.4 ? 1 : d));
      const as = derive();
      const bs = derive();
      const a = randomTensor(as, next);
      const b = randomTensor(bs, next);
      const shape = broadcastShape(as, bs);
      const av = a.dataSync();
      const bv = b.dataSync();
      const expected = Array.from({ length: sizeOf(shape) }, (_, f) => {
        const idx = multiIndex(f, shape);
        return broadcastRead(av, as, idx) - broadcastRead(bv, bs, idx);
      });
      const y = sub(a, b);
      assert.deepEqual(y.shape, shape, `${JSON.stringify(as)} - ${JSON.stringify(bs)}`);
      assertExact(y, expected);
    }
  });

  test('where with three broadcast operands: 100 random shape triples', () => {
    const next = rng(2);
    for (let c = 0; c < 100; c++) {
      const out = randomShape(next, 1 + Math.floor(next() * 3), [1, 2, 3]);
      const derive = () => out.slice(Math.floor(next() * (out.length + 1))).map((d) => (next() < 0.4 ? 1 : d));
      const cs = derive();
      const as = derive();
      const bs = derive();
      const cond = tensor(
        Array.from({ length: sizeOf(cs) }, () => next() < 0.5),
        cs,
      );
      const a = randomTensor(as, next);
      const b = randomTensor(bs, next);
      const shape = broadcastShape(broadcastShape(cs, as), bs);
      const cv = cond.dataSync();
      const av = a.dataSync();
      const bv = b.dataSync();
      const expected = Array.from({ length: sizeOf(shape) }, (_, f) => {
        const idx = multiIndex(f, shape);
        return broadcastRead(cv, cs, idx) ? broadcastRead(av, as, idx) : broadcastRead(bv, bs, idx);
      });
      const y = where(cond, a, b);
      assert.deepEqual(y.shape, shape);
      assertExact(y, expected);
    }
  });

  test('transpose: every permutation of random shapes up to rank 4, and large 2-D blocks', () => {
    const next = rng(3);
    const permutations = (n: number): number[][] =>
      n === 0
        ? [[]]
        : permutations(n - 1).flatMap((p) =>
            Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
          );
    for (let rank = 1; rank <= 4; rank++) {
      for (let c = 0; c < 5; c++) {
        const shape = randomShape(next, rank, [1, 2, 3, 4]);
        const x = randomTensor(shape, next);
        const xv = x.dataSync();
        for (const perm of permutations(rank)) {
          const outShape = perm.map((p) => shape[p] as number);
          const expected = Array.from({ length: xv.length }, (_, f) => {
            const o = multiIndex(f, outShape);
            const idx = new Array<number>(rank);
            perm.forEach((p, i) => {
              idx[p] = o[i] as number;
            });
            return xv[flatIndex(idx, shape)] as number;
          });
          assertExact(transpose(x, perm), expected);
        }
      }
    }
    // Sizes that are not multiples of the 2-D kernel's block.
    for (const [r, c] of [
      [33, 65],
      [1, 100],
      [70, 3],
    ] as const) {
      const x = randomTensor([r, c], next);
      const xv = x.dataSync();
      const expected = Array.from({ length: r * c }, (_, f) => xv[(f % r) * c + Math.floor(f / r)] as number);
      assertExact(transpose(x), expected);
    }
  });

  test('sum, prod and max over every subset of axes of random rank-3 and rank-4 shapes', () => {
    const next = rng(4);
    for (const rank of [3, 4]) {
      for (let c = 0; c < 4; c++) {
        const shape = randomShape(next, rank, [1, 2, 3]);
        const x = tensor(
          Array.from({ length: sizeOf(shape) }, () => Math.floor(next() * 7) - 3),
          shape,
        );
        const xv = x.dataSync();
        for (let mask = 0; mask < 1 << rank; mask++) {
          const axes = Array.from({ length: rank }, (_, i) => i).filter((i) => mask & (1 << i));
          const outShape = shape.filter((_, i) => !axes.includes(i));
          const n = sizeOf(outShape);
          const sums = new Array<number>(n).fill(0);
          const prods = new Array<number>(n).fill(1);
          const maxes = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
          for (let f = 0; f < xv.length; f++) {
            const idx = multiIndex(f, shape).filter((_, i) => !axes.includes(i));
            const o = flatIndex(idx, outShape);
            const v = xv[f] as number;
            sums[o] = (sums[o] as number) + v;
            prods[o] = (prods[o] as number) * v;
            maxes[o] = Math.max(maxes[o] as number, v);
          }
          const label = `shape ${JSON.stringify(shape)}, axes ${JSON.stringify(axes)}`;
          const s = sum(x, axes);
          assert.deepEqual(s.shape, outShape, label);
          assertExact(s, sums);
          assertClose(prod(x, axes), prods, { rtol: 0, atol: 0 });
          assertExact(max(x, axes), maxes);
        }
      }
    }
  });

  test('slice: random begins and sizes on random shapes up to rank 4', () => {
    const next = rng(5);
    for (let c = 0; c < 200; c++) {
      const shape = randomShape(next, 1 + Math.floor(next() * 4), [1, 2, 3, 4, 5]);
      const x = randomTensor(shape, next);
      const xv = x.dataSync();
      const begin = shape.map((d) => Math.floor(next() * (d + 1)));
      const size = shape.map((d, i) => Math.floor(next() * (d - (begin[i] as number) + 1)));
      const expected = Array.from({ length: sizeOf(size) }, (_, f) => {
        const idx = multiIndex(f, size).map((v, i) => v + (begin[i] as number));
        return xv[flatIndex(idx, shape)] as number;
      });
      const y = slice(x, begin, size);
      assert.deepEqual(y.shape, size);
      assertExact(y, expected);
    }
  });

  test('tile and pad on random shapes', () => {
    const next = rng(6);
    for (let c = 0; c < 100; c++) {
      const shape = randomShape(next, 1 + Math.floor(next() * 3), [1, 2, 3]);
      const x = randomTensor(shape, next);
      const xv = x.dataSync();
      const reps = shape.map(() => Math.floor(next() * 3));
      const tiled = shape.map((d, i) => d * (reps[i] as number));
      const t = tile(x, reps);
      assert.deepEqual(t.shape, tiled);
      assertExact(
        t,
        Array.from({ length: sizeOf(tiled) }, (_, f) => {
          const idx = multiIndex(f, tiled).map((v, i) => v % (shape[i] as number));
          return xv[flatIndex(idx, shape)] as number;
        }),
      );
      const paddings = shape.map(() => [Math.floor(next() * 3), Math.floor(next() * 3)] as [number, number]);
      const padded = shape.map(
        (d, i) => d + (paddings[i] as [number, number])[0] + (paddings[i] as [number, number])[1],
      );
      const p = pad(x, paddings, 0.5);
      assert.deepEqual(p.shape, padded);
      assertExact(
        p,
        Array.from({ length: sizeOf(padded) }, (_, f) => {
          const idx = multiIndex(f, padded).map((v, i) => v - (paddings[i] as [number, number])[0]);
          return idx.every((v, i) => v >= 0 && v < (shape[i] as number)) ? (xv[flatIndex(idx, shape)] as number) : 0.5;
        }),
      );
    }
  });

  test('concat and gather on random shapes and axes', () => {
    const next = rng(7);
    for (let c = 0; c < 100; c++) {
      const rank = 1 + Math.floor(next() * 3);
      const shape = randomShape(next, rank, [1, 2, 3]);
      const axis = Math.floor(next() * rank);
      const parts = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
        const s = shape.slice();
        s[axis] = Math.floor(next() * 3);
        return randomTensor(s, next);
      });
      const joined = concat(parts, axis);
      const outShape = shape.slice();
      outShape[axis] = parts.reduce((p, t) => p + (t.shape[axis] as number), 0);
      assert.deepEqual(joined.shape, outShape);
      // Reading back along the axis: element k of the joined axis comes from the part that covers k.
      const expected = Array.from({ length: sizeOf(outShape) }, (_, f) => {
        const idx = multiIndex(f, outShape);
        let k = idx[axis] as number;
        for (const t of parts) {
          const d = t.shape[axis] as number;
          if (k < d) {
            idx[axis] = k;
            return t.dataSync()[flatIndex(idx, t.shape)] as number;
          }
          k -= d;
        }
        throw new Error('unreachable');
      });
      assertExact(joined, expected);

      const x = randomTensor(shape, next);
      const xv = x.dataSync();
      const dim = shape[axis] as number;
      const indexShape = randomShape(next, Math.floor(next() * 3), [1, 2, 3]);
      const indices = Array.from({ length: sizeOf(indexShape) }, () => Math.floor(next() * dim));
      const g = gather(x, tensor(indices, indexShape, 'int32'), axis);
      const gShape = [...shape.slice(0, axis), ...indexShape, ...shape.slice(axis + 1)];
      assert.deepEqual(g.shape, gShape);
      assertExact(
        g,
        Array.from({ length: sizeOf(gShape) }, (_, f) => {
          const idx = multiIndex(f, gShape);
          const which = flatIndex(idx.slice(axis, axis + indexShape.length), indexShape);
          const src = [...idx.slice(0, axis), indices[which] as number, ...idx.slice(axis + indexShape.length)];
          return xv[flatIndex(src, shape)] as number;
        }),
      );
    }
  });

  test('add of large broadcast tensors agrees with the reference (row kernel on long rows)', () => {
    const next = rng(8);
    const a = randomTensor([37, 1, 129], next);
    const b = randomTensor([5, 1], next);
    const av = a.dataSync();
    const bv = b.dataSync();
    const shape = [37, 5, 129];
    const expected = Array.from({ length: sizeOf(shape) }, (_, f) => {
      const idx = multiIndex(f, shape);
      return broadcastRead(av, [37, 1, 129], idx) + broadcastRead(bv, [5, 1], idx);
    });
    assertExact(add(a, b), expected);
  });
});
