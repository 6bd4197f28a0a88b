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
 * A stream of seeds: each `nextSeed()` differs, and two generators with the same seed give the
 * same sequence. Layers such as Dropout hold one so that they draw a new mask every call,
 * reproducibly. Without a seed, one is drawn from the global stream at construction (Keras 3's
 * rule), so `setRandomSeed` before building a model fixes every layer's sequence. The state
 * (seed, counter) can be saved and restored, which is what resuming training exactly needs.
 *
 * @example
 * ```ts
 * const gen = new SeedGenerator(7);
 * randomUniform([2], 0, 1, 'float32', gen.nextSeed()); // differs from the next call's values
 * ```
 */
export class SeedGenerator {
  private counter = 0;
  private seed: number;

  constructor(seed?: number) {
    if (seed === undefined) {
      const [a, b] = seedKey(undefined, 'SeedGenerator');
      this.seed = (a & 0x1fffff) * 2 ** 32 + b;
    } else this.seed = assertSeed(seed, 'SeedGenerator');
  }

  /** An integer seed for the next random op. */
  nextSeed(): number {
    const [a, b] = keyOf(this.seed, this.counter++);
    return (a & 0x1fffff) * 2 ** 32 + b;
  }

  /** The generator's position: restoring it makes the following `nextSeed()` calls repeat. */
  getState(): [number, number] {
    return [this.seed, this.counter];
  }

  setState(state: readonly [number, number]): void {
    this.seed = assertSeed(state[0], 'SeedGenerator.setState');
    const counter = state[1];
    if (!Number.isSafeInteger(counter) || counter < 0) {
      throw new ValueError(
        `SeedGenerator.setState: the counter must be a non-negative integer. Received: ${describe(counter)}`,
      );
    }
    this.counter = counter;
  }
}

/**
 * A permutation of 0..n−1 that depends only on (seed, index): epoch e of a run always shuffles
 * the same way, so a run resumed at epoch e repeats the uninterrupted run.
 */
export function seededPermutation(n: number, seed: number, index: number): Int32Array {
  const [a, b] = keyOf(assertSeed(seed, 'seededPermutation'), index);
  let state = (a ^ b) >>> 0 || 1;
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    // xorshift32: ample for shuffling, and fast.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const j = state % (i + 1);
    const tmp = p[i] as number;
    p[i] = p[j] as number;
    p[j] = tmp;
  }
  return p;
}

/**
 * `n` uniform numbers in [0, 1) that depend only on (seed, index), drawn on the host: what the augmentation
 * layers use for their per-image parameters, so that building a transform never reads the backend.
 */
export function seededUniforms(n: number, seed: number, index = 0): Float64Array {
  const [a, b] = keyOf(assertSeed(seed, 'seededUniforms'), index);
  let state = (a ^ b) >>> 0 || 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // xorshift32, as seededPermutation; 32 bits of each draw.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state / 4294967296;
  }
  return out;
}
