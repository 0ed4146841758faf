// Who the people in an event are: employees, patients and their care episodes (encounters and
// appointments), loaded from the context feeds of PRODUCT.md into one immutable snapshot.
// Detection asks it, per event and in O(1), who the user is, who the patient is, and which
// explanation the context gives an access (see Explanation; docs/detection.md says why each
// window is what it is). Thread-safety: immutable once built; ContextStore swaps whole snapshots.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/time_util.hpp"
#include "daemon/common/time_zone.hpp"
#include "daemon/context/flat_string_index.hpp"
#include "daemon/context/role_class.hpp"

namespace phi {

// Small integer ids for repeated strings (departments, roles, addresses, last names), so that
// comparisons per event are integer compares. 0 means "unknown / empty". The characters live
// in one arena; Name() views stay valid until the next Intern().
using InternId = uint32_t;

class StringInterner {
 public:
  InternId Intern(std::string_view s);      // "" -> 0
  InternId Find(std::string_view s) const;  // 0 when never interned; never allocates
  std::string_view Name(InternId id) const;
  size_t size() const { return ends_.size(); }  // including the empty string, id 0
  void Reserve(size_t strings, size_t chars);
  void ShrinkToFit();
  size_t bytes() const;

 private:
  std::string chars_;              // every string, back to back
  std::vector<uint32_t> ends_{0};  // string i is chars_[ends_[i-1], ends_[i]); ends_[0] = 0
  FlatStringIndex index_;          // string -> id
};

constexpr TimeMicros kNoTime = INT64_MIN;  // an empty date cell

struct EmployeeRecord {
  std::string user_id;
  std::string name;
  InternId last_name = 0;  // normalised: lower case, trimmed
  InternId department = 0;
  InternId role = 0;
  InternId address = 0;  // normalised address (lower case, collapsed spaces, no punctuation)
  RoleClass role_class = RoleClass::kUnknown;
  OperationsWork operations_work = OperationsWork::kGeneral;  // for operations roles
  TimeMicros hired = kNoTime;
  // The termination: a date is the last day worked (terminated_day, days since the epoch, in
  // the detection time zone); a full timestamp is the instant the account ended.
  TimeMicros terminated = kNoTime;
  int64_t terminated_day = INT64_MIN;  // set when the cell was a date
};

struct PatientRecord {
  std::string mrn;
  std::string name;
  InternId last_name = 0;
  InternId address = 0;
  TimeMicros dob = kNoTime;
  bool vip = false;
  std::string employee_user_id;  // the patient is this employee (coworker / self look-ups)
  TimeMicros deceased = kNoTime;
  std::vector<InternId> contact_names;  // normalised full names of guarantor, next of kin, ...
};

// One care episode of a patient: an encounter (a stay or a visit, from the encounters feed) or an
// appointment or order (from the optional appointments feed), with its department and clinician.
struct EncounterRecord {
  InternId department = 0;
  uint32_t attending = UINT32_MAX;  // attending or provider: index into employees, or UINT32_MAX
  TimeMicros admitted = kNoTime;    // appointments: scheduled_at
  TimeMicros discharged = kNoTime;  // kNoTime: still open; appointments: scheduled_at
  bool appointment = false;
};

// Why an access is allowed, when it is, best first. The context gives all but the last four;
// the detection engine learns those from the timeline itself (explanation_memory.hpp).
// docs/detection.md gives each one's window, why, and what it could hide.
enum class Explanation : uint8_t {
  kNone = 0,
  kAttending,              // strong: attending or listed care team of an encounter (grace window)
  kAppointmentProvider,    // strong: provider of an appointment or order (appointment window)
  kDepartmentEncounter,    // strong: the user's department has an encounter (grace window)
  kDepartmentAppointment,  // strong: the user's department has an appointment (appointment window)
  kCaseload,               // strong: the user was the patient's attending or provider (follow-up)
  kOperationsRole,         // strong: billing, HIM, registration... around an episode it serves
  kDepartmentFollowUp,     // weak: the user's department treated the patient (follow-up window)
  kServiceDepartment,      // weak: a service department (pharmacy, lab...) on an admitted patient
  kRecordsReview,          // weak: HIM or quality staff on past care; privacy and audit staff
  kInpatientCover,         // weak: a clinician on a patient in the hospital now (consult, cover)
  kReturning,              // weak: the user's own earlier, strongly explained access
  kDepartmentWorkingSet,   // weak: colleagues of the user's department, strongly explained
  kWorksWithDepartment,    // weak: the user has lately been working on that department's patients
  kWorksWithColleague,     // weak: ...or on the patients of this patient's own clinician
};
inline constexpr int kExplanationCount = 15;
std::string_view ExplanationName(Explanation e);

enum class ExplanationStrength : uint8_t { kNone, kWeak, kStrong };
ExplanationStrength StrengthOf(Explanation e);
std::string_view StrengthName(ExplanationStrength s);

struct ContextOptions {
  // Encounters: from this long before admission to this long after discharge.
  TimeMicros grace_before_admission = 24LL * 3600 * kMicrosPerSecond;
  TimeMicros grace_after_discharge = 72LL * 3600 * kMicrosPerSecond;
  // Appointments: chart preparation before, documentation and results after.
  TimeMicros appointment_before = 72LL * 3600 * kMicrosPerSecond;
  TimeMicros appointment_after = 7LL * 86400 * kMicrosPerSecond;
  // Follow-up: a department that treated the patient this long before (results, follow-up
  // calls, referrals) or will treat them this soon (pre-visit preparation).
  TimeMicros follow_up_after = 90LL * 86400 * kMicrosPerSecond;
  TimeMicros follow_up_before = 30LL * 86400 * kMicrosPerSecond;
  // Caseload: the user's own patient, from this long before the user's own appointment with
  // them (a referral reviewed before a first visit) to this long after their last care.
  TimeMicros caseload_after = 180LL * 86400 * kMicrosPerSecond;
  TimeMicros caseload_before = 90LL * 86400 * kMicrosPerSecond;
  // How long after an episode billing, coding and health information management work on it
  // (claims, denials, abstracting); registration and scheduling have shorter windows of their
  // own around arrival and before appointments (context_snapshot.cpp).
  TimeMicros operations_window = 90LL * 86400 * kMicrosPerSecond;
  // Departments that serve the patients of every other department (pharmacy, laboratory, case
  // management...): these words in the department's name, or a department that holds no
  // encounter or appointment of its own.
  std::vector<std::string> service_department_words = DefaultServiceDepartmentWords();
  // Role names that are operations roles whatever their words say (added to role_classes).
  std::vector<std::string> operations_roles;
  std::vector<RoleClassKeywords> role_classes = DefaultRoleClassKeywords();
  // Seconds east of UTC of the detection time zone, for date-only termination cells.
  TimeZone time_zone;
};

// What the context says about one access: the explanation, and the episode it rests on.
struct ContextExplanation {
  Explanation explanation = Explanation::kNone;
  const EncounterRecord* episode = nullptr;
};

// One loaded generation of the three feeds. Lookups and Explain() never allocate.
class ContextSnapshot {
 public:
  ContextSnapshot() = default;

  const EmployeeRecord* FindEmployee(std::string_view user_id) const;
  const PatientRecord* FindPatient(std::string_view mrn) const;
  // The employee index of a user id, or UINT32_MAX.
  uint32_t EmployeeIndex(std::string_view user_id) const;
  // REQUIRES: index < employee_count() (EncounterRecord::attending, EmployeeIndex()).
  const EmployeeRecord& EmployeeAt(uint32_t index) const { return employees_[index]; }

  // Which explanation the context gives the user's access to the patient at `ts` (the best
  // that holds, in the order of the Explanation enum). O(episodes of the patient), no
  // allocation. `working_department` is the department the event says the user worked in,
  // when it differs from the employee record's (float staff, rotations); 0 when none.
  Explanation Explain(std::string_view user_id, std::string_view mrn, TimeMicros ts) const;
  // The same for records already looked up. REQUIRES: both come from this snapshot.
  Explanation Explain(const EmployeeRecord& e, const PatientRecord& p, TimeMicros ts) const;
  ContextExplanation ExplainDetailed(const EmployeeRecord& e, const PatientRecord& p, TimeMicros ts,
                                     InternId working_department = 0,
                                     bool clinical_content = false) const;
  // Departments with an episode of the patient open at `ts` (the strong windows), at most
  // `max` of them; what cross-cover learning counts.
  size_t CurrentDepartments(const PatientRecord& p, TimeMicros ts, InternId* out, size_t max) const;
  // The patient's own clinicians (attending or provider of an episode within the caseload
  // windows), as employee indexes, at most `max` of them.
  size_t Clinicians(const PatientRecord& p, TimeMicros ts, uint32_t* out, size_t max) const;

  // The patient's episodes, encounters then appointments (file order within each).
  // REQUIRES: `p` comes from this snapshot.
  std::span<const EncounterRecord> EncountersOf(const PatientRecord& p) const;

  // Normalised comparisons used by rules.
  bool SameLastName(const EmployeeRecord& e, const PatientRecord& p) const;
  bool SameAddress(const EmployeeRecord& e, const PatientRecord& p) const;
  bool IsListedContact(const EmployeeRecord& e, const PatientRecord& p) const;

  const StringInterner& strings() const { return strings_; }
  size_t employee_count() const { return employees_.size(); }
  size_t patient_count() const { return patients_.size(); }
  size_t encounter_count() const { return encounters_.size() - appointment_count_; }
  size_t appointment_count() const { return appointment_count_; }
  RoleClass ClassifyRole(std::string_view role, std::string_view department) const {
    return role_classifier_.Classify(role, department);
  }
  // Whether encounters or appointments name this department; whether it is a service one.
  bool HoldsEpisodes(InternId department) const { return DepartmentFlag(department, kHolds); }
  bool IsServiceDepartment(InternId department) const {
    return DepartmentFlag(department, kService);
  }
  // A department of half the staff or more (a small practice's one department): belonging to
  // it explains nothing about a patient (PRODUCT.md); the caseload does.
  bool IsWholeOrganisation(InternId department) const { return DepartmentFlag(department, kWhole); }
  const ContextOptions& options() const { return options_; }
  // Heap bytes held by the snapshot (records, strings, indexes), for metrics and benchmarks.
  size_t ApproximateBytes() const;

 private:
  friend class ContextLoader;
  uint32_t PatientIndex(std::string_view mrn) const;
  // Within the window in which an episode explains an access strongly (grace or appointment).
  bool WithinStrongWindow(const EncounterRecord& enc, TimeMicros ts) const;
  // A stay in progress at `ts` (an encounter, begun a month ago at most, not of a
  // whole-organisation department), or a stay of a night or more that ended less than
  // `after_discharge` ago.
  bool AdmittedNow(const EncounterRecord& enc, TimeMicros ts, TimeMicros after_discharge = 0) const;
  // Within the window in which an operations role's work follows the episode.
  bool WithinOperationsWindow(const EncounterRecord& enc, OperationsWork work, TimeMicros ts) const;
  static constexpr uint8_t kHolds = 1, kService = 2, kWhole = 4;
  bool DepartmentFlag(InternId department, uint8_t flag) const {
    return department != 0 && department < department_flags_.size() &&
           (department_flags_[department] & flag);
  }
  uint32_t IndexOf(const EmployeeRecord& e) const {
    return static_cast<uint32_t>(&e - employees_.data());
  }
  uint32_t IndexOf(const PatientRecord& p) const {
    return static_cast<uint32_t>(&p - patients_.data());
  }

  ContextOptions options_;
  StringInterner strings_;
  std::vector<EmployeeRecord> employees_;
  FlatStringIndex employee_by_id_;  // user_id -> index in employees_
  std::vector<PatientRecord> patients_;
  FlatStringIndex patient_by_mrn_;  // mrn -> index in patients_
  // Encounters grouped by patient: patient i owns [encounter_begin_[i], encounter_begin_[i+1]).
  std::vector<EncounterRecord> encounters_;
  std::vector<uint32_t> encounter_begin_;
  size_t appointment_count_ = 0;
  std::vector<uint8_t> department_flags_;  // by department InternId: kHolds, kService, kWhole
  RoleClassifier role_classifier_;
  std::vector<InternId> employee_full_name_;  // normalised "first last" per employee
};

}  // namespace phi
