// The allow-list a reviewer grows from the alert queue: resolving an alert as a false positive
// with `--except` adds its rule and key (the user with the patient) to a YAML rule
// file in the data folder (data_dir/triage-exceptions.yaml), which detection loads beside the
// rule pack and reloads when it changes. The file is the daemon's (0640), rewritten whole and
// atomically; each addition is also a record in the alert's history (who, when, what).
#pragma once

#include <string>

#include "daemon/common/status.hpp"

namespace phi {

class TriageExceptions {
 public:
  // `rules_dir`: the rule pack the file must load with (a file that would not is never written).
  TriageExceptions(std::string path, std::string rules_dir)
      : path_(std::move(path)), rules_dir_(std::move(rules_dir)) {}

  // Keeps `rule_id` from matching events of `user` with `patient` from now on. Returns a
  // sentence saying what was added (for the alert's history).
  Result<std::string> Add(const std::string& rule_id, const std::string& user,
                          const std::string& patient);

 private:
  std::string path_;
  std::string rules_dir_;
};

}  // namespace phi
