// Who the people in an event are: employees, patients and care relationships (encounters),
// loaded from the context feeds of PRODUCT.md into one immutable snapshot. Detection asks it,
// per event and in O(1), who the user is, who the patient is, and whether an access is
// explained (a care relationship, or a role whose work touches any patient with an encounter).
// Thread-safety: a snapshot is immutable once built; ContextStore swaps whole snapshots.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/time_util.hpp"
#include "daemon/context/flat_string_index.hpp"

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
  TimeMicros hired = kNoTime;
  TimeMicros terminated = kNoTime;  // access after this instant is after termination
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

struct EncounterRecord {
  InternId department = 0;
  uint32_t attending = UINT32_MAX;  // index into employees, or UINT32_MAX when unknown
  TimeMicros admitted = kNoTime;
  TimeMicros discharged = kNoTime;  // kNoTime: still open
};

// Why an access is allowed, when it is.
enum class Explanation : uint8_t {
  kNone = 0,
  kAttending,            // the user is the encounter's attending
  kDepartmentEncounter,  // the user's department has an encounter open at that time
  kOperationsRole,  // billing, HIM, registration, scheduling... and the patient has an encounter
  kReturning,  // the same user returning to a patient an earlier access of theirs was explained for
};
std::string_view ExplanationName(Explanation e);

struct ContextOptions {
  TimeMicros grace_before_admission = 24LL * 3600 * kMicrosPerSecond;
  TimeMicros grace_after_discharge = 72LL * 3600 * kMicrosPerSecond;
  // Roles whose work touches any patient with an encounter (treatment, payment, operations).
  std::vector<std::string> operations_roles = {"billing_clerk", "him_analyst", "registrar",
                                               "scheduler"};
  // How far from an encounter an operations role may still touch the patient.
  TimeMicros operations_window = 90LL * 86400 * kMicrosPerSecond;
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

  // Whether the user's access to the patient at `ts` is explained, and how (the first reason
  // that holds, in the order of the Explanation enum). O(encounters of the patient).
  // A care relationship (attending or department) holds from grace_before_admission before
  // admission to grace_after_discharge after discharge, or without end while still open.
  Explanation Explain(std::string_view user_id, std::string_view mrn, TimeMicros ts) const;
  // The same for records already looked up. REQUIRES: both come from this snapshot.
  Explanation Explain(const EmployeeRecord& e, const PatientRecord& p, TimeMicros ts) const;

  // The patient's encounters (file order). REQUIRES: `p` comes from this snapshot.
  std::span<const EncounterRecord> EncountersOf(const PatientRecord& p) const;

  // Normalised comparisons used by rules.
  bool SameLastName(const EmployeeRecord& e, const PatientRecord& p) const;
  bool SameAddress(const EmployeeRecord& e, const PatientRecord& p) const;
  bool IsListedContact(const EmployeeRecord& e, const PatientRecord& p) const;

  const StringInterner& strings() const { return strings_; }
  size_t employee_count() const { return employees_.size(); }
  size_t patient_count() const { return patients_.size(); }
  size_t encounter_count() const { return encounters_.size(); }
  const ContextOptions& options() const { return options_; }
  // Heap bytes held by the snapshot (records, strings, indexes), for metrics and benchmarks.
  size_t ApproximateBytes() const;

 private:
  friend class ContextLoader;
  uint32_t PatientIndex(std::string_view mrn) const;
  uint32_t IndexOf(const EmployeeRecord& e) const {
    return static_cast<uint32_t>(&e - employees_.data());
  }
  uint32_t IndexOf(const PatientRecord& p) const {
    return static_cast<uint32_t>(&p - patients_.data());
  }
  Explanation ExplainIndexes(uint32_t employee, uint32_t patient, TimeMicros ts) const;

  ContextOptions options_;
  StringInterner strings_;
  std::vector<EmployeeRecord> employees_;
  FlatStringIndex employee_by_id_;  // user_id -> index in employees_
  std::vector<PatientRecord> patients_;
  FlatStringIndex patient_by_mrn_;  // mrn -> index in patients_
  // Encounters grouped by patient: patient i owns [encounter_begin_[i], encounter_begin_[i+1]).
  std::vector<EncounterRecord> encounters_;
  std::vector<uint32_t> encounter_begin_;
  std::vector<bool> operations_role_;         // by role InternId
  std::vector<InternId> employee_full_name_;  // normalised "first last" per employee
};

}  // namespace phi
