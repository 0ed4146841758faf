// Routine (innocent) work of the hospital or the clinic: planners turn the care feeds into tasks
// (task_planning.hpp), ShiftWork writes each user-day, svc_reporting exports every night. It never
// opens one's own or a relative's record, nor works after the last day of employment.
#pragma once

#include <unordered_set>
#include <vector>

#include "daemon/demo/access_event.hpp"
#include "daemon/demo/appointment_index.hpp"
#include "daemon/demo/encounter_index.hpp"
#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

// (user, patient) pairs, as PairKey.
using UserPatientPairs = std::unordered_set<uint64_t>;
inline uint64_t PairKey(uint32_t user, uint32_t patient) {
  return (static_cast<uint64_t>(user) << 32) | patient;
}

// Appends the routine accesses of every employee and the service account, unordered; none for a
// pair in `avoid`.
void GenerateRoutineAccess(const Hospital& hospital, const EncounterIndex& encounters,
                           const AppointmentIndex& appointments, const UserPatientPairs& avoid,
                           std::vector<AccessEvent>& out);

}  // namespace phi::demo
