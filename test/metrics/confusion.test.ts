// Precision, Recall and AUC against hand-computed confusion matrices and ROC curves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { less, randomUniform, type Tensor, tensor, ValueError } from '../../src/index.js';
import { AUC, deserializeMetric, Precision, Recall, serializeMetric } from '../../src/metrics/index.js';

const f64 = (values: number[], shape: number[]): Tensor => tensor(values, shape, 'float64');
const near = (actual: number, expected: number, tol = 1e-12): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
};

describe('Precision and Recall', () => {
  // label:        1    1    1    1    1    0    0    0    0    0
  // prediction: 0.9  0.8  0.6  0.5  0.1  0.7  0.5  0.3  0.2  0.0
  // at 0.5 (strictly above is positive): TP 3 (0.9, 0.8, 0.6), FN 2 (0.5, 0.1), FP 1 (0.7), TN 4
  const labels = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
  const preds = [0.9, 0.8, 0.6, 0.5, 0.1, 0.7, 0.5, 0.3, 0.2, 0];

  test('precision = TP/(TP + FP), recall = TP/(TP + FN), a prediction equal to the threshold is negative', () => {
    const p = new Precision();
    const r = new Recall();
    p.updateState(labels, preds);
    r.updateState(labels, preds);
    near(p.result(), 3 / (3 + 1));
    near(r.result(), 3 / (3 + 2));
  });

  test('weighted and accumulated across updates, labels [n, 1] against predictions [n]', () => {
    const weights = [1, 2, 1, 1, 3, 4, 1, 1, 1, 1];
    const p = new Precision();
    const r = new Recall();
    for (const m of [p, r]) {
      m.updateState(f64(labels.slice(0, 5), [5, 1]), preds.slice(0, 5), weights.slice(0, 5));
      m.updateState(f64(labels.slice(5), [5, 1]), preds.slice(5), weights.slice(5));
    }
    // TP = 1 + 2 + 1 = 4, FP = 4 (the 0.7), FN = 1 + 3 = 4
    near(p.result(), 4 / (4 + 4));
    near(r.result(), 4 / (4 + 4));
  });

  test('another threshold; nothing predicted positive gives 0; reset', () => {
    const p = new Precision({ thresholds: 0.25 });
    const r = new Recall({ thresholds: 0.25 });
    p.updateState(labels, preds);
    r.updateState(labels, preds);
    // above 0.25: 0.9 0.8 0.6 0.5 | 0.7 0.5 0.3 → TP 4, FP 3, FN 1
    near(p.result(), 4 / 7);
    near(r.result(), 4 / 5);
    p.resetState();
    assert.equal(p.result(), 0);
    p.updateState([1, 0], [0.1, 0.2]);
    assert.equal(p.result(), 0);
  });

  test('any non-zero label is positive (Keras casts labels to bool)', () => {
    const r = new Recall();
    r.updateState([2, -1, 0], [0.9, 0.1, 0.9]);
    near(r.result(), 1 / 2);
  });

  test('thresholds outside [0, 1] are a ValueError', () => {
    assert.throws(
      () => new Precision({ thresholds: 1.5 }),
      /^ValueError: Invalid value received for argument `thresholds` of Precision\. Expected a number in \[0, 1\]\. Received: thresholds=1\.5$/,
    );
  });
});

describe('AUC', () => {
  test('Keras’s example: 3 thresholds [−ε, 0.5, 1 + ε], AUC 0.75', () => {
    const m = new AUC({ numThresholds: 3 });
    m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
    const { tp, fp, tn, fn } = m.confusion();
    assert.deepEqual([...tp, ...fp, ...tn, ...fn], [2, 1, 0, 2, 0, 0, 0, 2, 2, 0, 1, 2]);
    // tpr = [1, 0.5, 0], fpr = [1, 0, 0]: (1 − 0)·(1 + 0.5)/2 + (0 − 0)·(0.5 + 0)/2
    near(m.result(), 0.75);
  });

  test('a hand-computed weighted ROC on 5 thresholds [−ε, 0.25, 0.5, 0.75, 1 + ε]', () => {
    const m = new AUC({ numThresholds: 5 });
    assert.deepEqual(m.thresholds, [-1e-7, 0.25, 0.5, 0.75, 1 + 1e-7]);
    // positives 0.8 (w 1), 0.6 (w 2), 0.3 (w 1); negatives 0.7 (w 1), 0.4 (w 2), 0.1 (w 1), 0.25 (w 1)
    m.updateState([1, 1, 1, 0, 0, 0, 0], [0.8, 0.6, 0.3, 0.7, 0.4, 0.1, 0.25], [1, 2, 1, 1, 2, 1, 1]);
    // P = 4, N = 5. TP at each threshold: [4, 4 (0.3 > 0.25), 3, 1, 0]; FP: [5, 3 (0.25 is not > 0.25), 1, 0, 0]
    const tpr = [4 / 4, 4 / 4, 3 / 4, 1 / 4, 0];
    const fpr = [5 / 5, 3 / 5, 1 / 5, 0, 0];
    const { tp, fp } = m.confusion();
    assert.deepEqual([...tp], [4, 4, 3, 1, 0]);
    assert.deepEqual([...fp], [5, 3, 1, 0, 0]);
    let trapezoids = 0;
    let lower = 0;
    let upper = 0;
    for (let i = 0; i < 4; i++) {
      const dx = (fpr[i] as number) - (fpr[i + 1] as number);
      trapezoids += (dx * ((tpr[i] as number) + (tpr[i + 1] as number))) / 2;
      lower += dx * Math.min(tpr[i] as number, tpr[i + 1] as number);
      upper += dx * Math.max(tpr[i] as number, tpr[i + 1] as number);
    }
    // = 0.4·1 + 0.4·(1 + 0.75)/2 + 0.2·(0.75 + 0.25)/2 + 0 = 0.85
    near(trapezoids, 0.85);
    near(m.result(), 0.85);
    const minoring = new AUC({ numThresholds: 5, summationMethod: 'minoring' });
    const majoring = new AUC({ numThresholds: 5, summationMethod: 'majoring' });
    for (const a of [minoring, majoring]) {
      a.updateState([1, 1, 1, 0, 0, 0, 0], [0.8, 0.6, 0.3, 0.7, 0.4, 0.1, 0.25], [1, 2, 1, 1, 2, 1, 1]);
    }
    near(minoring.result(), lower);
    near(majoring.result(), upper);
    assert.ok(lower < 0.85 && 0.85 < upper);
  });

  test('PR curve with Davis–Goadrich interpolation on the Keras example', () => {
    const m = new AUC({ numThresholds: 3, curve: 'PR' });
    m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
    // tp = [2, 1, 0], p = tp + fp = [4, 1, 0], fn = [0, 1, 2]
    // i = 0: dtp = 1, dp = 3, slope = 1/3, intercept = 1 − 1/3 = 2/3, ratio 4/1
    //        → (1/3)·(1 + (2/3)·log 4) / (tp1 + fn1 = 2)
    // i = 1: dtp = 1, dp = 1, slope = 1, intercept = 0, ratio 1 (p1 = 0) → 1·(1 + 0) / (0 + 2)
    near(m.result(), ((1 / 3) * (1 + (2 / 3) * Math.log(4))) / 2 + 1 / 2);
    const trapezoid = new AUC({ numThresholds: 3, curve: 'PR', summationMethod: 'majoring' });
    trapezoid.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
    // recall [1, 0.5, 0], precision [0.5, 1, 0]: 0.5·max(0.5, 1) + 0.5·max(1, 0)
    near(trapezoid.result(), 1);
  });

  test('≈ 1 for a perfect ranking, 0 for a reversed one', () => {
    const labels = [0, 0, 0, 1, 1, 1];
    const preds = [0.05, 0.2, 0.45, 0.55, 0.8, 0.99];
    const perfect = new AUC();
    perfect.updateState(labels, preds);
    near(perfect.result(), 1);
    const reversed = new AUC();
    reversed.updateState(
      labels,
      preds.map((p) => 1 - p),
    );
    near(reversed.result(), 0);
  });

  test('≈ 0.5 for random scores, and ≈ the exact Mann–Whitney AUC for informative ones (fixed seeds)', () => {
    const n = 20000;
    const labels = Array.from(less(randomUniform([n], 0, 1, 'float32', 11), 0.5).dataSync());
    const random = Array.from(randomUniform([n], 0, 1, 'float64', 12).dataSync());
    const m = new AUC();
    // in four batches, to exercise accumulation
    for (let b = 0; b < 4; b++)
      m.updateState(labels.slice(b * 5000, (b + 1) * 5000), random.slice(b * 5000, (b + 1) * 5000));
    assert.ok(Math.abs(m.result() - 0.5) < 0.02, `random AUC ${m.result()}`);

    // informative: the score leans toward the label; the exact AUC is P(score⁺ > score⁻)
    const scores = random.map((u, i) => (u + (labels[i] as number) * 0.5) / 1.5);
    const informative = new AUC();
    informative.updateState(labels, scores);
    const pos = scores.filter((_, i) => labels[i] === 1).sort((a, b) => a - b);
    const neg = scores.filter((_, i) => labels[i] === 0).sort((a, b) => a - b);
    let pairs = 0;
    let j = 0;
    for (const s of pos) {
      while (j < neg.length && (neg[j] as number) < s) j++;
      pairs += j;
    }
    const exact = pairs / (pos.length * neg.length);
    assert.ok(exact > 0.8 && exact < 0.95, `exact ${exact}`);
    near(informative.result(), exact, 0.005);
  });

  test('fromLogits: logits give the AUC of their sigmoids; probabilities outside [0, 1] are a ValueError', () => {
    const logits = [-2, 0.3, -0.5, 3];
    const fromLogits = new AUC({ numThresholds: 50, fromLogits: true });
    fromLogits.updateState([0, 0, 1, 1], logits);
    const fromProbs = new AUC({ numThresholds: 50 });
    fromProbs.updateState(
      [0, 0, 1, 1],
      logits.map((x) => 1 / (1 + Math.exp(-x))),
    );
    near(fromLogits.result(), fromProbs.result());
    near(fromLogits.result(), 0.75);

    const m = new AUC();
    m.updateState([1, 0], [0.9, 0.1]);
    assert.throws(
      () => m.updateState([0, 1, 1], [0.2, 0.4, 1.5]),
      (e: unknown) =>
        e instanceof ValueError &&
        e.message ===
          'auc: predictions must be probabilities in [0, 1] (pass fromLogits: true for logits). Received: 1.5 at flat index 2',
    );
    near(m.result(), 1); // the rejected batch left no trace
  });

  test('reset, options and config', () => {
    const m = new AUC({ numThresholds: 3 });
    m.updateState([0, 1], [0.9, 0.1]);
    m.resetState();
    assert.equal(m.result(), 0);
    assert.throws(
      () => new AUC({ numThresholds: 1 }),
      /^ValueError: Invalid value received for argument `numThresholds` of AUC\. Expected an integer ≥ 2\. Received: numThresholds=1$/,
    );
    assert.throws(
      () => new AUC({ curve: 'roc' as never }),
      /`curve` of \w+\. Expected one of "ROC", "PR"\. Received: curve="roc"/,
    );
    const auc = new AUC({ name: 'pr_auc', curve: 'PR', numThresholds: 10 });
    const copy = deserializeMetric(serializeMetric(auc));
    assert.ok(copy instanceof AUC);
    assert.deepEqual(copy.getConfig(), {
      name: 'pr_auc',
      numThresholds: 10,
      curve: 'PR',
      summationMethod: 'interpolation',
      fromLogits: false,
    });
    assert.deepEqual(deserializeMetric(serializeMetric(new Recall({ thresholds: 0.3 }))).getConfig(), {
      name: 'recall',
      thresholds: 0.3,
    });
  });
});
