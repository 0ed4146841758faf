#include "daemon/sinks/ocsf_format.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/json_writer.hpp"
#include "daemon/sinks/siem_fields.hpp"

namespace phi {
namespace {

constexpr int64_t kDetectionFindingClass = 2004;
constexpr int64_t kFindingsCategory = 2;
constexpr int64_t kOther = 99;

// An OCSF enumeration value: the id and its caption.
struct OcsfEnum {
  int64_t id;
  std::string_view caption;
};

OcsfEnum FindingActivity(std::string_view change) {
  if (change == "created") return {1, "Create"};
  if (change == "resolved") return {3, "Close"};
  for (std::string_view update : {"grew", "acknowledged", "assigned", "noted", "reopened"}) {
    if (change == update) return {2, "Update"};
  }
  return {kOther, "Other"};
}

OcsfEnum FindingSeverity(Severity severity) {
  switch (severity) {
    case Severity::kLow:
      return {2, "Low"};
    case Severity::kMedium:
      return {3, "Medium"};
    case Severity::kHigh:
      return {4, "High"};
    case Severity::kCritical:
      return {5, "Critical"};
  }
  return {0, "Unknown"};  // not reached: the switch names every level
}

OcsfEnum FindingStatus(const Alert& a) {
  if (a.status == "open") return {1, "New"};
  if (a.status == "acknowledged") return {2, "In Progress"};
  if (a.status == "resolved") {
    // "Suppressed: reviewed, determined to be benign or a false positive".
    if (a.resolution == "false_positive" || a.resolution == "benign") return {3, "Suppressed"};
    return {4, "Resolved"};
  }
  return {kOther, "Other"};
}

// The reviewer's words about this change: a note given with it, or the note itself.
std::string_view ReviewerComment(const AlertRecord& r) {
  if (!r.note.empty()) return r.note;
  return r.change == "noted" ? std::string_view(r.text) : std::string_view();
}

void AppendMillisMember(std::string_view key, TimeMicros t, bool& first, std::string& out) {
  AppendJsonMember(key, MillisSinceEpoch(t), first, out);
}

void AppendStringArray(const std::vector<std::string>& items, std::string& out) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(items[i], out);
  }
  out += ']';
}

void AppendMetadata(const AlertRecord& r, std::string& out) {
  bool first;
  OpenOcsfMetadata(first, out);
  AppendJsonMember("uid", std::to_string(r.position), first, out);
  AppendJsonMember("sequence", static_cast<int64_t>(r.position), first, out);
  AppendJsonMember("correlation_uid", r.alert.alert_id, first, out);
  out += '}';
}

void AppendFindingInfo(const AlertRecord& r, std::string& out) {
  const Alert& a = r.alert;
  bool first = true;
  out += '{';
  AppendJsonMember("uid", a.alert_id, first, out);
  AppendJsonMember("title", a.summary, first, out);
  if (!a.explanation.empty()) AppendJsonMember("desc", a.explanation, first, out);
  out += ",\"types\":[";
  AppendJsonString(a.rule_id, out);
  out += "],\"analytic\":{";
  bool first_in_analytic = true;
  AppendJsonMember("uid", a.rule_id, first_in_analytic, out);
  AppendJsonMember("name", a.rule_id, first_in_analytic, out);
  AppendJsonMember("type_id", 1, first_in_analytic, out);
  AppendJsonMember("type", "Rule", first_in_analytic, out);
  out += '}';
  AppendMillisMember("first_seen_time", a.ts, first, out);
  AppendMillisMember("last_seen_time", a.last_ts, first, out);
  AppendMillisMember(r.change == "created" ? "created_time" : "modified_time", r.at, first, out);
  out += '}';
}

void AppendPatientResources(const std::vector<std::string>& patients, std::string& out) {
  out += '[';
  for (size_t i = 0; i < patients.size(); ++i) {
    if (i) out += ',';
    bool first = true;
    out += '{';
    AppendJsonMember("type", "patient", first, out);
    AppendJsonMember("uid", patients[i], first, out);
    out += '}';
  }
  out += ']';
}

void AppendEvidences(const Alert& a, std::string& out) {
  out += "[{";
  if (!a.user.empty()) {
    out += "\"actor\":{\"user\":{";
    bool first = true;
    AppendJsonMember("name", a.user, first, out);
    out += "}},";
  }
  out += "\"data\":";
  out += a.evidence.empty() ? "{}" : a.evidence;  // a JSON object written by detection
  out += "}]";
}

void AppendUnmapped(const AlertRecord& r, std::string& out) {
  const Alert& a = r.alert;
  bool first = true;
  out += '{';
  AppendJsonMember("change", r.change, first, out);
  AppendJsonMember("record", static_cast<int64_t>(r.position), first, out);
  AppendJsonMember("changed_by", r.by, first, out);
  if (!r.text.empty()) AppendJsonMember("change_text", r.text, first, out);
  if (!r.note.empty()) AppendJsonMember("change_note", r.note, first, out);
  AppendJsonMember("status", a.status, first, out);
  if (!a.assignee.empty()) AppendJsonMember("assignee", a.assignee, first, out);
  if (!a.resolution.empty()) AppendJsonMember("resolution", a.resolution, first, out);
  out += ",\"tags\":";
  AppendStringArray(a.tags, out);
  out += ",\"event_ids\":[";
  for (size_t i = 0; i < a.event_ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(a.event_ids[i]);
  }
  out += "]}";
}

}  // namespace

void AppendOcsfDetectionFinding(const AlertRecord& r, std::string& out) {
  const Alert& a = r.alert;
  const OcsfEnum activity = FindingActivity(r.change);
  const OcsfEnum severity = FindingSeverity(a.severity);
  const OcsfEnum status = FindingStatus(a);
  bool first = true;
  out += '{';
  AppendJsonMember("class_uid", kDetectionFindingClass, first, out);
  AppendJsonMember("class_name", "Detection Finding", first, out);
  AppendJsonMember("category_uid", kFindingsCategory, first, out);
  AppendJsonMember("category_name", "Findings", first, out);
  AppendJsonMember("activity_id", activity.id, first, out);
  // For Other, OCSF asks for the source's own label: our change.
  AppendJsonMember("activity_name", activity.id == kOther ? r.change : activity.caption, first,
                   out);
  AppendJsonMember("type_uid", kDetectionFindingClass * 100 + activity.id, first, out);
  AppendJsonMember("type_name", "Detection Finding: " + std::string(activity.caption), first, out);
  AppendMillisMember("time", r.at, first, out);
  AppendJsonMember("severity_id", severity.id, first, out);
  AppendJsonMember("severity", severity.caption, first, out);
  AppendJsonMember("status_id", status.id, first, out);
  AppendJsonMember("status", status.id == kOther ? a.status : status.caption, first, out);
  AppendJsonMember("message", a.summary, first, out);
  AppendJsonMember("count", static_cast<int64_t>(a.count), first, out);
  AppendMillisMember("start_time", a.ts, first, out);
  AppendMillisMember("end_time", a.last_ts, first, out);
  std::string_view comment = ReviewerComment(r);
  if (!comment.empty()) AppendJsonMember("comment", comment, first, out);
  out += ",\"metadata\":";
  AppendMetadata(r, out);
  out += ",\"finding_info\":";
  AppendFindingInfo(r, out);
  if (!a.patients.empty()) {
    out += ",\"resources\":";
    AppendPatientResources(a.patients, out);
  }
  out += ",\"evidences\":";
  AppendEvidences(a, out);
  out += ",\"unmapped\":";
  AppendUnmapped(r, out);
  out += '}';
}

}  // namespace phi
