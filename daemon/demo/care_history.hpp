// Whether a department or a person has ever cared for a patient, across every feed (encounters,
// appointments) and the consults that left no order. Incidents pick victims nobody in the user's
// department ever treated; the self-check and the tests ask the same questions.
#pragma once

#include <vector>

#include "daemon/demo/appointment_index.hpp"
#include "daemon/demo/encounter_index.hpp"

namespace phi::demo {

class CareHistory {
 public:
  // REQUIRES: the hospital and both indexes outlive this.
  CareHistory(const Hospital& hospital, const EncounterIndex& encounters,
              const AppointmentIndex& appointments);

  // An encounter, an appointment or a consult of the patient in `department`, ever.
  bool TreatedIn(uint32_t patient, Department department) const;
  // The user was the patient's attending, provider or consultant, ever.
  bool TreatedBy(uint32_t patient, uint32_t user) const;
  // An encounter covering, or an appointment or consult of `department` within, [from, to].
  bool CareInWindow(uint32_t patient, Department department, TimeMicros from, TimeMicros to) const;

  const EncounterIndex& encounters() const { return encounters_; }
  const AppointmentIndex& appointments() const { return appointments_; }

 private:
  const Hospital& hospital_;
  const EncounterIndex& encounters_;
  const AppointmentIndex& appointments_;
  std::vector<uint32_t> consult_offsets_;  // CSR of consults by patient
  std::vector<uint32_t> consult_items_;
};

}  // namespace phi::demo
