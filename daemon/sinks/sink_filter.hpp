// Which alert-log records a sink delivers: at least a severity, only some rules, and every
// change or creations only (a SIEM that wants one message per alert).
#pragma once

#include <string>
#include <vector>

#include "daemon/alerts/alert_record.hpp"

namespace phi {

struct SinkFilter {
  Severity min_severity = Severity::kLow;
  std::vector<std::string> rules;  // empty: every rule
  bool creations_only = false;

  bool Matches(const AlertRecord& record) const;
};

}  // namespace phi
