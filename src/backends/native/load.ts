// Finds and loads the native addon (build/Release/dendrite_native.node, built at `npm install` by
// scripts/build-native.mjs). Never throws: when the addon is missing or fails to load, the reason is kept for the
// one-line explanation the package prints when it falls back to the TypeScript backend.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FloatArray, TypedArray } from '../../core/dtype.js';

/** The addon's exports (native/src/addon.cc). */
export interface NativeAddon {
  /** `byteLength` zero-filled bytes of 64-byte-aligned native memory; its finalizer frees them. */
  alloc(byteLength: number): ArrayBuffer;
  /** matMulImpl's contract (overwrites out) for Float32Array or Float64Array operands of one type. */
  matmul(
    a: Float32Array | Float64Array,
    aOffset: number,
    b: Float32Array | Float64Array,
    bOffset: number,
    out: Float32Array | Float64Array,
    outOffset: number,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
  ): void;
  /**
   * out[i] = f(x[i]) for the op with code `op` (UNARY_OPS in elementwise.ts); out is a Uint8Array for IsNaN,
   * IsFinite and LogicalNot, else of x's type. `alpha`: LeakyRelu's slope, ClipByValue's min; `beta`: its max.
   */
  unary(op: number, x: FloatArray, out: FloatArray | Uint8Array, alpha?: number, beta?: number): void;
  /**
   * out = a ∘ b (BINARY_OPS codes; comparisons write a Uint8Array). Without shapes, a and b are as long as out or
   * of length 1; with them, they broadcast to `outShape`.
   */
  binary(
    op: number,
    a: FloatArray,
    b: FloatArray,
    out: FloatArray | Uint8Array,
    aShape?: readonly number[],
    bShape?: readonly number[],
    outShape?: readonly number[],
  ): void;
  /** out = c ? a : b, broadcast as `binary`. */
  select(
    c: Uint8Array,
    a: FloatArray,
    b: FloatArray,
    out: FloatArray,
    cShape?: readonly number[],
    aShape?: readonly number[],
    bShape?: readonly number[],
    outShape?: readonly number[],
  ): void;
  /** Converts x into out (same length) as storing each number into out's typed array would, but bool: x ≠ 0. */
  cast(x: TypedArray, out: TypedArray): void;
  /** x as [outer, reduced, inner] reduced over its middle axis into out [outer, inner] (REDUCE_OPS codes). */
  reduce(op: number, x: FloatArray, outer: number, reduced: number, inner: number, out: FloatArray): void;
  /** Index of the first maximum (or minimum; the first NaN wins) along the middle axis of x as [outer, dim, inner]. */
  argReduce(isMax: boolean, x: FloatArray, outer: number, dim: number, inner: number, out: Int32Array): void;
  /** The instruction set the elementwise kernels run on. */
  elementwiseKernel(): 'avx512' | 'avx2' | 'baseline';
  setNumThreads(n: number): void;
  getNumThreads(): number;
  /**
   * What the thread pool did since the process started: parallel jobs dispatched, and how many times it turned
   * serial for a while because its helper threads did not get a CPU (another process holds the cores).
   */
  poolStats(): { parallelJobs: number; serialSpells: number };
  cpuFeatures(): { avx512f: boolean; avx2: boolean; fma: boolean; gemmKernel: 'avx512' | 'avx2' | 'scalar' };
}

export type NativeLoadResult = { ok: true; addon: NativeAddon; path: string } | { ok: false; reason: string };

const ADDON = join('build', 'Release', 'dendrite_native.node');

/** The directory holding this package's package.json, walking up from this file (src/… or build/src/… or dist/…). */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'dendrite') return dir;
      } catch {
        // An unreadable manifest is not ours; keep walking.
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

let cached: NativeLoadResult | undefined;

/** Loads the addon once per process; `DENDRITE_NATIVE_PATH` names another .node file. */
export function loadNative(): NativeLoadResult {
  cached ??= load();
  return cached;
}

function load(): NativeLoadResult {
  const override = process.env.DENDRITE_NATIVE_PATH;
  const root = packageRoot();
  const path = override || (root ? join(root, ADDON) : undefined);
  if (!path) return { ok: false, reason: 'package root not found' };
  if (!existsSync(path)) {
    const marker = root ? join(root, 'build', 'native-unavailable.txt') : undefined;
    const why = marker && existsSync(marker) ? readFileSync(marker, 'utf8').trim() : undefined;
    return {
      ok: false,
      reason: why ? `the build failed at install: ${why}` : `${path} is not built (run \`npm run build:native\`)`,
    };
  }
  try {
    const addon = createRequire(import.meta.url)(path) as NativeAddon;
    if (typeof addon.matmul !== 'function' || typeof addon.alloc !== 'function') {
      return { ok: false, reason: `${path} does not export the expected functions` };
    }
    return { ok: true, addon, path };
  } catch (e) {
    return { ok: false, reason: `loading ${path} failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
