/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11),
 * the counter-based generator TensorFlow and JAX use. A (key, counter) pair fully
 * determines four 32-bit outputs, so a native backend can produce the same stream
 * in parallel chunks.
 */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

// High 32 bits of a 32×32-bit product, exactly: split `a` so every partial product fits a double's 53 bits.
function mulhi(a: number, b: number): number {
  const ah = a >>> 16;
  const al = a & 0xffff;
  const t = al * b;
  return Math.floor((ah * b + Math.floor(t / 65536)) / 65536) >>> 0;
}

/** Writes the four outputs of block `counter` under `key` into `out[0..3]`. */
export function philoxBlock(k0: number, k1: number, counter: number, out: Uint32Array): void {
  let c0 = counter >>> 0;
  let c1 = Math.floor(counter / 2 ** 32) >>> 0;
  let c2 = 0;
  let c3 = 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ key0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ key1) >>> 0;
    c3 = lo0;
    key0 = (key0 + W0) >>> 0;
    key1 = (key1 + W1) >>> 0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/** A sequential reader over the Philox stream of one key: uniform doubles in [0, 1) with 53 random bits. */
export class PhiloxStream {
  private readonly block = new Uint32Array(4);
  private index = 4;
  private counter = 0;

  constructor(
    private readonly k0: number,
    private readonly k1: number,
  ) {}

  nextUint32(): number {
    if (this.index === 4) {
      philoxBlock(this.k0, this.k1, this.counter++, this.block);
      this.index = 0;
    }
    return this.block[this.index++] as number;
  }

  /** Uniform in [0, 1). */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [0, 1) with 24 random bits: exactly representable in float32, so rounding never yields 1. */
  nextFloat32(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }
}
