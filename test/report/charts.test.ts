import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValueError } from '../../src/core/errors.js';
import {
  BOUNDARY_LIMITS,
  boundaryRows,
  decisionBoundarySpec,
  lossCurveRows,
  lossCurvesSpec,
  lossDomain,
  sweepParameter,
  sweepRows,
  sweepSpec,
  weightHistogram,
  weightHistogramSpec,
} from '../../src/report/charts.js';
import { pickSweep } from '../../src/report/pick.js';
import { compileSpec, renderSvg } from '../../src/report/render.js';
import { variantColor } from '../../src/report/theme.js';
import { fabricateComparison, fabricateSweep } from './fixtures.js';

const result = fabricateComparison({ epochs: 20 });
const variants = result.variants.map((v, i) => ({ ...v, color: variantColor(i) }));
const sweep = fabricateSweep();
const dropoutSweep = fabricateSweep([0.1, 0.3, 0.5, 0.7, 0.9], 'Dropout');
const sweepBest = pickSweep(sweep.points).best;
const dropoutBest = pickSweep(dropoutSweep.points).best;

describe('chart specs compile with Vega-Lite, without a warning', () => {
  const specs = {
    'loss curves': lossCurvesSpec(variants),
    weights: weightHistogramSpec(variants),
    boundary: decisionBoundarySpec(variants, result.dataset.points, 2),
    sweep: sweepSpec(sweep.points, sweepBest, 'L2'),
    'sweep of a dropout rate': sweepSpec(dropoutSweep.points, dropoutBest, 'Dropout'),
  };
  for (const [name, spec] of Object.entries(specs)) {
    test(name, async () => {
      const { vega, warnings } = await compileSpec(spec);
      assert.deepEqual(warnings, []);
      assert.ok(Array.isArray(vega.marks) && vega.marks.length > 0);
    });
  }

  test('compileSpec collects warnings and turns a rejected spec into a ValueError', async () => {
    const { warnings } = await compileSpec({
      data: { values: [{ a: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative', scale: { type: 'band' } } },
    });
    assert.ok(warnings.length > 0);
    await assert.rejects(() => compileSpec({ data: { values: [] }, mark: 'nonsense' } as never), ValueError);
  });
});

describe('chart data', () => {
  test('loss curves: one row per variant and epoch, data loss = loss − regularization_loss', () => {
    const rows = lossCurveRows(variants);
    assert.equal(rows.length, variants.length * 20);
    const l2 = variants.find((v) => v.name === 'L2');
    const row = rows.find((r) => r.variant === 'L2' && r.epoch === 20);
    assert.ok(l2 && row);
    const h = l2.history;
    assert.equal(row.train, (h.loss?.[19] as number) - (h.regularization_loss?.[19] as number));
    assert.equal(row.validation, (h.val_loss?.[19] as number) - (h.val_regularization_loss?.[19] as number));
    // The penalty was taken out: the last epoch matches the summary, which is data loss.
    assert.ok(Math.abs((row.train as number) - l2.summary.trainLoss) < 1e-12);
  });

  test('loss curves: a diverged epoch (NaN, ∞) or a missing validation curve becomes a hole, not a number', () => {
    const rows = lossCurveRows([
      { name: 'x', color: '#000', history: { loss: [1, Number.NaN, Number.POSITIVE_INFINITY] } },
    ]);
    assert.deepEqual(
      rows.map((r) => [r.train, r.validation]),
      [
        [1, null],
        [null, null],
        [null, null],
      ],
    );
  });

  test('loss curves: each panel gets its own y domain, fitted to its curves after the first descent', () => {
    // A first epoch near 2 and an overfitting upturn from 0.35 to 0.45: the upturn must fill the panel.
    const val = [1.8, 0.6, 0.4, 0.36, 0.35, 0.36, 0.38, 0.4, 0.43, 0.45];
    const train = [2.1, 0.5, 0.3, 0.2, 0.15, 0.12, 0.1, 0.09, 0.08, 0.07];
    const rows = lossCurveRows([{ name: 'none', color: '#000', history: { loss: train, val_loss: val } }]);
    const [lo, hi] = lossDomain(rows);
    // Epoch 1 (a tenth of 10) is left out of the top; the lowest value of all sets the bottom; 8% padding.
    const span = 0.6 - 0.07;
    assert.ok(Math.abs(lo - (0.07 - 0.08 * span)) < 1e-12, `lo ${lo}`);
    assert.ok(Math.abs(hi - (0.6 + 0.08 * span)) < 1e-12, `hi ${hi}`);
    assert.ok((0.45 - 0.35) / (hi - lo) > 0.15, 'the upturn spans a sixth of the panel, not a twentieth');
    // Never below 0 for losses, [0, 1] for a panel with nothing finite, a flat curve gets room around it.
    const flat = lossCurveRows([
      { name: 'flat', color: '#000', history: { loss: [0.01, 0.01], val_loss: [0.01, 0.01] } },
    ]);
    assert.deepEqual(lossDomain(flat), [0, 0.02]);
    assert.deepEqual(lossDomain([]), [0, 1]);
    // Dropout holds the training loss above the validation loss early on: the validation curve sets the top.
    const dropout = lossCurveRows([
      {
        name: 'dropout',
        color: '#000',
        history: {
          loss: [2, 1.2, 1, 0.8, 0.6, 0.5, 0.4, 0.35, 0.3, 0.3],
          val_loss: [1, 0.5, 0.45, 0.4, 0.38, 0.37, 0.37, 0.38, 0.39, 0.4],
        },
      },
    ]);
    const [, top] = lossDomain(dropout);
    assert.ok(Math.abs(top - (0.5 + 0.08 * (0.5 - 0.3))) < 1e-12, `top ${top}`);
    const one = lossCurveRows([{ name: 'one', color: '#000', history: { loss: [0.5], val_loss: [0.7] } }]);
    const [a, b] = lossDomain(one);
    assert.ok(a < 0.5 && b > 0.7, `${a}, ${b}`);
  });

  test("loss curves: the spec's y domains follow each panel's data, not a shared axis", () => {
    const spec = lossCurvesSpec(variants) as unknown as {
      concat: {
        title: { text: string };
        data: { values: LossRow[] };
        layer: { encoding: { y: { scale: { domain: number[] } } } }[];
      }[];
      resolve: unknown;
    };
    type LossRow = ReturnType<typeof lossCurveRows>[number];
    assert.equal(spec.concat.length, variants.length);
    const domains = spec.concat.map((panel, i) => {
      assert.equal(panel.title.text, variants[i]?.name);
      assert.ok(panel.data.values.every((r) => r.variant === variants[i]?.name));
      const domain = panel.layer[0]?.encoding.y.scale.domain as number[];
      assert.deepEqual(panel.layer[1]?.encoding.y.scale.domain, domain);
      assert.deepEqual(domain, lossDomain(panel.data.values));
      return domain;
    });
    assert.deepEqual(spec.resolve, { scale: { x: 'shared', y: 'independent' } });
    // The fixture's unregularized run climbs to 1.9; L2's panel stays near its own 0.2–0.4, so its upturn shows.
    const l2 = domains[variants.findIndex((v) => v.name === 'L2')] as number[];
    const none = domains[variants.findIndex((v) => v.name === 'none')] as number[];
    assert.ok((none[1] as number) > 1.9);
    assert.ok((l2[1] as number) < 0.8, `L2's panel tops out at ${l2[1]}`);
  });

  test('weights: every weight counted once, in bins shared by all variants, one bin centred on 0', () => {
    const h = weightHistogram(variants);
    for (const v of variants) {
      const rows = h.rows.filter((r) => r.variant === v.name);
      assert.equal(rows.length, 61);
      assert.equal(
        rows.reduce((s, r) => s + r.count, 0),
        v.kernelWeights.length,
      );
      assert.equal(rows[0]?.x0, -h.limit);
      assert.ok(Math.abs((rows[60]?.x1 as number) - h.limit) < 1e-12);
      const centre = rows[30];
      assert.ok(centre && Math.abs(centre.x0 + centre.x1) < 1e-12, 'the middle bin is centred on 0');
    }
    // L1 piles its weights into the middle bin; the unregularized network does not.
    const middle = (name: string) => h.rows.filter((r) => r.variant === name)[30]?.count as number;
    assert.ok(middle('L1') > 5 * middle('none'));
  });

  test('weights: the range is robust to one huge weight (it is counted in the outer bar)', () => {
    const w = new Float32Array(10_000).map((_, i) => Math.sin(i) * 0.1);
    w[0] = 50;
    const h = weightHistogram([{ name: 'a', kernelWeights: w, summary: { nearZeroFraction: 0 } }]);
    assert.ok(h.limit < 0.2, `limit ${h.limit}`);
    // The 0.1% beyond the 99.9th percentile, the huge one among them, land in the outer bars.
    assert.ok(h.clipped >= 1 && h.clipped <= 11, `clipped ${h.clipped}`);
    assert.ok((h.rows.at(-1)?.count as number) >= 1);
    assert.throws(() => weightHistogram([], 60), /Expected an odd positive integer. Received: bins=60/);
  });

  test('boundary: grids resampled to the cell limit, same-colour runs merged, every point and one frame per variant', () => {
    const rows = boundaryRows(variants, result.dataset.points, 2);
    const n = BOUNDARY_LIMITS.cellsPerAxis;
    for (const v of variants) {
      const mine = rows.filter((r) => r.variant === v.name);
      const cells = mine.filter((r) => r.kind === 'cell');
      assert.ok(cells.length < (n * n) / 2, `runs merged: ${cells.length} rects for ${n * n} cells`);
      // Each of the n rows is tiled from the left edge to the right edge by runs that touch or overlap.
      const byRow = new Map<number, typeof cells>();
      for (const c of cells) byRow.set(c.y, [...(byRow.get(c.y) ?? []), c]);
      assert.equal(byRow.size, n);
      for (const run of byRow.values()) {
        for (let i = 1; i < run.length; i++)
          assert.ok((run[i] as { x: number }).x <= (run[i - 1] as { x2: number }).x2);
        assert.ok(
          Math.abs((run.at(-1) as { x2: number }).x2 - (run[0] as { x: number }).x - (4.2 + (4.2 / (n - 1)) * 1.15)) <
            1e-9,
        );
      }
      assert.equal(mine.filter((r) => r.kind === 'point').length, 200);
      assert.equal(mine.filter((r) => r.kind === 'frame').length, 1);
    }
    // The frame spans the grid's extent plus half a cell either side.
    const frame = rows.find((r) => r.kind === 'frame');
    assert.ok(frame && frame.kind === 'frame' && frame.x < -1.6 && frame.x2 > 2.6);
  });

  test('boundary: a coarse grid is drawn as is, cell classes and points where they were given', () => {
    const boundary = {
      xMin: 0,
      xMax: 1,
      yMin: 0,
      yMax: 1,
      resolution: 2,
      classes: Int32Array.from([0, 1, 1, 0]),
      confidence: Float32Array.from([1, 0.5, 0.75, 1]),
    };
    const points = { x: Float32Array.from([0.2, 0.3, 0.8, 0.9]), labels: Int32Array.from([0, 1]) };
    const rows = boundaryRows([{ name: 'a', boundary }], points, 2);
    const cells = rows.filter((r) => r.kind === 'cell');
    assert.deepEqual(
      cells.map((c) => c.kind === 'cell' && [c.cls, c.confidence]),
      [
        ['0', 1],
        ['1', 0.5],
        ['1', 0.75],
        ['0', 1],
      ],
    );
    // Row-major with y increasing by row: the second cell is (x = 1, y = 0).
    const second = cells[1];
    assert.ok(second?.kind === 'cell' && second.x < 1 && second.x2 > 1 && second.y < 0 && second.y2 > 0);
    assert.deepEqual(
      rows.filter((r) => r.kind === 'point').map((p) => p.kind === 'point' && [p.px, p.py, p.cls]),
      [
        [Math.fround(0.2), Math.fround(0.3), '0'],
        [Math.fround(0.8), Math.fround(0.9), '1'],
      ],
    );
  });

  test('boundary: malformed grids and points are reported by name', () => {
    const bad = {
      xMin: 0,
      xMax: 1,
      yMin: 0,
      yMax: 1,
      resolution: 3,
      classes: new Int32Array(4),
      confidence: new Float32Array(9),
    };
    assert.throws(
      () => boundaryRows([{ name: 'L2', boundary: bad }], undefined),
      /Invalid decision boundary for variant "L2". Expected resolution² = 9 classes and confidences. Received: resolution=3, classes.length=4/,
    );
    assert.throws(
      () => boundaryRows([], { x: new Float32Array(3), labels: new Int32Array(2) }),
      /Expected 2 coordinates per label .* Received: x.length=3, labels.length=2/,
    );
  });

  test('sweep: three losses per coefficient; a coefficient of 0 has no place on the log axis', () => {
    const rows = sweepRows(sweep.points);
    assert.equal(rows.length, 3 * sweep.points.length);
    const best = sweep.points.find((p) => p.value === sweepBest);
    assert.equal(
      rows.find((r) => r.value === sweepBest && r.series === 'validation, best epoch')?.loss,
      best?.summary.bestValLoss,
    );
    const withZero = [{ value: 0, summary: sweep.points[0]?.summary }, ...sweep.points] as typeof sweep.points;
    assert.equal(sweepRows(withZero).length, rows.length);
  });

  test('sweep: a dropout rate is a rate on a linear axis, 0 included', async () => {
    assert.deepEqual(sweepParameter('Dropout'), { symbol: 'rate', log: false });
    assert.deepEqual(sweepParameter('L1L2'), { symbol: 'C', log: true });
    const zero = [
      { value: 0, summary: dropoutSweep.points[0]?.summary },
      ...dropoutSweep.points,
    ] as typeof sweep.points;
    assert.equal(sweepRows(zero, false).length, 3 * zero.length);
    const svg = await renderSvg(sweepSpec(dropoutSweep.points, dropoutBest, 'Dropout'));
    assert.match(svg, /best rate = 0\.5/);
    assert.match(svg, /rate of Dropout/);
  });

  test('sweep: the best coefficient is marked and labelled as the table writes it', async () => {
    const spec = sweepSpec(sweep.points, sweepBest, 'L2') as unknown as { layer: { data?: { values: unknown[] } }[] };
    const best = sweep.points.find((p) => p.value === sweepBest);
    // The marker sits on the curve the pick is made on: the validation loss at the last epoch.
    assert.deepEqual(spec.layer[1]?.data?.values, [
      { value: sweepBest, loss: best?.summary.valLoss, label: 'best C = 1e-3' },
    ]);
    const svg = await renderSvg(sweepSpec(sweep.points, sweepBest, 'L2'));
    assert.match(svg, /best C = 1e-3/);
    assert.match(svg, /mark-rule/);
  });
});

test('renderSvg: an SVG document, ids scoped by the prefix given', async () => {
  const spec = lossCurvesSpec(variants.slice(0, 2));
  const svg = await renderSvg(
    {
      ...spec,
      spec: {
        ...(spec as { spec: object }).spec,
        layer: undefined,
        mark: { type: 'line', clip: true },
        encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'train', type: 'quantitative' } },
      },
    } as never,
    'figX-',
  );
  assert.match(svg, /^<svg /);
  const ids = [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1] as string);
  assert.ok(ids.length > 0 && ids.every((id) => id.startsWith('figX-')), ids.join());
  for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) assert.ok(ids.includes(m[1] as string));
});
