// When and where each employee works: day and night rotas (some alternating weeks), office and
// clinic hours, part time, leave, overtime and picked-up shifts, the unit of each shift, cut by
// a termination date. Shared by the care generators, routine work and incidents.
#pragma once

#include <optional>

#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

struct ShiftWindow {
  TimeMicros begin = 0;
  TimeMicros end = 0;
  Department unit = Department::kEmergency;  // where the shift is worked (UnitOn)
};

// The kind of shift the employee works on window day `day` (rotating nurses alternate weeks).
Shift ShiftTypeOn(const Employee& employee, int64_t day);

// The hours the employee's pattern would have on window day `day` (any day, in or out of the
// window), ignoring rota, leave and termination.
ShiftWindow UsualHours(const Hospital& hospital, uint32_t index, int64_t day);

// The shift employee `index` works that starts on window day `day` (in or out of the window):
// rota or weekdays, leave, overtime and picked-up shifts; nothing on days off, for the service
// account, or when it would end after the last day of employment.
std::optional<ShiftWindow> PlannedShift(const Hospital& hospital, uint32_t index, int64_t day);

// PlannedShift cut to the window (day -1 is the night shift that runs into it); what routine
// work fills.
std::optional<ShiftWindow> ShiftOn(const Hospital& hospital, uint32_t index, int day);

}  // namespace phi::demo
