/**
 * The data module's own seeded generator. Datasets are made in plain JavaScript, not with tensor ops, so they
 * are the same bytes on every backend and never touch the global random stream (loading data must not shift
 * the seeds of a model's initializers).
 */

/** Independent streams drawn from one user seed: changing the label noise must not move the points. */
export const Stream = {
  points: 1,
  order: 2,
  labelNoise: 3,
  split: 4,
  mnist: 5,
} as const;

// splitmix32-style finaliser: spreads nearby seeds (0, 1, 2) across the state space.
function mix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counter generator): 128 bits of state, passes PractRand to 2⁴⁰ bytes,
 * a few integer operations per draw. Fully determined by (seed, stream).
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1; // the counter word: never all-zero state
  private spare: number | undefined;

  constructor(seed: number, stream: number) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    this.a = mix(lo ^ mix(stream));
    this.b = mix(hi ^ mix(stream + 0x632be5ab));
    this.c = mix(this.a ^ this.b ^ 0x5bd1e995);
    for (let i = 0; i < 12; i++) this.nextUint32(); // warm-up: decorrelates nearby seeds' first draws
  }

  nextUint32(): number {
    this.d = (this.d + 1) | 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in (0, 1): never exactly 0, so `log(u)` is finite. */
  uniform(): number {
    return (this.nextUint32() + 0.5) / 2 ** 32;
  }

  /** Standard normal, by Box–Muller; both values of each pair are used. */
  normal(): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** An integer in [0, n). NOTE: floor(u·n) has a bias below n/2³², negligible for dataset sizes. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Fisher–Yates, in place. */
  shuffle<T extends { length: number; [i: number]: number }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = values[i] as number;
      values[i] = values[j] as number;
      values[j] = tmp;
    }
    return values;
  }

  /** A uniformly random permutation of 0..n−1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}
