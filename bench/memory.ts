// Memory: peak RSS while mnist-mlp trains, and whether RSS stays flat across 100 epochs, for Dendrite (native
// backend) and PyTorch, each in a fresh process (bench/rss.ts; bench/pytorch_bench.py in its rss mode) so that
// nothing else this bench ran is counted. Epochs are short (20 batches of 128; 2 with --quick), on the first rows of
// the training benchmark's data. Growth is RSS after epoch 100 minus RSS after epoch 10: allocator and JIT warm-up
// lie before epoch 10, a leak shows after it. The peak is VmHWM (/proc/self/status): a child's maxRSS / ru_maxrss
// starts at its parent's RSS, since Linux keeps it across fork and exec, so it is printed beside for reference only.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, printGrid } from './harness.js';
import { dataFiles, pytorchInfo, type RssReport, runPytorch } from './pytorch.js';
import { unavailable } from './training.js';
import { MNIST_MLP, makeDataset, TRAIN_DATA_SEED } from './workloads.js';

export const MEMORY_SYSTEMS = ['dendrite-native', 'pytorch'] as const;
export type MemorySystemId = (typeof MEMORY_SYSTEMS)[number];

const EPOCHS = 100;
const BATCH_SIZE = 128;

function dendriteRss(batches: number): RssReport {
  const script = fileURLToPath(new URL('./rss.js', import.meta.url));
  const r = spawnSync(process.execPath, [script, JSON.stringify({ batches, epochs: EPOCHS })], { encoding: 'utf8' });
  const line = (r.stdout ?? '')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (r.status !== 0 || !line) throw new Error(`rss.js failed (exit ${r.status}): ${(r.stderr ?? '').trim()}`);
  return JSON.parse(line) as RssReport;
}

function pytorchRss(batches: number, threads: number): RssReport {
  const data = makeDataset(MNIST_MLP, batches * BATCH_SIZE, TRAIN_DATA_SEED);
  const files = dataFiles();
  try {
    const request = { mode: 'rss', threads, spec: MNIST_MLP, data: files.write(data), n: data.n, epochs: EPOCHS };
    return runPytorch<RssReport>({ ...request, batchSize: BATCH_SIZE });
  } finally {
    files.remove();
  }
}

const mib = (bytes: number) => fmt(bytes / 2 ** 20);

export function runMemoryBenchmarks(opts: { systems: readonly string[]; threads: number; quick: boolean }): void {
  const batches = opts.quick ? 2 : 20;
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const id of MEMORY_SYSTEMS) {
    if (!opts.systems.includes(id)) continue;
    const why = unavailable(id, opts.threads);
    if (why) {
      console.log(`\nMemory, ${id}: skipped (${why})`);
      continue;
    }
    let label = 'Dendrite (native)';
    let r: RssReport;
    if (id === 'pytorch') {
      const p = pytorchInfo(opts.threads);
      label = 'info' in p ? `PyTorch ${p.info.torch}` : 'PyTorch';
      r = pytorchRss(batches, opts.threads);
    } else {
      r = dendriteRss(batches);
    }
    const at = (epoch: number) => r.rssBytes[epoch - 1] ?? Number.NaN;
    const growth = at(EPOCHS) - at(10);
    if (r.tensorBytes && r.heapBytes) {
      const t = r.tensorBytes;
      const h = r.heapBytes;
      notes.push(
        `${label}: live tensor storage ${mib(t[9] ?? Number.NaN)} → ${mib(t[EPOCHS - 1] ?? Number.NaN)} MiB and V8 heap ` +
          `${mib(h[9] ?? Number.NaN)} → ${mib(h[EPOCHS - 1] ?? Number.NaN)} MiB from epoch 10 to ${EPOCHS}`,
      );
    }
    rows.push([
      label,
      mib(r.peakBytes),
      mib(r.maxRssBytes),
      mib(r.startBytes),
      mib(at(1)),
      mib(at(10)),
      mib(at(50)),
      mib(at(EPOCHS)),
      `${growth >= 0 ? '+' : ''}${mib(growth)} (${((100 * growth) / at(10)).toFixed(1)}%)`,
      r.seconds.toFixed(1),
    ]);
  }
  if (rows.length === 0) return;
  const header = ['system', 'peak', 'maxRSS', 'start', 'epoch 1', '10', '50', '100', 'growth 10→100', 'train s'];
  printGrid(
    `Memory: mnist-mlp, ${EPOCHS} epochs of ${batches} batches of ${BATCH_SIZE}, fresh process each, ${opts.threads} ` +
      'thread(s); RSS in MiB\n(peak: VmHWM of /proc/self/status; maxRSS: process.resourceUsage().maxRSS / ru_maxrss, which ' +
      "Linux carries over from the\nparent bench process through fork and exec, so it is not this run's own peak; " +
      'start: after the data and model are made;\nepoch k: RSS after epoch k)',
    header,
    rows,
  );
  for (const n of notes) console.log(n);
}
