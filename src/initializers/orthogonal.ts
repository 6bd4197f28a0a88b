import { tidy } from '../core/api.js';
import type { DType } from '../core/dtype.js';
import { describe, ValueError } from '../core/errors.js';
import { assertShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { checkOptions } from '../core/validate.js';
import { tensor } from '../ops/convert.js';
import { randomNormal } from '../ops/random.js';
import { finiteNumber, floatDType, Initializer, optionalSeed, type SeedArgs } from './initializer.js';

/** The options of {@link Orthogonal}. */
export interface OrthogonalArgs extends SeedArgs {
  /** Multiplies the orthogonal matrix. Default 1. */
  gain?: number;
}

/**
 * w = gain·Q reshaped to `shape`, with Q a random orthogonal matrix (Saxe et al. 2014), Keras's algorithm:
 * view the shape as rows = prod(shape[:-1]) by cols = shape[-1], draw A ~ N(0, 1) of shape
 * (max(rows, cols), min(rows, cols)), take A = QR, multiply each column of Q by sign(R_jj) (which makes Q
 * uniformly distributed), and transpose when rows < cols. The result has orthonormal rows (rows ≤ cols:
 * W·Wᵀ = gain²·I) or columns (rows ≥ cols: Wᵀ·W = gain²·I).
 *
 * NOTE: the QR runs here, on the CPU in float64 (Householder), costing O(rows·cols·min(rows, cols)):
 * ≈0.25 s at 512×512 and ≈2 s at 1000×1000: meant for weight matrices, not for huge tensors.
 * @throws {ValueError} for a non-finite gain, a non-integer seed, or at `apply` for a shape of rank < 2.
 * @example `new Orthogonal({ seed: 1 }).apply([4, 4])` // W·Wᵀ ≈ I
 */
export class Orthogonal extends Initializer {
  readonly className: string = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | undefined;

  constructor(options: OrthogonalArgs = {}) {
    super();
    checkOptions('Orthogonal', options, ['gain', 'seed']);
    const { gain = 1, seed } = options;
    this.gain = finiteNumber(this.className, 'gain', gain);
    this.seed = optionalSeed(this.className, seed);
  }

  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const s = assertShape(shape, this.className);
    if (s.length < 2) {
      throw new ValueError(
        `${this.className}: the tensor to initialize must be at least two-dimensional. ` +
          `Received: shape=${describe(s)} of rank ${s.length}`,
      );
    }
    const d = floatDType(this.className, dtype);
    const cols = s[s.length - 1] as number;
    const rows = s.slice(0, -1).reduce((a, b) => a * b, 1);
    const m = Math.max(rows, cols);
    const n = Math.min(rows, cols);
    const a = tidy(() => randomNormal([m, n], 0, 1, 'float64', this.seed));
    const values = a.dataSync() as Float64Array;
    a.dispose();
    const q = orthonormalColumns(values, m, n);
    const out = new Float64Array(rows * cols);
    // q is m×n; rows ≥ cols keeps it as is, rows < cols stores its transpose (n×m = rows×cols).
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const v = this.gain * (q[i * n + j] as number);
        if (rows >= cols) out[i * cols + j] = v;
        else out[j * cols + i] = v;
      }
    }
    return tensor(d === 'float64' ? out : Float32Array.from(out), s, d);
  }

  override getConfig(): { gain: number; seed: number | null } {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}

/**
 * The Q of the thin QR decomposition A = QR (A is m×n row-major, m ≥ n), with each column j multiplied by
 * sign(R_jj): the unique factorization with a non-negative diagonal, whatever QR algorithm computed it.
 * Householder reflections: each column's reflector v maps A[k:, k] onto −sign(a_kk)·‖A[k:, k]‖·e₁, so R_kk
 * has the opposite sign of a_kk, and the sign correction reads it from there.
 */
function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  const r = Float64Array.from(a);
  const reflectors: Float64Array[] = [];
  const diagonalSigns: number[] = [];
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += (r[i * n + k] as number) ** 2;
    norm = Math.sqrt(norm);
    const v = new Float64Array(m - k);
    const head = r[k * n + k] as number;
    // NOTE: a zero column (probability 0 for a normal draw) needs no reflection; its sign counts as +1 rather
    // than Keras's sign(0) = 0, which would zero that column of Q.
    if (norm === 0) {
      reflectors.push(v);
      diagonalSigns.push(1);
      continue;
    }
    const alpha = head >= 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i - k] = r[i * n + k] as number;
    v[0] = head - alpha;
    let vNorm = 0;
    for (const x of v) vNorm += x * x;
    vNorm = Math.sqrt(vNorm);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / vNorm;
    reflect(r, v, k, m, n);
    reflectors.push(v);
    diagonalSigns.push(Math.sign(alpha));
  }
  // Q = H₀·H₁·…·H_{n−1} applied to the first n columns of the identity, innermost reflector first.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) reflect(q, reflectors[k] as Float64Array, k, m, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) q[i * n + j] = (q[i * n + j] as number) * (diagonalSigns[j] as number);
  }
  return q;
}

/**
 * x[k:, k:] ← (I − 2vvᵀ)·x[k:, k:] for a row-major m×n matrix and a unit vector v of length m − k.
 * The columns before k need no update: reducing A they are already zero below row k, and building Q from the
 * identity they are still unit vectors e_j (j < k) that v (rows ≥ k) cannot touch.
 */
function reflect(x: Float64Array, v: Float64Array, k: number, m: number, n: number): void {
  // Row by row, so the inner loops run along contiguous memory (column by column strides by n, and a stride
  // of 512 doubles thrashes the cache: 3–4× slower at 512×512).
  const dots = new Float64Array(n);
  for (let i = k; i < m; i++) {
    const vi = v[i - k] as number;
    if (vi === 0) continue;
    for (let j = k; j < n; j++) dots[j] = (dots[j] as number) + vi * (x[i * n + j] as number);
  }
  for (let i = k; i < m; i++) {
    const vi = 2 * (v[i - k] as number);
    if (vi === 0) continue;
    for (let j = k; j < n; j++) x[i * n + j] = (x[i * n + j] as number) - vi * (dots[j] as number);
  }
}

/**
 * An {@link Orthogonal} initializer: w = gain·Q, Q orthogonal.
 * @example `initializers.orthogonal({ gain: 1, seed: 3 }).apply([3, 5])`
 */
export function orthogonal(args?: OrthogonalArgs): Orthogonal {
  return new Orthogonal(args);
}
