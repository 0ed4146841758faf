// Reads a rule directory (every *.yaml in name order) into a RuleSet: reader -> validator ->
// compiler. Every error is collected with its file, line and key rather than stopping at the
// first, so `phi-auditctl rules check` shows them all. Lists and macros are shared by all files.
#pragma once

#include <string>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/detection/rule.hpp"

namespace phi {

struct RuleLoadResult {
  std::shared_ptr<const RuleSet> rules;  // null when there were errors
  std::vector<std::string> errors;       // "rules/vip.yaml:12: rules[0].when: column 4: ..."
};

// Every *.yaml in `directory`, and each of `extra_files` that exists (the reviewers' exceptions).
RuleLoadResult LoadRuleDirectory(const std::string& directory,
                                 const std::vector<std::string>& extra_files = {});
// The same for explicit files (tests, `rules check FILE`).
RuleLoadResult LoadRuleFiles(const std::vector<std::string>& files);
// The same for one rule text already in memory, called `name` in errors (tests, fuzzing). It is
// not read from a file, so no trusted-file check applies: real rule files use the two above.
RuleLoadResult LoadRuleText(const std::string& name, const std::string& yaml);

// Parses "90s", "15m", "24h", "14d" into microseconds.
bool ParseDuration(std::string_view text, TimeMicros& out);

}  // namespace phi
