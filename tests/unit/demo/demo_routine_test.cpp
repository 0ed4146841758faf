// Routine work must look like a hospital's: never what is an incident by the product's own
// definitions, but not conveniently clean either: work on appointment days outside any stay,
// care teams before admission and after discharge, and flagged patients (VIPs, colleagues,
// neighbours) touched where there is a care reason, as real care teams and consultants do.
#include <gtest/gtest.h>

#include "daemon/demo/world_rates.hpp"
#include "tests/unit/demo/demo_test_worlds.hpp"

namespace phi::demo {
namespace {

constexpr TimeMicros kMonth = 30 * kMicrosPerDay;

void ExpectNoRoutineIncident(const SyntheticWorld& w) {
  const Hospital& h = w.hospital;
  size_t routine = 0;
  for (const AccessEvent& e : w.events) {
    if (e.incident != 0) continue;
    ++routine;
    const Employee& user = h.employees[e.user];
    if (user.terminated_day != kNoDay) {
      ASSERT_LE(h.EpochDay(e.ts), user.terminated_day) << user.user_id << " after termination";
    }
    if (user.role != Role::kService) {
      ASSERT_LE(e.record_count, kMaxRoutineBatchRows);
    }
    if (e.patient < 0) continue;
    const Patient& p = h.patients[static_cast<size_t>(e.patient)];
    ASSERT_NE(p.employee, static_cast<int32_t>(e.user)) << user.user_id << " opened own record";
    ASSERT_FALSE(IsPersonallyLinked(e.user, user, p)) << user.user_id << " opened a relative";
    if (IsOperationsRole(user.role)) {
      ASSERT_FALSE(IsSensitiveRecord(e.record_type));
    }
  }
  EXPECT_GT(routine, 10000u);
}

TEST(DemoRoutine, HospitalNeverOpensOwnOrRelativesRecordsNorWorksAfterTermination) {
  ExpectNoRoutineIncident(testing::SmallHospital());
}

TEST(DemoRoutine, ClinicNeverOpensOwnOrRelativesRecordsNorWorksAfterTermination) {
  ExpectNoRoutineIncident(testing::SmallClinic());
}

TEST(DemoRoutine, TerminatedUsersWorkedUntilTheirLastDay) {
  const SyntheticWorld& w = testing::SmallHospital();
  int terminated_in_window = 0;
  for (uint32_t u = 0; u < w.hospital.employees.size(); ++u) {
    const Employee& e = w.hospital.employees[u];
    if (e.terminated_day == kNoDay || e.terminated_day < w.hospital.start_day) continue;
    ++terminated_in_window;
    bool worked_before = false;
    for (const AccessEvent& a : w.events) {
      worked_before |=
          a.user == u && a.incident == 0 && w.hospital.EpochDay(a.ts) <= e.terminated_day;
    }
    EXPECT_TRUE(worked_before) << e.user_id;
  }
  EXPECT_GT(terminated_in_window, 0);
}

// The appointments feed drives work: accesses on a patient's appointment day (in the user's
// unit or with the user) while no encounter of the patient is open.
TEST(DemoRoutine, AppointmentDaysDriveWorkOutsideEncounters) {
  for (const SyntheticWorld* w : {&testing::SmallHospital(), &testing::SmallClinic()}) {
    const Hospital& h = w->hospital;
    size_t care = 0, on_appointment_day_outside_stays = 0;
    for (const AccessEvent& e : w->events) {
      if (e.incident != 0 || e.patient < 0 || !IsCareTeamRole(h.employees[e.user].role)) continue;
      ++care;
      const auto p = static_cast<uint32_t>(e.patient);
      bool in_stay = false;
      for (uint32_t i : w->encounters->OfPatient(p)) {
        const Encounter& enc = h.encounters[i];
        in_stay |= enc.admitted <= e.ts && e.ts < enc.discharged &&
                   enc.department != Department::kBehavioralHealth;  // episodes are not stays
      }
      if (in_stay) continue;
      for (uint32_t i : w->appointments->OfPatient(p)) {
        const Appointment& a = h.appointments[i];
        if (h.EpochDay(a.scheduled) == h.EpochDay(e.ts) &&
            (a.department == e.unit || a.provider == e.user)) {
          ++on_appointment_day_outside_stays;
          break;
        }
      }
    }
    EXPECT_GT(on_appointment_day_outside_stays, care / 20) << ProfileName(h.options.profile);
  }
}

// Care teams prepare before admission and follow up after discharge: outside the stay.
TEST(DemoRoutine, CareTeamsWorkBeforeAdmissionAndAfterDischarge) {
  const SyntheticWorld& w = testing::SmallHospital();
  size_t before = 0, after = 0;
  for (const AccessEvent& e : w.events) {
    if (e.incident != 0 || e.patient < 0) continue;
    for (uint32_t i : w.encounters->OfPatient(static_cast<uint32_t>(e.patient))) {
      const Encounter& enc = w.hospital.encounters[i];
      if (enc.attending != e.user) continue;
      if (e.ts < enc.admitted && enc.admitted - e.ts <= 8 * kMicrosPerDay) ++before;
      if (enc.discharged != kNever && e.ts > enc.discharged + kMicrosPerDay &&
          e.ts - enc.discharged <= 22 * kMicrosPerDay) {
        ++after;
      }
    }
  }
  EXPECT_GT(before, 50u);
  EXPECT_GT(after, 200u);
}

// VIPs, colleagues and neighbours are treated like anyone: routine work touches them where the
// user's unit has a stay, a visit or a consult of theirs within a month.
TEST(DemoRoutine, TouchesFlaggedPatientsWhereThereIsACareReason) {
  const SyntheticWorld& w = testing::SmallHospital();
  const Hospital& h = w.hospital;
  size_t vip = 0, colleague = 0, same_department_colleague = 0, neighbour = 0;
  for (const AccessEvent& e : w.events) {
    if (e.incident != 0 || e.patient < 0) continue;
    const Employee& user = h.employees[e.user];
    if (!IsCareTeamRole(user.role)) continue;
    const auto p = static_cast<uint32_t>(e.patient);
    const Patient& patient = h.patients[p];
    if (!w.history->CareInWindow(p, e.unit, e.ts - kMonth, e.ts + kMonth)) continue;
    if (patient.vip) ++vip;
    if (patient.employee >= 0) {
      ++colleague;
      if (h.employees[static_cast<size_t>(patient.employee)].department == user.department) {
        ++same_department_colleague;
      }
    }
    if (patient.address == user.address) ++neighbour;
  }
  EXPECT_GT(vip, 0u);
  EXPECT_GT(colleague, 0u);
  EXPECT_GT(same_department_colleague, 0u);
  EXPECT_GT(neighbour, 0u);
}

// Consults come from other departments, most with an order, some with no link at all, and
// do not avoid the patients other rules care about.
TEST(DemoRoutine, ConsultsAreMostlyOrderedAndSomeLeaveNoLink) {
  const SyntheticWorld& w = testing::SmallHospital();
  const Hospital& h = w.hospital;
  ASSERT_GT(h.consults.size(), 100u);
  size_t recorded = 0;
  for (const Consult& c : h.consults) {
    if (!c.recorded) continue;
    ++recorded;
    bool ordered = false;
    for (uint32_t i : w.appointments->OfPatient(c.patient)) {
      const Appointment& a = h.appointments[i];
      ordered |= a.kind == AppointmentKind::kConsultOrder && a.provider == c.consultant &&
                 a.department == c.department && a.scheduled == c.at;
    }
    EXPECT_TRUE(ordered);
  }
  const double share = static_cast<double>(recorded) / static_cast<double>(h.consults.size());
  EXPECT_GT(share, 0.6);
  EXPECT_LT(share, 0.8);
  size_t unrecorded_accesses = 0;
  for (const AccessEvent& e : w.events) {
    unrecorded_accesses += e.incident == 0 && e.reason == AccessReason::kUnrecordedConsult;
  }
  EXPECT_GT(unrecorded_accesses, 0u);
}

// Residents rotate and float nurses move: their events carry the unit they work in.
TEST(DemoRoutine, EventsCarryTheUnitWorkedIn) {
  const SyntheticWorld& w = testing::SmallHospital();
  size_t elsewhere = 0;
  for (const AccessEvent& e : w.events) {
    const Employee& user = w.hospital.employees[e.user];
    if (e.incident == 0 && e.unit != user.department) {
      EXPECT_TRUE(user.department == Department::kFloatPool || user.role == Role::kResident);
      ++elsewhere;
    }
  }
  EXPECT_GT(elsewhere, 0u);
}

}  // namespace
}  // namespace phi::demo
