// The hospital's encounters feed: ED visits (some admitted) and ward stays (some scheduled ahead)
// from kHistoryDays before the window to its end, sized to each department's staff, busier during
// the surge. Outpatient work is in the appointments feed.
#pragma once

#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

// Fills hospital.encounters, sorted by admission time. REQUIRES: BuildPopulation has run.
void GenerateEncounters(Hospital& hospital);

}  // namespace phi::demo
