// An alert as PRODUCT.md defines it (the JSON-lines sink and the API share this shape): which
// rule fired, for whom, about which patients, a one-sentence summary, an explanation in plain
// sentences, and the evidence: an object with every value, threshold, baseline and
// explanation that decided.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/common/time_util.hpp"

namespace phi {

enum class Severity : uint8_t { kLow, kMedium, kHigh, kCritical };
std::string_view SeverityName(Severity s);
bool ParseSeverity(std::string_view name, Severity& out);

struct Alert {
  std::string alert_id;  // deterministic: "<sequence of the first event>-<rule id>"
  std::string rule_id;
  Severity severity = Severity::kMedium;
  TimeMicros ts = 0;       // time of the first event
  TimeMicros last_ts = 0;  // time of the latest grouped repeat
  std::string user;
  std::vector<std::string> patients;
  std::string summary;
  std::string explanation;          // plain sentences for a reviewer
  std::string evidence;             // a JSON object, complete with braces
  std::vector<uint64_t> event_ids;  // timeline ids, capped
  std::vector<std::string> tags;
  uint64_t count = 1;          // the first event plus grouped repeats
  uint64_t last_sequence = 0;  // the newest event folded into this alert
  std::string status = "open";
  // Triage (AlertStore::Triage), kept apart from what detection saves: empty until set.
  std::string assignee;
  std::string resolution;  // true_positive, false_positive or benign, once resolved
};

// Appends the alert as one JSON object (no trailing newline).
void AppendAlertJson(const Alert& alert, std::string& out);

}  // namespace phi
