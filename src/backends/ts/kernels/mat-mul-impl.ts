// Single-threaded GEMM for the TypeScript backend.
//
// Layout of the float path (Goto/BLIS style):
//   for each MC-row block of op(A)
//     for each NC-column block of op(B)
//       for each KC-deep slice of k
//         pack the op(A) block into 4-row panels and the op(B) block into 4-column panels (Float64Array scratch)
//         run the 4×4 register-blocked micro-kernel (narrower ones on ragged edges) over every (A panel, B panel)
//         pair, accumulating into a Float64 C tile
//       round the C tile once into `out`
// Packing turns all four transpose combinations into the same contiguous access pattern, so only the O(n²)
// packers see strides; the O(n³) micro-kernel always streams two dense panels. The A block is repacked for every
// NC block and the B block for every MC block; that adds ~1/(2·NC) + 1/(2·MC) packed elements per flop, and in
// return all scratch has a fixed size however large m, n or k get.

export type FloatArray = Float32Array | Float64Array;

/** Micro-tile height and width. They are equal so that one packer routine serves both operands. */
const MR = 4;
/** Depth of a k slice: one 4-wide B panel of it is 8 KiB of doubles, which stays in L1 while every A panel passes. */
const KC = 256;
/** Rows of op(A) per block: the packed A block (MC×KC doubles, 256 KiB) is meant to live in L2. */
const MC = 128;
/**
 * Columns of op(B) per block; bounds the packed B block (KC×NC) and the C tile (MC×NC). Throughput was flat (±3%,
 * within noise) across KC 128–384, MC 64–256, NC 256–1024 on the dev machine: the kernel is compute-bound.
 */
const NC = 512;

// Module-level scratch, allocated once at the block-size caps above (1.8 MiB in all) on the first blocked product and
// reused by every later call, because fresh pages are expensive and matMulImpl runs many times per training step.
let packedA = new Float64Array(0);
let packedB = new Float64Array(0);
let cTile = new Float64Array(0);

/**
 * out[m×n] = op(A)·op(B) for one matrix of a batch, where op(A) is A (stored m×k row-major) or, with transposeA, Aᵀ
 * (A stored k×m); op(B) is B (stored k×n) or, with transposeB, Bᵀ (B stored n×k). Reads a from aOffset, b from
 * bOffset and overwrites every element of the m×n block of out starting at outOffset.
 *
 * a, b and out must share one element type. Float inputs are accumulated in float64 and rounded once on store;
 * Int32Array inputs use wrapping 32-bit integer arithmetic.
 */
export function matMulImpl(
  a: FloatArray | Int32Array,
  aOffset: number,
  b: FloatArray | Int32Array,
  bOffset: number,
  out: FloatArray | Int32Array,
  outOffset: number,
  m: number,
  n: number,
  k: number,
  transposeA: boolean,
  transposeB: boolean,
): void {
  checkArgs(a, aOffset, b, bOffset, out, outOffset, m, n, k);
  if (m === 0 || n === 0) return;
  // Element (i, p) of op(A) is a[aOffset + i*rsA + p*csA]; element (p, j) of op(B) is b[bOffset + p*rsB + j*csB].
  const rsA = transposeA ? 1 : k;
  const csA = transposeA ? m : 1;
  const rsB = transposeB ? 1 : n;
  const csB = transposeB ? k : 1;

  if (out instanceof Int32Array) {
    if (!(a instanceof Int32Array) || !(b instanceof Int32Array)) {
      throw new TypeError('matMulImpl: a, b and out must share one element type');
    }
    matMulInt32(a, aOffset, rsA, csA, b, bOffset, rsB, csB, out, outOffset, m, n, k);
    return;
  }
  if (a instanceof Int32Array || b instanceof Int32Array) {
    throw new TypeError('matMulImpl: a, b and out must share one element type');
  }
  if (k === 0) {
    out.fill(0, outOffset, outOffset + m * n);
    return;
  }
  matMulBlocked(a, aOffset, rsA, csA, b, bOffset, rsB, csB, out, outOffset, m, n, k);
}

function checkArgs(
  a: ArrayLike<number>,
  aOffset: number,
  b: ArrayLike<number>,
  bOffset: number,
  out: ArrayLike<number>,
  outOffset: number,
  m: number,
  n: number,
  k: number,
): void {
  if (!isCount(m) || !isCount(n) || !isCount(k)) {
    throw new RangeError(`matMulImpl: invalid shape m=${m} n=${n} k=${k}`);
  }
  // Typed arrays silently read undefined (NaN) and drop writes out of range, so catch bad offsets up front.
  if (!fits(a.length, aOffset, m * k) || !fits(b.length, bOffset, k * n) || !fits(out.length, outOffset, m * n)) {
    throw new RangeError('matMulImpl: operand offset/size exceeds its array');
  }
}

function isCount(x: number): boolean {
  return Number.isInteger(x) && x >= 0;
}

function fits(length: number, offset: number, size: number): boolean {
  return size === 0 || (Number.isInteger(offset) && offset >= 0 && offset + size <= length);
}

function matMulBlocked(
  a: FloatArray,
  ao: number,
  rsA: number,
  csA: number,
  b: FloatArray,
  bo: number,
  rsB: number,
  csB: number,
  out: FloatArray,
  oo: number,
  m: number,
  n: number,
  k: number,
): void {
  if (cTile.length === 0) {
    packedA = new Float64Array(MC * KC);
    packedB = new Float64Array(NC * KC);
    cTile = new Float64Array(MC * NC);
  }
  const pa = packedA;
  const pb = packedB;
  const ct = cTile;

  for (let i0 = 0; i0 < m; i0 += MC) {
    const mc = Math.min(MC, m - i0);
    const mFull = mc >> 2;
    const mRem = mc & 3;
    for (let j0 = 0; j0 < n; j0 += NC) {
      const nc = Math.min(NC, n - j0);
      const nFull = nc >> 2;
      const nRem = nc & 3;
      for (let p0 = 0; p0 < k; p0 += KC) {
        const kc = Math.min(KC, k - p0);
        const aStart = ao + i0 * rsA + p0 * csA;
        // op(B)'s column panels are op(B)ᵀ's row panels, so B is packed by the same routine with strides swapped.
        const bStart = bo + p0 * rsB + j0 * csB;
        if (a instanceof Float32Array) packPanelsF32(a, aStart, rsA, csA, mc, kc, pa);
        else packPanelsF64(a, aStart, rsA, csA, mc, kc, pa);
        if (b instanceof Float32Array) packPanelsF32(b, bStart, csB, rsB, nc, kc, pb);
        else packPanelsF64(b, bStart, csB, rsB, nc, kc, pb);
        const acc = p0 > 0;
        const panel = kc * MR;
        // Ragged edges get narrower kernels instead of zero padding: with m = 1 (a single sample through a Dense
        // layer) padding would quadruple the work.
        const aEdge = mFull * panel;
        const bEdge = nFull * panel;
        for (let jp = 0; jp < nFull; jp++) {
          const ib = jp * panel;
          let ic = jp * MR;
          for (let ip = 0; ip < mFull; ip++) {
            microKernel4x4(kc, pa, ip * panel, pb, ib, ct, ic, nc, acc);
            ic += MR * nc;
          }
          for (let r = 0; r < mRem; r++) {
            microKernel1x4(kc, pa, aEdge + r, pb, ib, ct, ic, acc);
            ic += nc;
          }
        }
        for (let cc = 0; cc < nRem; cc++) {
          const ib = bEdge + cc;
          let ic = nFull * MR + cc;
          for (let ip = 0; ip < mFull; ip++) {
            microKernel4x1(kc, pa, ip * panel, pb, ib, ct, ic, nc, acc);
            ic += MR * nc;
          }
          for (let r = 0; r < mRem; r++) {
            microKernel1x1(kc, pa, aEdge + r, pb, ib, ct, ic, acc);
            ic += nc;
          }
        }
      }
      const dst = oo + i0 * n + j0;
      if (out instanceof Float32Array) storeTileF32(ct, nc, out, dst, n, mc, nc);
      else storeTileF64(ct, nc, out, dst, n, mc, nc);
    }
  }
}

/**
 * C[4×4] (row stride ldc, at ic) = (accumulate ? C : 0) + Apanel[kc×4]ᵀ · Bpanel[kc×4].
 * Sixteen scalar accumulators plus eight operands is as much as V8 keeps in registers profitably; wider tiles
 * (4×8, 8×4) measured no faster because they spill.
 */
function microKernel4x4(
  kc: number,
  ap: Float64Array,
  ia: number,
  bp: Float64Array,
  ib: number,
  c: Float64Array,
  ic: number,
  ldc: number,
  accumulate: boolean,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  let pa = ia | 0;
  let pb = ib | 0;
  const end = (ia + kc * MR) | 0;
  while (pa < end) {
    const a0 = ap[pa];
    const a1 = ap[pa + 1];
    const a2 = ap[pa + 2];
    const a3 = ap[pa + 3];
    const b0 = bp[pb];
    const b1 = bp[pb + 1];
    const b2 = bp[pb + 2];
    const b3 = bp[pb + 3];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
    pa = (pa + 4) | 0;
    pb = (pb + 4) | 0;
  }
  const r0 = ic | 0;
  const r1 = (r0 + ldc) | 0;
  const r2 = (r1 + ldc) | 0;
  const r3 = (r2 + ldc) | 0;
  if (accumulate) {
    c[r0] += c00;
    c[r0 + 1] += c01;
    c[r0 + 2] += c02;
    c[r0 + 3] += c03;
    c[r1] += c10;
    c[r1 + 1] += c11;
    c[r1 + 2] += c12;
    c[r1 + 3] += c13;
    c[r2] += c20;
    c[r2 + 1] += c21;
    c[r2 + 2] += c22;
    c[r2 + 3] += c23;
    c[r3] += c30;
    c[r3 + 1] += c31;
    c[r3 + 2] += c32;
    c[r3 + 3] += c33;
  } else {
    c[r0] = c00;
    c[r0 + 1] = c01;
    c[r0 + 2] = c02;
    c[r0 + 3] = c03;
    c[r1] = c10;
    c[r1 + 1] = c11;
    c[r1 + 2] = c12;
    c[r1 + 3] = c13;
    c[r2] = c20;
    c[r2 + 1] = c21;
    c[r2 + 2] = c22;
    c[r2 + 3] = c23;
    c[r3] = c30;
    c[r3 + 1] = c31;
    c[r3 + 2] = c32;
    c[r3 + 3] = c33;
  }
}

/** One row of C (a ragged-edge row of op(A), read from its packed panel with stride 4) times a full B panel. */
function microKernel1x4(
  kc: number,
  ap: Float64Array,
  ia: number,
  bp: Float64Array,
  ib: number,
  c: Float64Array,
  ic: number,
  accumulate: boolean,
): void {
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  let pa = ia | 0;
  let pb = ib | 0;
  const end = (ib + kc * MR) | 0;
  while (pb < end) {
    const a0 = ap[pa];
    c0 += a0 * bp[pb];
    c1 += a0 * bp[pb + 1];
    c2 += a0 * bp[pb + 2];
    c3 += a0 * bp[pb + 3];
    pa = (pa + 4) | 0;
    pb = (pb + 4) | 0;
  }
  const r = ic | 0;
  if (accumulate) {
    c[r] += c0;
    c[r + 1] += c1;
    c[r + 2] += c2;
    c[r + 3] += c3;
  } else {
    c[r] = c0;
    c[r + 1] = c1;
    c[r + 2] = c2;
    c[r + 3] = c3;
  }
}

/** A full A panel times one ragged-edge column of op(B), read from its packed panel with stride 4. */
function microKernel4x1(
  kc: number,
  ap: Float64Array,
  ia: number,
  bp: Float64Array,
  ib: number,
  c: Float64Array,
  ic: number,
  ldc: number,
  accumulate: boolean,
): void {
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  let pa = ia | 0;
  let pb = ib | 0;
  const end = (ia + kc * MR) | 0;
  while (pa < end) {
    const b0 = bp[pb];
    c0 += ap[pa] * b0;
    c1 += ap[pa + 1] * b0;
    c2 += ap[pa + 2] * b0;
    c3 += ap[pa + 3] * b0;
    pa = (pa + 4) | 0;
    pb = (pb + 4) | 0;
  }
  const r0 = ic | 0;
  const r1 = (r0 + ldc) | 0;
  const r2 = (r1 + ldc) | 0;
  const r3 = (r2 + ldc) | 0;
  if (accumulate) {
    c[r0] += c0;
    c[r1] += c1;
    c[r2] += c2;
    c[r3] += c3;
  } else {
    c[r0] = c0;
    c[r1] = c1;
    c[r2] = c2;
    c[r3] = c3;
  }
}

/** The ragged corner: one packed A row against one packed B column, both with stride 4. */
function microKernel1x1(
  kc: number,
  ap: Float64Array,
  ia: number,
  bp: Float64Array,
  ib: number,
  c: Float64Array,
  ic: number,
  accumulate: boolean,
): void {
  let s = 0;
  let pa = ia | 0;
  let pb = ib | 0;
  const end = (ib + kc * MR) | 0;
  while (pb < end) {
    s += ap[pa] * bp[pb];
    pa = (pa + 4) | 0;
    pb = (pb + 4) | 0;
  }
  if (accumulate) c[ic] += s;
  else c[ic] = s;
}

// The packers and tile stores below exist once per element type (identical bodies) so that every typed-array access
// site only ever sees one elements kind; a shared generic body would go polymorphic as soon as both types are used.

/**
 * Packs the rows×cols strided block src[off + r*rs + c*cs] into ceil(rows/4) panels of cols×4 doubles
 * (dst[(r>>2)*cols*4 + c*4 + (r&3)]). The unused slots of a ragged last panel are left stale: only the edge
 * kernels read that panel, and they touch just its valid rows.
 */
function packPanelsF32(
  src: Float32Array,
  off: number,
  rs: number,
  cs: number,
  rows: number,
  cols: number,
  dst: Float64Array,
): void {
  let d = 0;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    let s0 = off + r * rs;
    let s1 = s0 + rs;
    let s2 = s1 + rs;
    let s3 = s2 + rs;
    for (let c = 0; c < cols; c++) {
      dst[d] = src[s0];
      dst[d + 1] = src[s1];
      dst[d + 2] = src[s2];
      dst[d + 3] = src[s3];
      d += 4;
      s0 += cs;
      s1 += cs;
      s2 += cs;
      s3 += cs;
    }
  }
  if (r < rows) {
    const rem = rows - r;
    let s = off + r * rs;
    for (let c = 0; c < cols; c++) {
      for (let i = 0; i < rem; i++) dst[d + i] = src[s + i * rs];
      d += 4;
      s += cs;
    }
  }
}

function packPanelsF64(
  src: Float64Array,
  off: number,
  rs: number,
  cs: number,
  rows: number,
  cols: number,
  dst: Float64Array,
): void {
  let d = 0;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    let s0 = off + r * rs;
    let s1 = s0 + rs;
    let s2 = s1 + rs;
    let s3 = s2 + rs;
    for (let c = 0; c < cols; c++) {
      dst[d] = src[s0];
      dst[d + 1] = src[s1];
      dst[d + 2] = src[s2];
      dst[d + 3] = src[s3];
      d += 4;
      s0 += cs;
      s1 += cs;
      s2 += cs;
      s3 += cs;
    }
  }
  if (r < rows) {
    const rem = rows - r;
    let s = off + r * rs;
    for (let c = 0; c < cols; c++) {
      for (let i = 0; i < rem; i++) dst[d + i] = src[s + i * rs];
      d += 4;
      s += cs;
    }
  }
}

// NOTE: this is the only place a float32 result is rounded: all k products were summed in float64 first, so the
// output is the float32 rounding of a float64 dot product. That is usually more accurate than a float32 BLAS, and can
// differ from float32-accumulating engines (or a float32 naive loop) by more than an ulp when k is large.
function storeTileF32(
  tile: Float64Array,
  ldt: number,
  out: Float32Array,
  dst: number,
  ldo: number,
  rows: number,
  cols: number,
): void {
  for (let i = 0; i < rows; i++) {
    const t = i * ldt;
    const o = dst + i * ldo;
    for (let j = 0; j < cols; j++) out[o + j] = tile[t + j];
  }
}

function storeTileF64(
  tile: Float64Array,
  ldt: number,
  out: Float64Array,
  dst: number,
  ldo: number,
  rows: number,
  cols: number,
): void {
  for (let i = 0; i < rows; i++) {
    const t = i * ldt;
    const o = dst + i * ldo;
    for (let j = 0; j < cols; j++) out[o + j] = tile[t + j];
  }
}

/**
 * Integer path: exact two's-complement results modulo 2³², like an int32 BLAS. Math.imul and `| 0` keep every
 * intermediate an int32, so nothing is lost to float64 rounding however large the sums get.
 */
function matMulInt32(
  a: Int32Array,
  ao: number,
  rsA: number,
  csA: number,
  b: Int32Array,
  bo: number,
  rsB: number,
  csB: number,
  out: Int32Array,
  oo: number,
  m: number,
  n: number,
  k: number,
): void {
  for (let i = 0; i < m; i++) {
    const o = oo + i * n;
    if (csB === 1) {
      // Row-major op(B): stream its rows (axpy form) instead of striding down columns.
      out.fill(0, o, o + n);
      for (let p = 0; p < k; p++) {
        const av = a[ao + i * rsA + p * csA];
        const q = bo + p * rsB;
        for (let j = 0; j < n; j++) out[o + j] = (out[o + j] + Math.imul(av, b[q + j])) | 0;
      }
    } else {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let pa = ao + i * rsA;
        let q = bo + j * csB;
        for (let p = 0; p < k; p++) {
          s = (s + Math.imul(a[pa], b[q])) | 0;
          pa += csA;
          q += rsB;
        }
        out[o + j] = s;
      }
    }
  }
}
