import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ComparisonResult } from '../../src/report/comparison.js';
import { formatPercent, formatNumber as n } from '../../src/report/format.js';
import { findBaseline, readComparison, readSweep } from '../../src/report/reading.js';
import {
  fabricateComparison,
  fabricateSweep,
  ISSUE_SWEEP,
  PROFILES,
  sweepFromCurves,
  withProfile,
} from './fixtures.js';

const text = (paragraphs: readonly string[]) => paragraphs.join('\n');
const variant = (r: ComparisonResult, name: string) => {
  const v = r.variants.find((x) => x.name === name);
  assert.ok(v, name);
  return v;
};

describe('readComparison', () => {
  const result = fabricateComparison();
  const reading = text(readComparison(result));

  test('the unregularized network overfits: its numbers, and the epoch where early stopping would have stopped', () => {
    const s = variant(result, 'none').summary;
    assert.match(
      reading,
      new RegExp(
        `Without regularization the training loss fell to ${n(s.trainLoss)} while the validation loss, lowest at epoch ${s.bestEpoch} \\(${n(s.bestValLoss)}\\), rose to ${n(s.valLoss)} by epoch 60`,
      ),
    );
    assert.match(reading, /It overfitted\. Stopping at epoch 4 would have kept/);
  });

  test('the gap each variant kept, smallest first, against the unregularized one', () => {
    const gap = (name: string) => n(variant(result, name).summary.gap);
    assert.ok(
      reading.includes(
        `Regularization narrowed the gap between validation and training loss: L2 + Dropout kept it to ${gap('L2 + Dropout')}`,
      ),
    );
    assert.ok(reading.includes(`against ${gap('none')} without.`));
    assert.ok(
      reading.includes(
        `The lowest validation loss at the last epoch was L2 + Dropout's ${n(variant(result, 'L2 + Dropout').summary.valLoss)}`,
      ),
    );
  });

  test('sparsity: L1 against L2 and no regularization, with the mechanism', () => {
    const f = (name: string) => formatPercent(variant(result, name).summary.nearZeroFraction);
    assert.ok(
      reading.includes(
        `L1 drove ${f('L1')} of the kernel weights below 1e-3 in magnitude (L1L2 ${f('L1L2')}), against ${f('L2')} for L2 and ${f('none')} without regularization.`,
      ),
    );
    assert.match(reading, /L1's penalty pulls every weight toward zero with the same force/);
  });

  test('kernel norm: the variant that shrank it most, from the unregularized norm', () => {
    const byNorm = [...result.variants].sort((a, b) => a.summary.kernelL2Norm - b.summary.kernelL2Norm);
    const first = byNorm[0];
    assert.ok(first);
    assert.ok(
      reading.includes(
        `${first.name} shrank the kernel L2 norm the most, to ${n(first.summary.kernelL2Norm)} from ${n(variant(result, 'none').summary.kernelL2Norm)} without regularization`,
      ),
    );
  });

  test('swap which variant overfits and the reading follows the numbers', () => {
    let profiles = withProfile('none', { trainFinal: 0.25, valMin: 0.29, valFinal: 0.295, bestEpoch: 58 });
    profiles = withProfile('L2', { trainFinal: 0.01, valMin: 0.3, valFinal: 1.5, bestEpoch: 6 }, profiles);
    const swapped = fabricateComparison({ profiles });
    const t = text(readComparison(swapped));
    assert.notEqual(t, reading);
    assert.doesNotMatch(t, /It overfitted/);
    assert.match(t, /Without regularization the network did not overfit in these 60 epochs/);
    assert.match(
      t,
      /L2 overfitted where no regularization did not: its validation loss rose from 0\.3 at epoch 6 to 1\.5 by epoch 60/,
    );
    assert.match(
      t,
      /No variant ended with a smaller gap between validation and training loss than no regularization's/,
    );
  });

  test('a small rise after the best epoch is called slight, not overfitting outright', () => {
    const profiles = withProfile('none', { trainFinal: 0.27, valMin: 0.41, valFinal: 0.43, bestEpoch: 22 });
    const t = text(readComparison(fabricateComparison({ profiles })));
    assert.match(
      t,
      /Without regularization the validation loss was lowest at epoch \d+ \(0\.4\d*\) and ended a little higher, at 0\.43 by epoch 60, 0\.16 above the training loss \(0\.27\): in these 60 epochs the network began to overfit, but only slightly\./,
    );
    assert.doesNotMatch(t, /It overfitted/);
  });

  test('claims nothing the numbers do not show: no overfitting, no sparsity, no shrinking', () => {
    const calm = PROFILES.map((p) => ({
      ...p,
      trainFinal: 0.25,
      valMin: 0.3,
      valFinal: 0.305,
      bestEpoch: 59,
      nearZero: 0.002,
      sigma: 0.3,
    }));
    const t = text(readComparison(fabricateComparison({ profiles: calm })));
    assert.doesNotMatch(t, /overfitted|turned up|underfits/);
    assert.match(t, /No variant left many weights near zero: at most [\d.]+% had \|w\| below 1e-3/);
    assert.match(t, /No variant shrank the kernel L2 norm much below the unregularized/);
    assert.doesNotMatch(t, /L1's penalty/);
  });

  test('a variant worse than no regularization with both losses high is called underfitting', () => {
    let profiles = withProfile('none', { valFinal: 0.5 });
    profiles = withProfile('L1', { trainFinal: 0.6, valMin: 0.62, valFinal: 0.63, bestEpoch: 58 }, profiles);
    const t = text(readComparison(fabricateComparison({ profiles })));
    assert.match(
      t,
      /L1 ended with a higher validation loss than no regularization \(0\.63 against 0\.5\) and a training loss nearly as high \(0\.6\): it underfits/,
    );
  });

  test('when no regularized variant beats the baseline, it says so', () => {
    const profiles = withProfile('none', { trainFinal: 0.2, valMin: 0.2, valFinal: 0.21, bestEpoch: 59 });
    assert.match(
      text(readComparison(fabricateComparison({ profiles }))),
      /No regularized variant ended with a lower validation loss than no regularization \(0\.21\)/,
    );
  });

  test('without a baseline variant: ranges, and no comparison with "without regularization"', () => {
    const t = text(readComparison(fabricateComparison({ profiles: PROFILES.slice(1) })));
    assert.match(t, /The gap between validation and training loss ranged from/);
    assert.match(t, /The kernel L2 norm ranged from/);
    assert.doesNotMatch(t, /Without regularization|without regularization/);
  });

  test('the baseline is found by name or description; an empty comparison has one sentence', () => {
    assert.equal(findBaseline(result.variants)?.name, 'none');
    const renamed = result.variants.map((v) => (v.name === 'none' ? { ...v, name: 'plain' } : v));
    assert.equal(findBaseline(renamed)?.name, 'plain');
    assert.deepEqual(readComparison({ ...result, variants: [] }), [
      'No variant was trained, so there is nothing to compare.',
    ]);
  });
});

describe('readSweep', () => {
  test('the U: overfitting on the left, underfitting on the right, the best value between', () => {
    const sweep = fabricateSweep();
    const t = text(readSweep(sweep));
    assert.match(t, /^The validation loss at the last epoch was lowest at C = 1e-3: /);
    assert.doesNotMatch(t, /within noise/);
    assert.match(t, /With less regularization the network overfitted: at C = 1e-5/);
    assert.match(t, /With more it underfitted: at C = 1e-1 even the training loss rose/);
    assert.match(t, /a finer sweep between 1e-4 and 1e-2/);
  });

  test('a best value at the end of the range says to extend it, and claims no underfitting', () => {
    const t = text(readSweep(fabricateSweep([1e-5, 1e-4, 3e-4])));
    assert.match(t, /lowest at C = 3e-4/);
    assert.match(
      t,
      /The best value is the largest C tried, so the optimum may lie beyond it: extend the sweep above 3e-4\./,
    );
    assert.doesNotMatch(t, /underfitted/);
  });

  test("the issue's sweep: the value picked on the final loss, and the one within noise of it said so", () => {
    const t = text(readSweep(sweepFromCurves(ISSUE_SWEEP)));
    assert.match(
      t,
      /^The validation loss at the last epoch was lowest at C = 1e-3: 0\.381 \(0\.355 at its best epoch, 10\)\. C = 1e-2 \(0\.0045 higher\) is within noise of it, so the data do not tell the two apart\. /,
    );
    assert.match(t, /With less regularization the network overfitted: at C = 1e-5 the validation loss was 0\.452/);
    // 1e-2 trains worse (0.19 against 0.016) but validates as well, to within noise: no underfitting claimed.
    assert.doesNotMatch(t, /underfit|arms of the U/);
  });

  test('an empty sweep, and one where every run diverged', () => {
    assert.deepEqual(readSweep({ ...fabricateSweep(), points: [] }), [
      'The sweep trained no model, so there is nothing to read.',
    ]);
    const sweep = fabricateSweep();
    const diverged = sweep.points.map((p) => ({ ...p, summary: { ...p.summary, valLoss: Number.NaN } }));
    assert.deepEqual(readSweep({ ...sweep, points: diverged }), [
      'Every model of the sweep diverged (its validation loss is not a number), so none is best.',
    ]);
  });
});
