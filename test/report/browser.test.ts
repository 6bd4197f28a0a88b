// The report in a real browser: Debian's Chromium, driven by playwright-core, opens the written file
// from disk with no network, and every chart must be drawn, no console error raised, no request made.
// Screenshots go to build/test-artifacts/ for a person to look at.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { renderComparisonReport, renderSweepReport, writeReport } from '../../src/report/html.js';
import { fabricateComparison, fabricateSweep } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** What a kind of chart must contain once drawn: Vega's mark groups are classed `mark-<type>`. */
const EXPECTED_MARKS: Readonly<Record<string, readonly string[]>> = {
  'loss-curves': ['mark-line', 'mark-area'],
  weights: ['mark-rect'],
  boundary: ['mark-rect', 'mark-symbol'],
  sweep: ['mark-line', 'mark-symbol', 'mark-rule'],
};

interface Visit {
  readonly consoleErrors: string[];
  readonly requests: string[];
  readonly page: Page;
}

describe('the report in Chromium', () => {
  let dir = '';
  let context: BrowserContext | undefined;

  before(async () => {
    // Without the browser each test fails on its own with how to install it (see visit): never a skip.
    dir = await mkdtemp(join(tmpdir(), 'dendrite-report-'));
    if (!existsSync(CHROMIUM)) return;
    // A profile of its own, so nothing from another run (cache, service workers) can take part.
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1100, height: 900 },
    });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await context?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function visit(file: string): Promise<Visit> {
    if (!existsSync(CHROMIUM)) {
      assert.fail(
        `Chromium is missing: expected it at ${CHROMIUM}. Install Debian's package with ` +
          '`apt-get update && apt-get install -y chromium` (.ci/run does this in CI).',
      );
    }
    assert.ok(context, 'browser context');
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(file).href) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { consoleErrors, requests, page };
  }

  async function checkCharts(page: Page, expected: readonly string[]): Promise<void> {
    const figures = page.locator('figure[data-chart]');
    const kinds = await figures.evaluateAll((els) => els.map((e) => e.getAttribute('data-chart') ?? ''));
    assert.deepEqual(kinds, expected);
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i] as string;
      const svg = figures.nth(i).locator('svg');
      assert.equal(await svg.count(), 1, `${kind}: one <svg>`);
      const box = await svg.boundingBox();
      assert.ok(
        box && box.width > 100 && box.height > 100,
        `${kind}: drawn at a visible size, got ${JSON.stringify(box)}`,
      );
      const marks = await svg.evaluate((el) => {
        const counts: Record<string, number> = {};
        for (const g of Array.from(el.querySelectorAll('g[class*="mark-"]'))) {
          const type = Array.from(g.classList).find((c) => c.startsWith('mark-')) ?? '';
          // Count only what is drawn: paths, rects, lines and text with a size on screen.
          const drawn = Array.from(g.children).filter((c) => {
            const r = c.getBoundingClientRect();
            return r.width > 0 || r.height > 0;
          }).length;
          counts[type] = (counts[type] ?? 0) + drawn;
        }
        return counts;
      });
      for (const mark of EXPECTED_MARKS[kind] ?? []) {
        assert.ok((marks[mark] ?? 0) > 0, `${kind}: expected drawn ${mark} marks, found ${JSON.stringify(marks)}`);
      }
      assert.ok(((await figures.nth(i).locator('figcaption').textContent()) ?? '').length > 40, `${kind}: a caption`);
    }
  }

  test('a comparison on a 2-D dataset: loss curves, weights and boundaries drawn; no error, no request', async () => {
    const file = join(dir, 'report.html');
    await writeReport(file, await renderComparisonReport(fabricateComparison()));
    const { page, consoleErrors, requests } = await visit(file);
    await checkCharts(page, ['loss-curves', 'weights', 'boundary']);
    assert.equal(await page.locator('tbody tr').count(), 6);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests, []);
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    await page.close();
  });

  test('a comparison without a 2-D dataset has no boundary chart', async () => {
    const file = join(dir, 'report-mnist.html');
    await writeReport(file, await renderComparisonReport(fabricateComparison({ twoD: false })));
    const { page, consoleErrors, requests } = await visit(file);
    await checkCharts(page, ['loss-curves', 'weights']);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests, []);
    await page.close();
  });

  test('a sweep: the U against C and the loss curves drawn; no error, no request', async () => {
    const file = join(dir, 'sweep.html');
    await writeReport(file, await renderSweepReport(fabricateSweep()));
    const { page, consoleErrors, requests } = await visit(file);
    await checkCharts(page, ['sweep', 'loss-curves']);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests, []);
    await page.screenshot({ path: join(ARTIFACTS, 'sweep.png'), fullPage: true });
    await page.close();
  });
});
