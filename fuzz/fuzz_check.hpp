// Shared by the fuzz harnesses: a violated invariant must stop the fuzzer with a crash it can
// report and minimise, in every build type (so not assert(), which NDEBUG removes).
#pragma once

#include <cstdio>
#include <cstdlib>

#define PHI_FUZZ_CHECK(condition)                                                                 \
  do {                                                                                            \
    if (!(condition)) {                                                                           \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                               \
    }                                                                                             \
  } while (false)
