#!/usr/bin/env node
/**
 * `dendrite`: the command line. Parses the flags, runs `compare` or `sweep`, prints the table, writes the
 * report and says where. Exit codes: 0 done, 1 a failure while running, 2 a mistake the user can fix (a flag,
 * the config file, the data file); user mistakes get one line on stderr, never a stack trace.
 */
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version as dendriteVersion } from '../node.js';
import { renderComparisonReport, renderSweepReport, writeReport } from '../report/index.js';
import { loadVega } from '../report/vega.js';
import { type Invocation, parseArgs } from './args.js';
import { runComparison } from './compare.js';
import { UsageError } from './errors.js';
import { helpText } from './help.js';
import { resolveCompare, resolveSweep } from './options.js';
import { silentProgress, streamProgress } from './progress.js';
import { runSweep } from './sweep.js';
import { comparisonTable, sweepTable } from './table.js';

/** Where `main` writes; the process's streams by default, strings in tests. */
export interface Console {
  readonly out: { write(text: string): unknown; isTTY?: boolean };
  readonly err: { write(text: string): unknown; isTTY?: boolean };
}

const processConsole: Console = { out: process.stdout, err: process.stderr };

function version(): string {
  return dendriteVersion;
}

/** Refuses an --out that can never be written, before minutes of training rather than after. */
function checkOut(out: string): string {
  const path = resolve(out);
  try {
    if (statSync(path).isDirectory())
      throw new UsageError(`--out ${out} is a folder. Expected a file path, as in ${out}/report.html`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // Not there yet: fine, writeReport creates it (and its folders).
  }
  return path;
}

/** One line of what is about to run: `dendrite compare: mnist (1000 train / 2000 validation), hidden 128,128, …`. */
function settingsLine(inv: Extract<Invocation, { action: 'compare' | 'sweep' }>): string {
  const o = inv.action === 'sweep' ? resolveSweep(inv.options) : resolveCompare(inv.options);
  const sizes = o.trainSize === undefined ? '' : ` (${o.trainSize} train / ${o.valSize} validation)`;
  return (
    `dendrite ${inv.action}: ${o.dataset}${sizes}, hidden ${o.hidden.join(',')} relu, Adam ${o.learningRate}, ` +
    `${o.epochs} epochs, batch ${o.batchSize}, seed ${o.seed}`
  );
}

async function run(inv: Extract<Invocation, { action: 'compare' | 'sweep' }>, io: Console): Promise<void> {
  const started = performance.now();
  const path = checkOut(inv.out);
  // The report's optional dependencies, checked before minutes of training rather than after.
  await loadVega(`dendrite ${inv.action} draws its report`);
  const progress = inv.quiet ? silentProgress : streamProgress(io.err);
  if (!inv.quiet) io.out.write(`${settingsLine(inv)}\n`);
  let html: string;
  if (inv.action === 'compare') {
    const result = await runComparison(inv.options, progress);
    io.out.write(`\n${comparisonTable(result)}\n\n`);
    html = await renderComparisonReport(result);
  } else {
    const result = await runSweep(inv.options, progress);
    io.out.write(`\n${sweepTable(result)}\n\n`);
    html = await renderSweepReport(result);
  }
  await writeReport(path, html);
  io.out.write(`Report written to ${path}\n`);
  io.out.write(`Total time ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

/**
 * Runs `dendrite` with these arguments (without node and the script) and returns the exit code.
 * @example `process.exitCode = await main(['compare', '--dataset', 'moons'])`
 */
export async function main(argv: readonly string[], io: Console = processConsole): Promise<number> {
  try {
    const inv = parseArgs(argv);
    if (inv.action === 'help') io.out.write(`${helpText()}\n`);
    else if (inv.action === 'version') io.out.write(`dendrite ${version()}\n`);
    else await run(inv, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`dendrite: ${error.message}\n`);
      return error.exitCode;
    }
    const e = error as Error;
    io.err.write(`dendrite: ${e?.message ?? String(error)}\n`);
    if (process.env.DENDRITE_DEBUG) io.err.write(`${e?.stack ?? ''}\n`);
    else io.err.write('dendrite: set DENDRITE_DEBUG=1 to see where it failed\n');
    return 1;
  }
}

/** True when this file is the program node was started with (not imported by the launcher or a test). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await main(process.argv.slice(2));
