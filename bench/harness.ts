/** Median wall time of `fn` in milliseconds after `warmup` untimed runs; at least `minReps` runs and ~`minMs` total. */
export function timeIt(fn: () => void, { warmup = 2, minReps = 5, minMs = 400 } = {}): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minReps || (performance.now() - start < minMs && times.length < 200)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export interface Row {
  workload: string;
  unit: string;
  dendrite: number;
  tfjs: number;
}

/** Prints rows as an aligned table with the Dendrite/TF.js ratio (higher is better for both units). */
export function printTable(title: string, rows: readonly Row[]): void {
  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const header = ['workload', 'unit', 'Dendrite (ts)', 'TF.js (cpu)', 'ratio'];
  const body = rows.map((r) => [
    r.workload,
    r.unit,
    fmt(r.dendrite),
    fmt(r.tfjs),
    `${(r.dendrite / r.tfjs).toFixed(2)}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}
