// Builds and answers the appointment lookups (see appointment_index.hpp).
#include "daemon/demo/appointment_index.hpp"

#include <algorithm>

namespace phi::demo {
namespace {

template <typename KeyOf>
void BuildCsr(size_t keys, size_t items, KeyOf key_of, std::vector<uint32_t>& offsets,
              std::vector<uint32_t>& out) {
  offsets.assign(keys + 1, 0);
  for (uint32_t i = 0; i < items; ++i) ++offsets[key_of(i) + 1];
  for (size_t k = 0; k < keys; ++k) offsets[k + 1] += offsets[k];
  out.resize(items);
  std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
  for (uint32_t i = 0; i < items; ++i) out[fill[key_of(i)]++] = i;
}

}  // namespace

AppointmentIndex::AppointmentIndex(const Hospital& h) : hospital_(h) {
  const auto& a = h.appointments;
  BuildCsr(
      h.patients.size(), a.size(), [&](uint32_t i) { return a[i].patient; }, patient_offsets_,
      patient_items_);
  BuildCsr(
      h.employees.size(), a.size(), [&](uint32_t i) { return a[i].provider; }, provider_offsets_,
      provider_items_);
}

std::span<const uint32_t> AppointmentIndex::OfPatient(uint32_t patient) const {
  return {patient_items_.data() + patient_offsets_[patient],
          patient_offsets_[patient + 1] - patient_offsets_[patient]};
}

std::span<const uint32_t> AppointmentIndex::OfProvider(uint32_t provider) const {
  return {provider_items_.data() + provider_offsets_[provider],
          provider_offsets_[provider + 1] - provider_offsets_[provider]};
}

std::pair<size_t, size_t> AppointmentIndex::Between(TimeMicros from, TimeMicros to) const {
  const auto& a = hospital_.appointments;
  auto before = [](const Appointment& x, TimeMicros t) { return x.scheduled < t; };
  auto first = std::lower_bound(a.begin(), a.end(), from, before);
  auto last = std::lower_bound(first, a.end(), to, before);
  return {static_cast<size_t>(first - a.begin()), static_cast<size_t>(last - a.begin())};
}

bool AppointmentIndex::HasAppointmentIn(uint32_t patient, Department department) const {
  for (uint32_t i : OfPatient(patient)) {
    if (hospital_.appointments[i].department == department) return true;
  }
  return false;
}

bool AppointmentIndex::HasAppointmentWith(uint32_t patient, uint32_t provider) const {
  for (uint32_t i : OfPatient(patient)) {
    if (hospital_.appointments[i].provider == provider) return true;
  }
  return false;
}

}  // namespace phi::demo
