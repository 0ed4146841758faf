// Care history lookups (see care_history.hpp).
#include "daemon/demo/care_history.hpp"

namespace phi::demo {

CareHistory::CareHistory(const Hospital& h, const EncounterIndex& encounters,
                         const AppointmentIndex& appointments)
    : hospital_(h), encounters_(encounters), appointments_(appointments) {
  consult_offsets_.assign(h.patients.size() + 1, 0);
  for (const Consult& c : h.consults) ++consult_offsets_[c.patient + 1];
  for (size_t p = 0; p < h.patients.size(); ++p) consult_offsets_[p + 1] += consult_offsets_[p];
  consult_items_.resize(h.consults.size());
  std::vector<uint32_t> fill(consult_offsets_.begin(), consult_offsets_.end() - 1);
  for (uint32_t i = 0; i < h.consults.size(); ++i) {
    consult_items_[fill[h.consults[i].patient]++] = i;
  }
}

bool CareHistory::TreatedIn(uint32_t patient, Department department) const {
  if (encounters_.HasEncounterIn(patient, department)) return true;
  if (appointments_.HasAppointmentIn(patient, department)) return true;
  for (uint32_t k = consult_offsets_[patient]; k < consult_offsets_[patient + 1]; ++k) {
    if (hospital_.consults[consult_items_[k]].department == department) return true;
  }
  return false;
}

bool CareHistory::TreatedBy(uint32_t patient, uint32_t user) const {
  for (uint32_t i : encounters_.OfPatient(patient)) {
    if (hospital_.encounters[i].attending == user) return true;
  }
  if (appointments_.HasAppointmentWith(patient, user)) return true;
  for (uint32_t k = consult_offsets_[patient]; k < consult_offsets_[patient + 1]; ++k) {
    if (hospital_.consults[consult_items_[k]].consultant == user) return true;
  }
  return false;
}

bool CareHistory::CareInWindow(uint32_t patient, Department department, TimeMicros from,
                               TimeMicros to) const {
  for (uint32_t i : encounters_.OfPatient(patient)) {
    const Encounter& e = hospital_.encounters[i];
    if (e.department == department && e.admitted <= to && from < e.discharged) return true;
  }
  for (uint32_t i : appointments_.OfPatient(patient)) {
    const Appointment& a = hospital_.appointments[i];
    if (a.department == department && a.scheduled >= from && a.scheduled <= to) return true;
  }
  for (uint32_t k = consult_offsets_[patient]; k < consult_offsets_[patient + 1]; ++k) {
    const Consult& c = hospital_.consults[consult_items_[k]];
    if (c.department == department && c.at >= from && c.at <= to) return true;
  }
  return false;
}

}  // namespace phi::demo
