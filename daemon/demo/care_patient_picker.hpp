// Picks who a stay or a visit is for: a living patient of a plausible age for the department, and
// now and then (kStaffCareShare) someone of a staff household, often of that department's staff.
#pragma once

#include <optional>
#include <vector>

#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

class CarePatientPicker {
 public:
  // REQUIRES: the hospital outlives the picker.
  explicit CarePatientPicker(const Hospital& hospital);

  // A patient alive from epoch day `from` to `to` (both inclusive); none if everyone has died.
  std::optional<uint32_t> Pick(Department department, int64_t from, int64_t to,
                               DemoRandom& rng) const;

 private:
  bool Fits(uint32_t patient, Department department, int64_t from, int64_t to) const;

  const Hospital& h_;
  std::vector<uint32_t> staff_households_;        // patients who are staff or live with staff
  std::vector<std::vector<uint32_t>> own_staff_;  // [department]: its staff's households
};

}  // namespace phi::demo
