// Packed, cache-blocked GEMM (Goto/BLIS layout) with register-blocked micro-kernels picked at run time:
//
//   for each NC-column block of op(B)
//     for each KC-deep slice of k:   pack the KC×NC block of op(B) into NR-wide panels (zero-padded)
//       for each MC-row block:       pack the MC×KC block of op(A) into MR-tall panels (zero-padded)
//         for each (A panel, B panel): the MR×NR micro-kernel, writing C directly (a stack tile on ragged edges)
//
// Packing turns all four transpose combinations into one contiguous access pattern. The micro-kernels are written
// once with GCC vector extensions and instantiated inside functions compiled for AVX-512 and for AVX2+FMA; the
// build itself targets the baseline ISA, so one binary runs everywhere and __builtin_cpu_supports decides.
//
// Threads: the output is cut into row (or column) stripes, one per task, each running the whole blocked loop with
// its own packing scratch. Repacking the shared operand per stripe costs O(k·n) against O(m·n·k / threads) flops.
#include "gemm.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "thread-pool.h"

namespace dendrite {
namespace {

constexpr int64_t KC = 256;
// Products below this many multiply-adds run on the calling thread: waking the pool costs more than it saves.
constexpr double PARALLEL_MIN_FLOPS = 64.0 * 64.0 * 64.0;

template <typename T>
using Kernel = void (*)(int64_t kc, const T* a, const T* b, T* c, int64_t ldc, bool overwrite);

template <typename T>
struct Config {
  Kernel<T> kernel;
  int64_t mr, nr, mc, nc;
};

// MR×(NV·lanes) tile: MR·NV vector accumulators, NV vector loads of B and MR broadcasts of A per k step.
// NOTE: float32 inputs accumulate in float32 with fused multiply-adds (like every float32 BLAS); the TS backend
// accumulates in float64, so the two agree to about k·eps·max|a||b|, not bit for bit.
template <typename T, typename V, int MR, int NV>
__attribute__((always_inline)) inline void microKernel(int64_t kc, const T* __restrict a, const T* __restrict b,
                                                       T* __restrict c, int64_t ldc, bool overwrite) {
  constexpr int L = sizeof(V) / sizeof(T);
  V acc[MR][NV];
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) acc[r][v] = V{} ;
  for (int64_t p = 0; p < kc; p++) {
    V bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) std::memcpy(&bv[v], b + v * L, sizeof(V));
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++) {
      V av = V{} + a[r];
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[r][v] += av * bv[v];
    }
    a += MR;
    b += NV * L;
  }
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++) {
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) {
      T* dst = c + r * ldc + v * L;
      if (!overwrite) {
        V old;
        std::memcpy(&old, dst, sizeof(V));
        acc[r][v] += old;
      }
      std::memcpy(dst, &acc[r][v], sizeof(V));
    }
  }
}

typedef float f32x16 __attribute__((vector_size(64)));
typedef float f32x8 __attribute__((vector_size(32)));
typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x8 __attribute__((vector_size(64)));
typedef double f64x4 __attribute__((vector_size(32)));
typedef double f64x2 __attribute__((vector_size(16)));

// AVX-512: 8×32 floats (16 zmm accumulators), 8×16 doubles.
__attribute__((target("avx512f,fma"))) void kernelF32Avx512(int64_t kc, const float* a, const float* b, float* c,
                                                             int64_t ldc, bool overwrite) {
  microKernel<float, f32x16, 8, 2>(kc, a, b, c, ldc, overwrite);
}
__attribute__((target("avx512f,fma"))) void kernelF64Avx512(int64_t kc, const double* a, const double* b, double* c,
                                                             int64_t ldc, bool overwrite) {
  microKernel<double, f64x8, 8, 2>(kc, a, b, c, ldc, overwrite);
}
// AVX2+FMA: the classic 6×16 floats (12 ymm accumulators), 6×8 doubles.
__attribute__((target("avx2,fma"))) void kernelF32Avx2(int64_t kc, const float* a, const float* b, float* c,
                                                       int64_t ldc, bool overwrite) {
  microKernel<float, f32x8, 6, 2>(kc, a, b, c, ldc, overwrite);
}
__attribute__((target("avx2,fma"))) void kernelF64Avx2(int64_t kc, const double* a, const double* b, double* c,
                                                       int64_t ldc, bool overwrite) {
  microKernel<double, f64x4, 6, 2>(kc, a, b, c, ldc, overwrite);
}
// Baseline x86-64 (SSE2) or any other CPU: 4×8 floats, 4×4 doubles.
void kernelF32Scalar(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool overwrite) {
  microKernel<float, f32x4, 4, 2>(kc, a, b, c, ldc, overwrite);
}
void kernelF64Scalar(int64_t kc, const double* a, const double* b, double* c, int64_t ldc, bool overwrite) {
  microKernel<double, f64x2, 4, 2>(kc, a, b, c, ldc, overwrite);
}

enum class Isa { Avx512, Avx2, Scalar };

Isa detectIsa() {
  Isa best = Isa::Scalar;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma")) best = Isa::Avx512;
  else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) best = Isa::Avx2;
#endif
  // DENDRITE_GEMM_KERNEL=avx2|scalar picks a narrower kernel (never a wider one than the CPU has), so that tests on
  // an AVX-512 machine can exercise the paths other CPUs take.
  if (const char* want = std::getenv("DENDRITE_GEMM_KERNEL")) {
    if (std::strcmp(want, "scalar") == 0) return Isa::Scalar;
    if (std::strcmp(want, "avx2") == 0 && best != Isa::Scalar) return Isa::Avx2;
  }
  return best;
}

const Isa ISA = detectIsa();

// MC·KC of A (≈ L2) and KC·NC of B (≈ part of L3) per block; MC and NC are multiples of MR and NR.
Config<float> configF32() {
  switch (ISA) {
    case Isa::Avx512: return {kernelF32Avx512, 8, 32, 192, 2048};
    case Isa::Avx2: return {kernelF32Avx2, 6, 16, 144, 2048};
    default: return {kernelF32Scalar, 4, 8, 128, 2048};
  }
}
Config<double> configF64() {
  switch (ISA) {
    case Isa::Avx512: return {kernelF64Avx512, 8, 16, 96, 1024};
    case Isa::Avx2: return {kernelF64Avx2, 6, 8, 96, 1024};
    default: return {kernelF64Scalar, 4, 4, 64, 1024};
  }
}

// rows×cols block of src (element (r, c) at src[r*rs + c*cs]) → panels of `w` rows: dst[panel][c][r % w], padded
// with zeros to a whole panel so the micro-kernel never needs an edge variant.
template <typename T>
void packPanels(const T* src, int64_t rs, int64_t cs, int64_t rows, int64_t cols, int64_t w, T* dst) {
  for (int64_t r0 = 0; r0 < rows; r0 += w) {
    int64_t h = std::min(w, rows - r0);
    const T* s = src + r0 * rs;
    if (cs == 1) {
      for (int64_t c = 0; c < cols; c++) {
        for (int64_t r = 0; r < h; r++) dst[c * w + r] = s[r * rs + c];
        for (int64_t r = h; r < w; r++) dst[c * w + r] = T(0);
      }
    } else {
      // Rows are contiguous in memory (a transposed operand): walk them in the inner loop's natural order.
      for (int64_t c = 0; c < cols; c++) {
        const T* sc = s + c * cs;
        for (int64_t r = 0; r < h; r++) dst[c * w + r] = sc[r * rs];
        for (int64_t r = h; r < w; r++) dst[c * w + r] = T(0);
      }
    }
    dst += cols * w;
  }
}

template <typename T>
struct Scratch {
  T* a = nullptr;
  T* b = nullptr;
  size_t aSize = 0, bSize = 0;
  ~Scratch() {
    std::free(a);
    std::free(b);
  }
  static T* grow(T*& p, size_t& have, size_t want) {
    if (have < want) {
      std::free(p);
      p = static_cast<T*>(std::aligned_alloc(64, (want * sizeof(T) + 63) / 64 * 64));
      have = want;
    }
    return p;
  }
};

// One stripe of the product, single-threaded. Packing scratch is per thread and kept for the thread's lifetime:
// fresh pages are expensive (PERF-NOTES) and a training step runs many products.
template <typename T>
void gemmSerial(const Config<T>& cfg, const T* a, int64_t rsA, int64_t csA, const T* b, int64_t rsB, int64_t csB,
                T* out, int64_t ldc, int64_t m, int64_t n, int64_t k) {
  static thread_local Scratch<T> scratch;
  const int64_t MR = cfg.mr, NR = cfg.nr;
  const int64_t mcMax = std::min(cfg.mc, (m + MR - 1) / MR * MR);
  const int64_t ncMax = std::min(cfg.nc, (n + NR - 1) / NR * NR);
  const int64_t kcMax = std::min(KC, k);
  T* pa = Scratch<T>::grow(scratch.a, scratch.aSize, static_cast<size_t>(mcMax * kcMax));
  T* pb = Scratch<T>::grow(scratch.b, scratch.bSize, static_cast<size_t>(ncMax * kcMax));
  alignas(64) T tile[16 * 32];

  for (int64_t j0 = 0; j0 < n; j0 += cfg.nc) {
    const int64_t nc = std::min(cfg.nc, n - j0);
    for (int64_t p0 = 0; p0 < k; p0 += KC) {
      const int64_t kc = std::min(KC, k - p0);
      const bool first = p0 == 0;
      // op(B)'s column panels are op(B)ᵀ's row panels: same packer, strides swapped.
      packPanels(b + p0 * rsB + j0 * csB, csB, rsB, nc, kc, NR, pb);
      for (int64_t i0 = 0; i0 < m; i0 += cfg.mc) {
        const int64_t mc = std::min(cfg.mc, m - i0);
        packPanels(a + i0 * rsA + p0 * csA, rsA, csA, mc, kc, MR, pa);
        for (int64_t jr = 0; jr < nc; jr += NR) {
          const int64_t nr = std::min(NR, nc - jr);
          const T* bp = pb + (jr / NR) * NR * kc;
          for (int64_t ir = 0; ir < mc; ir += MR) {
            const int64_t mr = std::min(MR, mc - ir);
            const T* ap = pa + (ir / MR) * MR * kc;
            T* c = out + (i0 + ir) * ldc + j0 + jr;
            if (mr == MR && nr == NR) {
              cfg.kernel(kc, ap, bp, c, ldc, first);
            } else {
              // Ragged edge: compute the padded tile on the stack, then copy (or add) its valid part.
              cfg.kernel(kc, ap, bp, tile, NR, true);
              for (int64_t r = 0; r < mr; r++) {
                for (int64_t q = 0; q < nr; q++) {
                  if (first) c[r * ldc + q] = tile[r * NR + q];
                  else c[r * ldc + q] += tile[r * NR + q];
                }
              }
            }
          }
        }
      }
    }
  }
}

template <typename T>
void gemm(const Config<T>& cfg, const T* a, int64_t rsA, int64_t csA, const T* b, int64_t rsB, int64_t csB, T* out,
          int64_t m, int64_t n, int64_t k) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    std::fill(out, out + m * n, T(0));
    return;
  }
  const int threads = activeThreads();
  const double flops = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  if (threads <= 1 || flops < PARALLEL_MIN_FLOPS) {
    gemmSerial(cfg, a, rsA, csA, b, rsB, csB, out, n, m, n, k);
    return;
  }
  // Stripes along the longer side, whole micro-tiles each, so that no stripe gets a sliver.
  const bool byRows = m >= n;
  const int64_t unit = byRows ? cfg.mr : cfg.nr;
  const int64_t extent = byRows ? m : n;
  const int64_t units = (extent + unit - 1) / unit;
  const int tasks = static_cast<int>(std::min<int64_t>(threads, units));
  const int64_t per = (units + tasks - 1) / tasks * unit;
  parallelFor(tasks, [&](int t) {
    const int64_t s = t * per;
    const int64_t e = std::min(extent, s + per);
    if (s >= e) return;
    if (byRows) gemmSerial(cfg, a + s * rsA, rsA, csA, b, rsB, csB, out + s * n, n, e - s, n, k);
    else gemmSerial(cfg, a, rsA, csA, b + s * csB, rsB, csB, out + s, n, m, e - s, k);
  });
}

}  // namespace

void gemmF32(const float* a, int64_t rsA, int64_t csA, const float* b, int64_t rsB, int64_t csB, float* out,
             int64_t m, int64_t n, int64_t k) {
  static const Config<float> cfg = configF32();
  gemm(cfg, a, rsA, csA, b, rsB, csB, out, m, n, k);
}

void gemmF64(const double* a, int64_t rsA, int64_t csA, const double* b, int64_t rsB, int64_t csB, double* out,
             int64_t m, int64_t n, int64_t k) {
  static const Config<double> cfg = configF64();
  gemm(cfg, a, rsA, csA, b, rsB, csB, out, m, n, k);
}

const char* gemmKernelName() {
  switch (ISA) {
    case Isa::Avx512: return "avx512";
    case Isa::Avx2: return "avx2";
    default: return "scalar";
  }
}

}  // namespace dendrite
