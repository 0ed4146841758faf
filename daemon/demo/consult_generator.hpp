// Consults by other departments on admitted patients and ED visits, VIPs, colleagues and the
// consultant's neighbours included; --consult-order-share of them (70%) have a kConsultOrder
// appointment, the rest leave no link in the feeds.
#pragma once

#include "daemon/demo/hospital_model.hpp"
#include "daemon/demo/roster.hpp"

namespace phi::demo {

// Appends to hospital.consults and hospital.appointments (unsorted). REQUIRES: encounters
// generated and sorted; `roster` planned over [-kHistoryDays, days + kBookedAheadDays).
void GenerateConsults(Hospital& hospital, const Roster& roster);

}  // namespace phi::demo
