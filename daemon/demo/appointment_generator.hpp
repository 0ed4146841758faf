// The hospital's appointments feed: clinic sessions, referral, follow-up and pre-admission visits,
// and imaging orders read by the radiologist on duty, from kHistoryDays before the window to
// kBookedAheadDays after it. Consult orders come from consult_generator.
#pragma once

#include "daemon/demo/hospital_model.hpp"
#include "daemon/demo/roster.hpp"

namespace phi::demo {

// Appends to hospital.appointments (unsorted). REQUIRES: encounters generated and sorted;
// `roster` planned (not window-only) over [-kHistoryDays, days + kBookedAheadDays).
void GenerateHospitalAppointments(Hospital& hospital, const Roster& roster);

// Sorts appointments and consults by time.
void SortCareFeeds(Hospital& hospital);

}  // namespace phi::demo
