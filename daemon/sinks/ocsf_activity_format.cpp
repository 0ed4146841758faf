#include "daemon/sinks/ocsf_activity_format.hpp"

#include <cstdint>
#include <string_view>

#include "daemon/common/json_writer.hpp"
#include "daemon/event/event_json.hpp"
#include "daemon/sinks/siem_fields.hpp"

namespace phi {
namespace {

constexpr int64_t kApplicationActivityCategory = 6;
constexpr int64_t kOther = 99;

struct OcsfEnum {
  int64_t id;
  std::string_view caption;
};

struct ActionMapping {
  std::string_view action;
  OcsfEnum activity;
};

constexpr ActionMapping kApiActivities[] = {
    {"create", {1, "Create"}}, {"view", {2, "Read"}},     {"read", {2, "Read"}},
    {"print", {2, "Read"}},    {"export", {2, "Read"}},   {"query", {2, "Read"}},
    {"update", {3, "Update"}}, {"delete", {4, "Delete"}},
};

constexpr ActionMapping kDatastoreActivities[] = {
    {"view", {1, "Read"}},     {"read", {1, "Read"}},     {"update", {2, "Update"}},
    {"login", {3, "Connect"}}, {"query", {4, "Query"}},   {"export", {4, "Query"}},
    {"write", {5, "Write"}},   {"create", {6, "Create"}}, {"delete", {7, "Delete"}},
};

template <size_t N>
OcsfEnum ActivityOf(const ActionMapping (&table)[N], std::string_view action) {
  for (const ActionMapping& m : table) {
    if (m.action == action) return m.activity;
  }
  return {kOther, "Other"};
}

OcsfEnum StatusOf(std::string_view outcome) {
  if (outcome == "success") return {1, "Success"};
  if (outcome == "failure") return {2, "Failure"};
  return {0, "Unknown"};
}

void AppendMetadata(const Event& e, std::string& out) {
  bool first;
  OpenOcsfMetadata(first, out);
  AppendJsonMember("uid", TimelineId(e), first, out);
  AppendJsonMember("sequence", static_cast<int64_t>(e.sequence), first, out);
  if (!e.source.empty()) AppendJsonMember("log_name", e.source, first, out);
  out += '}';
}

void AppendActor(const Event& e, std::string& out) {
  out += "{\"user\":{";
  bool first = true;
  AppendJsonMember("name", e.user, first, out);
  if (!e.role.empty()) AppendJsonMember("type", e.role, first, out);
  out += "}}";
}

void AppendSourceEndpoint(const Event& e, std::string& out) {
  bool first = true;
  out += '{';
  if (!e.client_ip.empty()) AppendJsonMember("ip", e.client_ip, first, out);
  if (!e.workstation.empty()) AppendJsonMember("hostname", e.workstation, first, out);
  out += '}';
}

void AppendResources(const Event& e, std::string& out) {
  out += '[';
  bool any = false;
  if (!e.patient.empty()) {
    bool first = true;
    out += '{';
    AppendJsonMember("type", "patient", first, out);
    AppendJsonMember("uid", e.patient, first, out);
    out += '}';
    any = true;
  }
  if (!e.record_type.empty()) {
    if (any) out += ',';
    bool first = true;
    out += '{';
    AppendJsonMember("type", "record_type", first, out);
    AppendJsonMember("name", e.record_type, first, out);
    out += '}';
  }
  out += ']';
}

void AppendUnmapped(const Event& e, std::string& out) {
  bool first = true;
  out += '{';
  if (!e.department.empty()) AppendJsonMember("department", e.department, first, out);
  AppendJsonMember("record_count", e.record_count, first, out);
  if (!e.event_id.empty()) AppendJsonMember("event_id", e.event_id, first, out);
  if (!e.source.empty()) AppendJsonMember("source", e.source, first, out);
  AppendJsonMember("offset", static_cast<int64_t>(e.offset), first, out);
  AppendJsonMember("timeline_id", TimelineId(e), first, out);
  if (e.truncated) out += ",\"truncated\":true";
  if (e.implausible_time) out += ",\"implausible_time\":true";
  if (!e.extra.empty()) {
    out += ",\"extra\":{";
    out += e.extra;  // JSON object members, written by the parser
    out += '}';
  }
  out += '}';
}

}  // namespace

int64_t OcsfActivityClassOf(const Event& event) {
  return event.statement.empty() ? kOcsfApiActivityClass : kOcsfDatastoreActivityClass;
}

void AppendOcsfActivity(const Event& e, std::string& out) {
  const int64_t class_uid = OcsfActivityClassOf(e);
  const bool datastore = class_uid == kOcsfDatastoreActivityClass;
  const std::string_view class_name = datastore ? "Datastore Activity" : "API Activity";
  const OcsfEnum activity =
      datastore ? ActivityOf(kDatastoreActivities, e.action) : ActivityOf(kApiActivities, e.action);
  const OcsfEnum status = StatusOf(e.outcome);
  bool first = true;
  out += '{';
  AppendJsonMember("class_uid", class_uid, first, out);
  AppendJsonMember("class_name", class_name, first, out);
  AppendJsonMember("category_uid", kApplicationActivityCategory, first, out);
  AppendJsonMember("category_name", "Application Activity", first, out);
  AppendJsonMember("activity_id", activity.id, first, out);
  // For Other, OCSF asks for the source's own label: the action.
  AppendJsonMember("activity_name",
                   activity.id == kOther ? std::string_view(e.action) : activity.caption, first,
                   out);
  AppendJsonMember("type_uid", class_uid * 100 + activity.id, first, out);
  AppendJsonMember("type_name", std::string(class_name) + ": " + std::string(activity.caption),
                   first, out);
  AppendJsonMember("time", MillisSinceEpoch(e.ts), first, out);
  AppendJsonMember("severity_id", 1, first, out);
  AppendJsonMember("severity", "Informational", first, out);
  AppendJsonMember("status_id", status.id, first, out);
  AppendJsonMember(
      "status", status.id == 0 && !e.outcome.empty() ? std::string_view(e.outcome) : status.caption,
      first, out);
  AppendJsonMember("message", "PHI access: " + e.action, first, out);
  out += ",\"metadata\":";
  AppendMetadata(e, out);
  out += ",\"actor\":";
  AppendActor(e, out);
  out += ",\"src_endpoint\":";
  AppendSourceEndpoint(e, out);
  if (datastore) {
    out += ",\"query_info\":{";
    bool first_in_query = true;
    AppendJsonMember("query_string", e.statement, first_in_query, out);
    out += '}';
  } else {
    out += ",\"api\":{";
    bool first_in_api = true;
    AppendJsonMember("operation", e.action, first_in_api, out);
    out += '}';
  }
  out += ",\"resources\":";
  AppendResources(e, out);
  out += ",\"unmapped\":";
  AppendUnmapped(e, out);
  out += '}';
}

}  // namespace phi
