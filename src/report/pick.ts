/**
 * Which value of a sweep is best, and whether the runners-up differ from it by more than noise. One rule,
 * used by everything that shows a sweep (the terminal table, the HTML table, the chart's marker, the
 * reading), so that the row marked best, the cell in bold and the sentence that explains them always agree:
 *
 * - best = the value with the lowest **final validation data loss** (the table's "val loss" column);
 * - noise = σ of each value's validation loss, from its epoch-to-epoch fluctuation over the last
 *   {@link NOISE_EPOCHS} epochs;
 * - a value is **within noise** of the best when its final validation loss exceeds the best's by less than
 *   {@link NOISE_SIGMAS}·√(σ_best² + σ_value²).
 *
 * Why the final loss and not the lowest over the epochs: a sweep trains every value for the same epochs without
 * early stopping, so the final model is the one a value gives; and the overfitting a small C lets through shows
 * only after the best epoch, so the minimum over epochs flattens the left arm of the U (on the default MNIST
 * sweep the minima of C = 1e-5, 1e-4 and 1e-3 lie within 0.001 of each other, the final losses 0.07 apart).
 */
import type { VariantSummary } from './comparison.js';
import { formatFixed } from './format.js';
import { dataLossCurves } from './series.js';

/** The last epochs whose fluctuation estimates a value's noise. */
export const NOISE_EPOCHS = 10;

/** A difference below this many standard deviations (of the difference) is called within noise. */
export const NOISE_SIGMAS = 2;

/** What the pick reads of one trained model. */
export interface PickInput {
  readonly value: number;
  readonly summary: Pick<VariantSummary, 'valLoss'>;
  readonly history: Readonly<Record<string, readonly number[]>>;
}

/** A value other than the best, and how far its final validation loss is from the best's. */
export interface PickRival {
  readonly value: number;
  /** Its final validation loss minus the best's (≥ 0). */
  readonly delta: number;
  /** NOISE_SIGMAS·√(σ_best² + σ²): below it the difference is noise. NaN when either σ is unknown. */
  readonly threshold: number;
}

/** The outcome of {@link pickSweep}. */
export interface SweepPick {
  /** The chosen value; NaN when no value ended with a finite validation loss. */
  readonly best: number;
  /** Its final validation data loss. */
  readonly loss: number;
  /** σ of its validation loss (NaN when its run was too short to estimate it). */
  readonly sigma: number;
  /** Epochs the noise was estimated over (the fewest of any value, at most NOISE_EPOCHS). */
  readonly noiseEpochs: number;
  /** The values whose difference from the best is within noise, nearest first. */
  readonly withinNoise: readonly PickRival[];
  /** The nearest value beyond noise (or of unknown noise), if any. */
  readonly runnerUp: PickRival | undefined;
}

/**
 * σ of a validation curve's epoch-to-epoch fluctuation over its last `window` epochs, from second differences:
 * for white noise of variance σ² on a curve that is straight over three epochs,
 * `v[t] − 2·v[t−1] + v[t−2]` has variance 6σ², so σ² = mean of their squares / 6. Second differences cancel a
 * steady trend (a validation loss still climbing as the network overfits), which plain deviations from the mean
 * would count as noise. NaN with fewer than three finite epochs in the window.
 *
 * @example `validationNoise([0.5, 0.4, 0.42, 0.41, 0.43])` // 0.03: second differences 0.12, −0.03, 0.03
 */
export function validationNoise(validation: readonly number[], window = NOISE_EPOCHS): number {
  const tail = validation.slice(-window);
  let sum = 0;
  let count = 0;
  for (let t = 2; t < tail.length; t++) {
    const d = (tail[t] as number) - 2 * (tail[t - 1] as number) + (tail[t - 2] as number);
    if (Number.isFinite(d)) {
      sum += d * d;
      count++;
    }
  }
  return count > 0 ? Math.sqrt(sum / count / 6) : Number.NaN;
}

/**
 * Picks the value with the lowest final validation data loss (the first of equals; a diverged run, NaN or ∞,
 * never wins) and sorts the others into those within noise of it and the nearest beyond.
 *
 * @example
 * ```ts
 * const pick = pickSweep(sweep.points);
 * pick.best; // the C with the lowest final validation loss
 * pick.withinNoise.map((r) => r.value); // the Cs that did as well, to within noise
 * ```
 */
export function pickSweep(points: readonly PickInput[]): SweepPick {
  const noise = points.map((p) => validationNoise(dataLossCurves(p.history).validation));
  const epochs = points.map((p) => Math.min(NOISE_EPOCHS, dataLossCurves(p.history).validation.length));
  let best = -1;
  points.forEach((p, i) => {
    const loss = p.summary.valLoss;
    if (Number.isFinite(loss) && (best < 0 || loss < (points[best] as PickInput).summary.valLoss)) best = i;
  });
  const noiseEpochs = epochs.length ? Math.min(...epochs) : 0;
  if (best < 0) {
    return {
      best: Number.NaN,
      loss: Number.NaN,
      sigma: Number.NaN,
      noiseEpochs,
      withinNoise: [],
      runnerUp: undefined,
    };
  }
  const winner = points[best] as PickInput;
  const sigma = noise[best] as number;
  const rivals = points
    .map((p, i): PickRival | undefined =>
      i === best || !Number.isFinite(p.summary.valLoss)
        ? undefined
        : {
            value: p.value,
            delta: p.summary.valLoss - winner.summary.valLoss,
            threshold: NOISE_SIGMAS * Math.hypot(sigma, noise[i] as number),
          },
    )
    .filter((r): r is PickRival => r !== undefined)
    .sort((a, b) => a.delta - b.delta);
  // NaN thresholds compare false: a rival of unknown noise is never called within it.
  const withinNoise = rivals.filter((r) => r.delta < r.threshold);
  return {
    best: winner.value,
    loss: winner.summary.valLoss,
    sigma,
    noiseEpochs,
    withinNoise,
    runnerUp: rivals.find((r) => !(r.delta < r.threshold)),
  };
}

/**
 * The pick in one sentence, for the line under a table: which value, by which rule, what lies within noise of
 * it and the nearest value beyond. `decimals` matches the table's loss column (4 in the terminal, 3 in the
 * report). {@link describeNoise} says how the noise was measured.
 *
 * @example
 * ```ts
 * explainPick(pick, (c) => c.toExponential(0), 'C', 4);
 * // 'best: C = 1e-3 by lowest final val loss (0.3805); within noise: C = 1e-2 (+0.0045 < 0.0185).'
 * ```
 */
export function explainPick(pick: SweepPick, format: (value: number) => string, symbol: string, decimals = 3): string {
  if (!Number.isFinite(pick.best)) return 'best: none, no value ended with a finite validation loss.';
  const loss = (x: number) => formatFixed(x, decimals);
  const rival = (r: PickRival, sign: string) =>
    `${symbol} = ${format(r.value)} (+${loss(r.delta)}${Number.isFinite(r.threshold) ? ` ${sign} ${loss(r.threshold)}` : ''})`;
  const parts = [`best: ${symbol} = ${format(pick.best)} by lowest final val loss (${loss(pick.loss)})`];
  if (pick.withinNoise.length) parts.push(`within noise: ${pick.withinNoise.map((r) => rival(r, '<')).join(', ')}`);
  const r = pick.runnerUp;
  if (r) parts.push(`${Number.isFinite(r.threshold) ? 'next beyond noise' : 'next'}: ${rival(r, '≥')}`);
  return `${parts.join('; ')}.`;
}

/** How {@link explainPick}'s noise was measured, in one sentence. */
export function describeNoise(pick: SweepPick): string {
  return pick.noiseEpochs >= 3
    ? `noise: ${NOISE_SIGMAS}σ of a difference, σ from the epoch-to-epoch fluctuation of each val loss over its last ${pick.noiseEpochs} epochs.`
    : 'noise: not estimated, it needs runs of at least 3 epochs.';
}
