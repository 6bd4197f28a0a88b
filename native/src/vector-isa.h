// The vector ISA the loops compiled under `#pragma GCC target` (elementwise.inc, fused.inc) may use on this CPU: one
// detection for every module, so that the pragma's feature list and the run-time check cannot drift apart.
#pragma once
#include <cstdlib>
#include <cstring>

namespace dendrite {

enum class VectorIsa { kBaseline, kAvx2, kAvx512 };

// Brackets for the per-ISA copies of a module's loops: DENDRITE_TARGET_AVX512 namespace avx512 { … }
// DENDRITE_TARGET_END, and likewise for AVX2. NOTE: no FMA in the targets, so that every CPU rounds alike. Off x86
// the three copies are all baseline builds and detectVectorIsa() picks the baseline one.
#if defined(__x86_64__) || defined(__i386__)
#define DENDRITE_TARGET_AVX512 \
  _Pragma("GCC push_options") _Pragma("GCC target(\"avx512f,avx512vl,avx512bw,avx512dq,prefer-vector-width=512\")")
#define DENDRITE_TARGET_AVX2 _Pragma("GCC push_options") _Pragma("GCC target(\"avx2\")")
#define DENDRITE_TARGET_END _Pragma("GCC pop_options")
#else
#define DENDRITE_TARGET_AVX512
#define DENDRITE_TARGET_AVX2
#define DENDRITE_TARGET_END
#endif

// The widest ISA this CPU runs; DENDRITE_ELEMENTWISE_KERNEL=avx2|baseline picks a narrower one (never a wider one),
// so that tests on an AVX-512 machine can run the paths other CPUs take.
inline VectorIsa detectVectorIsa() {
  VectorIsa best = VectorIsa::kBaseline;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq")) {
    best = VectorIsa::kAvx512;
  } else if (__builtin_cpu_supports("avx2")) {
    best = VectorIsa::kAvx2;
  }
  if (const char* want = std::getenv("DENDRITE_ELEMENTWISE_KERNEL")) {
    if (std::strcmp(want, "baseline") == 0) return VectorIsa::kBaseline;
    if (std::strcmp(want, "avx2") == 0 && best != VectorIsa::kBaseline) return VectorIsa::kAvx2;
  }
#endif
  return best;
}

}  // namespace dendrite
