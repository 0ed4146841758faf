// Read-only lookups over the appointments feed: by patient, by provider, and by time.
#pragma once

#include <span>
#include <utility>
#include <vector>

#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

class AppointmentIndex {
 public:
  // REQUIRES: hospital.appointments sorted by time; the hospital outlives the index.
  explicit AppointmentIndex(const Hospital& hospital);

  std::span<const uint32_t> OfPatient(uint32_t patient) const;
  std::span<const uint32_t> OfProvider(uint32_t provider) const;
  // Indexes [first, last) into hospital.appointments of those scheduled in [from, to).
  std::pair<size_t, size_t> Between(TimeMicros from, TimeMicros to) const;

  bool HasAppointmentIn(uint32_t patient, Department department) const;
  bool HasAppointmentWith(uint32_t patient, uint32_t provider) const;

 private:
  const Hospital& hospital_;
  std::vector<uint32_t> patient_offsets_;  // CSR, as in EncounterIndex
  std::vector<uint32_t> patient_items_;
  std::vector<uint32_t> provider_offsets_;
  std::vector<uint32_t> provider_items_;
};

}  // namespace phi::demo
