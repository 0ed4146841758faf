// What the routine-work planners share: the world they read (hospital, roster, indexes) and the
// TaskBook they fill, with helpers that place a task in the shift a user actually works. Each
// planner is one file: hospital care follow-through, hospital operations, the clinic.
#pragma once

#include "daemon/demo/appointment_index.hpp"
#include "daemon/demo/chart_task.hpp"
#include "daemon/demo/encounter_index.hpp"
#include "daemon/demo/roster.hpp"

namespace phi::demo {

struct PlanningContext {
  const Hospital& h;
  const Roster& roster;  // window only: shifts starting on days [-1, days)
  const EncounterIndex& encounters;
  const AppointmentIndex& appointments;
  TaskBook& book;

  // A task for `user` in the shift that covers `from` (or else `to`), cut to that shift; false
  // when the user does not work then.
  bool During(uint32_t user, uint32_t patient, AccessReason reason, TimeMicros from, TimeMicros to,
              uint8_t weight = 1) const;
  // A task anywhere in the shift `user` starts on `day`; false on a day off.
  bool OnDay(uint32_t user, int64_t day, uint32_t patient, AccessReason reason,
             uint8_t weight = 1) const;
  // OnDay on the user's first working day in [from, to].
  bool FirstDay(uint32_t user, int64_t from, int64_t to, uint32_t patient, AccessReason reason,
                uint8_t weight = 1) const;
  // The seed of one planner's draws about one item.
  uint64_t Seed(std::string_view planner, uint64_t item) const {
    return DeriveSeed(h.options.seed, {Salt(planner), item});
  }
};

// Hospital care around and outside stays: clinic visits (provider and rooming nurse), chart
// preparation, results review, follow-up calls, discharge summaries, referral letters, imaging
// studies and reads, consults, night cross-cover.
void PlanHospitalCare(const PlanningContext& context);

// Hospital operations: registration of ED arrivals and admissions, outpatient check-in,
// scheduling ahead of appointments, billing and coding after visits and discharges, HIM
// abstracting and release of information.
void PlanHospitalOperations(const PlanningContext& context);

// The clinic: sessions and their notes, groups, prescriber and nurse visits, chart preparation,
// calls about one's own clients, supervision, leave coverage, front desk around each visit,
// intake screening, billing after each visit.
void PlanClinicWork(const PlanningContext& context);

}  // namespace phi::demo
