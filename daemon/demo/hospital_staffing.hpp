// Who works in the synthetic hospital: the departments and their roles, rotas of day and night
// shifts, office hours, physicians' clinic days, residents' rotations, the float pool and leave.
// Identities (names, addresses, hire dates) are given afterwards by BuildPopulation.
#pragma once

#include <vector>

#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

// Appends options.employees employees (without identities) to hospital.employees.
void StaffHospital(Hospital& hospital, DemoRandom& rng);

// A vacation or leave of 5-9 days for kLeaveShare of staff, somewhere in the window.
void PlanLeave(Employee& employee, int days, DemoRandom& rng);

// The unit a person works in on window day `day`: a resident's rotation, a float nurse's unit
// for that shift, everyone else's own department. It is the `department` of their events.
Department UnitOn(const Hospital& hospital, uint32_t index, int64_t day);

// The units a person works in over the window: their department and every unit UnitOn gives.
std::vector<Department> UnitsWorked(const Hospital& hospital, uint32_t index);

// Inpatient wards: where stays are, float nurses go and night doctors cross-cover.
bool IsWard(Department d);
// Departments whose physicians hold outpatient clinic sessions.
bool HasOutpatientClinic(Department d);

}  // namespace phi::demo
