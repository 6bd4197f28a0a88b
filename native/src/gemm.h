// GEMM of the native backend: out[m×n] = op(A)·op(B), overwriting out (matMulImpl's contract).
#pragma once
#include <cstdint>

namespace dendrite {

// Element (i, p) of op(A) is a[i*rsA + p*csA]; element (p, j) of op(B) is b[p*rsB + j*csB].
void gemmF32(const float* a, int64_t rsA, int64_t csA, const float* b, int64_t rsB, int64_t csB, float* out,
             int64_t m, int64_t n, int64_t k);
void gemmF64(const double* a, int64_t rsA, int64_t csA, const double* b, int64_t rsB, int64_t csB, double* out,
             int64_t m, int64_t n, int64_t k);

// Which micro-kernel family runtime dispatch picked: "avx512", "avx2" or "scalar".
const char* gemmKernelName();

}  // namespace dendrite
