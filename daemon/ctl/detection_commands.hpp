// phi-auditctl's detection commands: `alerts` (newest first, with their explanations),
// `rules check DIR` (validate, list what each rule uses, run the rule files' own test cases)
// and `rules test` (replay a recorded log offline and print the alerts it raises).
#pragma once

#include <ostream>
#include <string>

#include "daemon/alerts/alert_filter.hpp"
#include "daemon/app/offline_replay.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

// `format` is "table" or "json" (the command line checks it).
// The newest `limit` alerts that match `filter`.
int RunAlertsCommand(Timeline& timeline, size_t limit, const AlertFilter& filter,
                     const std::string& format, std::ostream& out, std::ostream& err);
// One alert whole: what fired and why, its evidence, and the events behind it.
int RunAlertShow(Timeline& timeline, const std::string& alert_id, const std::string& format,
                 std::ostream& out, std::ostream& err);
int RunRulesCheck(const std::string& rules_dir);
int RunRulesTest(const OfflineReplayOptions& options, const std::string& output_format);

}  // namespace phi
