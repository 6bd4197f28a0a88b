#include "fused.h"

namespace dendrite {

bool addFusedExports(napi_env env, napi_value exports) {
  (void)env;
  (void)exports;
  return true;
}

}  // namespace dendrite
