// Shared by the context tests: the hand-written fixture feeds in tests/data/context/.
#pragma once

#include <string>

#include "daemon/context/context_loader.hpp"
#include "tests/test_support.hpp"

namespace phi::testing {

inline ContextFeedPaths FixtureFeeds() {
  return ContextFeedPaths{SourcePath("tests/data/context/employees.csv").string(),
                          SourcePath("tests/data/context/patients.csv").string(),
                          SourcePath("tests/data/context/encounters.csv").string(), ""};
}

inline TimeMicros At(const char* iso) {
  return *ParseIsoTime(iso);
}

}  // namespace phi::testing
