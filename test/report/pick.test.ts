import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeNoise, explainPick, NOISE_SIGMAS, pickSweep, validationNoise } from '../../src/report/pick.js';
import { ISSUE_SWEEP, random, shapedCurve, sweepFromCurves } from './fixtures.js';

const format = (c: number) => c.toExponential(0);
const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

describe('validationNoise', () => {
  test('σ from second differences: golden on a short curve, and NaN without three epochs', () => {
    // Second differences 0.12, −0.03, 0.03: σ² = (0.0144 + 0.0009 + 0.0009) / 3 / 6.
    close(validationNoise([0.5, 0.4, 0.42, 0.41, 0.43]), Math.sqrt(0.0162 / 18));
    assert.ok(Number.isNaN(validationNoise([0.5, 0.4])));
    assert.ok(Number.isNaN(validationNoise([])));
    // A diverged epoch drops out of the differences it touches, not the whole estimate.
    close(validationNoise([0.5, Number.NaN, 0.4, 0.42, 0.41]), Math.sqrt(0.03 ** 2 / 6));
  });

  test('only the last 10 epochs count, and a steady trend is not noise', () => {
    const climbing = Array.from({ length: 40 }, (_, i) => 0.3 + 0.01 * i);
    close(validationNoise(climbing), 0, 1e-12);
    // An alternating ±a has second differences ±4a: σ = a·√(16/6), whatever the line under it.
    close(
      validationNoise(shapedCurve({ value: 1, min: 0.35, minEpoch: 10, final: 0.45, wobble: 0.004 }, 40)),
      0.004 * Math.sqrt(16 / 6),
    );
    const noisyStart = [5, -3, 9, ...climbing];
    close(validationNoise(noisyStart), 0, 1e-12);
  });

  test('recovers the σ of white noise (seeded)', () => {
    const u = random(3);
    const gaussian = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const curve = Array.from({ length: 4000 }, (_, i) => 0.4 + 1e-5 * i + 0.01 * gaussian());
    const sigma = validationNoise(curve, 4000);
    assert.ok(Math.abs(sigma - 0.01) < 0.0005, `σ = ${sigma}`);
  });
});

describe('pickSweep', () => {
  test("the issue's sweep: best by lowest final val loss, not by the minimum over epochs", () => {
    const sweep = sweepFromCurves(ISSUE_SWEEP);
    const byMin = [...sweep.points].sort((a, b) => a.summary.bestValLoss - b.summary.bestValLoss)[0];
    assert.equal(byMin?.value, 1e-4, 'the fixture reproduces the issue: 1e-4 has the lowest minimum');
    const pick = pickSweep(sweep.points);
    assert.equal(pick.best, 1e-3);
    close(pick.loss, 0.3805);
    const sigma = 0.004 * Math.sqrt(16 / 6);
    close(pick.sigma, sigma);
    assert.equal(pick.noiseEpochs, 10);
    // 1e-2 ends 0.0045 higher, inside 2·√(σ² + σ²); 1e-4 ends 0.0607 higher, far outside.
    assert.deepEqual(
      pick.withinNoise.map((r) => r.value),
      [1e-2],
    );
    close(pick.withinNoise[0]?.delta as number, 0.0045, 1e-12);
    close(pick.withinNoise[0]?.threshold as number, NOISE_SIGMAS * Math.SQRT2 * sigma);
    assert.equal(pick.runnerUp?.value, 1e-4);
    close(pick.runnerUp?.threshold as number, NOISE_SIGMAS * Math.hypot(sigma, 0.002 * Math.sqrt(16 / 6)));
  });

  test('the order of the points does not change the pick', () => {
    const sweep = sweepFromCurves(ISSUE_SWEEP);
    assert.deepEqual(pickSweep([...sweep.points].reverse()), pickSweep(sweep.points));
  });

  test('the same difference is flagged or not by the noise around it', () => {
    const shapes = (wobble: number) => [
      { value: 1e-3, min: 0.35, minEpoch: 10, final: 0.38, wobble },
      { value: 1e-2, min: 0.36, minEpoch: 10, final: 0.39, wobble },
    ];
    // Δ = 0.01; threshold = 2·√2·σ with σ = wobble·1.633: 0.0185 at ±0.004 (noise), 0.0046 at ±0.001 (not).
    assert.deepEqual(
      pickSweep(sweepFromCurves(shapes(0.004)).points).withinNoise.map((r) => r.value),
      [1e-2],
    );
    const quiet = pickSweep(sweepFromCurves(shapes(0.001)).points);
    assert.deepEqual(quiet.withinNoise, []);
    assert.equal(quiet.runnerUp?.value, 1e-2);
    // Without fluctuation at all, any difference is real.
    assert.deepEqual(pickSweep(sweepFromCurves(shapes(0)).points).withinNoise, []);
  });

  test('a diverged run never wins; the first of equals does; nothing finite, no best', () => {
    const history = { val_loss: [0.5, 0.4, 0.3] };
    const point = (value: number, valLoss: number) => ({ value, summary: { valLoss }, history });
    assert.equal(pickSweep([point(1, Number.NaN), point(2, 0.9), point(3, Number.POSITIVE_INFINITY)]).best, 2);
    assert.equal(pickSweep([point(1, 0.3), point(2, 0.3)]).best, 1);
    const none = pickSweep([point(1, Number.NaN)]);
    assert.ok(Number.isNaN(none.best));
    assert.deepEqual(none.withinNoise, []);
    // A diverged value is no rival either.
    assert.equal(pickSweep([point(1, 0.3), point(2, Number.NaN)]).runnerUp, undefined);
  });

  test('runs too short to estimate noise flag nothing and say so', () => {
    const sweep = sweepFromCurves(
      [
        { value: 1e-3, min: 0.35, minEpoch: 1, final: 0.38 },
        { value: 1e-2, min: 0.36, minEpoch: 1, final: 0.381 },
      ],
      2,
    );
    const pick = pickSweep(sweep.points);
    assert.deepEqual(pick.withinNoise, []);
    assert.equal(pick.noiseEpochs, 2);
    assert.equal(
      explainPick(pick, format, 'C', 4),
      'best: C = 1e-3 by lowest final val loss (0.3800); next: C = 1e-2 (+0.0010).',
    );
    assert.equal(describeNoise(pick), 'noise: not estimated, it needs runs of at least 3 epochs.');
  });
});

describe('explainPick', () => {
  test('names the value, the rule, what is within noise and the nearest beyond', () => {
    const pick = pickSweep(sweepFromCurves(ISSUE_SWEEP).points);
    assert.equal(
      explainPick(pick, format, 'C', 4),
      'best: C = 1e-3 by lowest final val loss (0.3805); within noise: C = 1e-2 (+0.0045 < 0.0185); ' +
        'next beyond noise: C = 1e-4 (+0.0607 ≥ 0.0146).',
    );
    assert.equal(
      describeNoise(pick),
      'noise: 2σ of a difference, σ from the epoch-to-epoch fluctuation of each val loss over its last 10 epochs.',
    );
    assert.match(
      explainPick(pick, format, 'C'),
      /^best: C = 1e-3 by lowest final val loss \(0\.381\); within noise: C = 1e-2 \(\+0\.005 < 0\.018\)/,
    );
    assert.equal(
      explainPick(pickSweep([{ value: 1, summary: { valLoss: Number.NaN }, history: {} }]), format, 'rate'),
      'best: none, no value ended with a finite validation loss.',
    );
  });
});
