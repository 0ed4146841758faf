#include "daemon/detection/event_view.hpp"

#include <algorithm>

namespace phi {

const EmployeeRecord* EventView::employee() {
  if (!employee_done_) {
    employee_done_ = true;
    if (context_ && !event_.user.empty()) employee_ = context_->FindEmployee(event_.user);
  }
  return employee_;
}

const PatientRecord* EventView::patient() {
  if (!patient_done_) {
    patient_done_ = true;
    if (context_ && !event_.patient.empty()) patient_ = context_->FindPatient(event_.patient);
  }
  return patient_;
}

Explanation EventView::explanation() {
  if (!explanation_done_) {
    explanation_done_ = true;
    if (context_ && !event_.patient.empty() && !event_.user.empty()) {
      explanation_ = context_->Explain(event_.user, event_.patient, event_.ts);
    }
  }
  return explanation_;
}

bool EventView::care_relationship() {
  Explanation e = explanation();
  return e == Explanation::kAttending || e == Explanation::kDepartmentEncounter;
}

void EventView::ResolveLocalTime() {
  if (local_done_) return;
  local_done_ = true;
  int64_t local = event_.ts / kMicrosPerSecond + settings_.time_zone.OffsetAt(event_.ts);
  day_ = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  int64_t second_of_day = local - day_ * 86400;
  hour_ = static_cast<int>(second_of_day / 3600);
  weekday_ = static_cast<int>(((day_ % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
}

int EventView::local_hour() {
  ResolveLocalTime();
  return hour_;
}

int EventView::local_weekday() {
  ResolveLocalTime();
  return weekday_;
}

int64_t EventView::local_day() {
  ResolveLocalTime();
  return day_;
}

std::string_view EventView::sensitive_class() {
  if (!sensitive_done_) {
    sensitive_done_ = true;
    for (const auto& c : settings_.sensitive_classes) {
      bool type_matches = std::find(c.record_types.begin(), c.record_types.end(),
                                    event_.record_type) != c.record_types.end();
      bool source_matches = c.sources.empty() || std::find(c.sources.begin(), c.sources.end(),
                                                           event_.source) != c.sources.end();
      if (type_matches && source_matches) {
        sensitive_ = c.name;
        break;
      }
    }
  }
  return sensitive_;
}

std::string_view EventView::user_patient() {
  if (user_patient_.empty() && !event_.user.empty() && !event_.patient.empty()) {
    user_patient_.reserve(event_.user.size() + event_.patient.size() + 1);
    user_patient_.append(event_.user).append(1, ':').append(event_.patient);
  }
  return user_patient_;
}

std::string_view EventView::department() {
  if (!event_.department.empty()) return event_.department;
  const EmployeeRecord* e = employee();
  return e && context_ ? context_->strings().Name(e->department) : std::string_view();
}

std::string_view EventView::role() {
  if (!event_.role.empty()) return event_.role;
  const EmployeeRecord* e = employee();
  return e && context_ ? context_->strings().Name(e->role) : std::string_view();
}

}  // namespace phi
