// Elementwise and reduction kernels (float32/float64) of the native backend.
#pragma once
#include "napi-util.h"

namespace dendrite {

// Adds this module's functions to the addon's exports; false (with a pending JS exception) on failure.
bool addElementwiseExports(napi_env env, napi_value exports);

}  // namespace dendrite
