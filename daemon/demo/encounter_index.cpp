// Builds and answers the encounter lookups (see encounter_index.hpp).
#include "daemon/demo/encounter_index.hpp"

#include <algorithm>

namespace phi::demo {

EncounterIndex::EncounterIndex(const Hospital& h) : hospital_(h) {
  patient_offsets_.assign(h.patients.size() + 1, 0);
  for (const auto& e : h.encounters) ++patient_offsets_[e.patient + 1];
  for (size_t p = 0; p < h.patients.size(); ++p) patient_offsets_[p + 1] += patient_offsets_[p];
  patient_encounters_.resize(h.encounters.size());
  std::vector<uint32_t> fill(patient_offsets_.begin(), patient_offsets_.end() - 1);
  for (uint32_t i = 0; i < h.encounters.size(); ++i) {
    patient_encounters_[fill[h.encounters[i].patient]++] = i;
  }

  const int days = h.options.days;
  by_department_day_.resize(static_cast<size_t>(kDepartmentCount * days));
  for (uint32_t i = 0; i < h.encounters.size(); ++i) {
    const Encounter& e = h.encounters[i];
    int64_t first = std::max<int64_t>(0, (e.admitted - h.options.start) / kMicrosPerDay);
    if (e.admitted < h.options.start) first = 0;
    int64_t last =
        e.discharged == kNever ? days - 1 : (e.discharged - 1 - h.options.start) / kMicrosPerDay;
    if (e.discharged != kNever && e.discharged <= h.options.start) continue;
    last = std::min<int64_t>(last, days - 1);
    for (int64_t day = first; day <= last; ++day) {
      by_department_day_[static_cast<size_t>(static_cast<int>(e.department) * days + day)]
          .push_back(i);
    }
  }
}

std::span<const uint32_t> EncounterIndex::OnDay(Department department, int day) const {
  return by_department_day_[static_cast<size_t>(
      static_cast<int>(department) * hospital_.options.days + day)];
}

std::span<const uint32_t> EncounterIndex::OfPatient(uint32_t patient) const {
  return {patient_encounters_.data() + patient_offsets_[patient],
          patient_offsets_[patient + 1] - patient_offsets_[patient]};
}

bool EncounterIndex::HasEncounterIn(uint32_t patient, Department department) const {
  for (uint32_t i : OfPatient(patient)) {
    if (hospital_.encounters[i].department == department) return true;
  }
  return false;
}

bool EncounterIndex::HasRelationship(uint32_t patient, Department department, TimeMicros t) const {
  for (uint32_t i : OfPatient(patient)) {
    const Encounter& e = hospital_.encounters[i];
    if (e.department == department && e.admitted <= t && t < e.discharged) return true;
  }
  return false;
}

size_t EncounterIndex::AdmittedBy(TimeMicros t) const {
  auto it =
      std::upper_bound(hospital_.encounters.begin(), hospital_.encounters.end(), t,
                       [](TimeMicros value, const Encounter& e) { return value < e.admitted; });
  return static_cast<size_t>(it - hospital_.encounters.begin());
}

}  // namespace phi::demo
