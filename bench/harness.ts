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

/** A number with three significant digits or so: 1234, 56.7, 8.90. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** Dendrite / peer as `1.23×` (higher is better when both are rates). */
export function ratio(dendrite: number, peer: number): string {
  return `${(dendrite / peer).toFixed(2)}×`;
}

/**
 * Prints an aligned table under `title`. Text columns are left-aligned: the first `left` columns, or the columns
 * whose indices `left` lists; the others (numbers) are right-aligned.
 */
export function printGrid(
  title: string,
  header: readonly string[],
  body: readonly string[][],
  left: number | readonly number[] = 1,
): void {
  const isLeft = (i: number) => (typeof left === 'number' ? i < left : left.includes(i));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (isLeft(i) ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

/** Prints rows as an aligned table with the Dendrite/TF.js ratio (higher is better for both units). */
export function printTable(title: string, rows: readonly Row[]): void {
  const header = ['workload', 'unit', 'Dendrite (ts)', 'TF.js (cpu)', 'ratio'];
  const body = rows.map((r) => [r.workload, r.unit, fmt(r.dendrite), fmt(r.tfjs), ratio(r.dendrite, r.tfjs)]);
  printGrid(title, header, body, 2);
}
