#include "daemon/context/context_snapshot.hpp"

#include <algorithm>
#include <limits>

namespace phi {

// ---------------------------------------------------------------------------------------------
// StringInterner

InternId StringInterner::Intern(std::string_view s) {
  if (s.empty()) return 0;
  const uint64_t hash = FlatStringIndex::Hash(s);
  auto key_of = [this](uint32_t id) { return Name(id); };
  uint32_t found = index_.Find(s, hash, key_of);
  if (found != FlatStringIndex::kNotFound) return found;
  const auto id = static_cast<InternId>(ends_.size());
  chars_.append(s);
  ends_.push_back(static_cast<uint32_t>(chars_.size()));
  index_.Insert(hash, id, key_of);
  return id;
}

InternId StringInterner::Find(std::string_view s) const {
  if (s.empty()) return 0;
  uint32_t found =
      index_.Find(s, FlatStringIndex::Hash(s), [this](uint32_t id) { return Name(id); });
  return found == FlatStringIndex::kNotFound ? 0 : found;
}

std::string_view StringInterner::Name(InternId id) const {
  if (id == 0 || id >= ends_.size()) return {};
  return std::string_view(chars_).substr(ends_[id - 1], ends_[id] - ends_[id - 1]);
}

void StringInterner::Reserve(size_t strings, size_t chars) {
  ends_.reserve(strings + 1);
  chars_.reserve(chars);
  index_.Reserve(strings);
}

void StringInterner::ShrinkToFit() {
  chars_.shrink_to_fit();
  ends_.shrink_to_fit();
}

size_t StringInterner::bytes() const {
  return chars_.capacity() + ends_.capacity() * sizeof(uint32_t) + index_.bytes();
}

// ---------------------------------------------------------------------------------------------
// ContextSnapshot

std::string_view ExplanationName(Explanation e) {
  switch (e) {
    case Explanation::kNone:
      return "none";
    case Explanation::kAttending:
      return "attending";
    case Explanation::kAppointmentProvider:
      return "appointment_provider";
    case Explanation::kDepartmentEncounter:
      return "department_encounter";
    case Explanation::kDepartmentAppointment:
      return "department_appointment";
    case Explanation::kCaseload:
      return "caseload";
    case Explanation::kOperationsRole:
      return "operations_role";
    case Explanation::kDepartmentFollowUp:
      return "department_follow_up";
    case Explanation::kServiceDepartment:
      return "service_department";
    case Explanation::kRecordsReview:
      return "records_review";
    case Explanation::kInpatientCover:
      return "inpatient_cover";
    case Explanation::kReturning:
      return "returning";
    case Explanation::kDepartmentWorkingSet:
      return "department_working_set";
    case Explanation::kWorksWithDepartment:
      return "works_with_department";
    case Explanation::kWorksWithColleague:
      return "works_with_colleague";
  }
  return "unknown";
}

ExplanationStrength StrengthOf(Explanation e) {
  if (e == Explanation::kNone) return ExplanationStrength::kNone;
  return e <= Explanation::kOperationsRole ? ExplanationStrength::kStrong
                                           : ExplanationStrength::kWeak;
}

std::string_view StrengthName(ExplanationStrength s) {
  switch (s) {
    case ExplanationStrength::kNone:
      return "none";
    case ExplanationStrength::kWeak:
      return "weak";
    case ExplanationStrength::kStrong:
      return "strong";
  }
  return "none";
}

uint32_t ContextSnapshot::EmployeeIndex(std::string_view user_id) const {
  if (user_id.empty()) return UINT32_MAX;
  return employee_by_id_.Find(user_id, FlatStringIndex::Hash(user_id), [this](uint32_t i) {
    return std::string_view(employees_[i].user_id);
  });
}

uint32_t ContextSnapshot::PatientIndex(std::string_view mrn) const {
  if (mrn.empty()) return UINT32_MAX;
  return patient_by_mrn_.Find(mrn, FlatStringIndex::Hash(mrn),
                              [this](uint32_t i) { return std::string_view(patients_[i].mrn); });
}

const EmployeeRecord* ContextSnapshot::FindEmployee(std::string_view user_id) const {
  uint32_t i = EmployeeIndex(user_id);
  return i == UINT32_MAX ? nullptr : &employees_[i];
}

const PatientRecord* ContextSnapshot::FindPatient(std::string_view mrn) const {
  uint32_t i = PatientIndex(mrn);
  return i == UINT32_MAX ? nullptr : &patients_[i];
}

std::span<const EncounterRecord> ContextSnapshot::EncountersOf(const PatientRecord& p) const {
  uint32_t i = IndexOf(p);
  if (i + 1 >= encounter_begin_.size()) return {};
  return std::span<const EncounterRecord>(encounters_.data() + encounter_begin_[i],
                                          encounter_begin_[i + 1] - encounter_begin_[i]);
}

Explanation ContextSnapshot::Explain(std::string_view user_id, std::string_view mrn,
                                     TimeMicros ts) const {
  const EmployeeRecord* e = FindEmployee(user_id);
  const PatientRecord* p = FindPatient(mrn);
  if (!e || !p) return Explanation::kNone;
  return ExplainDetailed(*e, *p, ts).explanation;
}

Explanation ContextSnapshot::Explain(const EmployeeRecord& e, const PatientRecord& p,
                                     TimeMicros ts) const {
  return ExplainDetailed(e, p, ts).explanation;
}

namespace {

// ts lies within [begin - before, end + after]; end == kNoTime means still open. Saturating,
// so that a huge configured window cannot overflow.
bool WithinWindow(TimeMicros ts, TimeMicros begin, TimeMicros end, TimeMicros before,
                  TimeMicros after) {
  constexpr TimeMicros kMin = std::numeric_limits<TimeMicros>::min();
  constexpr TimeMicros kMax = std::numeric_limits<TimeMicros>::max();
  TimeMicros from = begin < kMin + before ? kMin : begin - before;
  if (ts < from) return false;
  if (end == kNoTime) return true;
  TimeMicros to = end > kMax - after ? kMax : end + after;
  return ts <= to;
}

}  // namespace

bool ContextSnapshot::WithinStrongWindow(const EncounterRecord& enc, TimeMicros ts) const {
  return enc.appointment
             ? WithinWindow(ts, enc.admitted, enc.discharged, options_.appointment_before,
                            options_.appointment_after)
             : WithinWindow(ts, enc.admitted, enc.discharged, options_.grace_before_admission,
                            options_.grace_after_discharge);
}

namespace {

constexpr TimeMicros kLongestStay = 30LL * 86400 * kMicrosPerSecond;

}  // namespace

bool ContextSnapshot::AdmittedNow(const EncounterRecord& enc, TimeMicros ts,
                                  TimeMicros after_discharge) const {
  // Not a practice's standing episode of care: a stay of a month at most so far, in a
  // department that is not the whole organisation.
  // Only a stay of a night or more is followed up after it ends: a short visit's work ends
  // with it.
  constexpr TimeMicros kOvernight = 12LL * 3600 * kMicrosPerSecond;
  const TimeMicros until =
      enc.discharged == kNoTime
          ? ts
          : enc.discharged + (enc.discharged - enc.admitted >= kOvernight ? after_discharge : 0);
  return !enc.appointment && enc.admitted <= ts &&
         std::min(ts, until) - enc.admitted <= kLongestStay && ts <= until &&
         !IsWholeOrganisation(enc.department);
}

bool ContextSnapshot::WithinOperationsWindow(const EncounterRecord& enc, OperationsWork work,
                                             TimeMicros ts) const {
  constexpr TimeMicros kDay = 86400LL * kMicrosPerSecond;
  switch (work) {
    case OperationsWork::kBilling:  // claims follow care: from its start to months after
    case OperationsWork::kCoding:
      return WithinWindow(ts, enc.admitted, enc.discharged, 0, options_.operations_window);
    case OperationsWork::kRegistration:  // around arrival, and during a stay
      return WithinWindow(ts, enc.admitted, enc.discharged, 14 * kDay, 2 * kDay);
    case OperationsWork::kScheduling:  // the weeks before a visit; follow-ups after one
      return WithinWindow(ts, enc.admitted, enc.discharged, 60 * kDay, 30 * kDay);
    case OperationsWork::kGeneral:
      return WithinWindow(ts, enc.admitted, enc.discharged, 14 * kDay, 30 * kDay);
  }
  return false;
}

ContextExplanation ContextSnapshot::ExplainDetailed(const EmployeeRecord& e, const PatientRecord& p,
                                                    TimeMicros ts, InternId working_department,
                                                    bool clinical_content) const {
  const uint32_t employee = IndexOf(e);
  // Front desk, scheduling and billing need administrative records; coders read the chart.
  const bool operations = e.role_class == RoleClass::kOperations &&
                          (!clinical_content || e.operations_work == OperationsWork::kCoding);
  const bool records = e.role_class == RoleClass::kRecords;
  // Privacy and audit staff review any record's use: weak, whatever the patient's care.
  if (e.role_class == RoleClass::kAudit) return {Explanation::kRecordsReview, nullptr};
  // Operations staff of a clinical department (its front desk) work on its own patients only.
  const bool own_department_only = HoldsEpisodes(e.department);
  if (working_department == e.department) working_department = 0;
  const bool clinician =
      e.role_class == RoleClass::kClinical || e.role_class == RoleClass::kUnknown;
  const bool service = working_department == 0 && IsServiceDepartment(e.department) && clinician;
  ContextExplanation best;
  auto consider = [&best](Explanation x, const EncounterRecord& episode) {
    if (best.explanation == Explanation::kNone || x < best.explanation) best = {x, &episode};
  };
  for (const EncounterRecord& enc : EncountersOf(p)) {
    const bool mine = enc.attending == employee;
    const bool my_department =
        enc.department != 0 && !IsWholeOrganisation(enc.department) &&
        (enc.department == e.department || enc.department == working_department);
    if ((mine || my_department) && WithinStrongWindow(enc, ts)) {
      if (mine && !enc.appointment) return {Explanation::kAttending, &enc};
      if (mine) {
        consider(Explanation::kAppointmentProvider, enc);
      } else {
        consider(enc.appointment ? Explanation::kDepartmentAppointment
                                 : Explanation::kDepartmentEncounter,
                 enc);
      }
      continue;
    }
    if (mine && WithinWindow(ts, enc.admitted, enc.discharged, options_.caseload_before,
                             options_.caseload_after)) {
      consider(Explanation::kCaseload, enc);
    } else if ((mine || my_department) &&
               WithinWindow(ts, enc.admitted, enc.discharged, options_.follow_up_before,
                            options_.follow_up_after)) {
      consider(Explanation::kDepartmentFollowUp, enc);
    }
    const bool ops_reach = !own_department_only || my_department ||
                           (enc.department == e.department && IsWholeOrganisation(e.department));
    if ((operations || records) && ops_reach) {
      bool within =
          records ? WithinWindow(ts, enc.admitted, enc.discharged, 0, options_.operations_window)
                  : WithinOperationsWindow(enc, e.operations_work, ts);
      if (within) consider(Explanation::kOperationsRole, enc);
    }
    // Release of information, audits and quality reviews reach back to any past care.
    if (records && ops_reach) {
      consider(Explanation::kRecordsReview, enc);
    }
    // Service departments serve, and consults and cross-cover happen all day on, patients in
    // the hospital: a clinician on a patient admitted now is weakly explained. Service work
    // (imaging reports, results, dietary and therapy notes) is finished in the days after a
    // stay too: the encounter's grace window.
    if (clinician && AdmittedNow(enc, ts, service ? options_.grace_after_discharge : 0)) {
      consider(service ? Explanation::kServiceDepartment : Explanation::kInpatientCover, enc);
    }
  }
  return best;
}

size_t ContextSnapshot::Clinicians(const PatientRecord& p, TimeMicros ts, uint32_t* out,
                                   size_t max) const {
  size_t n = 0;
  for (const EncounterRecord& enc : EncountersOf(p)) {
    if (n == max) break;
    if (enc.attending == UINT32_MAX ||
        !WithinWindow(ts, enc.admitted, enc.discharged, options_.caseload_before,
                      options_.caseload_after))
      continue;
    if (std::find(out, out + n, enc.attending) == out + n) out[n++] = enc.attending;
  }
  return n;
}

size_t ContextSnapshot::CurrentDepartments(const PatientRecord& p, TimeMicros ts, InternId* out,
                                           size_t max) const {
  size_t n = 0;
  for (const EncounterRecord& enc : EncountersOf(p)) {
    if (n == max) break;
    // A whole-organisation department says nothing about who may work on whom.
    if (enc.department == 0 || IsWholeOrganisation(enc.department) || !WithinStrongWindow(enc, ts))
      continue;
    if (std::find(out, out + n, enc.department) == out + n) out[n++] = enc.department;
  }
  return n;
}

bool ContextSnapshot::SameLastName(const EmployeeRecord& e, const PatientRecord& p) const {
  return e.last_name != 0 && e.last_name == p.last_name;
}

bool ContextSnapshot::SameAddress(const EmployeeRecord& e, const PatientRecord& p) const {
  return e.address != 0 && e.address == p.address;
}

bool ContextSnapshot::IsListedContact(const EmployeeRecord& e, const PatientRecord& p) const {
  uint32_t i = IndexOf(e);
  if (i >= employee_full_name_.size()) return false;
  InternId name = employee_full_name_[i];
  if (name == 0) return false;
  return std::find(p.contact_names.begin(), p.contact_names.end(), name) != p.contact_names.end();
}

namespace {

size_t HeapBytes(const std::string& s) {
  return s.capacity() > 15 ? s.capacity() + 1 : 0;  // beyond libstdc++'s inline buffer
}

}  // namespace

size_t ContextSnapshot::ApproximateBytes() const {
  size_t bytes = strings_.bytes() + employee_by_id_.bytes() + patient_by_mrn_.bytes();
  bytes += employees_.capacity() * sizeof(EmployeeRecord);
  for (const EmployeeRecord& e : employees_) bytes += HeapBytes(e.user_id) + HeapBytes(e.name);
  bytes += patients_.capacity() * sizeof(PatientRecord);
  for (const PatientRecord& p : patients_) {
    bytes += HeapBytes(p.mrn) + HeapBytes(p.name) + HeapBytes(p.employee_user_id) +
             p.contact_names.capacity() * sizeof(InternId);
  }
  bytes += encounters_.capacity() * sizeof(EncounterRecord);
  bytes += encounter_begin_.capacity() * sizeof(uint32_t);
  bytes += employee_full_name_.capacity() * sizeof(InternId);
  return bytes;
}

}  // namespace phi
