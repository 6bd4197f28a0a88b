// Fabricated comparison and sweep results with the shapes and magnitudes a real run produces, so the
// report can be built and tested without training anything. Everything is seeded: same call, same data.
import type {
  ComparisonResult,
  DecisionBoundary,
  SweepResult,
  VariantResult,
  VariantSummary,
} from '../../src/report/comparison.js';

/** How one fabricated variant behaves: the shape of its loss curves and of its weight distribution. */
export interface VariantProfile {
  readonly name: string;
  readonly description: string;
  /** Data loss at the last epoch, on the training set. */
  readonly trainFinal: number;
  /** Lowest validation data loss, reached at `bestEpoch`. */
  readonly valMin: number;
  /** Validation data loss at the last epoch (above valMin when the variant overfits). */
  readonly valFinal: number;
  readonly bestEpoch: number;
  readonly valAccuracy: number;
  /** Penalty added to the reported loss (0 for the unregularized and dropout-only variants). */
  readonly penalty: number;
  /** Share of weights pushed to |w| < 1e-3 (what L1 does), the rest Gaussian with `sigma`. */
  readonly nearZero: number;
  readonly sigma: number;
  /** How much the fabricated decision boundary wiggles around the true one (overfitting shows as wiggles). */
  readonly wiggle: number;
}

/** The six variants of the default comparison, behaving as regularization textbooks say they do. */
export const PROFILES: readonly VariantProfile[] = [
  {
    name: 'none',
    description: 'no regularization',
    trainFinal: 0.012,
    valMin: 0.31,
    valFinal: 1.9,
    bestEpoch: 4,
    valAccuracy: 0.842,
    penalty: 0,
    nearZero: 0.004,
    sigma: 0.42,
    wiggle: 0.9,
  },
  {
    name: 'L1',
    description: 'L1(1e-3) on every kernel',
    trainFinal: 0.21,
    valMin: 0.3,
    valFinal: 0.33,
    bestEpoch: 31,
    valAccuracy: 0.874,
    penalty: 0.08,
    nearZero: 0.62,
    sigma: 0.18,
    wiggle: 0.15,
  },
  {
    name: 'L2',
    description: 'L2(1e-3) on every kernel',
    trainFinal: 0.18,
    valMin: 0.27,
    valFinal: 0.28,
    bestEpoch: 36,
    valAccuracy: 0.889,
    penalty: 0.06,
    nearZero: 0.03,
    sigma: 0.12,
    wiggle: 0.1,
  },
  {
    name: 'L1L2',
    description: 'L1L2(l1 = 1e-4, l2 = 1e-3) on every kernel',
    trainFinal: 0.2,
    valMin: 0.28,
    valFinal: 0.3,
    bestEpoch: 33,
    valAccuracy: 0.881,
    penalty: 0.07,
    nearZero: 0.35,
    sigma: 0.13,
    wiggle: 0.12,
  },
  {
    name: 'Dropout',
    description: 'Dropout(0.5) after each hidden layer',
    trainFinal: 0.09,
    valMin: 0.29,
    valFinal: 0.45,
    bestEpoch: 14,
    valAccuracy: 0.866,
    penalty: 0,
    nearZero: 0.006,
    sigma: 0.3,
    wiggle: 0.35,
  },
  {
    name: 'L2 + Dropout',
    description: 'L2(1e-3) on every kernel and Dropout(0.5) after each hidden layer',
    trainFinal: 0.22,
    valMin: 0.26,
    valFinal: 0.27,
    bestEpoch: 38,
    valAccuracy: 0.893,
    penalty: 0.05,
    nearZero: 0.02,
    sigma: 0.11,
    wiggle: 0.08,
  },
];

/** Options of {@link fabricateComparison}. */
export interface FabricateOptions {
  /** A 2-D dataset with training points and a decision boundary per variant (default), or an MNIST-like one. */
  readonly twoD?: boolean;
  readonly epochs?: number;
  readonly profiles?: readonly VariantProfile[];
  readonly seed?: number;
  /** Grid points per axis of each decision boundary. */
  readonly resolution?: number;
}

/** A seeded uniform generator on (0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 2 ** 32;
  };
}

function gaussian(u: () => number): number {
  return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Per-epoch data losses that fall, reach `valMin` at `bestEpoch`, then rise to `valFinal`. */
function curves(profile: VariantProfile, epochs: number, u: () => number): { train: number[]; val: number[] } {
  // Profiles are written for 60 epochs; a shorter run turns up proportionally earlier.
  const p = { ...profile, bestEpoch: Math.max(1, Math.min(epochs, Math.round((profile.bestEpoch * epochs) / 60))) };
  const train: number[] = [];
  const val: number[] = [];
  const start = 0.72;
  for (let e = 1; e <= epochs; e++) {
    const t = (e - 1) / Math.max(1, epochs - 1);
    train.push(p.trainFinal + (start - p.trainFinal) * Math.exp(-5 * t) * (1 - t) + 0.004 * gaussian(u) * (1 - t));
    if (e <= p.bestEpoch) {
      const s = (e - 1) / Math.max(1, p.bestEpoch - 1);
      val.push(p.valMin + (start - p.valMin) * (1 - s) ** 2);
    } else {
      const s = (e - p.bestEpoch) / Math.max(1, epochs - p.bestEpoch);
      val.push(p.valMin + (p.valFinal - p.valMin) * s ** 0.8 + 0.006 * gaussian(u));
    }
  }
  // Pin the ends so the summary says exactly what the profile does.
  train[epochs - 1] = p.trainFinal;
  val[epochs - 1] = p.valFinal;
  val[p.bestEpoch - 1] = p.valMin;
  return { train, val };
}

function weights(p: VariantProfile, count: number, u: () => number): Float32Array {
  const w = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    w[i] = u() < p.nearZero ? (u() - 0.5) * 1.6e-3 : p.sigma * gaussian(u);
  }
  return w;
}

function summarize(p: VariantProfile, train: number[], val: number[], w: Float32Array): VariantSummary {
  let near = 0;
  let squares = 0;
  for (const x of w) {
    if (Math.abs(x) < 1e-3) near++;
    squares += x * x;
  }
  let best = 0;
  for (let i = 1; i < val.length; i++) if ((val[i] as number) < (val[best] as number)) best = i;
  const trainLoss = train.at(-1) as number;
  const valLoss = val.at(-1) as number;
  return {
    trainLoss,
    valLoss,
    valAccuracy: p.valAccuracy,
    gap: valLoss - trainLoss,
    bestEpoch: best + 1,
    bestValLoss: val[best] as number,
    nearZeroFraction: near / w.length,
    kernelL2Norm: Math.sqrt(squares),
  };
}

/** Two interleaved half-moons with label noise: the classic 2-D set that overfits with a small sample. */
function moons(n: number, u: () => number): { x: Float32Array; labels: Int32Array } {
  const x = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const t = Math.PI * u();
    const px = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const py = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    x[2 * i] = px + 0.25 * gaussian(u);
    x[2 * i + 1] = py + 0.25 * gaussian(u);
    labels[i] = label;
  }
  return { x, labels };
}

function boundary(p: VariantProfile, resolution: number, phase: number): DecisionBoundary {
  const xMin = -1.6;
  const xMax = 2.6;
  const yMin = -1.2;
  const yMax = 1.7;
  const n = resolution * resolution;
  const classes = new Int32Array(n);
  const confidence = new Float32Array(n);
  for (let j = 0; j < resolution; j++) {
    for (let i = 0; i < resolution; i++) {
      const x = xMin + (i * (xMax - xMin)) / (resolution - 1);
      const y = yMin + (j * (yMax - yMin)) / (resolution - 1);
      // A smooth curve between the moons, plus wiggles whose size says how much the variant overfits.
      const f =
        y -
        0.25 -
        0.5 * Math.cos(Math.PI * Math.min(1.5, Math.max(-0.5, x))) +
        p.wiggle * 0.35 * Math.sin(7 * x + phase) * Math.cos(6 * y);
      const p1 = 1 / (1 + Math.exp(6 * f));
      const k = j * resolution + i;
      classes[k] = p1 >= 0.5 ? 1 : 0;
      confidence[k] = Math.max(p1, 1 - p1);
    }
  }
  return { xMin, xMax, yMin, yMax, resolution, classes, confidence };
}

/** A realistic comparison result: six variants (or `profiles`), 2-D with boundaries unless `twoD` is false. */
export function fabricateComparison(options: FabricateOptions = {}): ComparisonResult {
  const { twoD = true, epochs = 60, profiles = PROFILES, seed = 7, resolution = 60 } = options;
  const u = random(seed);
  const weightCount = twoD ? 2 * 64 + 64 * 64 + 64 : 784 * 32 + 32 * 10;
  const points = twoD ? moons(200, u) : undefined;
  const variants: VariantResult[] = profiles.map((p, index) => {
    const { train, val } = curves(p, epochs, u);
    const w = weights(p, weightCount, u);
    const history: Record<string, number[]> = {
      loss: train.map((t) => t + p.penalty),
      val_loss: val.map((v) => v + p.penalty),
      regularization_loss: train.map(() => p.penalty),
      val_regularization_loss: val.map(() => p.penalty),
      accuracy: train.map((t) => Math.min(1, 1 - t / 2)),
      val_accuracy: val.map(() => p.valAccuracy),
    };
    return {
      name: p.name,
      description: p.description,
      history,
      summary: summarize(p, train, val, w),
      kernelWeights: w,
      ...(twoD ? { boundary: boundary(p, resolution, index) } : {}),
      seconds: 1.5 + index * 0.2,
    };
  });
  return {
    dataset: twoD
      ? {
          name: 'moons',
          description: 'two interleaved half-moons, noise 0.25, 10% label noise',
          trainSize: 200,
          valSize: 1000,
          numFeatures: 2,
          numClasses: 2,
          ...(points ? { points } : {}),
        }
      : {
          name: 'mnist',
          description: 'handwritten digits (28×28 grey levels), a deliberately small training subset',
          trainSize: 1000,
          valSize: 2000,
          numFeatures: 784,
          numClasses: 10,
        },
    architecture: twoD ? '2 → 64 relu → 64 relu → 1 sigmoid' : '784 → 32 relu → 10 softmax',
    epochs,
    batchSize: 32,
    seed,
    backend: 'ts',
    variants,
    seconds: variants.reduce((s, v) => s + v.seconds, 0),
  };
}

/** Replaces named fields of one profile (to swap which variant overfits, for instance). */
export function withProfile(name: string, changes: Partial<VariantProfile>, profiles = PROFILES): VariantProfile[] {
  return profiles.map((p) => (p.name === name ? { ...p, ...changes } : p));
}

/** A sweep of L2's coefficient over 1e-5 … 1e-1 with the U shape: overfits on the left, underfits on the right. */
export function fabricateSweep(
  values: readonly number[] = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1],
  regularizer = 'L2',
): SweepResult {
  const u = random(11);
  const epochs = 40;
  const points = values.map((value) => {
    // log10 C from −5 to −1: the training loss climbs with C, the validation loss bottoms out near 1e-3.
    // A Dropout rate r in [0.1, 0.9] is mapped onto the same curve, r = 0.5 playing C = 1e-3.
    const l = regularizer === 'Dropout' ? -3 + (value - 0.5) * 5 : Math.log10(value);
    const trainFinal = 0.02 + 0.5 / (1 + Math.exp(-2.2 * (l + 1.8)));
    const valMin = 0.27 + 0.035 * (l + 3) ** 2;
    const overfit = Math.max(0, -(l + 3)) * 0.45;
    const p: VariantProfile = {
      ...(PROFILES[2] as VariantProfile),
      trainFinal,
      valMin,
      valFinal: valMin + overfit + 0.01,
      bestEpoch: overfit > 0 ? 10 : 38,
    };
    const { train, val } = curves(p, epochs, u);
    const w = weights(p, 500, u);
    const history = { loss: train, val_loss: val };
    return { value, summary: summarize(p, train, val, w), history };
  });
  return {
    dataset: {
      name: 'moons',
      description: 'two interleaved half-moons, noise 0.25',
      trainSize: 200,
      valSize: 1000,
      numFeatures: 2,
      numClasses: 2,
    },
    architecture: '2 → 64 relu → 64 relu → 1 sigmoid',
    regularizer,
    points,
    seconds: 9.8,
  };
}

/** The shape of one synthetic validation curve: a fall to `min` at `minEpoch`, a straight run to `final`. */
export interface CurveShape {
  readonly value: number;
  readonly min: number;
  readonly minEpoch: number;
  readonly final: number;
  /** ± this much, alternating epoch by epoch over the last 12 epochs (the last epoch gets +wobble). */
  readonly wobble?: number;
  /** The training loss at the last epoch (it falls from 0.7 to there). */
  readonly train?: number;
}

/**
 * A validation data-loss curve of `epochs` epochs with the given shape. After `minEpoch` it is a straight line,
 * plus an alternating ±wobble over the last 12 epochs, so that its fluctuation over the last 10 has the known
 * σ = wobble·√(16/6) (each second difference is ±4·wobble; see `validationNoise`).
 */
export function shapedCurve(shape: CurveShape, epochs: number): number[] {
  const { min, minEpoch, final, wobble = 0 } = shape;
  return Array.from({ length: epochs }, (_, i) => {
    const e = i + 1;
    if (e <= minEpoch) return min + (0.9 - min) * ((minEpoch - e) / Math.max(1, minEpoch - 1)) ** 2;
    const line = min + ((final - wobble - min) * (e - minEpoch)) / (epochs - minEpoch);
    return e > epochs - 12 ? line + wobble * (-1) ** (epochs - e) : line;
  });
}

/** A sweep built from synthetic validation curves, its summaries computed from them as the CLI computes its own. */
export function sweepFromCurves(shapes: readonly CurveShape[], epochs = 40, regularizer = 'L2'): SweepResult {
  const points = shapes.map((shape) => {
    const val = shapedCurve(shape, epochs);
    const trainFinal = shape.train ?? 0.05;
    const train = val.map((_, i) => trainFinal + (0.7 - trainFinal) * (1 - i / (epochs - 1)) ** 2);
    const w = new Float32Array(100).map((_, i) => Math.sin(i) * 0.1);
    const profile = { ...(PROFILES[2] as VariantProfile), valAccuracy: 0.89 };
    return { value: shape.value, summary: summarize(profile, train, val, w), history: { loss: train, val_loss: val } };
  });
  return {
    dataset: {
      name: 'mnist',
      description: 'handwritten digits',
      trainSize: 1000,
      valSize: 2000,
      numFeatures: 784,
      numClasses: 10,
    },
    architecture: '784 → 128 relu → 128 relu → 10 softmax',
    regularizer,
    points,
    seconds: 30,
  };
}

/**
 * The sweep of the issue this rule came from (`dendrite sweep` on MNIST, C = 1e-5 … 1e-2): the lowest loss over
 * the epochs is C = 1e-4's by a hair (0.3539), the lowest final loss is C = 1e-3's (0.3805); C = 1e-2 ends
 * within noise of it (0.3850, both wobbling by ±0.004), C = 1e-5 and 1e-4 well above.
 */
export const ISSUE_SWEEP: readonly CurveShape[] = [
  { value: 1e-5, min: 0.3541, minEpoch: 12, final: 0.4518, wobble: 0.002, train: 0.002 },
  { value: 1e-4, min: 0.3539, minEpoch: 12, final: 0.4412, wobble: 0.002, train: 0.003 },
  { value: 1e-3, min: 0.3549, minEpoch: 10, final: 0.3805, wobble: 0.004, train: 0.016 },
  { value: 1e-2, min: 0.38, minEpoch: 25, final: 0.385, wobble: 0.004, train: 0.19 },
];
