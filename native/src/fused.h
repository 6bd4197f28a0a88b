// Fused kernels of the native backend: Dense forward/backward pieces, dropout, penalties, losses, optimizer updates.
#pragma once
#include "napi-util.h"

namespace dendrite {

// Adds this module's functions to the addon's exports; false (with a pending JS exception) on failure.
bool addFusedExports(napi_env env, napi_value exports);

}  // namespace dendrite
