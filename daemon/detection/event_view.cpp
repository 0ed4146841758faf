#include "daemon/detection/event_view.hpp"

#include "daemon/common/fnv_hash.hpp"

namespace phi {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
// A shift that began on the last day worked may run this far past its end.
constexpr TimeMicros kLastShiftOverrun = 12 * 3600LL * kMicrosPerSecond;

int64_t LocalDayOf(TimeMicros ts, const TimeZone& zone) {
  int64_t local = ts / kMicrosPerSecond + zone.OffsetAt(ts);
  return local >= 0 ? local / kSecondsPerDay : (local - kSecondsPerDay + 1) / kSecondsPerDay;
}

}  // namespace

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

InternId EventView::working_department() {
  if (!working_done_) {
    working_done_ = true;
    const EmployeeRecord* e = employee();
    if (e && !event_.department.empty()) {
      InternId id = context_->strings().Find(event_.department);
      if (id != e->department) working_department_ = id;
    }
  }
  return working_department_;
}

void EventView::ResolveExplanation() {
  if (explanation_done_) return;
  explanation_done_ = true;
  if (!context_ || event_.user.empty() || event_.patient.empty()) return;
  const EmployeeRecord* e = employee();
  const PatientRecord* p = patient();
  if (e && p) {
    const bool administrative =
        aids_.sensitive ? aids_.sensitive->IsAdministrative(event_.record_type)
                        : SensitiveRecordIndex::ClassifyAdministrative(event_.record_type);
    ContextExplanation c =
        context_->ExplainDetailed(*e, *p, event_.ts, working_department(), !administrative);
    explanation_ = c.explanation;
    episode_ = c.episode;
  }
  // A weak context explanation is as good as any learned one.
  if (explanation_ != Explanation::kNone || !aids_.memory) return;
  const uint64_t* departments = nullptr;
  size_t n = current_departments(departments);
  const uint64_t* colleagues = nullptr;
  size_t m = clinicians(colleagues);
  learned_ = aids_.memory->Lookup(access_facts(), departments, n, colleagues, m);
  explanation_ = learned_.explanation;
}

Explanation EventView::explanation() {
  ResolveExplanation();
  return explanation_;
}

const EncounterRecord* EventView::explanation_episode() {
  ResolveExplanation();
  return episode_;
}

const LearnedExplanation& EventView::learned() {
  ResolveExplanation();
  return learned_;
}

bool EventView::care_relationship() {
  Explanation e = explanation();
  return e != Explanation::kNone && e != Explanation::kOperationsRole &&
         StrengthOf(e) == ExplanationStrength::kStrong;
}

AccessFacts EventView::access_facts() {
  AccessFacts a;
  a.user = HashText(event_.user);
  a.patient = HashText(event_.patient);
  const EmployeeRecord* e = employee();
  std::string_view department =
      e && context_ ? context_->strings().Name(e->department) : std::string_view(event_.department);
  if (!department.empty()) a.department = HashText(department);
  if (working_department() != 0) a.working_department = HashText(event_.department);
  a.day = local_day();
  return a;
}

size_t EventView::current_departments(const uint64_t*& out) {
  if (!departments_done_) {
    departments_done_ = true;
    const PatientRecord* p = patient();
    if (p) {
      InternId ids[kMaxCurrentDepartments];
      department_count_ = context_->CurrentDepartments(*p, event_.ts, ids, kMaxCurrentDepartments);
      for (size_t i = 0; i < department_count_; ++i)
        department_hashes_[i] = HashText(context_->strings().Name(ids[i]));
    }
  }
  out = department_hashes_;
  return department_count_;
}

size_t EventView::clinicians(const uint64_t*& out) {
  if (!clinicians_done_) {
    clinicians_done_ = true;
    const PatientRecord* p = patient();
    if (p) {
      uint32_t ids[kMaxClinicians];
      clinician_count_ = context_->Clinicians(*p, event_.ts, ids, kMaxClinicians);
      for (size_t i = 0; i < clinician_count_; ++i)
        clinician_hashes_[i] = HashText(context_->EmployeeAt(ids[i]).user_id);
    }
  }
  out = clinician_hashes_;
  return clinician_count_;
}

void EventView::ResolveLocalTime() {
  if (local_done_) return;
  local_done_ = true;
  int64_t local = event_.ts / kMicrosPerSecond + settings_.time_zone.OffsetAt(event_.ts);
  day_ = LocalDayOf(event_.ts, settings_.time_zone);
  int64_t second_of_day = local - day_ * kSecondsPerDay;
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
    sensitive_ = aids_.sensitive
                     ? aids_.sensitive->ClassOf(event_.record_type, event_.source)
                     : SensitiveRecordIndex::Classify(settings_.sensitive_classes,
                                                      event_.record_type, event_.source);
  }
  return sensitive_;
}

RoleClass EventView::role_class() {
  const EmployeeRecord* e = employee();
  if (e) return e->role_class;
  if (context_) return context_->ClassifyRole(event_.role, event_.department);
  static const RoleClassifier kDefault;
  return kDefault.Classify(event_.role, event_.department);
}

bool EventView::after_termination() {
  const EmployeeRecord* e = employee();
  if (!e) return false;
  if (e->terminated != kNoTime) return event_.ts > e->terminated;
  if (e->terminated_day == INT64_MIN || local_day() <= e->terminated_day) return false;
  // Still the shift that began on the last day worked, not long past its end?
  if (has_history_ && history_.session_start != 0 &&
      LocalDayOf(history_.session_start, settings_.time_zone) <= e->terminated_day &&
      local_day() == e->terminated_day + 1 &&
      local_hour() * 3600LL * kMicrosPerSecond < kLastShiftOverrun) {
    return false;
  }
  return true;
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
