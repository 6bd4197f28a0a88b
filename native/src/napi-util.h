// Argument checking shared by every Node-API entry point: a bad offset or length here would read or write out of
// bounds, so each function checks its typed arrays and integers before touching memory.
#pragma once
#define NAPI_VERSION 8
#include <node_api.h>

#include <cstdint>
#include <string>

#define CHECK(env, call)                                                   \
  do {                                                                     \
    if ((call) != napi_ok) {                                               \
      napi_throw_error((env), nullptr, "dendrite_native: " #call " failed"); \
      return nullptr;                                                      \
    }                                                                      \
  } while (0)

inline napi_value throwRange(napi_env env, const std::string& msg) {
  napi_throw_range_error(env, nullptr, msg.c_str());
  return nullptr;
}

struct View {
  napi_typedarray_type type;
  size_t length;
  void* data;
};

inline bool getView(napi_env env, napi_value v, View* out) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_value buffer;
  size_t offset;
  return napi_get_typedarray_info(env, v, &out->type, &out->length, &out->data, &buffer, &offset) == napi_ok;
}

inline bool getInt(napi_env env, napi_value v, int64_t* out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || !(d >= 0) || d > 9007199254740991.0) return false;
  *out = static_cast<int64_t>(d);
  return static_cast<double>(*out) == d;
}

inline bool fits(size_t length, int64_t offset, int64_t size) {
  return size == 0 || static_cast<uint64_t>(offset) + static_cast<uint64_t>(size) <= length;
}

// One function of the addon's exports object, for napi_define_properties.
inline napi_property_descriptor method(const char* name, napi_callback fn) {
  return {name, nullptr, fn, nullptr, nullptr, nullptr, napi_enumerable, nullptr};
}
