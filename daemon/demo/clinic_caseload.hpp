// The clinic's care feeds: one episode of care per client (attending: the primary clinician) and
// standing sessions, prescriber visits, groups, injections and intakes by appointment, sessions
// moved to the covering colleague during leave. Guarantors and inquiries have neither.
#pragma once

#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

// Fills hospital.encounters (sorted), hospital.appointments (unsorted) and hospital.groups.
// REQUIRES: BuildPopulation has run with the clinic profile.
void GenerateClinicCaseload(Hospital& hospital);

}  // namespace phi::demo
