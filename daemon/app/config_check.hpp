// phi-auditd --check-config FILE: validates a configuration as the daemon would load it (its
// sources' formats and mappings, its rules, its context feeds and the data_dir's permissions)
// and lists every error found, not only the first.
#pragma once

#include <string>
#include <vector>

namespace phi {

// The errors in the configuration at `path` and what it refers to; empty when it is sound.
std::vector<std::string> CheckConfig(const std::string& path);

}  // namespace phi
