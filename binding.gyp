{
  "targets": [
    {
      "target_name": "dendrite_native",
      "sources": [
        "native/src/addon.cc",
        "native/src/elementwise.cc",
        "native/src/fused.cc",
        "native/src/gemm.cc",
        "native/src/thread-pool.cc"
      ],
      "cflags!": ["-fno-exceptions", "-O2", "-O0"],
      "cflags_cc!": ["-fno-exceptions", "-O2", "-O0"],
      "cflags_cc": ["-O3", "-std=gnu++17", "-ffp-contract=fast", "-fno-math-errno", "-pthread"],
      "ldflags": ["-pthread"],
      "defines": ["NAPI_DISABLE_CPP_EXCEPTIONS"]
    }
  ]
}
