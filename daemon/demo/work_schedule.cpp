// Shift times of the synthetic hospital and clinic (see work_schedule.hpp).
#include "daemon/demo/work_schedule.hpp"

#include <algorithm>

#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/hospital_staffing.hpp"
#include "daemon/demo/world_rates.hpp"

namespace phi::demo {

Shift ShiftTypeOn(const Employee& e, int64_t day) {
  if (!e.rotates_nights || e.shift == Shift::kOffice) return e.shift;
  const bool odd_week = FloorDiv(day + e.rota_offset, 7) % 2 != 0;
  if (!odd_week) return e.shift;
  return e.shift == Shift::kDay ? Shift::kNight : Shift::kDay;
}

ShiftWindow UsualHours(const Hospital& h, uint32_t index, int64_t day) {
  const Employee& e = h.employees[index];
  // People arrive and leave a little early or late, the same way on the same day in every run.
  DemoRandom rng(DeriveSeed(h.options.seed, {Salt("shift"), index, static_cast<uint64_t>(day)}));
  TimeMicros early = rng.Between(-20, 10) * kMicrosPerMinute;
  TimeMicros late = rng.Between(-10, 30) * kMicrosPerMinute;
  TimeMicros midnight = h.DayStart(day);
  ShiftWindow w;
  w.unit = UnitOn(h, index, day);
  switch (ShiftTypeOn(e, day)) {
    case Shift::kDay:
      w.begin = midnight + 7 * kMicrosPerHour + early;
      w.end = midnight + 19 * kMicrosPerHour + late;
      break;
    case Shift::kNight:
      w.begin = midnight + 19 * kMicrosPerHour + early;
      w.end = midnight + 31 * kMicrosPerHour + late;
      break;
    case Shift::kOffice:
      w.begin = midnight + e.office_start_minute * kMicrosPerMinute + early / 2;
      w.end = w.begin + e.office_minutes * kMicrosPerMinute + late / 2;
      break;
  }
  return w;
}

std::optional<ShiftWindow> PlannedShift(const Hospital& h, uint32_t index, int64_t day) {
  const Employee& e = h.employees[index];
  if (e.role == Role::kService || e.OnLeave(static_cast<int>(day))) return std::nullopt;
  DemoRandom rng(DeriveSeed(h.options.seed, {Salt("overtime"), index, static_cast<uint64_t>(day)}));
  if (e.shift == Shift::kOffice) {
    if ((e.office_weekdays & (1u << h.Weekday(day))) == 0) return std::nullopt;
  } else if (((day + e.rota_offset) % 7 + 7) % 7 >= e.shifts_per_week) {
    const bool picks_up =
        e.role == Role::kNurse || e.role == Role::kResident || e.role == Role::kRegistrar;
    if (!picks_up || !rng.Chance(kExtraShiftShare)) return std::nullopt;
  }
  ShiftWindow w = UsualHours(h, index, day);
  if (e.shift != Shift::kOffice && rng.Chance(kOvertimeShare)) {
    w.end += rng.Between(60, 240) * kMicrosPerMinute;
  }
  if (e.terminated_day != kNoDay && w.end > h.DayStart(e.terminated_day + 1 - h.start_day)) {
    return std::nullopt;
  }
  return w;
}

std::optional<ShiftWindow> ShiftOn(const Hospital& h, uint32_t index, int day) {
  auto w = PlannedShift(h, index, day);
  if (!w) return std::nullopt;
  w->begin = std::max(w->begin, h.options.start);  // a night shift from the day before
  w->end = std::min(w->end, h.End());
  if (w->end - w->begin < kMicrosPerHour) return std::nullopt;
  return w;
}

}  // namespace phi::demo
