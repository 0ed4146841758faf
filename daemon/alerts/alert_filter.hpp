// Which alerts a reviewer asked for (`phi-auditctl alerts list --status … --severity …`): every
// condition given must hold; an empty filter matches every alert.
#pragma once

#include <optional>
#include <string>

#include "daemon/common/time_util.hpp"
#include "daemon/detection/alert.hpp"

namespace phi {

struct AlertFilter {
  std::string status;                    // exactly this status ("open", ...)
  std::optional<Severity> min_severity;  // this severity or a higher one
  std::string rule_id;
  std::string user;
  std::optional<TimeMicros> since;  // the alert's latest event at or after this time

  bool Matches(const Alert& a) const {
    return (status.empty() || a.status == status) &&
           (!min_severity || a.severity >= *min_severity) &&
           (rule_id.empty() || a.rule_id == rule_id) && (user.empty() || a.user == user) &&
           (!since || std::max(a.ts, a.last_ts) >= *since);
  }
};

}  // namespace phi
