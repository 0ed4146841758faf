// Who works in the synthetic mental-health clinic: psychiatrists, psychologists, therapists (some
// pre-licensed, under a supervisor), a nurse or two, front desk and intake in Behavioral Health;
// billing and a part-time IT person in Administration. Who covers whom during leave.
#pragma once

#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

// Appends options.employees employees (without identities) to hospital.employees.
void StaffClinic(Hospital& hospital, DemoRandom& rng);

// Therapists, psychologists and psychiatrists: the clinicians who hold caseloads.
bool IsClinician(Role role);

}  // namespace phi::demo
