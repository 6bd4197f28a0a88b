import { describe, ValueError } from './errors.js';

/**
 * Seeds for random kernels. A kernel receives a 64-bit key as two uint32 words;
 * the same key always gives the same values on the same backend (Philox is
 * counter-based, so a key fully determines the stream).
 */
export type SeedKey = readonly [number, number];

// splitmix32-style finaliser: spreads nearby integers (seeds 0, 1, 2) across the key space.
function mix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function assertSeed(seed: unknown, op: string): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || !Number.isSafeInteger(seed)) {
    throw new ValueError(`${op}: invalid \`seed\`. Expected an integer. Received: seed=${describe(seed)}`);
  }
  return seed;
}

function keyOf(seed: number, counter: number): SeedKey {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  return [mix(lo ^ mix(counter)), mix(hi ^ mix(counter + 0x632be5ab))];
}

let globalSeed = Math.floor(Math.random() * 2 ** 32);
let globalCounter = 0;

/**
 * Seeds every random op that is not given a seed of its own, and every
 * initializer and layer that draws from the global stream. Calling it again with
 * the same seed restarts the same sequence: a bitwise-identical run on the same backend.
 *
 * @example
 * ```ts
 * setRandomSeed(42);
 * const a = randomNormal([3]);
 * setRandomSeed(42);
 * const b = randomNormal([3]); // same values as a
 * ```
 */
export function setRandomSeed(seed: number): void {
  globalSeed = assertSeed(seed, 'setRandomSeed');
  globalCounter = 0;
}

/** The key for one random op: from its own seed if given (stateless, as in TensorFlow.js), else the global stream. */
export function seedKey(seed: number | undefined, op: string): SeedKey {
  if (seed !== undefined) return keyOf(assertSeed(seed, op), 0x7fffffff);
  return keyOf(globalSeed, globalCounter++);
}

/**
 * A stream of keys from one seed: each `next()` differs, and two generators with
 * the same seed give the same sequence. Layers such as Dropout hold one so that a
 * seeded layer draws a new mask every call, reproducibly.
 *
 * @example
 * ```ts
 * const gen = new SeedGenerator(7);
 * randomUniform([2], 0, 1, 'float32', gen.nextSeed()); // differs from the next call's values
 * ```
 */
export class SeedGenerator {
  private counter = 0;
  private readonly seed: number | undefined;

  constructor(seed?: number) {
    this.seed = seed === undefined ? undefined : assertSeed(seed, 'SeedGenerator');
  }

  /** An integer seed for the next random op (drawn from the global stream when this generator is unseeded). */
  nextSeed(): number {
    if (this.seed === undefined) {
      const [a, b] = seedKey(undefined, 'SeedGenerator');
      return (a & 0x1fffff) * 2 ** 32 + b;
    }
    const [a, b] = keyOf(this.seed, this.counter++);
    return (a & 0x1fffff) * 2 ** 32 + b;
  }
}
