import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ValueError } from '../../src/core/errors.js';
import { renderComparisonReport, renderSweepReport } from '../../src/report/html.js';
import { fabricateComparison, fabricateSweep, ISSUE_SWEEP, sweepFromCurves } from './fixtures.js';

const figures = (html: string) => [...html.matchAll(/<figure data-chart="([^"]+)">/g)].map((m) => m[1]);

/** Checks that hold for every report: one document that needs nothing from outside itself. */
function assertSelfContained(html: string): void {
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  assert.doesNotMatch(html, /<script/i, 'no script');
  assert.doesNotMatch(html, /<link|<img|<iframe|@import|url\((?!#)/i, 'no external resource');
  // Inline SVG needs no namespace declarations; the report drops them, so no URL is left at all.
  assert.doesNotMatch(html, /https?:/i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  assert.equal(html.match(/<svg/g)?.length, figures(html).length, 'one inline SVG per figure');
}

describe('renderComparisonReport', () => {
  const result = fabricateComparison({ epochs: 30 });
  let html = '';
  before(async () => {
    html = await renderComparisonReport(result);
  });

  test('self-contained, with the three charts of a 2-D dataset in order', () => {
    assertSelfContained(html);
    assert.deepEqual(figures(html), ['loss-curves', 'weights', 'boundary']);
    assert.equal(html.match(/<figcaption>/g)?.length, 3);
  });

  test('title, settings, a table row per variant, the reading', () => {
    assert.match(html, /<title>Regularization comparison on moons<\/title>/);
    assert.match(html, /<dt>Architecture<\/dt><dd>2 → 64 relu → 64 relu → 1 sigmoid<\/dd>/);
    assert.match(html, /30 epochs, batch size 32, seed 7, backend ts/);
    const rows = html.match(/<tr><th scope="row">/g) ?? [];
    assert.equal(rows.length, 6);
    for (const h of [
      'Train loss',
      'Val loss',
      'Val accuracy',
      'Gap',
      'Best epoch',
      '|w| &lt; 1e-3',
      'Kernel L2 norm',
    ]) {
      assert.ok(html.includes(`<th scope="col">${h}</th>`), h);
    }
    // The final val loss of the best variant is bold.
    const best = [...result.variants].sort((a, b) => a.summary.valLoss - b.summary.valLoss)[0];
    assert.ok(html.includes(`<td class="best">${best?.summary.valLoss.toFixed(3)}</td>`));
    assert.match(html, /<h2>Reading<\/h2>\n<p>Without regularization/);
  });

  test('a dataset without 2-D points gets no boundary chart', async () => {
    const mnist = await renderComparisonReport(fabricateComparison({ twoD: false, epochs: 10 }));
    assertSelfContained(mnist);
    assert.deepEqual(figures(mnist), ['loss-curves', 'weights']);
  });

  test('every string from the result is escaped: names, descriptions, dataset, architecture', async () => {
    const evil = '<script>alert("x")</script> & \'quotes\'';
    const small = fabricateComparison({ epochs: 5, resolution: 10 });
    const hostile = await renderComparisonReport({
      ...small,
      dataset: { ...small.dataset, name: evil, description: evil },
      architecture: evil,
      variants: small.variants.map((v, i) => (i === 1 ? { ...v, name: `${evil}1`, description: evil } : v)),
    });
    assertSelfContained(hostile);
    assert.doesNotMatch(hostile, /<script>alert/);
    assert.ok(hostile.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;'));
  });

  test('a comparison without variants is refused', async () => {
    await assert.rejects(
      renderComparisonReport({ ...result, variants: [] }),
      (e: unknown) =>
        e instanceof ValueError &&
        e.message ===
          'Invalid value received for argument `result`. Expected a comparison with at least one variant. Received: variants=[]',
    );
  });
});

describe('renderSweepReport', () => {
  test('self-contained: the U and the loss curves, a row per value, the best one marked', async () => {
    const sweep = fabricateSweep();
    const html = await renderSweepReport(sweep);
    assertSelfContained(html);
    assert.deepEqual(figures(html), ['sweep', 'loss-curves']);
    assert.match(html, /<title>Choosing C for L2 on moons<\/title>/);
    assert.equal(html.match(/<tr(?: class="best-row")?><th scope="row">/g)?.length, 5);
    assert.match(html, /<tr class="best-row"><th scope="row">1e-3 <span class="badge">best<\/span>/);
    assert.match(html, /C ∈ \{1e-5, 1e-4, 1e-3, 1e-2, 1e-1\}/);
  });

  test('a coefficient of 0 stays in the table and the caption says why it is not on the chart', async () => {
    const sweep = fabricateSweep([0, 1e-4, 1e-3, 1e-2]);
    const html = await renderSweepReport(sweep);
    assert.match(html, /<th scope="row">0<\/th>/);
    assert.match(html, /1 value of C ≤ 0 cannot sit on the log axis and is only in the table/);
  });

  test('a sweep of the dropout rate speaks of the rate', async () => {
    const html = await renderSweepReport(fabricateSweep([0.1, 0.3, 0.5, 0.7, 0.9], 'Dropout'));
    assertSelfContained(html);
    assert.match(html, /<title>Choosing the rate for Dropout on moons<\/title>/);
    assert.match(html, /<th scope="col">rate<\/th>/);
    assert.match(html, /The validation loss at the last epoch was lowest at rate = 0\.5/);
    assert.match(html, /<p class="pick">best: rate = 0\.5 by lowest final val loss/);
    assert.doesNotMatch(html, /C = /);
  });

  test("the issue's sweep: the best badge, the bold cell, the chart's marker and the explanation agree", async () => {
    const sweep = sweepFromCurves(ISSUE_SWEEP);
    const html = await renderSweepReport(sweep);
    const table = html.slice(html.indexOf('<table>'), html.indexOf('</table>'));
    const rows = [...table.matchAll(/<tr[^>]*><th scope="row">([^<]+)(.*?)<\/tr>/g)];
    assert.equal(rows.length, 4);
    const cells = (row: string) => [...row.matchAll(/<td( class="best")?>([^<]*)<\/td>/g)];
    // The Val loss column (the second cell) is the one the pick is made on: its smallest number is bold.
    const valLoss = rows.map((r) => Number(cells(r[2] as string)[1]?.[2]));
    const lowest = valLoss.indexOf(Math.min(...valLoss));
    assert.equal(rows[lowest]?.[1], '1e-3 ');
    assert.match(
      rows[lowest]?.[2] as string,
      /^<span class="badge">best<\/span><\/th><td>[^<]+<\/td><td class="best">0\.381<\/td>/,
    );
    assert.equal(table.match(/class="best"/g)?.length, 1, 'one bold cell');
    assert.equal(table.match(/class="badge">best</g)?.length, 1, 'one best row');
    // The value within noise of it is flagged; the others are not.
    assert.equal(
      rows
        .filter((r) => (r[2] as string).includes('within noise'))
        .map((r) => r[1])
        .join(),
      '1e-2 ',
    );
    assert.ok(
      html.includes(
        '<p class="pick">best: C = 1e-3 by lowest final val loss (0.381); within noise: C = 1e-2 (+0.005 &lt; 0.018); ' +
          'next beyond noise: C = 1e-4 (+0.061 ≥ 0.015). Noise: 2σ of a difference',
      ),
    );
    assert.match(html, /Bold: the lowest val loss, the column the best value is picked on\./);
    assert.match(html, /best C = 1e-3/, "the chart's marker");
    assert.match(html, /The validation loss at the last epoch was lowest at C = 1e-3/, 'the reading');
  });

  test('an empty sweep is refused', async () => {
    await assert.rejects(renderSweepReport({ ...fabricateSweep(), points: [] }), ValueError);
  });
});
