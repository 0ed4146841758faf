// phi-auditctl's cases: the alerts of one user taken together, since a reviewer investigates a
// person, not a rule. `cases list` is the queue, riskiest first; `cases show USER` one case.
#pragma once

#include <ostream>
#include <string>

#include "daemon/timeline/timeline.hpp"

namespace phi {

// A case's risk: its unresolved alerts weighed by severity (low 1, medium 3, high 7,
// critical 15). Resolved alerts stay in the case but weigh nothing. `format`: "table" or "json".
int RunCasesList(Timeline& timeline, size_t limit, const std::string& format, std::ostream& out,
                 std::ostream& err);
int RunCaseShow(Timeline& timeline, const std::string& user, const std::string& format,
                std::ostream& out, std::ostream& err);

}  // namespace phi
