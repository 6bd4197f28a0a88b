import { checkOptions } from '../core/validate.js';
import { checkFraction, checkNonNegative, checkPositiveInteger, checkSeed, type Dataset } from './dataset.js';
import { Rng, Stream } from './random.js';

/**
 * The classic two-class 2-D sets of scikit-learn and the TensorFlow Playground: small enough to train in a
 * second, and drawable, so a report can show each model's decision boundary over the data.
 *
 * Each is made in four steps, each from its own stream of the seed: the noise-free points, class by class
 * (half of the samples per class, the odd one to class 1); Gaussian noise of standard deviation `noise` on both
 * coordinates; a shuffle of the rows; then `labelNoise` flips. So the same seed with another `noise` moves the
 * same points further, and another `labelNoise` flips labels of the very same points.
 */
export interface SyntheticOptions {
  /** Number of points, a positive integer (default 500). */
  samples?: number;
  /** Standard deviation of the Gaussian noise added to both coordinates, ≥ 0 (the default depends on the set). */
  noise?: number;
  /** Fraction of the labels flipped to the other class, in [0, 1): exactly `round(labelNoise · samples)` of them. */
  labelNoise?: number;
  /** The same seed always gives the same bytes (default 0). */
  seed?: number;
}

/** Noise-free points in class order: `x`, `y` and `label` per sample. */
interface Clean {
  x: Float64Array;
  y: Float64Array;
  labels: Int32Array;
}

const OPTION_NAMES = ['samples', 'noise', 'labelNoise', 'seed'] as const;

function clean(counts: readonly number[], place: (label: number, i: number, count: number) => [number, number]): Clean {
  const n = counts.reduce((s, c) => s + c, 0);
  const out: Clean = { x: new Float64Array(n), y: new Float64Array(n), labels: new Int32Array(n) };
  let k = 0;
  counts.forEach((count, label) => {
    for (let i = 0; i < count; i++, k++) {
      const [x, y] = place(label, i, count);
      out.x[k] = x;
      out.y[k] = y;
      out.labels[k] = label;
    }
  });
  return out;
}

/** Class sizes ⌊n/2⌋ and ⌈n/2⌉, as scikit-learn's `n_samples_out`, `n_samples_in`. */
const halves = (n: number): number[] => [Math.floor(n / 2), n - Math.floor(n / 2)];

/** `linspace(start, stop, count)` with the endpoint, as NumPy: one point gives `start`. */
const linspace = (start: number, stop: number, i: number, count: number): number =>
  count === 1 ? start : start + ((stop - start) * i) / (count - 1);

function generate(
  name: string,
  summary: string,
  options: SyntheticOptions | undefined,
  defaultNoise: number,
  makeClean: (samples: number) => Clean,
): Dataset {
  checkOptions(name, options, OPTION_NAMES);
  const samples = checkPositiveInteger(name, 'samples', options?.samples ?? 500);
  const noise = checkNonNegative(name, 'noise', options?.noise ?? defaultNoise);
  const labelNoise = checkFraction(name, 'labelNoise', options?.labelNoise ?? 0, { zeroAllowed: true });
  const seed = checkSeed(name, options?.seed ?? 0);

  const points = makeClean(samples);
  const jitter = new Rng(seed, Stream.points);
  const order = new Rng(seed, Stream.order).permutation(samples);
  const features = new Float32Array(2 * samples);
  const labels = new Int32Array(samples);
  const noisy = new Float64Array(2 * samples);
  for (let k = 0; k < samples; k++) {
    noisy[2 * k] = (points.x[k] as number) + noise * jitter.normal();
    noisy[2 * k + 1] = (points.y[k] as number) + noise * jitter.normal();
  }
  for (let i = 0; i < samples; i++) {
    const k = order[i] as number;
    features[2 * i] = noisy[2 * k] as number;
    features[2 * i + 1] = noisy[2 * k + 1] as number;
    labels[i] = points.labels[k] as number;
  }
  // Exactly round(p·n) distinct samples, not each with probability p: the flipped fraction is what was asked.
  const flips = Math.round(labelNoise * samples);
  const chosen = new Rng(seed, Stream.labelNoise).permutation(samples);
  for (let i = 0; i < flips; i++) {
    const k = chosen[i] as number;
    labels[k] = 1 - (labels[k] as number);
  }
  return {
    name,
    description: `${summary}: ${samples} samples, noise ${noise}, label noise ${labelNoise}, seed ${seed}`,
    features,
    labels,
    numSamples: samples,
    numFeatures: 2,
    numClasses: 2,
  };
}

/**
 * Two interleaving half circles, as scikit-learn's `make_moons`: class 0 on `(cos t, sin t)` and class 1 on
 * `(1 − cos t, 0.5 − sin t)`, t evenly spaced over [0, π]; default noise 0.2.
 *
 * @throws {ValueError} ``Invalid value received for argument `samples` of moons. Expected a positive integer. Received: samples=0``
 * @example
 * ```ts
 * const data = datasets.moons({ samples: 200, noise: 0.2, labelNoise: 0.1, seed: 1 });
 * ```
 */
export function moons(options?: SyntheticOptions): Dataset {
  return generate('moons', "Two interleaving half circles (scikit-learn's make_moons)", options, 0.2, (n) =>
    clean(halves(n), (label, i, count) => {
      const t = linspace(0, Math.PI, i, count);
      return label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    }),
  );
}

/**
 * Two concentric circles, as scikit-learn's `make_circles` with `factor=0.5`: class 0 on the circle of radius 1,
 * class 1 on radius 0.5, angles evenly spaced over [0, 2π); default noise 0.1.
 *
 * @throws {ValueError} ``Invalid value received for argument `noise` of circles. Expected a non-negative finite number. Received: noise=-1``
 * @example
 * ```ts
 * const data = datasets.circles({ samples: 300, noise: 0.05 });
 * ```
 */
export function circles(options?: SyntheticOptions): Dataset {
  return generate('circles', "Two concentric circles (scikit-learn's make_circles, factor 0.5)", options, 0.1, (n) =>
    clean(halves(n), (label, i, count) => {
      const t = (2 * Math.PI * i) / count;
      const r = label === 0 ? 1 : 0.5;
      return [r * Math.cos(t), r * Math.sin(t)];
    }),
  );
}

/**
 * Two interleaved spiral arms (the classic "two spirals" problem): point i of an arm of m points has
 * `t = (i + 1)/m`, radius `t` and angle `3.5π·t + label·π`, so each arm turns 1¾ times (as the TensorFlow
 * Playground's) and class 1 is class 0 turned by half a turn; default noise 0.05.
 *
 * @throws {ValueError} ``Invalid value received for argument `labelNoise` of spiral. Expected a number in [0, 1). Received: labelNoise=1``
 * @example
 * ```ts
 * const data = datasets.spiral({ samples: 400 });
 * ```
 */
export function spiral(options?: SyntheticOptions): Dataset {
  return generate('spiral', 'Two interleaved spiral arms', options, 0.05, (n) =>
    clean(halves(n), (label, i, count) => {
      const t = (i + 1) / count;
      const angle = 3.5 * Math.PI * t + label * Math.PI;
      return [t * Math.cos(angle), t * Math.sin(angle)];
    }),
  );
}

/** The corners of XOR: class = (x > 0) XOR (y > 0); ordered so that the classes alternate. */
const XOR_CORNERS = [
  [-1, -1, 0],
  [1, -1, 1],
  [1, 1, 0],
  [-1, 1, 1],
] as const;

/**
 * Four Gaussian blobs at the corners (±1, ±1) of a square, labelled by XOR: class 1 where exactly one
 * coordinate is positive. `noise` is each blob's standard deviation (default 0.4). The blobs hold ⌊n/4⌋ or
 * ⌈n/4⌉ points, so the classes differ by at most one.
 *
 * @throws {ValueError} ``Invalid value received for argument `seed` of xor. Expected an integer. Received: seed=0.5``
 * @example
 * ```ts
 * const data = datasets.xor({ samples: 400, noise: 0.3 });
 * ```
 */
export function xor(options?: SyntheticOptions): Dataset {
  return generate('xor', 'Four Gaussian blobs at the corners of a square, labelled by XOR', options, 0.4, (n) => {
    const sizes = XOR_CORNERS.map((_, b) => Math.floor(n / 4) + (b < n % 4 ? 1 : 0));
    const out: Clean = { x: new Float64Array(n), y: new Float64Array(n), labels: new Int32Array(n) };
    let k = 0;
    XOR_CORNERS.forEach(([x, y, label], b) => {
      for (let i = 0; i < (sizes[b] as number); i++, k++) {
        out.x[k] = x;
        out.y[k] = y;
        out.labels[k] = label;
      }
    });
    return out;
  });
}

/**
 * Two Gaussian blobs, class 0 centred at (−1, −1) and class 1 at (1, 1); `noise` is their standard deviation
 * (default 1, where they overlap: the best possible accuracy is Φ(√2) ≈ 92%). The linear baseline.
 *
 * @throws {ValueError} ``Invalid value received for argument `samples` of gaussians. Expected a positive integer. Received: samples=2.5``
 * @example
 * ```ts
 * const data = datasets.gaussians({ samples: 200, noise: 0.5 });
 * ```
 */
export function gaussians(options?: SyntheticOptions): Dataset {
  return generate('gaussians', 'Two Gaussian blobs at (−1, −1) and (1, 1)', options, 1, (n) =>
    clean(halves(n), (label) => (label === 0 ? [-1, -1] : [1, 1])),
  );
}
