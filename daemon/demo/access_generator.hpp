// Routine work in the synthetic hospital, user by user and day by day: the care team on patients
// with an encounter in their department during the stay, consults and cross-cover without a
// recorded relationship (about 5% of clinical accesses), billing and HIM on patients with any
// encounter, registration and scheduling, IT queries, logins and logouts, and svc_reporting's
// nightly export. Routine work never touches a patient the user is personally linked to, nor a
// flagged patient (VIP, employee, long deceased) without a reason, so incidents stay the only
// signal.
#pragma once

#include <vector>

#include "daemon/demo/access_event.hpp"
#include "daemon/demo/encounter_index.hpp"
#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

// Appends the routine accesses of every employee and the service account, unordered.
void GenerateRoutineAccess(const Hospital& hospital, const EncounterIndex& index,
                           std::vector<AccessEvent>& out);

}  // namespace phi::demo
