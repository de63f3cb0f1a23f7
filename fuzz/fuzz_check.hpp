// FUZZ_CHECK: the invariant check of the fuzz targets. A broken invariant prints what was expected
// and aborts, which libFuzzer reports as a crash and saves the input for. Assertions are not used
// because the fuzz build keeps its own flags and an invariant must never compile away.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)
