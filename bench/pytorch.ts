// PyTorch as a benchmark peer: runs bench/pytorch_bench.py with Debian's /usr/bin/python3 (python3-torch; the PATH
// python3 may be another interpreter without torch), one fresh process per request, and reads back its JSON line.
// The child gets this process's environment plus OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS set to
// Dendrite's thread count, and calls torch.set_num_threads with it; nothing else (OPENBLAS_CORETYPE included) changes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from './workloads.js';

export const PYTHON = '/usr/bin/python3';

/** The script sits in bench/ beside this file's source; the compiled file runs from build/bench/. */
const SCRIPT = [
  fileURLToPath(new URL('../../bench/pytorch_bench.py', import.meta.url)),
  fileURLToPath(new URL('./pytorch_bench.py', import.meta.url)),
].find((p) => existsSync(p));

export interface PytorchInfo {
  torch: string;
  /** The build's BLAS setting, e.g. `BLAS_INFO=generic` (Debian: whatever libblas.so.3 points to). */
  blasInfo: string;
  parallel: string;
  threads: number;
  /** BLAS, LAPACK and OpenMP libraries mapped after a product: the BLAS that actually ran. */
  libraries: string[];
  openblas: { config: string; core: string } | null;
  numpy: string | null;
  python: string;
}

/** What the peer reports for one training or predict run (the timing rules of bench/training.ts). */
export interface PytorchRun {
  samplesPerSec: number;
  samples: number;
  batches: number;
  totalBatches: number;
  passes: number;
  seconds: number;
  loss?: number;
}

export interface PytorchSgemm {
  torch: number[];
  numpy: number[] | null;
}

export interface RssReport {
  startBytes: number;
  rssBytes: number[];
  /** VmHWM: the peak RSS of this process's own address space. */
  peakBytes: number;
  /** maxRSS / ru_maxrss: NOTE: Linux carries it across fork and exec, so it includes the spawning parent's RSS. */
  maxRssBytes: number;
  seconds: number;
  /** Dendrite only: live tensor storage and V8's heap (heapTotal) after each epoch. */
  tensorBytes?: number[];
  heapBytes?: number[];
}

export function pytorchEnv(threads: number): NodeJS.ProcessEnv {
  const n = String(threads);
  return { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n };
}

/** Runs one request; the parsed last JSON line of its output. */
export function runPytorch<T>(request: { mode: string; threads: number } & Record<string, unknown>): T {
  if (!SCRIPT) throw new Error('bench/pytorch_bench.py not found');
  const r = spawnSync(PYTHON, [SCRIPT, JSON.stringify(request)], {
    env: pytorchEnv(request.threads),
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  const line = (r.stdout ?? '')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (r.status !== 0 || !line) {
    const why = r.error?.message ?? (r.stderr || '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`${PYTHON} pytorch_bench.py ${request.mode} failed (exit ${r.status}): ${why}`);
  }
  return JSON.parse(line) as T;
}

let cached: { info: PytorchInfo } | { reason: string } | undefined;

/** torch's version and BLAS, asked once per process; `reason` when torch cannot be imported by /usr/bin/python3. */
export function pytorchInfo(threads: number): { info: PytorchInfo } | { reason: string } {
  if (cached) return cached;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = probe.error?.message ?? (probe.stderr || '').trim().split('\n').pop();
    cached = { reason: `\`${PYTHON} -c "import torch"\` failed: ${why}` };
  } else {
    try {
      cached = { info: runPytorch<PytorchInfo>({ mode: 'info', threads }) };
    } catch (e) {
      cached = { reason: (e as Error).message };
    }
  }
  return cached;
}

/** One line: version, BLAS build setting, the BLAS library mapped and OpenBLAS's own config, threads. */
export function describePytorch(info: PytorchInfo): string {
  const blas = info.libraries.filter((p) => /blas/.test(p)).join(', ') || 'no BLAS library mapped';
  const openblas = info.openblas ? `; ${info.openblas.config}, core ${info.openblas.core}` : '';
  return (
    `PyTorch ${info.torch} (Python ${info.python}, ${PYTHON}): ${info.blasInfo} → ${blas}${openblas}; ` +
    `${info.parallel}; torch.get_num_threads() = ${info.threads}; numpy ${info.numpy ?? 'not installed'}`
  );
}

/** Temporary raw float32 files (x rows, then y rows) that the Python side reads; `remove` deletes them all. */
export function dataFiles(): { write(data: Dataset): string; remove(): void } {
  let dir: string | undefined;
  let count = 0;
  return {
    write(data) {
      dir ??= mkdtempSync(join(tmpdir(), 'dendrite-bench-'));
      const path = join(dir, `data-${count++}.f32`);
      const bytes = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      writeFileSync(path, bytes(data.x));
      writeFileSync(path, bytes(data.y), { flag: 'a' });
      return path;
    },
    remove() {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    },
  };
}
