// Routine access generation (see access_generator.hpp): plan every task, then write each
// user-day from its own seeded stream, so the output does not depend on the visiting order.
#include "daemon/demo/access_generator.hpp"

#include "daemon/demo/roster.hpp"
#include "daemon/demo/shift_work.hpp"
#include "daemon/demo/task_planning.hpp"

namespace phi::demo {
namespace {

// svc_reporting's nightly extract for the data warehouse, at about 02:00: thousands of records
// in a hospital, most of the active clients in a clinic.
void NightlyExports(const Hospital& h, std::vector<AccessEvent>& out) {
  const auto patients = static_cast<int64_t>(h.patients.size());
  const int64_t fewest = h.clinic() ? patients * 3 / 5 : patients / 20;
  const int64_t most = h.clinic() ? patients * 9 / 10 : patients * 9 / 50;
  for (int day = 0; day < h.options.days; ++day) {
    DemoRandom rng(
        DeriveSeed(h.options.seed, {Salt("nightly-export"), static_cast<uint64_t>(day)}));
    TimeMicros t =
        WholeMillis(h.DayStart(day) + 2 * kMicrosPerHour + rng.Between(0, 5 * kMicrosPerMinute));
    AccessEvent e;
    e.user = h.service_account;
    e.unit = h.employees[h.service_account].department;
    e.workstation = 1;
    e.ts = t;
    e.action = Action::kLogin;
    out.push_back(e);
    e.ts = t + rng.Between(1, 3) * kMicrosPerSecond;
    e.action = Action::kExport;
    e.record_type = RecordType::kDemographics;
    e.record_count =
        static_cast<int32_t>(rng.Between(std::max<int64_t>(1, fewest), std::max<int64_t>(2, most)));
    out.push_back(e);
    e.ts = WholeMillis(e.ts + rng.Between(30, 300) * kMicrosPerSecond);
    e.action = Action::kLogout;
    e.record_type = RecordType::kNone;
    e.record_count = 1;
    out.push_back(e);
  }
}

}  // namespace

void GenerateRoutineAccess(const Hospital& h, const EncounterIndex& encounters,
                           const AppointmentIndex& appointments, const UserPatientPairs& avoid,
                           std::vector<AccessEvent>& out) {
  const Roster roster(h, -1, h.options.days, /*window_only=*/true);
  TaskBook book;
  const PlanningContext planning{h, roster, encounters, appointments, book};
  if (h.clinic()) {
    PlanClinicWork(planning);
  } else {
    PlanHospitalCare(planning);
    PlanHospitalOperations(planning);
  }
  book.Seal(h.employees.size(), h.options.days);

  out.reserve(out.size() + h.employees.size() * static_cast<size_t>(h.options.days) *
                               static_cast<size_t>(h.options.events_per_user_day) * 3 / 4);
  const RoutineContext context{h, encounters, book, avoid};
  for (uint32_t user = 0; user < h.employees.size(); ++user) {
    for (int day = -1; day < h.options.days; ++day) {
      const ShiftWindow* shift = roster.Shift(user, day);
      if (!shift) continue;
      ShiftWork(context, user, day, *shift, out).Run();
    }
  }
  NightlyExports(h, out);
}

}  // namespace phi::demo
