// The roster (see roster.hpp).
#include "daemon/demo/roster.hpp"

#include <algorithm>

namespace phi::demo {

Roster::Roster(const Hospital& h, int64_t first_day, int64_t last_day, bool window_only)
    : hospital_(h), first_day_(first_day), last_day_(last_day), span_(last_day - first_day) {
  shifts_.resize(h.employees.size() * static_cast<size_t>(span_));
  by_unit_day_.resize(static_cast<size_t>(span_) * kDepartmentCount);
  for (int64_t day = first_day; day < last_day; ++day) {
    for (uint32_t u = 0; u < h.employees.size(); ++u) {
      auto w = window_only ? ShiftOn(h, u, static_cast<int>(day)) : PlannedShift(h, u, day);
      if (!w) continue;
      shifts_[Slot(u, day)] = *w;
      by_unit_day_[static_cast<size_t>(day - first_day) * kDepartmentCount +
                   static_cast<size_t>(w->unit)]
          .push_back(u);
    }
  }
}

const ShiftWindow* Roster::Shift(uint32_t user, int64_t day) const {
  if (day < first_day_ || day >= last_day_) return nullptr;
  const ShiftWindow& w = shifts_[Slot(user, day)];
  return w.end > w.begin ? &w : nullptr;
}

std::optional<int64_t> Roster::DayCovering(uint32_t user, TimeMicros t) const {
  const int64_t day = hospital_.WindowDay(t);
  for (int64_t d : {day, day - 1}) {
    const ShiftWindow* w = Shift(user, d);
    if (w && w->begin <= t && t < w->end) return d;
  }
  return std::nullopt;
}

std::optional<int64_t> Roster::FirstWorkingDay(uint32_t user, int64_t from, int64_t to) const {
  for (int64_t d = std::max(from, first_day_); d <= to && d < last_day_; ++d) {
    if (Shift(user, d)) return d;
  }
  return std::nullopt;
}

std::span<const uint32_t> Roster::InUnit(Department unit, int64_t day) const {
  if (day < first_day_ || day >= last_day_) return {};
  return by_unit_day_[static_cast<size_t>(day - first_day_) * kDepartmentCount +
                      static_cast<size_t>(unit)];
}

std::optional<uint32_t> Roster::OnDuty(Department unit, std::span<const Role> roles, TimeMicros t,
                                       DemoRandom& rng, TimeMicros room,
                                       const std::function<bool(uint32_t)>& also) const {
  scratch_.clear();
  const int64_t day = hospital_.WindowDay(t);
  for (int64_t d : {day, day - 1}) {
    for (uint32_t u : InUnit(unit, d)) {
      const ShiftWindow& w = shifts_[Slot(u, d)];
      if (w.begin > t || t + room >= w.end) continue;
      const Role role = hospital_.employees[u].role;
      if (std::find(roles.begin(), roles.end(), role) == roles.end()) continue;
      if (also && !also(u)) continue;
      scratch_.push_back(u);
    }
  }
  if (scratch_.empty()) return std::nullopt;
  return scratch_[rng.Below(static_cast<uint32_t>(scratch_.size()))];
}

}  // namespace phi::demo
