/**
 * The report's plain-language reading, generated from the numbers. Each sentence is chosen by a test
 * on the numbers it quotes (did the validation loss turn up? did a variant narrow the gap?), so the
 * text says only what the run shows: a run that did not overfit is never told that it did.
 */
import { sweepParameter } from './charts/sweep.js';
import type { ComparisonResult, SweepResult, VariantResult } from './comparison.js';
import { coefficientFormatter, formatAccuracy, formatPercent, formatNumber as n } from './format.js';
import { pickSweep } from './pick.js';
import { dataLossCurves } from './series.js';

/** The variant that trains without any regularization, recognised by its name or description. */
export function findBaseline(variants: readonly VariantResult[]): VariantResult | undefined {
  return variants.find(
    (v) =>
      /^(none|baseline|unregularized|no regularization)$/i.test(v.name.trim()) ||
      /^no regularization/i.test(v.description.trim()),
  );
}

/**
 * A short reading of a comparison, as paragraphs of plain text (not yet HTML-escaped): what happened
 * without regularization, how each variant changed the generalization gap and the validation loss,
 * which left its weights near zero, and which shrank the kernels.
 */
export function readComparison(result: ComparisonResult): string[] {
  const variants = result.variants;
  if (variants.length === 0) return ['No variant was trained, so there is nothing to compare.'];
  const baseline = findBaseline(variants);
  const paragraphs = [
    baseline ? readBaseline(baseline, result.epochs) : undefined,
    readGaps(variants, baseline, result.epochs),
    readSparsity(variants, baseline),
    readNorms(variants, baseline),
  ];
  return paragraphs.filter((p): p is string => p !== undefined && p.length > 0);
}

/** The last epoch a variant ran, and whether its validation loss turned up after its best epoch. */
function trajectory(
  v: VariantResult,
  epochs: number,
  minRise = 0.1,
): { readonly last: number; readonly turnedUp: boolean } {
  const s = v.summary;
  // The history says how many epochs ran (early stopping may have cut the planned count short).
  const last = dataLossCurves(v.history).validation.length || epochs;
  // A rise of a tenth of the best loss is past noise in a validation curve; less is not called overfitting.
  const turnedUp = s.bestEpoch < last && s.valLoss - s.bestValLoss > Math.max(minRise * s.bestValLoss, 0.01);
  return { last, turnedUp };
}

function readBaseline(b: VariantResult, epochs: number): string {
  const s = b.summary;
  const { last, turnedUp } = trajectory(b, epochs);
  if (turnedUp) {
    const stopping =
      last - s.bestEpoch >= 2
        ? ` Stopping at epoch ${s.bestEpoch} would have kept the validation loss at ${n(s.bestValLoss)}.`
        : '';
    return (
      `Without regularization the training loss fell to ${n(s.trainLoss)} while the validation loss, lowest at epoch ` +
      `${s.bestEpoch} (${n(s.bestValLoss)}), rose to ${n(s.valLoss)} by epoch ${last}: the network fitted the training ` +
      `set ever more closely and got worse on data it had not seen. It overfitted.${stopping}`
    );
  }
  if (s.bestEpoch < last && s.valLoss - s.bestValLoss > 0.01) {
    return (
      `Without regularization the validation loss was lowest at epoch ${s.bestEpoch} (${n(s.bestValLoss)}) and ended ` +
      `a little higher, at ${n(s.valLoss)} by epoch ${last}, ${gapWords(s.gap)} the training loss (${n(s.trainLoss)}): ` +
      `in these ${last} epochs the network began to overfit, but only slightly.`
    );
  }
  if (s.gap > Math.max(s.trainLoss, 0.05)) {
    return (
      `Without regularization the validation loss did not turn up in these ${last} epochs (it was lowest at epoch ` +
      `${s.bestEpoch}), but it ended ${gapWords(s.gap)} the training loss: ${n(s.valLoss)} against ${n(s.trainLoss)}.`
    );
  }
  return (
    `Without regularization the network did not overfit in these ${last} epochs: the validation loss ended at ` +
    `${n(s.valLoss)}, ${gapWords(s.gap)} the training loss (${n(s.trainLoss)}).`
  );
}

function readGaps(variants: readonly VariantResult[], baseline: VariantResult | undefined, epochs: number): string {
  const sentences: string[] = [];
  const others = variants.filter((v) => v !== baseline);
  if (baseline && others.length) {
    const b = baseline.summary;
    const narrowed = others.filter((v) => v.summary.gap < b.gap).sort(by((v) => v.summary.gap));
    const widened = others.filter((v) => !(v.summary.gap < b.gap));
    if (narrowed.length) {
      const items = narrowed.map((v, i) => `${v.name}${i === 0 ? ' kept it' : ''} to ${n(v.summary.gap)}`);
      sentences.push(
        `Regularization narrowed the gap between validation and training loss: ${list(items)}, against ${n(b.gap)} without.`,
      );
      if (widened.length) {
        sentences.push(`It did not for ${list(widened.map((v) => `${v.name} (${n(v.summary.gap)})`))}.`);
      }
    } else {
      sentences.push(
        `No variant ended with a smaller gap between validation and training loss than no regularization's ${n(b.gap)}.`,
      );
    }
  } else if (others.length > 1) {
    const sorted = [...others].sort(by((v) => v.summary.gap));
    const lo = sorted[0] as VariantResult;
    const hi = sorted.at(-1) as VariantResult;
    sentences.push(
      `The gap between validation and training loss ranged from ${n(lo.summary.gap)} (${lo.name}) to ${n(hi.summary.gap)} (${hi.name}).`,
    );
  }
  const baselineOverfitted = baseline !== undefined && trajectory(baseline, epochs).turnedUp;
  for (const v of others) {
    // Only a clear turn (a quarter of the best loss) is worth a sentence here; the table shows the rest.
    const { last, turnedUp } = trajectory(v, epochs, 0.25);
    if (!turnedUp) continue;
    const s = v.summary;
    const rise = `from ${n(s.bestValLoss)} at epoch ${s.bestEpoch} to ${n(s.valLoss)} by epoch ${last}`;
    if (!baseline) sentences.push(`${possessive(v.name)} validation loss turned up: it rose ${rise}.`);
    else if (baselineOverfitted) sentences.push(`${possessive(v.name)} validation loss turned up too, ${rise}.`);
    else sentences.push(`${v.name} overfitted where no regularization did not: its validation loss rose ${rise}.`);
  }
  const best = [...variants].sort(by((v) => v.summary.valLoss))[0] as VariantResult;
  if (baseline && best === baseline) {
    sentences.push(
      `No regularized variant ended with a lower validation loss than no regularization (${n(baseline.summary.valLoss)}).`,
    );
  } else {
    const against = baseline
      ? `, against ${n(baseline.summary.valLoss)} (${formatAccuracy(baseline.summary.valAccuracy)}) without regularization`
      : '';
    sentences.push(
      `The lowest validation loss at the last epoch was ${possessive(best.name)} ${n(best.summary.valLoss)} ` +
        `(validation accuracy ${formatAccuracy(best.summary.valAccuracy)})${against}.`,
    );
  }
  if (baseline) {
    for (const v of others) {
      const s = v.summary;
      // Worse than no regularization and with little gap: both losses are high, the mark of underfitting.
      if (s.valLoss > baseline.summary.valLoss && s.trainLoss >= 0.8 * s.valLoss) {
        sentences.push(
          `${v.name} ended with a higher validation loss than no regularization (${n(s.valLoss)} against ` +
            `${n(baseline.summary.valLoss)}) and a training loss nearly as high (${n(s.trainLoss)}): it underfits, ` +
            'held back by its penalty; a smaller coefficient may suit it (`dendrite sweep` finds one).',
        );
      }
    }
  }
  return sentences.join(' ');
}

function readSparsity(variants: readonly VariantResult[], baseline: VariantResult | undefined): string {
  const f = (v: VariantResult) => v.summary.nearZeroFraction;
  const sorted = [...variants].sort(by((v) => -f(v)));
  const top = sorted[0] as VariantResult;
  const reference = baseline ?? (sorted.at(-1) as VariantResult);
  // Notable: at least 5% of the weights, and three times the reference's share.
  const notable = (v: VariantResult) => v !== reference && f(v) >= 0.05 && f(v) >= 3 * f(reference);
  if (!notable(top)) {
    return `No variant left many weights near zero: at most ${formatPercent(f(top))} had |w| below 1e-3 (${top.name}).`;
  }
  const leaders = sorted.filter(notable);
  const l2 = variants.find((v) => /^l2$/i.test(v.name.trim()));
  let comparators = [l2, baseline].filter((v): v is VariantResult => v !== undefined && !leaders.includes(v));
  if (comparators.length === 0) comparators = [sorted.at(-1) as VariantResult];
  const lead = leaders[0] as VariantResult;
  const more = leaders.slice(1).map((v) => `${v.name} ${formatPercent(f(v))}`);
  const against = comparators.map((v) =>
    v === baseline ? `${formatPercent(f(v))} without regularization` : `${formatPercent(f(v))} for ${v.name}`,
  );
  let text = `${lead.name} drove ${formatPercent(f(lead))} of the kernel weights below 1e-3 in magnitude${more.length ? ` (${list(more)})` : ''}, against ${list(against)}.`;
  // The mechanism is stated only when the numbers show its signature: L1 sparse, plain L2 not.
  if (/^l1$/i.test(lead.name.trim()) && l2 && !leaders.includes(l2)) {
    text +=
      " L1's penalty pulls every weight toward zero with the same force whatever its size, so small weights reach " +
      "zero and stay there; L2's pull shrinks with the weight, so weights get small but rarely vanish.";
  }
  return text;
}

function readNorms(variants: readonly VariantResult[], baseline: VariantResult | undefined): string {
  const norm = (v: VariantResult) => v.summary.kernelL2Norm;
  const sorted = [...variants].sort(by(norm));
  if (!baseline) {
    if (sorted.length < 2) return '';
    const lo = sorted[0] as VariantResult;
    const hi = sorted.at(-1) as VariantResult;
    return `The kernel L2 norm ranged from ${n(norm(lo))} (${lo.name}) to ${n(norm(hi))} (${hi.name}).`;
  }
  // Under 90% of the baseline's norm counts as shrinking; closer is within what training noise moves.
  const shrunk = sorted.filter((v) => v !== baseline && norm(v) < 0.9 * norm(baseline));
  if (shrunk.length === 0) {
    return `No variant shrank the kernel L2 norm much below the unregularized ${n(norm(baseline))}.`;
  }
  const [first, ...rest] = shrunk as [VariantResult, ...VariantResult[]];
  const others = rest.slice(0, 3).map((v) => `${v.name} to ${n(norm(v))}`);
  return (
    `${first.name} shrank the kernel L2 norm the most, to ${n(norm(first))} from ${n(norm(baseline))} without ` +
    `regularization${others.length ? ` (${list(others)})` : ''}.`
  );
}

/**
 * A short reading of a sweep (of a coefficient C, or of Dropout's rate), as paragraphs of plain text: which
 * value ended with the lowest validation loss (as `pickSweep` picks it) and which did as well to within noise,
 * whether smaller values overfitted and larger ones underfitted (the two arms of the U), and whether the best
 * value sits at an end of the range tried.
 */
export function readSweep(result: SweepResult): string[] {
  const points = [...result.points].sort(by((p) => p.value));
  if (points.length === 0) return ['The sweep trained no model, so there is nothing to read.'];
  const pick = pickSweep(points);
  const bestIndex = points.findIndex((p) => p.value === pick.best);
  if (bestIndex < 0)
    return ['Every model of the sweep diverged (its validation loss is not a number), so none is best.'];
  const c = coefficientFormatter(points.map((p) => p.value));
  const sym = sweepParameter(result.regularizer).symbol;
  const best = points[bestIndex] as (typeof points)[number];
  const bs = best.summary;
  const sentences = [
    `The validation loss at the last epoch was lowest at ${sym} = ${c(best.value)}: ${n(bs.valLoss)} (${n(bs.bestValLoss)} at its best epoch, ${bs.bestEpoch}).`,
  ];
  if (pick.withinNoise.length) {
    const items = pick.withinNoise.map((r) => `${sym} = ${c(r.value)} (${n(r.delta)} higher)`);
    sentences.push(
      `${list(items)} ${items.length > 1 ? 'are' : 'is'} within noise of it, so the data do not tell ${items.length > 1 ? 'them' : 'the two'} apart.`,
    );
  }
  const first = points[0] as (typeof points)[number];
  const last = points.at(-1) as (typeof points)[number];
  // Within noise of the best is not worse: no arm of the U is claimed from a difference the data cannot show.
  const close = new Set(pick.withinNoise.map((r) => r.value));
  const worse = (p: (typeof points)[number]) => p.summary.valLoss > bs.valLoss && !close.has(p.value);
  const overfitLeft = bestIndex > 0 && worse(first) && first.summary.gap > bs.gap;
  const underfitRight = bestIndex < points.length - 1 && worse(last) && last.summary.trainLoss > bs.trainLoss;
  if (bestIndex > 0 && worse(first)) {
    sentences.push(
      overfitLeft
        ? `With less regularization the network overfitted: at ${sym} = ${c(first.value)} the validation loss was ${n(first.summary.valLoss)} and its gap to the training loss ${n(first.summary.gap)}, against ${n(bs.gap)} at ${sym} = ${c(best.value)}.`
        : `At ${sym} = ${c(first.value)} the validation loss was higher: ${n(first.summary.valLoss)}.`,
    );
  }
  if (bestIndex < points.length - 1 && worse(last)) {
    sentences.push(
      underfitRight
        ? `With more it underfitted: at ${sym} = ${c(last.value)} even the training loss rose to ${n(last.summary.trainLoss)} (from ${n(bs.trainLoss)}), and the validation loss to ${n(last.summary.valLoss)}.`
        : `At ${sym} = ${c(last.value)} the validation loss was higher: ${n(last.summary.valLoss)}.`,
    );
  }
  if (overfitLeft && underfitRight) {
    const lo = points[bestIndex - 1] as (typeof points)[number];
    const hi = points[bestIndex + 1] as (typeof points)[number];
    sentences.push(
      `Between the two arms of the U, ${sym} = ${c(best.value)} is the value to use; a finer sweep between ${c(lo.value)} and ${c(hi.value)} can refine it.`,
    );
  } else if (points.length > 1 && (bestIndex === 0 || bestIndex === points.length - 1)) {
    const end = bestIndex === 0 ? 'smallest' : 'largest';
    const direction = bestIndex === 0 ? 'below' : 'above';
    sentences.push(
      `The best value is the ${end} ${sym} tried, so the optimum may lie beyond it: extend the sweep ${direction} ${c(best.value)}.`,
    );
  }
  return [sentences.join(' ')];
}

function gapWords(gap: number): string {
  return gap >= 0 ? `${n(gap)} above` : `${n(-gap)} below`;
}

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

/** 'a', 'a and b', 'a, b and c'. */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function by<T>(key: (item: T) => number): (a: T, b: T) => number {
  return (a, b) => key(a) - key(b);
}
