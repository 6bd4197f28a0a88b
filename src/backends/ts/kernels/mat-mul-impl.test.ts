import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matMulImpl } from './mat-mul-impl.js';

type AnyArray = Float32Array | Float64Array | Int32Array;
type FloatCtor = Float32ArrayConstructor | Float64ArrayConstructor;

const COMBOS: ReadonlyArray<readonly [boolean, boolean]> = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** mulberry32: tiny deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomArray(ctor: FloatCtor, length: number, rand: () => number): Float32Array | Float64Array {
  const arr = new ctor(length);
  for (let i = 0; i < length; i++) arr[i] = rand() * 2 - 1;
  return arr;
}

function label(m: number, n: number, k: number, ta: boolean, tb: boolean): string {
  return `${m}x${n}x${k} ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`;
}

/** op(A)[i, p] for the storage conventions documented on matMulImpl. */
function opA(a: AnyArray, off: number, m: number, k: number, ta: boolean, i: number, p: number): number {
  return a[off + (ta ? p * m + i : i * k + p)] ?? Number.NaN;
}

function opB(b: AnyArray, off: number, n: number, k: number, tb: boolean, p: number, j: number): number {
  return b[off + (tb ? j * k + p : p * n + j)] ?? Number.NaN;
}

/**
 * Runs matMulImpl on operands embedded at non-zero offsets inside larger arrays and checks every element against a
 * float64 triple loop, plus that nothing outside the output block was touched.
 */
function checkFloat(
  ctor: FloatCtor,
  m: number,
  n: number,
  k: number,
  ta: boolean,
  tb: boolean,
  rand: () => number,
): void {
  const aOff = 3;
  const bOff = 5;
  const oOff = 7;
  const a = randomArray(ctor, aOff + m * k + 2, rand);
  const b = randomArray(ctor, bOff + k * n + 2, rand);
  const out = new ctor(oOff + m * n + 4).fill(Number.NaN);
  out[0] = 42;
  out[out.length - 1] = -42;
  matMulImpl(a, aOff, b, bOff, out, oOff, m, n, k, ta, tb);

  // NOTE: (k + 2)·ε·Σ|a·b| bounds the rounding error of any summation order in the array's precision, plus the
  // final rounding of the stored value, so the check holds whatever blocking or accumulator precision is used.
  const eps = ctor === Float32Array ? 2 ** -23 : 2 ** -52;
  const what = `${ctor.name} ${label(m, n, k, ta, tb)}`;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let ref = 0;
      let mag = 0;
      for (let p = 0; p < k; p++) {
        const prod = opA(a, aOff, m, k, ta, i, p) * opB(b, bOff, n, k, tb, p, j);
        ref += prod;
        mag += Math.abs(prod);
      }
      const got = out[oOff + i * n + j] ?? Number.NaN;
      const tol = (k + 2) * eps * mag;
      if (!(Math.abs(got - ref) <= tol)) {
        assert.fail(`${what}: out[${i},${j}] = ${got}, expected ${ref} ± ${tol}`);
      }
    }
  }
  assert.equal(out[0], 42, `${what}: wrote before outOffset`);
  for (let i = oOff + m * n; i < out.length - 1; i++) assert.ok(Number.isNaN(out[i]), `${what}: wrote past the block`);
  assert.equal(out[out.length - 1], -42, `${what}: wrote past the block`);
}

const EDGE_DIMS = [0, 1, 2, 3, 4, 5, 7, 8, 13];

describe('matMulImpl (float)', () => {
  for (const ctor of [Float32Array, Float64Array]) {
    it(`${ctor.name}: every combination of tiny and ragged dims, all transposes`, () => {
      const rand = rng(1);
      for (const m of EDGE_DIMS) {
        for (const n of EDGE_DIMS) {
          for (const k of [0, 1, 3, 4, 9]) {
            for (const [ta, tb] of COMBOS) checkFloat(ctor, m, n, k, ta, tb, rand);
          }
        }
      }
    });

    it(`${ctor.name}: random shapes, including primes and sizes around the block sizes`, () => {
      const rand = rng(2);
      const dims = [1, 2, 17, 31, 64, 97, 127, 128, 129, 131, 255, 256, 257, 300];
      const pick = (): number => dims[Math.floor(rand() * dims.length)] ?? 1;
      for (let t = 0; t < 24; t++) {
        const [ta, tb] = COMBOS[t % 4] ?? [false, false];
        checkFloat(ctor, pick(), pick(), pick(), ta, tb, rand);
      }
    });
  }

  it('crosses every block boundary at once (m, n, k just above MC, NC, KC)', () => {
    const rand = rng(3);
    for (const [ta, tb] of COMBOS) checkFloat(Float32Array, 131, 517, 259, ta, tb, rand);
    checkFloat(Float64Array, 257, 1030, 513, false, false, rand);
  });

  it('matches the shapes a Dense layer uses, forward and backward', () => {
    const rand = rng(4);
    // x·W, xᵀ·dY (weight gradient), dY·Wᵀ (input gradient) for a 784→20 layer with batch 32.
    checkFloat(Float32Array, 32, 20, 784, false, false, rand);
    checkFloat(Float32Array, 784, 20, 32, true, false, rand);
    checkFloat(Float32Array, 32, 784, 20, false, true, rand);
    checkFloat(Float32Array, 1, 784, 512, false, false, rand);
    checkFloat(Float32Array, 128, 784, 512, false, false, rand);
  });

  it('writes zeros when k = 0 and nothing when m or n is 0', () => {
    const out = new Float32Array(6).fill(Number.NaN);
    matMulImpl(new Float32Array(0), 0, new Float32Array(0), 0, out, 0, 2, 3, 0, false, false);
    assert.deepEqual(Array.from(out), [0, 0, 0, 0, 0, 0]);
    const untouched = new Float64Array(2).fill(7);
    matMulImpl(new Float64Array(4), 0, new Float64Array(0), 0, untouched, 0, 4, 0, 1, false, false);
    matMulImpl(new Float64Array(0), 0, new Float64Array(4), 0, untouched, 0, 0, 4, 1, true, true);
    assert.deepEqual(Array.from(untouched), [7, 7]);
  });

  it('propagates NaN and Infinity like the naive product (no skipping of zeros)', () => {
    // op(A) = [[Inf, 1]], op(B) = [[0, 1], [2, 3]]: Inf·0 is NaN, Inf·1 is Inf.
    for (const m of [1, 5]) {
      const a = new Float64Array(m * 2);
      a[0] = Infinity;
      a[1] = 1;
      const out = new Float64Array(m * 2);
      matMulImpl(a, 0, new Float64Array([0, 1, 2, 3]), 0, out, 0, m, 2, 2, false, false);
      assert.ok(Number.isNaN(out[0]));
      assert.equal(out[1], Infinity);
    }
  });

  it('gives the same answer when called again after larger products (scratch reuse)', () => {
    const rand = rng(5);
    const a = randomArray(Float32Array, 6 * 10, rand);
    const b = randomArray(Float32Array, 10 * 9, rand);
    const first = new Float32Array(54);
    const again = new Float32Array(54);
    matMulImpl(a, 0, b, 0, first, 0, 6, 9, 10, false, false);
    checkFloat(Float32Array, 300, 600, 300, true, true, rand);
    matMulImpl(a, 0, b, 0, again, 0, 6, 9, 10, false, false);
    assert.deepEqual(again, first);
  });
});

describe('matMulImpl (int32)', () => {
  function checkInt(m: number, n: number, k: number, ta: boolean, tb: boolean, rand: () => number, big: boolean): void {
    const a = new Int32Array(2 + m * k);
    const b = new Int32Array(1 + k * n);
    for (let i = 0; i < a.length; i++) a[i] = big ? (rand() * 2 ** 32) | 0 : Math.floor(rand() * 201) - 100;
    for (let i = 0; i < b.length; i++) b[i] = big ? (rand() * 2 ** 32) | 0 : Math.floor(rand() * 201) - 100;
    const out = new Int32Array(m * n + 3).fill(-1);
    matMulImpl(a, 2, b, 1, out, 3, m, n, k, ta, tb);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let ref = 0n;
        for (let p = 0; p < k; p++) ref += BigInt(opA(a, 2, m, k, ta, i, p)) * BigInt(opB(b, 1, n, k, tb, p, j));
        // Exact result reduced modulo 2³², the defined int32 semantics.
        assert.equal(out[3 + i * n + j], Number(BigInt.asIntN(32, ref)), `${label(m, n, k, ta, tb)} [${i},${j}]`);
      }
    }
    assert.deepEqual(Array.from(out.subarray(0, 3)), [-1, -1, -1]);
  }

  it('is exact for small integers, all transposes and ragged shapes', () => {
    const rand = rng(6);
    for (const [m, n, k] of [
      [1, 1, 1],
      [3, 5, 7],
      [4, 4, 4],
      [17, 9, 33],
      [2, 3, 0],
      [64, 31, 129],
    ] as const) {
      for (const [ta, tb] of COMBOS) checkInt(m, n, k, ta, tb, rand, false);
    }
  });

  it('wraps modulo 2^32 exactly for full-range values', () => {
    const rand = rng(7);
    for (const [ta, tb] of COMBOS) checkInt(7, 6, 50, ta, tb, rand, true);
  });
});

describe('matMulImpl (argument checks)', () => {
  it('rejects mixed integer and float operands', () => {
    assert.throws(
      () => matMulImpl(new Int32Array(1), 0, new Float32Array(1), 0, new Int32Array(1), 0, 1, 1, 1, false, false),
      TypeError,
    );
    assert.throws(
      () => matMulImpl(new Float32Array(1), 0, new Int32Array(1), 0, new Float32Array(1), 0, 1, 1, 1, false, false),
      TypeError,
    );
  });

  it('rejects operands that do not fit their arrays and malformed shapes', () => {
    const a = new Float32Array(6);
    const b = new Float32Array(6);
    const out = new Float32Array(4);
    assert.throws(() => matMulImpl(a, 1, b, 0, out, 0, 2, 2, 3, false, false), RangeError);
    assert.throws(() => matMulImpl(a, 0, b, 0, out, 1, 2, 2, 3, false, false), RangeError);
    assert.throws(() => matMulImpl(a, 0, b, 0, out, 0, 2, 2, 3.5, false, false), RangeError);
    assert.throws(() => matMulImpl(a, 0, b, 0, out, 0, -1, 2, 3, false, false), RangeError);
  });
});
