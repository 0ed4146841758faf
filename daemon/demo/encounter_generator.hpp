// Encounters (the care relationships feed): emergency visits, outpatient appointments, inpatient
// stays and imaging studies in each department that holds encounters, from ten days before the
// window to its end, sized to the department's staff so every clinician has patients to see.
#pragma once

#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

// Days before the window whose admissions are generated too (stays that span the start, and the
// recent history billing and HIM work on).
inline constexpr int kEncounterLookbackDays = 10;

// Fills hospital.encounters, sorted by admission time. REQUIRES: BuildPopulation has run.
void GenerateEncounters(Hospital& hospital);

}  // namespace phi::demo
