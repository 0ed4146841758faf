// Scores a detector's alerts against the labelled incidents of a synthetic hospital
// (incidents.jsonl): recall, precision, and alerts per 1,000 user-days, the measures of issue 6.
// An alert is on an incident when it names the incident's user and, when the incident concerns
// one patient, that patient, and was raised from an hour before the incident's first event to
// two days after it. An alert on a user who had no incident is false; one on an incident's user
// that matches no incident is extra (it counts toward the total, not as false).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "daemon/common/status.hpp"

namespace phi::demo {

struct QualityScore {
  size_t incidents = 0;
  size_t caught = 0;
  size_t alerts = 0;
  size_t on_incident = 0;
  size_t extra = 0;
  size_t false_alerts = 0;
  double user_days = 0;
  std::vector<std::string> missed;  // descriptions of incidents no alert caught
  std::map<std::string, size_t> false_by_rule;
  std::map<std::string, size_t> extra_by_rule;

  double recall() const;
  double precision() const;
  double false_per_1000_user_days() const;
  double alerts_per_1000_user_days() const;
  // One JSON object on one line.
  std::string ToJson() const;
};

// Reads DIR/incidents.jsonl and the alerts (JSON lines with alert_id, user, patients, ts,
// rule_id); `user_days` is employees x days.
Result<QualityScore> ScoreAlerts(const std::string& incidents_path, const std::string& alerts_path,
                                 double user_days);

}  // namespace phi::demo
