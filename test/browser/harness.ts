// What the browser tests share: a project that has installed Dendrite (its real package.json, its dist/ being this
// run's build/src), esbuild bundling for a page through the package's `exports`, a small HTTP server, and Chromium.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Platform } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';

/** The repository root (this file runs as build/test/browser/harness.js). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Debian's Chromium, which .ci/run installs. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined. */
export function missingBrowser(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium; .ci/run does this in CI)`;
}

/**
 * Installs Dendrite into `project` as npm would lay it out: node_modules/dendrite/package.json is the repository's
 * own (so its `exports` map is what resolves), and its dist/ is this run's compiled build/src.
 */
export async function installInto(project: string): Promise<void> {
  const pkg = join(project, 'node_modules', 'dendrite');
  await mkdir(pkg, { recursive: true });
  await copyFile(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  await symlink(join(ROOT, 'build', 'src'), join(pkg, 'dist'), 'dir');
}

/** A bundle, its text, and the source files it was made of (relative to the repository's build/src). */
export interface Bundle {
  readonly text: string;
  readonly inputs: readonly string[];
  readonly warnings: readonly string[];
}

/** Bundles `entry` (a file in `project`) as esbuild does for `platform`, minified unless told otherwise. */
export async function bundle(
  project: string,
  entry: string,
  { platform = 'browser', minify = true }: { platform?: Platform; minify?: boolean } = {},
): Promise<Bundle> {
  const result = await build({
    absWorkingDir: project,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform,
    target: 'es2022',
    minify,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const src = join(ROOT, 'build', 'src') + sep;
  const inputs = Object.keys((result.metafile as Metafile).inputs)
    .map((p) => normalize(join(project, p)))
    .filter((p) => p.startsWith(src))
    .map((p) => p.slice(src.length));
  return {
    text: result.outputFiles?.[0]?.text ?? '',
    inputs,
    warnings: result.warnings.map((w) => w.text),
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.dendrite': 'application/zip',
};

/** Serves `dir`'s files on 127.0.0.1 (a free port); anything else is a 404. */
export async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    if (path.includes('..') || path === '') {
      res.writeHead(404).end();
      return;
    }
    readFile(join(dir, path)).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Headless Chromium with a profile of its own (a fresh IndexedDB). */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
}

/**
 * Every uncaught page error and console error of `page`, collected as they come; but the browser's own
 * "Failed to load resource" for a URL ending in one of `expected404s`, which the test requests on purpose.
 */
export function watchErrors(page: Page, expected404s: readonly string[] = []): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url;
    if (/^Failed to load resource/.test(m.text()) && expected404s.some((end) => url.endsWith(end))) return;
    errors.push(`console.error: ${m.text()} (${url})`);
  });
  return errors;
}

/** Fails with the page's errors, if any. */
export function assertNoErrors(errors: readonly string[]): void {
  assert.deepEqual(errors, [], `the page raised errors:\n${errors.join('\n')}`);
}
