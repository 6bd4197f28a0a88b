// Summary statistics of a tensor's values, for the distribution tests.
import type { Tensor } from '../../src/index.js';

export interface Stats {
  readonly n: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

export function stats(t: Tensor): Stats {
  const v = t.dataSync();
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of v) {
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / v.length;
  let sq = 0;
  for (const x of v) sq += (x - mean) ** 2;
  return { n: v.length, mean, std: Math.sqrt(sq / v.length), min, max };
}

/** |actual − expected| ≤ rel·|expected|, with a message that shows both. */
export function within(actual: number, expected: number, rel: number): [boolean, string] {
  return [
    Math.abs(actual - expected) <= rel * Math.abs(expected),
    `expected ${expected} ± ${rel * 100}%, got ${actual}`,
  ];
}
