// Who works when and where over a range of days, computed once from work_schedule: the shift of
// each employee on each day, who starts a shift in each unit, and who is on duty at a moment.
// The care generators and the task planners assign work through it.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/work_schedule.hpp"

namespace phi::demo {

class Roster {
 public:
  // Shifts starting on window days [first_day, last_day). `window_only`: ShiftOn (cut to the
  // window) instead of PlannedShift. REQUIRES: the hospital outlives the roster.
  Roster(const Hospital& hospital, int64_t first_day, int64_t last_day, bool window_only);

  // The shift `user` starts on `day`, or nullptr (day off, or outside the range).
  const ShiftWindow* Shift(uint32_t user, int64_t day) const;
  // The day whose shift of `user` covers time t (that day's or the night before's), if any.
  std::optional<int64_t> DayCovering(uint32_t user, TimeMicros t) const;
  // The first day in [from, to] on which `user` works.
  std::optional<int64_t> FirstWorkingDay(uint32_t user, int64_t from, int64_t to) const;
  // Employees starting a shift in `unit` on `day`.
  std::span<const uint32_t> InUnit(Department unit, int64_t day) const;

  // Someone in `unit` with one of `roles` whose shift covers [t, t + room] (and who passes
  // `also`, if given), drawn at random; nullopt when nobody is.
  std::optional<uint32_t> OnDuty(Department unit, std::span<const Role> roles, TimeMicros t,
                                 DemoRandom& rng, TimeMicros room = 0,
                                 const std::function<bool(uint32_t)>& also = nullptr) const;

  int64_t first_day() const { return first_day_; }
  int64_t last_day() const { return last_day_; }

 private:
  size_t Slot(uint32_t user, int64_t day) const {
    return static_cast<size_t>(user) * static_cast<size_t>(span_) +
           static_cast<size_t>(day - first_day_);
  }

  const Hospital& hospital_;
  int64_t first_day_;
  int64_t last_day_;
  int64_t span_;
  std::vector<ShiftWindow> shifts_;  // [user * span + day - first]; begin == end: no shift
  std::vector<std::vector<uint32_t>> by_unit_day_;  // [(day - first) * departments + unit]
  mutable std::vector<uint32_t> scratch_;
};

}  // namespace phi::demo
