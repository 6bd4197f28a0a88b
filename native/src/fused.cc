// Fused kernels: each replaces several elementwise kernels with one pass over memory and one call from JavaScript.
// Their arithmetic mirrors src/backends/ts/kernels/fused.ts — in double, rounded once when stored — so that, apart
// from the GEMM and libm's exp/tanh, the two backends agree bit for bit. Contraction into FMA is off in this file
// for the same reason (a fused multiply-add rounds once where the reference rounds twice).
#pragma GCC optimize("fp-contract=off")

#include "fused.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "gemm.h"
#include "thread-pool.h"
#include "vector-isa.h"

namespace dendrite {
namespace {

// Elements per task of a parallel elementwise pass: large enough that a wake-up is cheap beside the work.
constexpr int64_t kGrain = 1 << 15;

// Runs body(begin, end) over [0, n): on the calling thread below two grains, else in grain-sized tasks.
template <typename Body>
void forRange(int64_t n, const Body& body) {
  if (n < 2 * kGrain || activeThreads() == 1) {
    body(0, n);
    return;
  }
  const int64_t tasks = (n + kGrain - 1) / kGrain;
  parallelFor(static_cast<int>(tasks), [&](int t) {
    const int64_t begin = t * kGrain;
    body(begin, std::min(n, begin + kGrain));
  });
}

enum Activation { kLinear = 0, kRelu = 1, kSigmoid = 2, kTanh = 3 };

// The compute loops, compiled once per instruction set (as elementwise.cc does): the addon targets the baseline ISA
// and picks AVX-512 or AVX2 versions at load time, so one build runs everywhere and vectorizes where it can.
DENDRITE_TARGET_AVX512
namespace avx512 {
#include "fused.inc"
}  // namespace avx512
DENDRITE_TARGET_END
DENDRITE_TARGET_AVX2
namespace avx2 {
#include "fused.inc"
}  // namespace avx2
DENDRITE_TARGET_END
namespace baseline {
#include "fused.inc"
}  // namespace baseline

const VectorIsa kIsa = detectVectorIsa();

// Calls f(T{}) with T the element type (double or float) the entry point's checked arrays hold.
template <typename F>
void byType(bool f64, const F& f) {
  if (f64) f(double{});
  else f(float{});
}

inline void gemm(const float* a, int64_t rsA, int64_t csA, const float* b, int64_t rsB, int64_t csB, float* out,
                 int64_t m, int64_t n, int64_t k) {
  gemmF32(a, rsA, csA, b, rsB, csB, out, m, n, k);
}
inline void gemm(const double* a, int64_t rsA, int64_t csA, const double* b, int64_t rsB, int64_t csB, double* out,
                 int64_t m, int64_t n, int64_t k) {
  gemmF64(a, rsA, csA, b, rsB, csB, out, m, n, k);
}

// Calls the version of `call` compiled for this CPU.
#define DISPATCH(call) \
  (kIsa == VectorIsa::kAvx512 ? avx512::call : kIsa == VectorIsa::kAvx2 ? avx2::call : baseline::call)

// ---- Node-API entry points ----------------------------------------------------------------------------------------

// Float typed arrays of one element type, all of `length` elements (or any length when length < 0); null or
// undefined where `optional`.
struct Floats {
  Floats(napi_env e, const char* function) : fn(function), env(e) {}

  bool f64 = false;
  int64_t length = -1;
  bool ok = true;
  const char* fn;
  napi_env env;

  void* get(napi_value v, const char* name, bool optional = false) {
    if (!ok) return nullptr;
    napi_valuetype type;
    if (optional && napi_typeof(env, v, &type) == napi_ok && (type == napi_null || type == napi_undefined)) {
      return nullptr;
    }
    View view;
    if (!getView(env, v, &view) || (view.type != napi_float32_array && view.type != napi_float64_array)) {
      return fail(std::string(fn) + ": " + name + " must be a Float32Array or Float64Array", true);
    }
    const bool is64 = view.type == napi_float64_array;
    if (length < 0) {
      f64 = is64;
      length = static_cast<int64_t>(view.length);
    } else if (is64 != f64 || static_cast<int64_t>(view.length) != length) {
      return fail(std::string(fn) + ": " + name + " must match the first array's element type and length", false);
    }
    return view.data;
  }

  void* fail(const std::string& msg, bool typeError) {
    if (ok) {
      if (typeError) napi_throw_type_error(env, nullptr, msg.c_str());
      else napi_throw_range_error(env, nullptr, msg.c_str());
    }
    ok = false;
    return nullptr;
  }
};

bool getNumber(napi_env env, napi_value v, double* out) { return napi_get_value_double(env, v, out) == napi_ok; }

template <size_t N>
bool args(napi_env env, napi_callback_info info, napi_value (&argv)[N], const char* fn) {
  size_t argc = N;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < N) {
    napi_throw_type_error(env, nullptr, (std::string(fn) + ": expected " + std::to_string(N) + " arguments").c_str());
    return false;
  }
  return true;
}

// fusedMatMul(a, b, bias | null, out, m, n, k, transposeA, transposeB, activation): out = act(op(a)·op(b) + bias).
napi_value FusedMatMul(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  if (!args(env, info, argv, "fusedMatMul")) return nullptr;
  View a, b, o, bias{};
  if (!getView(env, argv[0], &a) || !getView(env, argv[1], &b) || !getView(env, argv[3], &o)) {
    napi_throw_type_error(env, nullptr, "fusedMatMul: a, b and out must be typed arrays");
    return nullptr;
  }
  napi_valuetype biasType;
  CHECK(env, napi_typeof(env, argv[2], &biasType));
  const bool hasBias = biasType != napi_null && biasType != napi_undefined;
  if (hasBias && !getView(env, argv[2], &bias)) {
    napi_throw_type_error(env, nullptr, "fusedMatMul: bias must be a typed array or null");
    return nullptr;
  }
  if (a.type != b.type || a.type != o.type || (hasBias && bias.type != a.type) ||
      (a.type != napi_float32_array && a.type != napi_float64_array)) {
    napi_throw_type_error(env, nullptr, "fusedMatMul: operands must all be Float32Array or all Float64Array");
    return nullptr;
  }
  int64_t m, n, k, act;
  bool transA, transB;
  if (!getInt(env, argv[4], &m) || !getInt(env, argv[5], &n) || !getInt(env, argv[6], &k) ||
      !getInt(env, argv[9], &act) || act > kTanh) {
    return throwRange(env, "fusedMatMul: m, n, k must be non-negative integers and activation a code 0-3");
  }
  CHECK(env, napi_get_value_bool(env, argv[7], &transA));
  CHECK(env, napi_get_value_bool(env, argv[8], &transB));
  if (!fits(a.length, 0, m * k) || !fits(b.length, 0, k * n) || !fits(o.length, 0, m * n) ||
      (hasBias && static_cast<int64_t>(bias.length) != n)) {
    return throwRange(env, "fusedMatMul: an operand is smaller than m, n, k imply (or bias is not of length n)");
  }
  const int64_t rsA = transA ? 1 : k, csA = transA ? m : 1, rsB = transB ? 1 : n, csB = transB ? k : 1;
  byType(a.type == napi_float64_array, [&](auto zero) {
    using T = decltype(zero);
    T* out = static_cast<T*>(o.data);
    gemm(static_cast<const T*>(a.data), rsA, csA, static_cast<const T*>(b.data), rsB, csB, out, m, n, k);
    if (hasBias || act != kLinear) {
      DISPATCH(biasActivation(out, hasBias ? static_cast<const T*>(bias.data) : nullptr, m, n, static_cast<int>(act)));
    }
  });
  return nullptr;
}

// activationGrad(dy, y, out, activation)
napi_value ActivationGrad(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!args(env, info, argv, "activationGrad")) return nullptr;
  Floats f(env, "activationGrad");
  void* dy = f.get(argv[0], "dy");
  void* y = f.get(argv[1], "y");
  void* out = f.get(argv[2], "out");
  if (!f.ok) return nullptr;
  int64_t act;
  if (!getInt(env, argv[3], &act) || act > kTanh) return throwRange(env, "activationGrad: activation must be 0-3");
  byType(f.f64, [&](auto zero) {
    using T = decltype(zero);
    DISPATCH(activationGrad(static_cast<const T*>(dy), static_cast<const T*>(y), static_cast<T*>(out), f.length,
                   static_cast<int>(act)));
  });
  return nullptr;
}

// dropout(x, y, mask, rate, key0, key1)
napi_value Dropout(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!args(env, info, argv, "dropout")) return nullptr;
  Floats f(env, "dropout");
  void* x = f.get(argv[0], "x");
  void* y = f.get(argv[1], "y");
  void* mask = f.get(argv[2], "mask");
  if (!f.ok) return nullptr;
  double rate, k0, k1;
  if (!getNumber(env, argv[3], &rate) || !(rate >= 0 && rate < 1)) {
    return throwRange(env, "dropout: rate must be in [0, 1)");
  }
  if (!getNumber(env, argv[4], &k0) || !getNumber(env, argv[5], &k1) || k0 < 0 || k1 < 0 || k0 > 4294967295.0 ||
      k1 > 4294967295.0) {
    return throwRange(env, "dropout: the key must be two unsigned 32-bit integers");
  }
  const uint32_t key0 = static_cast<uint32_t>(k0), key1 = static_cast<uint32_t>(k1);
  byType(f.f64, [&](auto zero) {
    using T = decltype(zero);
    DISPATCH(dropout(static_cast<const T*>(x), static_cast<T*>(y), static_cast<T*>(mask), f.length, rate, key0,
            key1));
  });
  return nullptr;
}

// penalty(x, l1, l2) → l1·Σ|x| + l2·Σx² as a double
napi_value Penalty(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!args(env, info, argv, "penalty")) return nullptr;
  Floats f(env, "penalty");
  void* x = f.get(argv[0], "x");
  if (!f.ok) return nullptr;
  double l1, l2;
  if (!getNumber(env, argv[1], &l1) || !getNumber(env, argv[2], &l2)) {
    return throwRange(env, "penalty: l1 and l2 must be numbers");
  }
  double p = 0;
  byType(f.f64, [&](auto zero) {
    using T = decltype(zero);
    p = DISPATCH(penalty(static_cast<const T*>(x), f.length, l1, l2));
  });
  napi_value result;
  CHECK(env, napi_create_double(env, p, &result));
  return result;
}

// penaltyGrad(g, x, out, l1, l2)
napi_value PenaltyGrad(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!args(env, info, argv, "penaltyGrad")) return nullptr;
  Floats f(env, "penaltyGrad");
  void* x = f.get(argv[1], "x");
  void* out = f.get(argv[2], "out");
  if (!f.ok) return nullptr;
  double g, l1, l2;
  if (!getNumber(env, argv[0], &g) || !getNumber(env, argv[3], &l1) || !getNumber(env, argv[4], &l2)) {
    return throwRange(env, "penaltyGrad: g, l1 and l2 must be numbers");
  }
  byType(f.f64, [&](auto zero) {
    using T = decltype(zero);
    DISPATCH(penaltyGrad(g, static_cast<const T*>(x), static_cast<T*>(out), f.length, l1, l2));
  });
  return nullptr;
}

// sgdUpdate(w, g, velocity | null, wOut, velocityOut | null, lr, momentum, nesterov, decay)
napi_value SgdUpdate(napi_env env, napi_callback_info info) {
  napi_value argv[9];
  if (!args(env, info, argv, "sgdUpdate")) return nullptr;
  Floats f(env, "sgdUpdate");
  void* w = f.get(argv[0], "w");
  void* g = f.get(argv[1], "g");
  void* vel = f.get(argv[2], "velocity", true);
  void* wOut = f.get(argv[3], "wOut");
  void* velOut = f.get(argv[4], "velocityOut", true);
  if (!f.ok) return nullptr;
  if ((vel == nullptr) != (velOut == nullptr)) {
    return throwRange(env, "sgdUpdate: velocity and velocityOut must both be given or both be null");
  }
  double lr, momentum, decay;
  bool nesterov;
  if (!getNumber(env, argv[5], &lr) || !getNumber(env, argv[6], &momentum) || !getNumber(env, argv[8], &decay)) {
    return throwRange(env, "sgdUpdate: lr, momentum and decay must be numbers");
  }
  CHECK(env, napi_get_value_bool(env, argv[7], &nesterov));
  byType(f.f64, [&](auto zero) {
    using T = decltype(zero);
    DISPATCH(sgdUpdate(static_cast<const T*>(w), static_cast<const T*>(g), static_cast<const T*>(vel),
              static_cast<T*>(wOut), static_cast<T*>(velOut), f.length, lr, momentum, nesterov, decay));
  });
  return nullptr;
}

// adamUpdate(w, g, m, v, vHat | null, wOut, mOut, vOut, vHatOut | null, alpha, beta1, beta2, epsilon, decay)
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  napi_value argv[14];
  if (!args(env, info, argv, "adamUpdate")) return nullptr;
  Floats f(env, "adamUpdate");
  void* w = f.get(argv[0], "w");
  void* g = f.get(argv[1], "g");
  void* m = f.get(argv[2], "m");
  void* v = f.get(argv[3], "v");
  void* vHat = f.get(argv[4], "vHat", true);
  void* wOut = f.get(argv[5], "wOut");
  void* mOut = f.get(argv[6], "mOut");
  void* vOut = f.get(argv[7], "vOut");
  void* vHatOut = f.get(argv[8], "vHatOut", true);
  if (!f.ok) return nullptr;
  if ((vHat == nullptr) != (vHatOut == nullptr)) {
    return throwRange(env, "adamUpdate: vHat and vHatOut must both be given or both be null");
  }
  double alpha, beta1, beta2, epsilon, decay;
  if (!getNumber(env, argv[9], &alpha) || !getNumber(env, argv[10], &beta1) || !getNumber(env, argv[11], &beta2) ||
      !getNumber(env, argv[12], &epsilon) || !getNumber(env, argv[13], &decay)) {
    return throwRange(env, "adamUpdate: alpha, beta1, beta2, epsilon and decay must be numbers");
  }
  byType(f.f64, [&](auto zero) {
    using T = decltype(zero);
    DISPATCH(adamUpdate(static_cast<const T*>(w), static_cast<const T*>(g), static_cast<const T*>(m), static_cast<const T*>(v),
               static_cast<const T*>(vHat), static_cast<T*>(wOut), static_cast<T*>(mOut), static_cast<T*>(vOut),
               static_cast<T*>(vHatOut), f.length, alpha, beta1, beta2, epsilon, decay));
  });
  return nullptr;
}

// crossEntropy(t, p, out, c, kind, lo, hi) and crossEntropyGrad(dy, t, p, out, c, kind, lo, hi): rows of c;
// kind indexes CROSS_ENTROPY_KINDS.
napi_value CrossEntropyEntry(napi_env env, napi_callback_info info, bool grad) {
  const char* fn = grad ? "crossEntropyGrad" : "crossEntropy";
  napi_value argv[8];
  size_t argc = 8;
  const size_t want = grad ? 8 : 7;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < want) {
    napi_throw_type_error(env, nullptr, (std::string(fn) + ": expected " + std::to_string(want) + " arguments").c_str());
    return nullptr;
  }
  napi_value* rest = grad ? argv + 1 : argv;
  Floats f(env, fn);
  void* t = f.get(rest[0], "t");
  void* p = f.get(rest[1], "p");
  Floats o(env, fn);
  void* out = o.get(rest[2], "out");
  Floats d(env, fn);
  void* dy = grad ? d.get(argv[0], "dy") : nullptr;
  if (!f.ok || !o.ok || !d.ok) return nullptr;
  int64_t c;
  int32_t kind;
  double lo, hi;
  if (!getInt(env, rest[3], &c) || c < 1 || f.length % c != 0) {
    return throwRange(env, std::string(fn) + ": c must be a positive integer dividing the length of p");
  }
  if (napi_get_value_int32(env, rest[4], &kind) != napi_ok || kind < 0 || kind > 3) {
    return throwRange(env, std::string(fn) + ": kind must be 0, 1, 2 or 3");
  }
  if (!getNumber(env, rest[5], &lo) || !getNumber(env, rest[6], &hi)) {
    return throwRange(env, std::string(fn) + ": lo and hi must be numbers");
  }
  const int64_t rows = f.length / c;
  if (o.f64 != f.f64 || o.length != (grad ? f.length : rows)) {
    return throwRange(env, std::string(fn) + ": out has the wrong type or length");
  }
  if (grad && (d.length != rows || d.f64 != f.f64)) {
    return throwRange(env, "crossEntropyGrad: dy must hold one value per row of p, of p's type");
  }
  byType(f.f64, [&](auto zero) {
    using T = decltype(zero);
    if (grad) {
      DISPATCH(crossEntropyGrad(static_cast<const T*>(dy), static_cast<const T*>(t), static_cast<const T*>(p),
                       static_cast<T*>(out), rows, c, kind, lo, hi));
    } else {
      DISPATCH(crossEntropy(static_cast<const T*>(t), static_cast<const T*>(p), static_cast<T*>(out), rows, c, kind, lo, hi));
    }
  });
  return nullptr;
}

napi_value CrossEntropy(napi_env env, napi_callback_info info) { return CrossEntropyEntry(env, info, false); }
napi_value CrossEntropyGrad(napi_env env, napi_callback_info info) { return CrossEntropyEntry(env, info, true); }

}  // namespace

bool addFusedExports(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      method("fusedMatMul", FusedMatMul),
      method("activationGrad", ActivationGrad),
      method("dropout", Dropout),
      method("crossEntropy", CrossEntropy),
      method("crossEntropyGrad", CrossEntropyGrad),
      method("penalty", Penalty),
      method("penaltyGrad", PenaltyGrad),
      method("sgdUpdate", SgdUpdate),
      method("adamUpdate", AdamUpdate),
  };
  return napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) == napi_ok;
}

}  // namespace dendrite
