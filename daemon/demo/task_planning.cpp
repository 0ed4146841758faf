// Placing tasks in shifts (see task_planning.hpp).
#include "daemon/demo/task_planning.hpp"

#include <algorithm>

namespace phi::demo {

bool PlanningContext::During(uint32_t user, uint32_t patient, AccessReason reason, TimeMicros from,
                             TimeMicros to, uint8_t weight) const {
  auto day = roster.DayCovering(user, from);
  if (!day) day = roster.DayCovering(user, to);
  if (!day) return false;
  const ShiftWindow* w = roster.Shift(user, *day);
  from = std::max(from, w->begin + kMicrosPerMinute);
  to = std::min(to, w->end - 5 * kMicrosPerMinute);
  if (to <= from) return false;
  book.Add({from, to, user, patient, static_cast<int16_t>(*day), reason, weight});
  return true;
}

bool PlanningContext::OnDay(uint32_t user, int64_t day, uint32_t patient, AccessReason reason,
                            uint8_t weight) const {
  const ShiftWindow* w = roster.Shift(user, day);
  if (!w) return false;
  book.Add({w->begin + kMicrosPerMinute, w->end - 5 * kMicrosPerMinute, user, patient,
            static_cast<int16_t>(day), reason, weight});
  return true;
}

bool PlanningContext::FirstDay(uint32_t user, int64_t from, int64_t to, uint32_t patient,
                               AccessReason reason, uint8_t weight) const {
  auto day = roster.FirstWorkingDay(user, from, to);
  return day && OnDay(user, *day, patient, reason, weight);
}

}  // namespace phi::demo
