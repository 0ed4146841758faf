#include "daemon/detection/alert.hpp"

#include <array>

#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

constexpr std::array<std::string_view, 4> kSeverityNames = {"low", "medium", "high", "critical"};

}  // namespace

std::string_view SeverityName(Severity s) {
  return kSeverityNames[static_cast<size_t>(s)];
}

bool ParseSeverity(std::string_view name, Severity& out) {
  for (size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (kSeverityNames[i] == name) {
      out = static_cast<Severity>(i);
      return true;
    }
  }
  return false;
}

void AppendAlertJson(const Alert& a, std::string& out) {
  bool first = true;
  out += '{';
  AppendJsonMember("alert_id", a.alert_id, first, out);
  AppendJsonMember("rule_id", a.rule_id, first, out);
  AppendJsonMember("severity", SeverityName(a.severity), first, out);
  out += ",\"ts\":\"";
  AppendIsoTime(a.ts, out);
  out += "\",\"last_ts\":\"";
  AppendIsoTime(a.last_ts, out);
  out += '"';
  AppendJsonMember("user", a.user, first, out);
  out += ",\"patients\":[";
  for (size_t i = 0; i < a.patients.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(a.patients[i], out);
  }
  out += ']';
  AppendJsonMember("summary", a.summary, first, out);
  AppendJsonMember("explanation", a.explanation, first, out);
  out += ",\"evidence\":";
  out += a.evidence.empty() ? "{}" : a.evidence;
  out += ",\"event_ids\":[";
  for (size_t i = 0; i < a.event_ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(a.event_ids[i]);
  }
  out += "],\"tags\":[";
  for (size_t i = 0; i < a.tags.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(a.tags[i], out);
  }
  out += ']';
  AppendJsonMember("count", static_cast<int64_t>(a.count), first, out);
  AppendJsonMember("status", a.status, first, out);
  if (!a.assignee.empty()) AppendJsonMember("assignee", a.assignee, first, out);
  if (!a.resolution.empty()) AppendJsonMember("resolution", a.resolution, first, out);
  out += '}';
}

}  // namespace phi
