// The native GEMM against the TypeScript one (matMulImpl): every transpose combination, edge sizes, sizes that
// cross the block boundaries (KC 256, MC 192, NC 2048), offsets, both float types, and thread counts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadNative } from '../../src/backends/native/load.js';
import { matMulImpl } from '../../src/backends/ts/kernels/mat-mul-impl.js';
import { rng } from '../util/gradcheck.js';

const native = loadNative();
const skip = native.ok ? false : `native addon not available: ${native.reason}`;

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  offsets: [number, number, number];
}

/** Runs one case on both GEMMs and checks agreement, and that nothing outside out's m×n block was written. */
function check(ctor: Ctor, c: Case, random: () => number): void {
  if (!native.ok) return;
  const { m, n, k, transA, transB, offsets } = c;
  const [oa, ob, oo] = offsets;
  const fill = (len: number) => {
    const x = new ctor(len);
    for (let i = 0; i < len; i++) x[i] = random() * 2 - 1;
    return x;
  };
  const a = fill(oa + m * k + 3);
  const b = fill(ob + k * n + 3);
  const expected = new ctor(oo + m * n + 3).fill(-7);
  const actual = new ctor(oo + m * n + 3).fill(-7);
  matMulImpl(a, oa, b, ob, expected, oo, m, n, k, transA, transB);
  native.addon.matmul(a, oa, b, ob, actual, oo, m, n, k, transA, transB);
  // NOTE: the native float32 GEMM accumulates in float32 (the TS one in float64), so the error bound grows with k:
  // |Σ aᵢbᵢ error| ≤ k·eps·Σ|aᵢbᵢ| ≤ k·eps for entries in [-1, 1].
  const eps = ctor === Float32Array ? 2 ** -23 : 2 ** -52;
  const tol = 2 * Math.max(k, 1) * eps;
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i] as number;
    const v = actual[i] as number;
    if (!(Math.abs(v - e) <= tol)) {
      assert.fail(`${ctor.name} ${JSON.stringify(c)}: element ${i} is ${v}, expected ${e} (tolerance ${tol})`);
    }
  }
}

const EDGES = [0, 1, 2, 3, 7, 8, 13, 31, 32, 33, 97, 193, 257];

describe('native matmul', { skip }, () => {
  for (const ctor of [Float32Array, Float64Array] as Ctor[]) {
    test(`${ctor.name}: edge sizes × all transposes match the TypeScript GEMM`, () => {
      const random = rng(1);
      for (const m of [0, 1, 5, 9, 16, 17]) {
        for (const n of EDGES) {
          for (const k of [0, 1, 3, 31, 257]) {
            for (const transA of [false, true]) {
              for (const transB of [false, true]) check(ctor, { m, n, k, transA, transB, offsets: [0, 0, 0] }, random);
            }
          }
        }
      }
    });

    test(`${ctor.name}: random shapes (primes, above the block sizes) with offsets match`, () => {
      const random = rng(2);
      const pick = (xs: readonly number[]) => xs[Math.floor(random() * xs.length)] as number;
      for (let i = 0; i < 40; i++) {
        const c: Case = {
          m: pick([1, 2, 7, 61, 127, 193, 200, 389]),
          n: pick([1, 3, 17, 64, 101, 255, 509]),
          k: pick([1, 5, 97, 256, 257, 600]),
          transA: random() < 0.5,
          transB: random() < 0.5,
          offsets: [pick([0, 1, 13]), pick([0, 5]), pick([0, 7, 64])],
        };
        check(ctor, c, random);
      }
    });
  }

  test('Float32Array: a product wider than one NC block (n = 2100) matches', () => {
    const random = rng(3);
    for (const transB of [false, true])
      check(Float32Array, { m: 9, n: 2100, k: 40, transA: true, transB, offsets: [0, 0, 0] }, random);
  });

  describe('thread counts', () => {
    const initial = native.ok ? native.addon.getNumThreads() : 1;
    after(() => {
      if (native.ok) native.addon.setNumThreads(initial);
    });

    test('1, 2 and 3 threads give the same products', () => {
      if (!native.ok) return;
      const random = rng(4);
      for (const [m, n, k] of [
        [300, 200, 300],
        [37, 700, 129],
        [512, 512, 64],
      ] as const) {
        const a = Float32Array.from({ length: m * k }, () => random() - 0.5);
        const b = Float32Array.from({ length: k * n }, () => random() - 0.5);
        const results = [1, 2, 3].map((t) => {
          native.addon.setNumThreads(t);
          assert.equal(native.addon.getNumThreads(), t);
          const out = new Float32Array(m * n);
          native.addon.matmul(a, 0, b, 0, out, 0, m, n, k, false, true);
          return out;
        });
        for (const r of results.slice(1)) {
          for (let i = 0; i < r.length; i++) {
            assert.ok(Math.abs((r[i] as number) - (results[0]?.[i] as number)) <= k * 2 ** -22, `element ${i}`);
          }
        }
      }
    });

    test('setNumThreads rejects what is not a positive integer', () => {
      if (!native.ok) return;
      assert.throws(() => native.addon.setNumThreads(0), RangeError);
      assert.throws(() => native.addon.setNumThreads(1.5), RangeError);
    });
  });

  test('bad offsets and mixed element types throw instead of touching memory out of range', () => {
    if (!native.ok) return;
    const a = new Float32Array(6);
    assert.throws(() => native.addon.matmul(a, 1, a, 0, a, 0, 2, 3, 3, false, false), RangeError);
    assert.throws(() => native.addon.matmul(a, 0, new Float64Array(6), 0, a, 0, 1, 1, 1, false, false), TypeError);
  });

  test('cpuFeatures names the kernel that runtime dispatch picked', () => {
    if (!native.ok) return;
    const f = native.addon.cpuFeatures();
    const best = f.avx512f && f.fma ? 'avx512' : f.avx2 && f.fma ? 'avx2' : 'scalar';
    const forced = process.env.DENDRITE_GEMM_KERNEL;
    assert.equal(f.gemmKernel, forced === 'scalar' || (forced === 'avx2' && best !== 'scalar') ? forced : best);
  });

  // The kernels other CPUs would get, on this one: DENDRITE_GEMM_KERNEL narrows the dispatch in a child process.
  for (const kernel of ['avx2', 'scalar'] as const) {
    test(`the ${kernel} kernels pass this file too`, { skip: process.env.DENDRITE_GEMM_KERNEL !== undefined }, () => {
      if (!native.ok) return;
      const f = native.addon.cpuFeatures();
      if (kernel === 'avx2' && !(f.avx2 && f.fma)) return;
      const r = spawnSync(process.execPath, ['--test', fileURLToPath(import.meta.url)], {
        encoding: 'utf8',
        env: { ...process.env, DENDRITE_GEMM_KERNEL: kernel },
      });
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });
  }
});
