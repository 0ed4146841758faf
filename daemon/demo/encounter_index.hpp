// Read-only lookups over the hospital's encounters: by patient, by department and window day, and
// by admission time; and the care-relationship question the generator must answer per access.
#pragma once

#include <span>
#include <vector>

#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

class EncounterIndex {
 public:
  // REQUIRES: hospital.encounters sorted by admission; the hospital outlives the index.
  explicit EncounterIndex(const Hospital& hospital);

  // Encounters of `department` that overlap window day `day`, 0 <= day < days.
  std::span<const uint32_t> OnDay(Department department, int day) const;
  std::span<const uint32_t> OfPatient(uint32_t patient) const;

  bool HasEncounterIn(uint32_t patient, Department department) const;
  // An encounter of `patient` in `department` that covers time `t`.
  bool HasRelationship(uint32_t patient, Department department, TimeMicros t) const;
  // How many encounters were admitted at or before `t` (they are the first ones).
  size_t AdmittedBy(TimeMicros t) const;

 private:
  const Hospital& hospital_;
  std::vector<uint32_t> patient_offsets_;     // CSR: encounters of patient p are
  std::vector<uint32_t> patient_encounters_;  // patient_encounters_[offsets[p]..offsets[p+1])
  std::vector<std::vector<uint32_t>> by_department_day_;  // [department * days + day]
};

}  // namespace phi::demo
