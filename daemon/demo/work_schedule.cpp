// Shift times of the synthetic hospital (see work_schedule.hpp).
#include "daemon/demo/work_schedule.hpp"

#include <algorithm>

#include "daemon/demo/demo_random.hpp"

namespace phi::demo {

ShiftWindow UsualHours(const Hospital& h, uint32_t index, int day) {
  const Employee& e = h.employees[index];
  // People arrive and leave a little early or late, the same way on the same day in every run.
  DemoRandom rng(DeriveSeed(h.options.seed, {Salt("shift"), index, static_cast<uint64_t>(day)}));
  TimeMicros early = rng.Between(-20, 10) * kMicrosPerMinute;
  TimeMicros late = rng.Between(-10, 30) * kMicrosPerMinute;
  TimeMicros midnight = h.DayStart(day);
  switch (e.shift) {
    case Shift::kDay:
      return {midnight + 7 * kMicrosPerHour + early, midnight + 19 * kMicrosPerHour + late};
    case Shift::kNight:
      return {midnight + 19 * kMicrosPerHour + early, midnight + 31 * kMicrosPerHour + late};
    case Shift::kOffice:
      return {midnight + 8 * kMicrosPerHour + early, midnight + 17 * kMicrosPerHour + late};
  }
  return {midnight, midnight};
}

std::optional<ShiftWindow> ShiftOn(const Hospital& h, uint32_t index, int day) {
  const Employee& e = h.employees[index];
  if (e.role == Role::kService) return std::nullopt;
  if (e.shift == Shift::kOffice) {
    int64_t weekday = (h.start_day + day + 4) % 7;  // 0 = Sunday
    if (weekday == 0 || weekday == 6) return std::nullopt;
  } else if (((day + e.rota_offset) % 7 + 7) % 7 >= 5) {
    return std::nullopt;
  }
  ShiftWindow w = UsualHours(h, index, day);
  w.begin = std::max(w.begin, h.options.start);  // a night shift from the day before the window
  w.end = std::min(w.end, h.End());
  if (e.terminated_day != kNoDay && w.end > h.DayStart(e.terminated_day - h.start_day)) {
    return std::nullopt;
  }
  if (w.end - w.begin < kMicrosPerHour) return std::nullopt;
  return w;
}

}  // namespace phi::demo
