// `phi-auditctl rules test`: replays a recorded log through the rules offline (no daemon, no
// timeline) with a given context, and returns the alerts it raises, explanations included.
// The way to try a rule change against real logs before deploying it.
#pragma once

#include <string>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/detection/detection_engine.hpp"

namespace phi {

struct OfflineReplayOptions {
  std::string rules_dir;
  std::string context_dir;  // employees.csv, patients.csv, encounters.csv; empty: no context
  std::string input;        // the log file
  std::string format = "phi-json";  // any source format
  std::string patient_pattern;      // for database formats
  DetectionSettings settings;
};

struct OfflineReplayResult {
  std::vector<Alert> alerts;  // final state of every alert raised
  uint64_t events = 0;
  uint64_t unparsed = 0;  // records that did not parse (they would be dead letters)
  DetectionCounters counters;
};

Result<OfflineReplayResult> ReplayOffline(const OfflineReplayOptions& options);

}  // namespace phi
