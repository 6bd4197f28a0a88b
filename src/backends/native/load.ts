// Finds and loads the native addon (build/Release/dendrite_native.node, built at `npm install` by
// scripts/build-native.mjs). Never throws: when the addon is missing or fails to load, the reason is kept for the
// one-line explanation the package prints when it falls back to the TypeScript backend.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  setNumThreads(n: number): void;
  getNumThreads(): number;
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
