#include "daemon/event/event_json.hpp"

#include "daemon/common/json_writer.hpp"

namespace phi {

std::string TimelineId(const Event& event) {
  return std::to_string(event.sequence);
}

void AppendEventJson(const Event& e, const EventJsonOptions& options, std::string& out) {
  out += "{\"ts\":\"";
  AppendIsoTime(e.ts, out);
  out += '"';
  if (e.implausible_time) out += ",\"implausible_time\":true";
  bool first = false;
  auto member = [&](std::string_view key, const std::string& value) {
    if (!value.empty()) AppendJsonMember(key, value, first, out);
  };
  member("user", e.user);
  member("role", e.role);
  member("department", e.department);
  member("action", e.action);
  member("patient", e.patient);
  member("record_type", e.record_type);
  AppendJsonMember("record_count", e.record_count, first, out);
  member("workstation", e.workstation);
  member("client_ip", e.client_ip);
  member("outcome", e.outcome);
  member("event_id", e.event_id);
  member("statement", e.statement);
  if (e.truncated) out += ",\"truncated\":true";  // after "ts", never the first member
  if (options.provenance) {
    member("source", e.source);
    AppendJsonMember("offset", static_cast<int64_t>(e.offset), first, out);
    AppendJsonMember("timeline_id", TimelineId(e), first, out);
  }
  if (!e.extra.empty()) {
    out += ',';
    out += e.extra;
  }
  out += '}';
}

}  // namespace phi
