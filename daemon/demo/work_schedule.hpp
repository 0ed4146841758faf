// When each employee works: day shifts, night shifts and office hours on a weekly rota, cut short
// by a termination date and by the end of the window. Shared by routine work and incidents.
#pragma once

#include <optional>

#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {

struct ShiftWindow {
  TimeMicros begin = 0;
  TimeMicros end = 0;
};

// The shift employee `index` works that starts on window day `day` (-1 for the night shift that
// runs into the window), cut to the window; nothing on days off, after termination, or for the
// service account.
std::optional<ShiftWindow> ShiftOn(const Hospital& hospital, uint32_t index, int day);

// The hours the employee's shift pattern would have on `day`, ignoring rota and termination.
ShiftWindow UsualHours(const Hospital& hospital, uint32_t index, int day);

}  // namespace phi::demo
