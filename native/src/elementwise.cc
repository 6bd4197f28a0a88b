// Elementwise kernels and reductions of the native backend, behind six Node-API functions:
//
//   unary(op, x, out, alpha, beta)                          out[i] = f(x[i]); alpha/beta: LeakyRelu, ClipByValue
//   binary(op, a, b, out[, aShape, bShape, outShape])       broadcasting by strides when the shapes are given
//   select(c, a, b, out[, cShape, aShape, bShape, outShape]) out = c ? a : b
//   cast(x, out)                                            between Float32/Float64/Int32/Uint8 arrays
//   reduce(op, x, outer, reduced, inner, out)               x as [outer, reduced, inner] → out [outer, inner]
//   argReduce(isMax, x, outer, dim, inner, out)             the same layout, Int32Array indices out
//
// Every typed array's length is checked against the shapes and sizes before any memory is touched (a mismatch
// throws a RangeError). The row kernels (elementwise.inc) are compiled for AVX-512, AVX2 and the baseline ISA and
// picked once at load time; large arrays are cut into chunks for the thread pool.
#include "elementwise.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "thread-pool.h"
#include "vector-isa.h"

namespace dendrite {
namespace {

// Op codes: the order of UNARY_OPS, BINARY_OPS and REDUCE_OPS in src/backends/native/elementwise.ts.
enum UnaryOp {
  NEG, ABS, SIGN, SQUARE, SQRT, RSQRT, RECIPROCAL, EXP, EXPM1, LOG, LOG1P, RELU, RELU6, SIGMOID, TANH, SOFTPLUS, ELU,
  SELU, ERF, FLOOR, CEIL, ROUND, IS_NAN, IS_FINITE, LOGICAL_NOT, LEAKY_RELU, CLIP_BY_VALUE, GELU, GELU_TANH,
  UNARY_COUNT
};
enum BinaryOp {
  ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, LOGICAL_AND,
  LOGICAL_OR, BINARY_COUNT
};
enum ReduceOp { SUM, PROD, MAX, MIN, REDUCE_COUNT };
enum ElementType { F32, F64, I32, U8 };

// The TS backend's constants (unary.ts), bit for bit.
constexpr double SELU_ALPHA = 1.6732632423543772;
constexpr double SELU_SCALE = 1.0507009873554805;
constexpr double SQRT2 = 1.4142135623730951;           // Math.SQRT2
constexpr double SQRT_2_OVER_PI = 0.7978845608028654;  // Math.sqrt(2 / Math.PI)

struct Kernels {
  void (*unaryF32)(int, const float*, void*, int64_t, double, double);
  void (*unaryF64)(int, const double*, void*, int64_t, double, double);
  void (*binaryF32)(int, const float*, int64_t, const float*, int64_t, void*, int64_t);
  void (*binaryF64)(int, const double*, int64_t, const double*, int64_t, void*, int64_t);
  void (*selectF32)(const uint8_t*, int64_t, const float*, int64_t, const float*, int64_t, float*, int64_t);
  void (*selectF64)(const uint8_t*, int64_t, const double*, int64_t, const double*, int64_t, double*, int64_t);
  void (*cast)(int, const void*, int, void*, int64_t);
  double (*reduceRunF32)(int, const float*, int64_t);
  double (*reduceRunF64)(int, const double*, int64_t);
  void (*reduceColumnsF32)(int, const float*, int64_t, int64_t, int64_t, float*);
  void (*reduceColumnsF64)(int, const double*, int64_t, int64_t, int64_t, double*);
  void (*argColumnsF32)(bool, const float*, int64_t, int64_t, int64_t, int32_t*);
  void (*argColumnsF64)(bool, const double*, int64_t, int64_t, int64_t, int32_t*);
  int32_t (*argRunF32)(bool, const float*, int64_t);
  int32_t (*argRunF64)(bool, const double*, int64_t);
};

// One copy of the row kernels per ISA (vector-isa.h).
DENDRITE_TARGET_AVX512
namespace avx512 {
#include "elementwise.inc"
}  // namespace avx512
DENDRITE_TARGET_END
DENDRITE_TARGET_AVX2
namespace avx2 {
#include "elementwise.inc"
}  // namespace avx2
DENDRITE_TARGET_END
namespace baseline {
#include "elementwise.inc"
}  // namespace baseline

struct Isa {
  const Kernels* kernels;
  const char* name;
};

Isa detectIsa() {
  switch (detectVectorIsa()) {
    case VectorIsa::kAvx512: return {&avx512::kernels, "avx512"};
    case VectorIsa::kAvx2: return {&avx2::kernels, "avx2"};
    default: return {&baseline::kernels, "baseline"};
  }
}

const Isa ISA = detectIsa();
const Kernels& K = *ISA.kernels;

// Below PARALLEL_MIN elements of cheap work a kernel runs on the calling thread (waking the pool costs more than
// it saves); above, chunks of at least CHUNK_MIN. Ops that call libm cost ~20× an add per element, so they
// divide both by `cost`.
constexpr int64_t PARALLEL_MIN = 64 * 1024;
constexpr int64_t CHUNK_MIN = 32 * 1024;
constexpr int64_t EXPENSIVE = 8;

// body(start, end) over [0, n) in chunks aligned to `align` items (16: whole cache lines of float32).
template <class F>
void parallelRange(int64_t n, int64_t cost, const F& body, int64_t align = 16) {
  const int threads = activeThreads();
  if (threads <= 1 || n * cost < PARALLEL_MIN) {
    if (n > 0) body(0, n);
    return;
  }
  const int tasks = static_cast<int>(std::min<int64_t>(threads, std::max<int64_t>(1, n * cost / CHUNK_MIN)));
  const int64_t per = ((n + tasks - 1) / tasks + align - 1) / align * align;
  parallelFor(tasks, [&](int t) {
    const int64_t s = t * per, e = std::min(n, s + per);
    if (s < e) body(s, e);
  });
}

bool isExpensiveUnary(int op) {
  return (op >= EXP && op <= LOG1P) || (op >= SIGMOID && op <= ERF) || op == GELU || op == GELU_TANH;
}

// ---- argument checking -----------------------------------------------------------------------------------------

bool elementType(napi_typedarray_type t, int* out) {
  switch (t) {
    case napi_float32_array: *out = F32; return true;
    case napi_float64_array: *out = F64; return true;
    case napi_int32_array: *out = I32; return true;
    case napi_uint8_array: *out = U8; return true;
    default: return false;
  }
}

size_t elementBytes(napi_typedarray_type t) {
  switch (t) {
    case napi_float64_array: return 8;
    case napi_float32_array:
    case napi_int32_array: return 4;
    default: return 1;
  }
}

bool isFloat(const View& v) { return v.type == napi_float32_array || v.type == napi_float64_array; }

napi_value throwType(napi_env env, const char* msg) {
  napi_throw_type_error(env, nullptr, msg);
  return nullptr;
}

constexpr int MAX_RANK = 16;
constexpr int MAX_OPERANDS = 3;

struct Shape {
  int rank = 0;
  int64_t dims[MAX_RANK];
};

// A JS array of non-negative integers (at most MAX_RANK) whose product fits in 2^53.
bool getShape(napi_env env, napi_value v, Shape* s) {
  bool isArray = false;
  uint32_t len = 0;
  if (napi_is_array(env, v, &isArray) != napi_ok || !isArray || napi_get_array_length(env, v, &len) != napi_ok ||
      len > MAX_RANK) {
    return false;
  }
  s->rank = static_cast<int>(len);
  int64_t size = 1;
  for (uint32_t i = 0; i < len; i++) {
    napi_value e;
    if (napi_get_element(env, v, i, &e) != napi_ok || !getInt(env, e, &s->dims[i])) return false;
    if (__builtin_mul_overflow(size, s->dims[i], &size) || size > 9007199254740991LL) return false;
  }
  return true;
}

int64_t sizeOf(const Shape& s) {
  int64_t n = 1;
  for (int i = 0; i < s.rank; i++) n *= s.dims[i];
  return n;
}

// The output's index space with each operand's strides in elements (0 along broadcast axes), after dropping
// axes of length 1 and merging axes that are contiguous for every operand: [m, n] + [n] becomes one axis of m rows
// of n with strides (n, 1) and (0, 1), so every row is a straight loop.
struct Broadcast {
  int rank = 0, operands = 0;
  int64_t size = 0;
  int64_t dims[MAX_RANK];
  int64_t strides[MAX_OPERANDS][MAX_RANK];
};

// Checks that each input's shape broadcasts to outShape and that every array's length is its shape's size.
const char* makeBroadcast(const Shape* in, const View* views, int operands, const Shape& out, size_t outLength,
                          Broadcast* bc) {
  const int R = out.rank;
  int64_t full[MAX_OPERANDS][MAX_RANK];
  for (int k = 0; k < operands; k++) {
    const Shape& s = in[k];
    if (s.rank > R) return "an input has more axes than the output";
    if (static_cast<uint64_t>(sizeOf(s)) != views[k].length) return "an input's length is not its shape's size";
    int64_t stride = 1;
    for (int i = R - 1; i >= 0; i--) {
      const int j = i - (R - s.rank);
      const int64_t d = j >= 0 ? s.dims[j] : 1;
      if (d != out.dims[i] && d != 1) return "an input's shape does not broadcast to the output shape";
      full[k][i] = d == 1 ? 0 : stride;
      stride *= d;
    }
  }
  bc->size = sizeOf(out);
  if (static_cast<uint64_t>(bc->size) != outLength) return "out's length is not the output shape's size";
  bc->operands = operands;
  bc->rank = 0;
  for (int i = 0; i < R; i++) {
    const int64_t d = out.dims[i];
    if (d == 1) continue;
    const int last = bc->rank - 1;
    bool merge = last >= 0;
    for (int k = 0; k < operands && merge; k++) merge = bc->strides[k][last] == full[k][i] * d;
    if (merge) {
      bc->dims[last] *= d;
      for (int k = 0; k < operands; k++) bc->strides[k][last] = full[k][i];
    } else {
      bc->dims[bc->rank] = d;
      for (int k = 0; k < operands; k++) bc->strides[k][bc->rank] = full[k][i];
      bc->rank++;
    }
  }
  if (bc->rank == 0) {
    bc->rank = 1;
    bc->dims[0] = 1;
    for (int k = 0; k < operands; k++) bc->strides[k][0] = 0;
  }
  return nullptr;
}

// Without shapes: every input as long as out (stride 1) or of length 1 (stride 0).
const char* makeFlat(const View* views, int operands, size_t outLength, Broadcast* bc) {
  bc->operands = operands;
  bc->rank = 1;
  bc->size = static_cast<int64_t>(outLength);
  bc->dims[0] = bc->size;
  for (int k = 0; k < operands; k++) {
    if (views[k].length == outLength) bc->strides[k][0] = 1;
    else if (views[k].length == 1) bc->strides[k][0] = 0;
    else return "an input's length is neither out's nor 1 (pass the shapes to broadcast)";
  }
  return nullptr;
}

// row(offsets, outIndex, length) for each row segment of output indices [s, e): offsets are the operands' element
// offsets at the segment's start; along a row they step by strides[k][rank-1].
template <class Row>
void forEachRow(const Broadcast& bc, int64_t s, int64_t e, const Row& row) {
  const int last = bc.rank - 1;
  const int64_t inner = bc.dims[last];
  int64_t index[MAX_RANK];
  int64_t base[MAX_OPERANDS] = {0, 0, 0};
  int64_t rest = s / inner, col = s % inner;
  for (int i = last - 1; i >= 0; i--) {
    index[i] = rest % bc.dims[i];
    rest /= bc.dims[i];
    for (int k = 0; k < bc.operands; k++) base[k] += index[i] * bc.strides[k][i];
  }
  int64_t offsets[MAX_OPERANDS];
  for (int64_t pos = s; pos < e;) {
    const int64_t len = std::min(inner - col, e - pos);
    for (int k = 0; k < bc.operands; k++) offsets[k] = base[k] + col * bc.strides[k][last];
    row(offsets, pos, len);
    pos += len;
    col = 0;
    for (int i = last - 1; i >= 0; i--) {
      for (int k = 0; k < bc.operands; k++) base[k] += bc.strides[k][i];
      if (++index[i] < bc.dims[i]) break;
      for (int k = 0; k < bc.operands; k++) base[k] -= index[i] * bc.strides[k][i];
      index[i] = 0;
    }
  }
}

// The broadcast (shapes given from argument `first` on) or flat layout of `operands` inputs; nullptr on success.
const char* layout(napi_env env, size_t argc, napi_value* argv, size_t first, const View* views, int operands,
                   const View& out, Broadcast* bc) {
  if (argc <= first) return makeFlat(views, operands, out.length, bc);
  if (argc < first + operands + 1) return "expected a shape for every input and for the output";
  const char* bad = "shapes must be arrays of at most 16 non-negative integers";
  Shape shapes[MAX_OPERANDS], outShape;
  for (int k = 0; k < operands; k++) {
    if (!getShape(env, argv[first + k], &shapes[k])) return bad;
  }
  if (!getShape(env, argv[first + operands], &outShape)) return bad;
  return makeBroadcast(shapes, views, operands, outShape, out.length, bc);
}

// ---- entry points ----------------------------------------------------------------------------------------------

napi_value Unary(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < 3) return throwRange(env, "unary: expected (op, x, out, alpha?, beta?)");
  int64_t op;
  if (!getInt(env, argv[0], &op) || op >= UNARY_COUNT) return throwRange(env, "unary: unknown op code");
  View x, out;
  if (!getView(env, argv[1], &x) || !getView(env, argv[2], &out) || !isFloat(x)) {
    return throwType(env, "unary: x must be a Float32Array or Float64Array and out a typed array");
  }
  const bool predicate = op == IS_NAN || op == IS_FINITE || op == LOGICAL_NOT;
  if (out.type != (predicate ? napi_uint8_array : x.type)) {
    return throwType(env, "unary: out must be a Uint8Array for predicates, else of x's type");
  }
  if (out.length != x.length) return throwRange(env, "unary: out's length differs from x's");
  double alpha = 0, beta = 0;
  if (argc > 3 && napi_get_value_double(env, argv[3], &alpha) != napi_ok) return throwType(env, "unary: bad alpha");
  if (argc > 4 && napi_get_value_double(env, argv[4], &beta) != napi_ok) return throwType(env, "unary: bad beta");
  const int code = static_cast<int>(op);
  const size_t ob = elementBytes(out.type);
  char* o = static_cast<char*>(out.data);
  parallelRange(static_cast<int64_t>(x.length), isExpensiveUnary(code) ? EXPENSIVE : 1, [&](int64_t s, int64_t e) {
    if (x.type == napi_float32_array) {
      K.unaryF32(code, static_cast<const float*>(x.data) + s, o + s * ob, e - s, alpha, beta);
    } else {
      K.unaryF64(code, static_cast<const double*>(x.data) + s, o + s * ob, e - s, alpha, beta);
    }
  });
  return nullptr;
}

napi_value Binary(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < 4) return throwRange(env, "binary: expected (op, a, b, out, aShape?, bShape?, outShape?)");
  int64_t op;
  if (!getInt(env, argv[0], &op) || op >= BINARY_COUNT) return throwRange(env, "binary: unknown op code");
  View v[2], out;
  if (!getView(env, argv[1], &v[0]) || !getView(env, argv[2], &v[1]) || !getView(env, argv[3], &out) ||
      !isFloat(v[0]) || v[1].type != v[0].type) {
    return throwType(env, "binary: a and b must both be Float32Array or both Float64Array");
  }
  const bool predicate = op >= EQUAL;
  if (out.type != (predicate ? napi_uint8_array : v[0].type)) {
    return throwType(env, "binary: out must be a Uint8Array for comparisons, else of the inputs' type");
  }
  Broadcast bc;
  if (const char* err = layout(env, argc, argv, 4, v, 2, out, &bc)) {
    return throwRange(env, std::string("binary: ") + err);
  }
  const int code = static_cast<int>(op);
  const size_t ob = elementBytes(out.type);
  const bool f32 = v[0].type == napi_float32_array;
  const size_t ib = f32 ? 4 : 8;
  const char* a = static_cast<const char*>(v[0].data);
  const char* b = static_cast<const char*>(v[1].data);
  char* o = static_cast<char*>(out.data);
  const int64_t sa = bc.strides[0][bc.rank - 1], sb = bc.strides[1][bc.rank - 1];
  parallelRange(bc.size, op == POW ? EXPENSIVE : 1, [&](int64_t s, int64_t e) {
    forEachRow(bc, s, e, [&](const int64_t* off, int64_t pos, int64_t len) {
      if (f32) {
        K.binaryF32(code, reinterpret_cast<const float*>(a + off[0] * ib), sa,
                    reinterpret_cast<const float*>(b + off[1] * ib), sb, o + pos * ob, len);
      } else {
        K.binaryF64(code, reinterpret_cast<const double*>(a + off[0] * ib), sa,
                    reinterpret_cast<const double*>(b + off[1] * ib), sb, o + pos * ob, len);
      }
    });
  });
  return nullptr;
}

napi_value Select(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < 4) return throwRange(env, "select: expected (c, a, b, out, cShape?, aShape?, bShape?, outShape?)");
  View v[3], out;
  if (!getView(env, argv[0], &v[0]) || !getView(env, argv[1], &v[1]) || !getView(env, argv[2], &v[2]) ||
      !getView(env, argv[3], &out) || v[0].type != napi_uint8_array || !isFloat(v[1]) || v[2].type != v[1].type ||
      out.type != v[1].type) {
    return throwType(env, "select: c must be a Uint8Array; a, b and out all Float32Array or all Float64Array");
  }
  Broadcast bc;
  if (const char* err = layout(env, argc, argv, 4, v, 3, out, &bc)) {
    return throwRange(env, std::string("select: ") + err);
  }
  const int last = bc.rank - 1;
  const int64_t sc = bc.strides[0][last], sa = bc.strides[1][last], sb = bc.strides[2][last];
  const uint8_t* c = static_cast<const uint8_t*>(v[0].data);
  parallelRange(bc.size, 1, [&](int64_t s, int64_t e) {
    forEachRow(bc, s, e, [&](const int64_t* off, int64_t pos, int64_t len) {
      if (out.type == napi_float32_array) {
        K.selectF32(c + off[0], sc, static_cast<const float*>(v[1].data) + off[1], sa,
                    static_cast<const float*>(v[2].data) + off[2], sb, static_cast<float*>(out.data) + pos, len);
      } else {
        K.selectF64(c + off[0], sc, static_cast<const double*>(v[1].data) + off[1], sa,
                    static_cast<const double*>(v[2].data) + off[2], sb, static_cast<double*>(out.data) + pos, len);
      }
    });
  });
  return nullptr;
}

napi_value Cast(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  View x, out;
  int src, dst;
  if (argc < 2 || !getView(env, argv[0], &x) || !getView(env, argv[1], &out) || !elementType(x.type, &src) ||
      !elementType(out.type, &dst)) {
    return throwType(env, "cast: x and out must be Float32Array, Float64Array, Int32Array or Uint8Array");
  }
  if (out.length != x.length) return throwRange(env, "cast: out's length differs from x's");
  const size_t xb = elementBytes(x.type), ob = elementBytes(out.type);
  const char* xs = static_cast<const char*>(x.data);
  char* o = static_cast<char*>(out.data);
  parallelRange(static_cast<int64_t>(x.length), 1, [&](int64_t s, int64_t e) {
    if (src == dst) std::memcpy(o + s * ob, xs + s * xb, (e - s) * ob);
    else K.cast(src, xs + s * xb, dst, o + s * ob, e - s);
  });
  return nullptr;
}

// Reads (x, outer, reduced, inner, out) from argv[1..5] and checks x.length = outer·reduced·inner and
// out.length = outer·inner.
const char* reduceLayout(napi_env env, napi_value* argv, View* x, View* out, int64_t* outer, int64_t* reduced,
                         int64_t* inner) {
  if (!getView(env, argv[1], x) || !getView(env, argv[5], out) || !isFloat(*x)) {
    return "x must be a Float32Array or Float64Array";
  }
  if (!getInt(env, argv[2], outer) || !getInt(env, argv[3], reduced) || !getInt(env, argv[4], inner)) {
    return "outer, reduced and inner must be non-negative integers";
  }
  int64_t n, m;
  if (__builtin_mul_overflow(*outer, *inner, &m) || __builtin_mul_overflow(m, *reduced, &n) ||
      static_cast<uint64_t>(n) != x->length || static_cast<uint64_t>(m) != out->length) {
    return "x's length must be outer·reduced·inner and out's outer·inner";
  }
  return nullptr;
}

// Column blocks of at most COLUMNS, over every outer slice, shared among the threads.
template <class F>
void forColumnBlocks(int64_t outer, int64_t reduced, int64_t inner, const F& block) {
  const int64_t perSlice = (inner + baseline::COLUMNS - 1) / baseline::COLUMNS;
  const int64_t blocks = outer * perSlice;
  const int64_t work = outer * inner * std::max<int64_t>(reduced, 1);
  const int threads = activeThreads();
  auto run = [&](int64_t s, int64_t e) {
    for (int64_t b = s; b < e; b++) {
      const int64_t o = b / perSlice, j0 = (b % perSlice) * baseline::COLUMNS;
      block(o, j0, std::min(baseline::COLUMNS, inner - j0));
    }
  };
  if (threads <= 1 || work < PARALLEL_MIN || blocks < 2) {
    run(0, blocks);
    return;
  }
  const int tasks = static_cast<int>(std::min<int64_t>({threads, blocks, std::max<int64_t>(1, work / CHUNK_MIN)}));
  const int64_t per = (blocks + tasks - 1) / tasks;
  parallelFor(tasks, [&](int t) { run(t * per, std::min(blocks, (t + 1) * per)); });
}

double combine(int op, double acc, double v) {
  switch (op) {
    case SUM: return acc + v;
    case PROD: return acc * v;
    case MAX: return v > acc || v != v ? v : acc;
    default: return v < acc || v != v ? v : acc;
  }
}

template <class T>
void reduceTyped(int op, const T* x, int64_t outer, int64_t reduced, int64_t inner, T* out,
                 double (*run)(int, const T*, int64_t), void (*columns)(int, const T*, int64_t, int64_t, int64_t, T*)) {
  if (inner > 1) {
    forColumnBlocks(outer, reduced, inner, [&](int64_t o, int64_t j0, int64_t cols) {
      columns(op, x + o * reduced * inner + j0, reduced, inner, cols, out + o * inner + j0);
    });
    return;
  }
  const int threads = activeThreads();
  if (outer >= threads || threads <= 1 || reduced < PARALLEL_MIN) {
    parallelRange(outer, std::max<int64_t>(reduced, 1), [&](int64_t s, int64_t e) {
      for (int64_t o = s; o < e; o++) out[o] = T(run(op, x + o * reduced, reduced));
    }, 1);
    return;
  }
  // Few long runs (a full reduction): each run split among the threads, partial results combined in order.
  for (int64_t o = 0; o < outer; o++) {
    const T* xo = x + o * reduced;
    const int tasks = static_cast<int>(std::min<int64_t>(threads, reduced / CHUNK_MIN));
    const int64_t per = ((reduced + tasks - 1) / tasks + 15) / 16 * 16;
    double partial[64];
    const int used = std::min(tasks, 64);
    parallelFor(used, [&](int t) {
      const int64_t s = std::min(reduced, t * per), e = t == used - 1 ? reduced : std::min(reduced, s + per);
      partial[t] = run(op, xo + s, e - s);
    });
    double acc = partial[0];
    for (int t = 1; t < used; t++) acc = combine(op, acc, partial[t]);
    out[o] = T(acc);
  }
}

napi_value Reduce(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < 6) return throwRange(env, "reduce: expected (op, x, outer, reduced, inner, out)");
  int64_t op, outer, reduced, inner;
  if (!getInt(env, argv[0], &op) || op >= REDUCE_COUNT) return throwRange(env, "reduce: unknown op code");
  View x, out;
  if (const char* err = reduceLayout(env, argv, &x, &out, &outer, &reduced, &inner)) {
    return throwRange(env, std::string("reduce: ") + err);
  }
  if (out.type != x.type) return throwType(env, "reduce: out must be of x's type");
  // NOTE: an empty output with a non-empty reduced axis (inner = 0): x is empty too, so nothing may be read.
  if (out.length == 0) return nullptr;
  const int code = static_cast<int>(op);
  if (x.type == napi_float32_array) {
    reduceTyped(code, static_cast<const float*>(x.data), outer, reduced, inner, static_cast<float*>(out.data),
                K.reduceRunF32, K.reduceColumnsF32);
  } else {
    reduceTyped(code, static_cast<const double*>(x.data), outer, reduced, inner, static_cast<double*>(out.data),
                K.reduceRunF64, K.reduceColumnsF64);
  }
  return nullptr;
}

template <class T>
void argTyped(bool isMax, const T* x, int64_t outer, int64_t dim, int64_t inner, int32_t* out,
              int32_t (*run)(bool, const T*, int64_t),
              void (*columns)(bool, const T*, int64_t, int64_t, int64_t, int32_t*)) {
  if (dim == 0) {
    std::fill(out, out + outer * inner, 0);
    return;
  }
  if (inner > 1) {
    forColumnBlocks(outer, dim, inner, [&](int64_t o, int64_t j0, int64_t cols) {
      columns(isMax, x + o * dim * inner + j0, dim, inner, cols, out + o * inner + j0);
    });
    return;
  }
  parallelRange(outer, dim, [&](int64_t s, int64_t e) {
    for (int64_t o = s; o < e; o++) out[o] = run(isMax, x + o * dim, dim);
  }, 1);
}

napi_value ArgReduce(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < 6) return throwRange(env, "argReduce: expected (isMax, x, outer, dim, inner, out)");
  bool isMax;
  if (napi_get_value_bool(env, argv[0], &isMax) != napi_ok) return throwType(env, "argReduce: isMax must be a boolean");
  int64_t outer, dim, inner;
  View x, out;
  if (const char* err = reduceLayout(env, argv, &x, &out, &outer, &dim, &inner)) {
    return throwRange(env, std::string("argReduce: ") + err);
  }
  if (out.type != napi_int32_array) return throwType(env, "argReduce: out must be an Int32Array");
  if (dim > 2147483647) return throwRange(env, "argReduce: the reduced axis is longer than an int32 index");
  if (out.length == 0) return nullptr;
  int32_t* o = static_cast<int32_t*>(out.data);
  if (x.type == napi_float32_array) {
    argTyped(isMax, static_cast<const float*>(x.data), outer, dim, inner, o, K.argRunF32, K.argColumnsF32);
  } else {
    argTyped(isMax, static_cast<const double*>(x.data), outer, dim, inner, o, K.argRunF64, K.argColumnsF64);
  }
  return nullptr;
}

napi_value ElementwiseKernel(napi_env env, napi_callback_info) {
  napi_value result;
  CHECK(env, napi_create_string_utf8(env, ISA.name, NAPI_AUTO_LENGTH, &result));
  return result;
}

}  // namespace

bool addElementwiseExports(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      method("unary", Unary),
      method("binary", Binary),
      method("select", Select),
      method("cast", Cast),
      method("reduce", Reduce),
      method("argReduce", ArgReduce),
      method("elementwiseKernel", ElementwiseKernel),
  };
  return napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) == napi_ok;
}

}  // namespace dendrite
