// One employee's shift written out as accesses: login (sometimes after a failed one), the day's
// planned tasks and the unit's own patients, searches, the daily batch, IT queries, a denied click,
// notes finished from home, logout. Draws from its own seeded stream.
#pragma once

#include <vector>

#include "daemon/demo/access_event.hpp"
#include "daemon/demo/access_generator.hpp"
#include "daemon/demo/chart_task.hpp"
#include "daemon/demo/demo_random.hpp"
#include "daemon/demo/work_schedule.hpp"

namespace phi::demo {

struct RoutineContext {
  const Hospital& h;
  const EncounterIndex& encounters;
  const TaskBook& book;
  const UserPatientPairs& avoid;
};

class ShiftWork {
 public:
  ShiftWork(const RoutineContext& context, uint32_t user, int day, const ShiftWindow& shift,
            std::vector<AccessEvent>& out);
  void Run();

 private:
  // May this user open this patient's chart at all today?
  bool MayOpen(uint32_t patient, AccessReason reason) const;
  std::vector<ChartTask> TodaysTasks() const;
  // The unit's patients during the shift, for a care team on a ward or in the ED.
  void AddUnitPatients(std::vector<ChartTask>& tasks);
  void Render(const ChartTask& task, int events);
  void Extras(const std::vector<ChartTask>& tasks);
  void NotesFromHome(const std::vector<ChartTask>& tasks);
  void Add(TimeMicros t, Action action, RecordType type, int32_t patient, int32_t count = 1,
           uint8_t flags = 0, AccessReason reason = AccessReason::kNone);
  TimeMicros Within(TimeMicros from, TimeMicros to) {
    return to <= from ? from : rng_.Between(from, to);
  }

  const RoutineContext& c_;
  const Hospital& h_;
  const uint32_t user_;
  const Employee& employee_;
  const int day_;
  const ShiftWindow shift_;
  std::vector<AccessEvent>& out_;
  DemoRandom rng_;
  uint16_t workstation_ = 1;
  uint8_t base_flags_ = 0;
  TimeMicros from_ = 0;  // the working part of the shift, after login and before logout
  TimeMicros to_ = 0;
};

}  // namespace phi::demo
