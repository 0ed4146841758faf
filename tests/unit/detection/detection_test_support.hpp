// Helpers shared by the detection tests: rule files written into a scratch directory, and the
// loaders' errors and warnings listed in an assertion's message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tests/test_support.hpp"

namespace phi::testing {

// Writes `yaml` to the file `name` in `dir`; returns its path.
inline std::string WriteRuleFile(const ScratchDir& dir, std::string_view name,
                                 std::string_view yaml) {
  std::string path = (dir / name).string();
  WriteFile(path, yaml);
  return path;
}

// One message a line, for `EXPECT_...() << MessageLines(loaded.errors)`.
inline std::string MessageLines(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& e : errors) out += "\n  " + e;
  return out;
}

}  // namespace phi::testing
