// GFLOP/s of the TypeScript GEMM kernel (src/backends/ts/kernels/mat-mul-impl.ts) for every transpose combination.
// Run: node <build>/bench/mat-mul-kernel.js
import { type FloatArray, matMulImpl } from '../src/backends/ts/kernels/mat-mul-impl.js';

type Combo = { name: string; ta: boolean; tb: boolean };

const COMBOS: Combo[] = [
  { name: 'NN', ta: false, tb: false },
  { name: 'TN', ta: true, tb: false },
  { name: 'NT', ta: false, tb: true },
  { name: 'TT', ta: true, tb: true },
];

function filled<T extends FloatArray>(arr: T): T {
  for (let i = 0; i < arr.length; i++) arr[i] = Math.random() * 2 - 1;
  return arr;
}

function gflops(size: number, ta: boolean, tb: boolean, f64: boolean): number {
  const len = size * size;
  const make = (): FloatArray => filled(f64 ? new Float64Array(len) : new Float32Array(len));
  const a = make();
  const b = make();
  const out = f64 ? new Float64Array(len) : new Float32Array(len);
  const run = (): void => matMulImpl(a, 0, b, 0, out, 0, size, size, size, ta, tb);
  const flops = 2 * size * size * size;
  // Warm up for ~0.3 s so TurboFan has optimised the kernels before timing, then size each timed sample to ~0.25 s
  // so small products are not dominated by timer resolution.
  const warmStart = performance.now();
  let warmRuns = 0;
  while (performance.now() - warmStart < 300) {
    run();
    warmRuns++;
  }
  const once = Math.max((performance.now() - warmStart) / warmRuns, 0.01);
  const reps = Math.max(1, Math.round(250 / once));
  const samples: number[] = [];
  for (let s = 0; s < 5; s++) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) run();
    samples.push((performance.now() - start) / reps);
  }
  samples.sort((x, y) => x - y);
  const medianMs = samples[samples.length >> 1] ?? once;
  return flops / (medianMs * 1e6);
}

function main(): void {
  const rows: string[][] = [];
  for (const size of [128, 512, 1024]) {
    rows.push([`f32 ${size}³`, ...COMBOS.map((c) => gflops(size, c.ta, c.tb, false).toFixed(2))]);
  }
  rows.push(['f64 512³', ...COMBOS.map((c) => gflops(512, c.ta, c.tb, true).toFixed(2))]);
  console.log(['GFLOP/s', ...COMBOS.map((c) => c.name)].map((s) => s.padStart(10)).join(''));
  for (const row of rows) console.log(row.map((s) => s.padStart(10)).join(''));
}

main();
