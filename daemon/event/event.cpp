#include "daemon/event/event.hpp"

#include <array>
#include <utility>

namespace phi {
namespace {

constexpr std::array<std::pair<std::string_view, EventField>, 13> kFieldNames = {{
    {"ts", EventField::kTs},
    {"user", EventField::kUser},
    {"role", EventField::kRole},
    {"department", EventField::kDepartment},
    {"action", EventField::kAction},
    {"patient", EventField::kPatient},
    {"record_type", EventField::kRecordType},
    {"record_count", EventField::kRecordCount},
    {"workstation", EventField::kWorkstation},
    {"client_ip", EventField::kClientIp},
    {"outcome", EventField::kOutcome},
    {"event_id", EventField::kEventId},
    {"statement", EventField::kStatement},
}};

}  // namespace

void Event::Clear() {
  ts = 0;
  record_count = 1;
  truncated = false;
  offset = 0;
  sequence = 0;
  implausible_time = false;
  for (std::string* s : {&user, &role, &department, &action, &patient, &record_type, &workstation,
                         &client_ip, &outcome, &event_id, &statement, &extra, &source}) {
    s->clear();
  }
}

bool LookupEventField(std::string_view name, EventField& field) {
  for (const auto& [n, f] : kFieldNames) {
    if (n == name) {
      field = f;
      return true;
    }
  }
  return false;
}

std::string_view EventFieldName(EventField field) {
  for (const auto& [n, f] : kFieldNames) {
    if (f == field) return n;
  }
  return "?";
}

std::string* EventStringField(Event& e, EventField field) {
  switch (field) {
    case EventField::kUser:
      return &e.user;
    case EventField::kRole:
      return &e.role;
    case EventField::kDepartment:
      return &e.department;
    case EventField::kAction:
      return &e.action;
    case EventField::kPatient:
      return &e.patient;
    case EventField::kRecordType:
      return &e.record_type;
    case EventField::kWorkstation:
      return &e.workstation;
    case EventField::kClientIp:
      return &e.client_ip;
    case EventField::kOutcome:
      return &e.outcome;
    case EventField::kEventId:
      return &e.event_id;
    case EventField::kStatement:
      return &e.statement;
    case EventField::kTs:
    case EventField::kRecordCount:
      return nullptr;
  }
  return nullptr;
}

}  // namespace phi
