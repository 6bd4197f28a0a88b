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

namespace dendrite {
namespace {

// Elements per task of a parallel elementwise pass: large enough that a wake-up is cheap beside the work.
constexpr int64_t kGrain = 1 << 15;

// Runs body(begin, end) over [0, n): on the calling thread below two grains, else in grain-sized tasks.
template <typename Body>
void forRange(int64_t n, const Body& body) {
  if (n < 2 * kGrain || getNumThreads() == 1) {
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

// The Relu kernel's branch-free formula (src/backends/ts/kernels/unary.ts): NaN and −0 come out as there.
inline double relu(double v) {
  const double r = (v + std::fabs(v)) * 0.5;
  return r - r == 0 ? r : v > 0 ? v : v < 0 ? 0 : r;
}

inline double sigmoid(double v) {
  if (v >= 0) return 1 / (1 + std::exp(-v));
  const double e = std::exp(v);
  return e / (1 + e);
}

template <typename T>
void biasActivation(T* y, const T* bias, int64_t m, int64_t n, int act) {
  const int64_t grainRows = std::max<int64_t>(1, kGrain / std::max<int64_t>(n, 1));
  const auto rows = [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      T* row = y + r * n;
      if (bias) {
        for (int64_t j = 0; j < n; j++) row[j] = static_cast<T>(static_cast<double>(row[j]) + bias[j]);
      }
      switch (act) {
        case kRelu:
          for (int64_t j = 0; j < n; j++) row[j] = static_cast<T>(relu(row[j]));
          break;
        case kSigmoid:
          for (int64_t j = 0; j < n; j++) row[j] = static_cast<T>(sigmoid(row[j]));
          break;
        case kTanh:
          for (int64_t j = 0; j < n; j++) row[j] = static_cast<T>(std::tanh(static_cast<double>(row[j])));
          break;
        default:
          break;
      }
    }
  };
  if (m * n < 2 * kGrain || getNumThreads() == 1) {
    rows(0, m);
    return;
  }
  const int64_t tasks = (m + grainRows - 1) / grainRows;
  parallelFor(static_cast<int>(tasks), [&](int t) {
    const int64_t r0 = t * grainRows;
    rows(r0, std::min(m, r0 + grainRows));
  });
}

template <typename T>
void activationGrad(const T* dy, const T* y, T* out, int64_t n, int act) {
  forRange(n, [&](int64_t b, int64_t e) {
    switch (act) {
      case kRelu:
        for (int64_t i = b; i < e; i++) out[i] = y[i] > 0 ? dy[i] : T(0);
        break;
      case kSigmoid:
        for (int64_t i = b; i < e; i++) {
          const double s = y[i];
          out[i] = static_cast<T>(dy[i] * (s * (1 - s)));
        }
        break;
      case kTanh:
        for (int64_t i = b; i < e; i++) {
          const double t = y[i];
          out[i] = static_cast<T>(dy[i] * (1 - t * t));
        }
        break;
      default:
        std::copy(dy + b, dy + e, out + b);
    }
  });
}

// Philox4x32-10, as src/backends/ts/philox.ts: block `counter` under key (k0, k1) → four 32-bit words.
inline void philoxBlock(uint32_t k0, uint32_t k1, uint64_t counter, uint32_t out[4]) {
  uint32_t c0 = static_cast<uint32_t>(counter), c1 = static_cast<uint32_t>(counter >> 32), c2 = 0, c3 = 0;
  for (int r = 0; r < 10; r++) {
    const uint64_t p0 = static_cast<uint64_t>(0xd2511f53u) * c0;
    const uint64_t p1 = static_cast<uint64_t>(0xcd9e8d57u) * c2;
    const uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
    const uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    k0 += 0x9e3779b9u;
    k1 += 0xbb67ae85u;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

// Element i draws word i of the stream (block i/4, lane i%4), so chunks aligned to 4 run in parallel.
template <typename T>
void dropout(const T* x, T* y, T* mask, int64_t n, double rate, uint32_t k0, uint32_t k1) {
  const double threshold = static_cast<float>(1 - rate);  // the unfused layer compares with a float32 scalar
  const T keepProb = static_cast<T>(1 - rate);
  const T scale = static_cast<T>(1 / static_cast<double>(keepProb));
  forRange(n, [&](int64_t b, int64_t e) {
    uint32_t words[4];
    for (int64_t i = b; i < e;) {
      philoxBlock(k0, k1, static_cast<uint64_t>(i / 4), words);
      for (int64_t lane = i % 4; lane < 4 && i < e; lane++, i++) {
        const bool keep = static_cast<double>(words[lane] >> 8) / 16777216.0 < threshold;
        y[i] = keep ? x[i] / keepProb : x[i] * T(0);  // x·0: −0 and NaN as the unfused layer
        mask[i] = keep ? scale : T(0);
      }
    }
  });
}

template <typename T>
double penalty(const T* x, int64_t n, double l1, double l2) {
  // Partial sums per grain, added in order: the result does not depend on the thread count.
  const int64_t tasks = std::max<int64_t>(1, (n + kGrain - 1) / kGrain);
  std::vector<double> s1(tasks), s2(tasks);
  const auto part = [&](int t) {
    const int64_t b = t * kGrain, e = std::min(n, b + kGrain);
    double a1 = 0, a2 = 0;
    for (int64_t i = b; i < e; i++) {
      const double v = x[i];
      a1 += std::fabs(v);
      a2 += v * v;
    }
    s1[t] = a1;
    s2[t] = a2;
  };
  if (tasks == 1 || getNumThreads() == 1) {
    for (int t = 0; t < tasks; t++) part(t);
  } else {
    parallelFor(static_cast<int>(tasks), part);
  }
  double t1 = 0, t2 = 0;
  for (int64_t t = 0; t < tasks; t++) {
    t1 += s1[t];
    t2 += s2[t];
  }
  return (l1 != 0 ? t1 * l1 : 0) + (l2 != 0 ? t2 * l2 : 0);
}

inline double sign(double v) { return v > 0 ? 1 : v < 0 ? -1 : v; }

template <typename T>
void penaltyGrad(double g, const T* x, T* out, int64_t n, double l1, double l2) {
  const double a = g * l1, b = 2 * g * l2;
  forRange(n, [&](int64_t lo, int64_t hi) {
    for (int64_t i = lo; i < hi; i++) {
      const double v = x[i];
      out[i] = static_cast<T>((l1 != 0 ? a * sign(v) : 0) + (l2 != 0 ? b * v : 0));  // L1 alone: ±l1 at ±Inf
    }
  });
}

template <typename T>
void sgdUpdate(const T* w, const T* g, const T* vel, T* wOut, T* velOut, int64_t n, double lr, double momentum,
               bool nesterov, double decay) {
  forRange(n, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; i++) {
      T wi = w[i];
      if (decay > 0) wi = static_cast<T>(wi - wi * decay);
      const double step = g[i] * lr;
      if (!vel) {
        wOut[i] = static_cast<T>(wi - step);
        continue;
      }
      const T v = static_cast<T>(vel[i] * momentum - step);
      velOut[i] = v;
      wOut[i] = static_cast<T>(wi + (nesterov ? v * momentum - step : static_cast<double>(v)));
    }
  });
}

template <typename T>
void adamUpdate(const T* w, const T* g, const T* m, const T* v, const T* vHat, T* wOut, T* mOut, T* vOut, T* vHatOut,
                int64_t n, double alpha, double beta1, double beta2, double epsilon, double decay) {
  const double c1 = 1 - beta1, c2 = 1 - beta2;
  forRange(n, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; i++) {
      T wi = w[i];
      if (decay > 0) wi = static_cast<T>(wi - wi * decay);
      const double gi = g[i];
      const T mi = static_cast<T>(m[i] + (gi - m[i]) * c1);
      const T vi = static_cast<T>(v[i] + (gi * gi - v[i]) * c2);
      mOut[i] = mi;
      vOut[i] = vi;
      double denominator = vi;
      if (vHat) {
        // Math.max's rule: NaN in either gives NaN (std::max would keep vHat when vi is NaN).
        const T h = std::isnan(vi) || vHat[i] < vi ? vi : vHat[i];
        vHatOut[i] = h;
        denominator = h;
      }
      wOut[i] = static_cast<T>(wi - (mi * alpha) / (std::sqrt(denominator) + epsilon));
    }
  });
}

// Per-sample crossentropy of probabilities over rows of c (src/backends/ts/kernels/fused.ts has the formulas).
template <typename T>
void crossEntropy(const T* t, const T* p, T* out, int64_t rows, int64_t c, bool binary, double lo, double hi) {
  for (int64_t r = 0; r < rows; r++) {
    const T* tr = t + r * c;
    const T* pr = p + r * c;
    double acc = 0;
    if (binary) {
      for (int64_t j = 0; j < c; j++) {
        const double v = pr[j], y = tr[j];
        const double q = v < lo ? lo : v > hi ? hi : v;
        acc -= y * std::log(q) + (1 - y) * std::log(1 - q);
      }
      out[r] = static_cast<T>(acc / c);
    } else {
      double s = 0;
      for (int64_t j = 0; j < c; j++) s += pr[j];
      for (int64_t j = 0; j < c; j++) {
        const double v = pr[j] / s;
        const double q = v < lo ? lo : v > hi ? hi : v;
        acc -= tr[j] * std::log(q);
      }
      out[r] = static_cast<T>(acc);
    }
  }
}

template <typename T>
void crossEntropyGrad(const T* dy, const T* t, const T* p, T* out, int64_t rows, int64_t c, bool binary, double lo,
                      double hi) {
  std::vector<double> a(binary ? 0 : c);
  for (int64_t r = 0; r < rows; r++) {
    const T* tr = t + r * c;
    const T* pr = p + r * c;
    T* o = out + r * c;
    const double g = dy[r];
    if (binary) {
      for (int64_t j = 0; j < c; j++) {
        const double q = pr[j], y = tr[j];
        o[j] = q >= lo && q <= hi ? static_cast<T>((g * (-y / q + (1 - y) / (1 - q))) / c) : T(0);
      }
    } else {
      double s = 0, dot = 0;
      for (int64_t j = 0; j < c; j++) s += pr[j];
      for (int64_t j = 0; j < c; j++) {
        const double v = pr[j] / s;
        a[j] = v >= lo && v <= hi ? -tr[j] / v : 0;
        dot += a[j] * v;
      }
      for (int64_t j = 0; j < c; j++) o[j] = static_cast<T>((g * (a[j] - dot)) / s);
    }
  }
}

// ---- Node-API entry points ----------------------------------------------------------------------------------------

// Float typed arrays of one element type, all of `length` elements (or any length when length < 0); null or
// undefined where `optional`.
struct Floats {
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
  if (a.type == napi_float32_array) {
    gemmF32(static_cast<const float*>(a.data), rsA, csA, static_cast<const float*>(b.data), rsB, csB,
            static_cast<float*>(o.data), m, n, k);
    if (hasBias || act != kLinear) {
      biasActivation(static_cast<float*>(o.data), hasBias ? static_cast<const float*>(bias.data) : nullptr, m, n,
                     static_cast<int>(act));
    }
  } else {
    gemmF64(static_cast<const double*>(a.data), rsA, csA, static_cast<const double*>(b.data), rsB, csB,
            static_cast<double*>(o.data), m, n, k);
    if (hasBias || act != kLinear) {
      biasActivation(static_cast<double*>(o.data), hasBias ? static_cast<const double*>(bias.data) : nullptr, m, n,
                     static_cast<int>(act));
    }
  }
  return nullptr;
}

// activationGrad(dy, y, out, activation)
napi_value ActivationGrad(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!args(env, info, argv, "activationGrad")) return nullptr;
  Floats f{false, -1, true, "activationGrad", env};
  void* dy = f.get(argv[0], "dy");
  void* y = f.get(argv[1], "y");
  void* out = f.get(argv[2], "out");
  if (!f.ok) return nullptr;
  int64_t act;
  if (!getInt(env, argv[3], &act) || act > kTanh) return throwRange(env, "activationGrad: activation must be 0-3");
  if (f.f64) {
    activationGrad(static_cast<const double*>(dy), static_cast<const double*>(y), static_cast<double*>(out), f.length,
                   static_cast<int>(act));
  } else {
    activationGrad(static_cast<const float*>(dy), static_cast<const float*>(y), static_cast<float*>(out), f.length,
                   static_cast<int>(act));
  }
  return nullptr;
}

// dropout(x, y, mask, rate, key0, key1)
napi_value Dropout(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!args(env, info, argv, "dropout")) return nullptr;
  Floats f{false, -1, true, "dropout", env};
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
  if (f.f64) {
    dropout(static_cast<const double*>(x), static_cast<double*>(y), static_cast<double*>(mask), f.length, rate, key0,
            key1);
  } else {
    dropout(static_cast<const float*>(x), static_cast<float*>(y), static_cast<float*>(mask), f.length, rate, key0,
            key1);
  }
  return nullptr;
}

// penalty(x, l1, l2) → l1·Σ|x| + l2·Σx² as a double
napi_value Penalty(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!args(env, info, argv, "penalty")) return nullptr;
  Floats f{false, -1, true, "penalty", env};
  void* x = f.get(argv[0], "x");
  if (!f.ok) return nullptr;
  double l1, l2;
  if (!getNumber(env, argv[1], &l1) || !getNumber(env, argv[2], &l2)) {
    return throwRange(env, "penalty: l1 and l2 must be numbers");
  }
  const double p = f.f64 ? penalty(static_cast<const double*>(x), f.length, l1, l2)
                         : penalty(static_cast<const float*>(x), f.length, l1, l2);
  napi_value result;
  CHECK(env, napi_create_double(env, p, &result));
  return result;
}

// penaltyGrad(g, x, out, l1, l2)
napi_value PenaltyGrad(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!args(env, info, argv, "penaltyGrad")) return nullptr;
  Floats f{false, -1, true, "penaltyGrad", env};
  void* x = f.get(argv[1], "x");
  void* out = f.get(argv[2], "out");
  if (!f.ok) return nullptr;
  double g, l1, l2;
  if (!getNumber(env, argv[0], &g) || !getNumber(env, argv[3], &l1) || !getNumber(env, argv[4], &l2)) {
    return throwRange(env, "penaltyGrad: g, l1 and l2 must be numbers");
  }
  if (f.f64) {
    penaltyGrad(g, static_cast<const double*>(x), static_cast<double*>(out), f.length, l1, l2);
  } else {
    penaltyGrad(g, static_cast<const float*>(x), static_cast<float*>(out), f.length, l1, l2);
  }
  return nullptr;
}

// sgdUpdate(w, g, velocity | null, wOut, velocityOut | null, lr, momentum, nesterov, decay)
napi_value SgdUpdate(napi_env env, napi_callback_info info) {
  napi_value argv[9];
  if (!args(env, info, argv, "sgdUpdate")) return nullptr;
  Floats f{false, -1, true, "sgdUpdate", env};
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
  if (f.f64) {
    sgdUpdate(static_cast<const double*>(w), static_cast<const double*>(g), static_cast<const double*>(vel),
              static_cast<double*>(wOut), static_cast<double*>(velOut), f.length, lr, momentum, nesterov, decay);
  } else {
    sgdUpdate(static_cast<const float*>(w), static_cast<const float*>(g), static_cast<const float*>(vel),
              static_cast<float*>(wOut), static_cast<float*>(velOut), f.length, lr, momentum, nesterov, decay);
  }
  return nullptr;
}

// adamUpdate(w, g, m, v, vHat | null, wOut, mOut, vOut, vHatOut | null, alpha, beta1, beta2, epsilon, decay)
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  napi_value argv[14];
  if (!args(env, info, argv, "adamUpdate")) return nullptr;
  Floats f{false, -1, true, "adamUpdate", env};
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
  if (f.f64) {
    using T = double;
    adamUpdate(static_cast<const T*>(w), static_cast<const T*>(g), static_cast<const T*>(m), static_cast<const T*>(v),
               static_cast<const T*>(vHat), static_cast<T*>(wOut), static_cast<T*>(mOut), static_cast<T*>(vOut),
               static_cast<T*>(vHatOut), f.length, alpha, beta1, beta2, epsilon, decay);
  } else {
    using T = float;
    adamUpdate(static_cast<const T*>(w), static_cast<const T*>(g), static_cast<const T*>(m), static_cast<const T*>(v),
               static_cast<const T*>(vHat), static_cast<T*>(wOut), static_cast<T*>(mOut), static_cast<T*>(vOut),
               static_cast<T*>(vHatOut), f.length, alpha, beta1, beta2, epsilon, decay);
  }
  return nullptr;
}

// crossEntropy(t, p, out, c, binary, lo, hi) and crossEntropyGrad(dy, t, p, out, c, binary, lo, hi): rows of c.
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
  Floats f{false, -1, true, fn, env};
  void* t = f.get(rest[0], "t");
  void* p = f.get(rest[1], "p");
  Floats o{false, -1, true, fn, env};
  void* out = o.get(rest[2], "out");
  Floats d{false, -1, true, fn, env};
  void* dy = grad ? d.get(argv[0], "dy") : nullptr;
  if (!f.ok || !o.ok || !d.ok) return nullptr;
  int64_t c;
  bool binary;
  double lo, hi;
  if (!getInt(env, rest[3], &c) || c < 1 || f.length % c != 0) {
    return throwRange(env, std::string(fn) + ": c must be a positive integer dividing the length of p");
  }
  CHECK(env, napi_get_value_bool(env, rest[4], &binary));
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
  if (f.f64) {
    using T = double;
    if (grad) {
      crossEntropyGrad(static_cast<const T*>(dy), static_cast<const T*>(t), static_cast<const T*>(p),
                       static_cast<T*>(out), rows, c, binary, lo, hi);
    } else {
      crossEntropy(static_cast<const T*>(t), static_cast<const T*>(p), static_cast<T*>(out), rows, c, binary, lo, hi);
    }
  } else {
    using T = float;
    if (grad) {
      crossEntropyGrad(static_cast<const T*>(dy), static_cast<const T*>(t), static_cast<const T*>(p),
                       static_cast<T*>(out), rows, c, binary, lo, hi);
    } else {
      crossEntropy(static_cast<const T*>(t), static_cast<const T*>(p), static_cast<T*>(out), rows, c, binary, lo, hi);
    }
  }
  return nullptr;
}

napi_value CrossEntropy(napi_env env, napi_callback_info info) { return CrossEntropyEntry(env, info, false); }
napi_value CrossEntropyGrad(napi_env env, napi_callback_info info) { return CrossEntropyEntry(env, info, true); }

}  // namespace

bool addFusedExports(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"fusedMatMul", nullptr, FusedMatMul, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"activationGrad", nullptr, ActivationGrad, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"dropout", nullptr, Dropout, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"crossEntropy", nullptr, CrossEntropy, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"crossEntropyGrad", nullptr, CrossEntropyGrad, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"penalty", nullptr, Penalty, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"penaltyGrad", nullptr, PenaltyGrad, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"sgdUpdate", nullptr, SgdUpdate, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"adamUpdate", nullptr, AdamUpdate, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  return napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) == napi_ok;
}

}  // namespace dendrite
