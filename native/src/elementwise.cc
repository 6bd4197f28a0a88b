#include "elementwise.h"

namespace dendrite {

bool addElementwiseExports(napi_env env, napi_value exports) {
  (void)env;
  (void)exports;
  return true;
}

}  // namespace dendrite
