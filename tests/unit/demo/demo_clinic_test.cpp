// The clinic profile: a few dozen staff nearly all in Behavioral Health, clinicians working on
// their own caseloads (psychotherapy notes included), the front desk and billing working around
// each visit without ever opening a sensitive record.
#include <gtest/gtest.h>

#include "tests/unit/demo/demo_test_worlds.hpp"

namespace phi::demo {
namespace {

TEST(DemoClinic, NearlyEveryoneWorksInOneDepartment) {
  const Hospital& h = testing::SmallClinic().hospital;
  EXPECT_EQ(h.employees.size(), 41u);  // 40 staff and svc_reporting
  EXPECT_EQ(h.patients.size(), 2000u);
  size_t behavioral = 0, administration = 0;
  for (const Employee& e : h.employees) {
    behavioral += e.department == Department::kBehavioralHealth;
    administration += e.department == Department::kAdministration;
  }
  EXPECT_EQ(behavioral + administration, h.employees.size());
  EXPECT_GE(behavioral, h.employees.size() * 8 / 10);
}

TEST(DemoClinic, TherapistsOpenTheirOwnClientsPsychotherapyNotes) {
  const SyntheticWorld& w = testing::SmallClinic();
  const Hospital& h = w.hospital;
  size_t notes = 0, own_clients = 0;
  for (const AccessEvent& e : w.events) {
    const Role role = h.employees[e.user].role;
    if (e.incident != 0 || e.record_type != RecordType::kPsychotherapyNote) continue;
    if (role != Role::kTherapist && role != Role::kPsychologist) continue;
    ++notes;
    own_clients += w.history->TreatedBy(static_cast<uint32_t>(e.patient), e.user);
  }
  EXPECT_GT(notes, 100u);
  EXPECT_GT(own_clients, notes * 9 / 10);  // the rest: supervision and leave cover
}

TEST(DemoClinic, FrontDeskAndBillingWorkAroundVisitsWithoutSensitiveRecords) {
  const SyntheticWorld& w = testing::SmallClinic();
  const Hospital& h = w.hospital;
  size_t desk = 0, desk_near_visit = 0, billing = 0;
  for (const AccessEvent& e : w.events) {
    if (e.incident != 0 || e.patient < 0) continue;
    const Role role = h.employees[e.user].role;
    if (role != Role::kFrontDesk && role != Role::kBillingClerk) continue;
    EXPECT_FALSE(IsSensitiveRecord(e.record_type));
    if (role == Role::kBillingClerk) {
      ++billing;
      continue;
    }
    ++desk;
    for (uint32_t i : w.appointments->OfPatient(static_cast<uint32_t>(e.patient))) {
      const TimeMicros gap = h.appointments[i].scheduled - e.ts;
      if (gap > -2 * kMicrosPerHour && gap < 30 * kMicrosPerDay) {
        ++desk_near_visit;
        break;
      }
    }
  }
  EXPECT_GT(desk, 500u);
  EXPECT_GT(billing, 200u);
  EXPECT_EQ(desk_near_visit, desk);
}

TEST(DemoClinic, ClinicHasGroupsSupervisionAndCover) {
  const SyntheticWorld& w = testing::SmallClinic();
  EXPECT_FALSE(w.hospital.groups.empty());
  size_t supervision = 0, group = 0;
  for (const AccessEvent& e : w.events) {
    supervision += e.reason == AccessReason::kSupervision;
    group += e.reason == AccessReason::kGroupSession;
  }
  EXPECT_GT(supervision, 0u);
  EXPECT_GT(group, 0u);
}

}  // namespace
}  // namespace phi::demo
