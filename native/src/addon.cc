// Node-API entry points of the native backend (plain C Node-API: no extra npm dependency, stable ABI across Node
// versions). Argument checking mirrors matMulImpl's, because a bad offset here would read or write out of bounds.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "elementwise.h"
#include "fused.h"
#include "gemm.h"
#include "napi-util.h"
#include "thread-pool.h"

namespace {

void freeNative(napi_env env, void* data, void* hint) {
  int64_t bytes = static_cast<int64_t>(reinterpret_cast<uintptr_t>(hint));
  std::free(data);
  int64_t ignored;
  napi_adjust_external_memory(env, -bytes, &ignored);
}

// alloc(byteLength): a zero-filled ArrayBuffer over 64-byte-aligned native memory, freed by its finalizer.
napi_value Alloc(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  double len = 0;
  // NOTE: the bound comes before the cast: converting a double past int64's range (1e30) is undefined behaviour.
  // 2^53 is the largest byte count JS can state exactly, and far beyond any memory; the JS side's size guard
  // (memory-limit.ts) refuses anything past its per-tensor limit before it calls here.
  if (argc < 1 || napi_get_value_double(env, argv[0], &len) != napi_ok || !(len >= 0) || !(len <= 9007199254740992.0) ||
      len != static_cast<double>(static_cast<int64_t>(len))) {
    return throwRange(env, "alloc: byteLength must be a non-negative integer of at most 2^53");
  }
  size_t bytes = static_cast<size_t>(len);
  napi_value result;
  if (bytes == 0) {
    void* unused;
    CHECK(env, napi_create_arraybuffer(env, 0, &unused, &result));
    return result;
  }
  size_t rounded = (bytes + 63) / 64 * 64;
  void* data = std::aligned_alloc(64, rounded);
  if (!data) {
    napi_throw_error(env, "ERR_MEMORY", "alloc: out of native memory");
    return nullptr;
  }
  // NOTE: zero-filled like `new Float32Array(n)`, so callers never see stale bytes of another tensor.
  std::memset(data, 0, rounded);
  if (napi_create_external_arraybuffer(env, data, bytes, freeNative,
                                       reinterpret_cast<void*>(static_cast<uintptr_t>(rounded)), &result) != napi_ok) {
    // Node refuses buffers past its own maximum (2^32 bytes in Node 20): the memory is ours to give back.
    std::free(data);
    napi_throw_error(env, "ERR_MEMORY", "alloc: the runtime cannot hold an ArrayBuffer this large");
    return nullptr;
  }
  // Tell V8 about memory it cannot see, so that forgotten tensors get collected under native memory pressure.
  int64_t ignored;
  napi_adjust_external_memory(env, static_cast<int64_t>(rounded), &ignored);
  return result;
}

// matmul(a, aOff, b, bOff, out, outOff, m, n, k, transA, transB): matMulImpl's contract for Float32Array and
// Float64Array operands of one element type.
napi_value MatMul(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < 11) return throwRange(env, "matmul: expected 11 arguments");
  View a, b, o;
  if (!getView(env, argv[0], &a) || !getView(env, argv[2], &b) || !getView(env, argv[4], &o)) {
    napi_throw_type_error(env, nullptr, "matmul: a, b and out must be typed arrays");
    return nullptr;
  }
  if (a.type != b.type || a.type != o.type || (a.type != napi_float32_array && a.type != napi_float64_array)) {
    napi_throw_type_error(env, nullptr, "matmul: a, b and out must all be Float32Array or all Float64Array");
    return nullptr;
  }
  int64_t aOff, bOff, oOff, m, n, k;
  if (!getInt(env, argv[1], &aOff) || !getInt(env, argv[3], &bOff) || !getInt(env, argv[5], &oOff) ||
      !getInt(env, argv[6], &m) || !getInt(env, argv[7], &n) || !getInt(env, argv[8], &k)) {
    return throwRange(env, "matmul: offsets and m, n, k must be non-negative integers");
  }
  bool transA, transB;
  CHECK(env, napi_get_value_bool(env, argv[9], &transA));
  CHECK(env, napi_get_value_bool(env, argv[10], &transB));
  if (!fits(a.length, aOff, m * k) || !fits(b.length, bOff, k * n) || !fits(o.length, oOff, m * n)) {
    return throwRange(env, "matmul: operand offset/size exceeds its array");
  }
  const int64_t rsA = transA ? 1 : k, csA = transA ? m : 1;
  const int64_t rsB = transB ? 1 : n, csB = transB ? k : 1;
  if (a.type == napi_float32_array) {
    dendrite::gemmF32(static_cast<const float*>(a.data) + aOff, rsA, csA, static_cast<const float*>(b.data) + bOff,
                      rsB, csB, static_cast<float*>(o.data) + oOff, m, n, k);
  } else {
    dendrite::gemmF64(static_cast<const double*>(a.data) + aOff, rsA, csA,
                      static_cast<const double*>(b.data) + bOff, rsB, csB, static_cast<double*>(o.data) + oOff, m, n,
                      k);
  }
  return nullptr;
}

napi_value SetNumThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  int64_t n;
  if (argc < 1 || !getInt(env, argv[0], &n) || n < 1 || n > 1024) {
    return throwRange(env, "setNumThreads: expected an integer between 1 and 1024");
  }
  dendrite::setNumThreads(static_cast<int>(n));
  return nullptr;
}

napi_value GetNumThreads(napi_env env, napi_callback_info) {
  napi_value result;
  CHECK(env, napi_create_int32(env, dendrite::getNumThreads(), &result));
  return result;
}

// { parallelJobs, serialSpells }: what the pool did (thread-pool.h), for benchmarks and tests.
napi_value PoolStats(napi_env env, napi_callback_info) {
  const dendrite::PoolStats stats = dendrite::poolStats();
  napi_value result, v;
  CHECK(env, napi_create_object(env, &result));
  CHECK(env, napi_create_int64(env, stats.parallelJobs, &v));
  CHECK(env, napi_set_named_property(env, result, "parallelJobs", v));
  CHECK(env, napi_create_int64(env, stats.serialSpells, &v));
  CHECK(env, napi_set_named_property(env, result, "serialSpells", v));
  return result;
}

napi_value CpuFeatures(napi_env env, napi_callback_info) {
  napi_value result, v;
  CHECK(env, napi_create_object(env, &result));
  bool avx512f = false, avx2 = false, fma = false;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  avx512f = __builtin_cpu_supports("avx512f");
  avx2 = __builtin_cpu_supports("avx2");
  fma = __builtin_cpu_supports("fma");
#endif
  CHECK(env, napi_get_boolean(env, avx512f, &v));
  CHECK(env, napi_set_named_property(env, result, "avx512f", v));
  CHECK(env, napi_get_boolean(env, avx2, &v));
  CHECK(env, napi_set_named_property(env, result, "avx2", v));
  CHECK(env, napi_get_boolean(env, fma, &v));
  CHECK(env, napi_set_named_property(env, result, "fma", v));
  CHECK(env, napi_create_string_utf8(env, dendrite::gemmKernelName(), NAPI_AUTO_LENGTH, &v));
  CHECK(env, napi_set_named_property(env, result, "gemmKernel", v));
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      method("alloc", Alloc),
      method("matmul", MatMul),
      method("setNumThreads", SetNumThreads),
      method("getNumThreads", GetNumThreads),
      method("poolStats", PoolStats),
      method("cpuFeatures", CpuFeatures),
  };
  CHECK(env, napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props));
  if (!dendrite::addElementwiseExports(env, exports) || !dendrite::addFusedExports(env, exports)) return nullptr;
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
