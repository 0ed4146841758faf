// Runs the test cases that rule files carry (`tests:` in rules/*.yaml): each case gives events
// (phi-json lines) and the context they happen in, and lists the alerts that must be raised and
// the rules that must stay quiet. `make test` runs every shipped case; `phi-auditctl rules test`
// and `rules check` use the same code.
#pragma once

#include <string>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/detection/detection_settings.hpp"

namespace phi {

struct RuleTestOutcome {
  std::string file;
  std::string name;
  bool passed = false;
  std::vector<std::string> failures;  // what was expected and what happened
};

// Runs every test case of every rule file in `rules_dir`; the default context fixture is
// `rules_dir`/tests/context (employees.csv, patients.csv, encounters.csv).
Result<std::vector<RuleTestOutcome>> RunRuleTestCases(const std::string& rules_dir,
                                                      const DetectionSettings& settings);

}  // namespace phi
