// Who stays and visits are for (see care_patient_picker.hpp).
#include "daemon/demo/care_patient_picker.hpp"

#include "daemon/demo/world_rates.hpp"

namespace phi::demo {

CarePatientPicker::CarePatientPicker(const Hospital& h) : h_(h), own_staff_(kDepartmentCount) {
  std::vector<int> household_department(static_cast<size_t>(h.household_count), -1);
  for (const Employee& e : h.employees) {
    if (e.household >= 0 && e.role != Role::kService) {
      household_department[static_cast<size_t>(e.household)] = static_cast<int>(e.department);
    }
  }
  for (uint32_t p = 0; p < h.patients.size(); ++p) {
    const int32_t household = h.patients[p].household;
    if (household < 0) continue;
    const int d = household_department[static_cast<size_t>(household)];
    if (d < 0) continue;
    staff_households_.push_back(p);
    own_staff_[static_cast<size_t>(d)].push_back(p);
  }
}

bool CarePatientPicker::Fits(uint32_t p, Department d, int64_t from, int64_t to) const {
  const Patient& patient = h_.patients[p];
  if (patient.deceased_day != kNoDay && patient.deceased_day <= to) return false;
  const int64_t age_days = from - patient.dob_day;
  if (age_days < 0) return false;
  if (d == Department::kPediatrics) return age_days < 18 * 365;
  if (d == Department::kObstetrics) return age_days >= 16 * 365 && age_days < 46 * 365;
  return true;
}

std::optional<uint32_t> CarePatientPicker::Pick(Department d, int64_t from, int64_t to,
                                                DemoRandom& rng) const {
  const auto n = static_cast<uint32_t>(h_.patients.size());
  if (n == 0) return std::nullopt;
  if (rng.Chance(kStaffCareShare)) {
    const auto& own = own_staff_[static_cast<size_t>(d)];
    const auto& pool = !own.empty() && rng.Chance(0.5) ? own : staff_households_;
    for (int tries = 0; tries < 5 && !pool.empty(); ++tries) {
      uint32_t p = rng.Pick(pool);
      if (Fits(p, d, from, to)) return p;
    }
  }
  std::optional<uint32_t> alive;
  for (int tries = 0; tries < 30; ++tries) {
    uint32_t p = rng.Below(n);
    if (Fits(p, d, from, to)) return p;
    const Patient& patient = h_.patients[p];
    if (!alive && (patient.deceased_day == kNoDay || patient.deceased_day > to)) alive = p;
  }
  if (alive) return alive;
  for (uint32_t p = 0; p < n; ++p) {
    const Patient& patient = h_.patients[p];
    if (patient.deceased_day == kNoDay || patient.deceased_day > to) return p;
  }
  return std::nullopt;
}

}  // namespace phi::demo
