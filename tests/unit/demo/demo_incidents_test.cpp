// The labelled incidents must be unambiguous: each with its own user, a victim nobody in the
// user's department (or the units they work in) ever treated and the user never saw, bulk
// exports far beyond the user's routine, and a sensitive record opened by a role that never
// needs one.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "daemon/demo/hospital_staffing.hpp"
#include "tests/unit/demo/demo_test_worlds.hpp"

namespace phi::demo {
namespace {

std::map<size_t, std::vector<const AccessEvent*>> EventsByIncident(const SyntheticWorld& w) {
  std::map<size_t, std::vector<const AccessEvent*>> out;
  for (const AccessEvent& e : w.events) {
    if (e.incident != 0) out[e.incident - 1u].push_back(&e);
  }
  return out;
}

void ExpectVictimsOutsideCare(const SyntheticWorld& w) {
  const Hospital& h = w.hospital;
  const auto events = EventsByIncident(w);
  ASSERT_FALSE(w.incidents.incidents.empty());
  for (size_t i = 0; i < w.incidents.incidents.size(); ++i) {
    const Incident& incident = w.incidents.incidents[i];
    if (incident.scenario == kSensitiveWrongRole) continue;
    const std::string& who = h.employees[incident.user].user_id;
    const auto units = UnitsWorked(h, incident.user);
    // In the clinic nearly every record is a client of the one department: a walk through
    // consecutive MRNs only stays outside the user's own caseload.
    const bool department_wide = !(h.clinic() && incident.scenario == "consecutive_mrns");
    std::set<int32_t> victims;
    if (incident.patient >= 0) victims.insert(incident.patient);
    for (const AccessEvent* e : events.at(i)) {
      if (e->patient >= 0) victims.insert(e->patient);
    }
    for (int32_t v : victims) {
      const auto p = static_cast<uint32_t>(v);
      EXPECT_FALSE(w.appointments->HasAppointmentWith(p, incident.user))
          << incident.scenario << " by " << who;
      EXPECT_FALSE(w.history->TreatedBy(p, incident.user)) << incident.scenario << " by " << who;
      for (Department unit : units) {
        if (!department_wide) break;
        EXPECT_FALSE(w.history->TreatedIn(p, unit))
            << incident.scenario << " by " << who << ": victim treated in " << DepartmentName(unit);
      }
    }
  }
}

TEST(DemoIncidents, HospitalVictimsWereNeverTreatedByTheUsersDepartment) {
  ExpectVictimsOutsideCare(testing::SmallHospital());
}

TEST(DemoIncidents, ClinicVictimsWereNeverTreatedByTheUsersDepartment) {
  ExpectVictimsOutsideCare(testing::SmallClinic());
}

TEST(DemoIncidents, EveryScenarioOnceOrMoreEachWithItsOwnUser) {
  for (const SyntheticWorld* w : {&testing::SmallHospital(), &testing::SmallClinic()}) {
    EXPECT_TRUE(w->incidents.skipped.empty()) << w->incidents.skipped.front();
    std::set<std::string> scenarios;
    std::set<uint32_t> users;
    for (const Incident& i : w->incidents.incidents) {
      scenarios.insert(i.scenario);
      EXPECT_TRUE(users.insert(i.user).second) << "user reused: " << i.description;
    }
    EXPECT_EQ(scenarios.size(), ScenarioNames().size());
    EXPECT_TRUE(scenarios.count(std::string(kSensitiveWrongRole)));
  }
}

TEST(DemoIncidents, DefaultIsAboutTwoPerThousandUserDays) {
  HospitalOptions big;
  big.employees = 2000;
  big.days = 14;
  EXPECT_EQ(DefaultIncidentsPerScenario(big), 4);  // 60 incidents in 28,000 user-days
  HospitalOptions clinic;
  clinic.profile = Profile::kClinic;
  clinic.days = 14;
  EXPECT_EQ(DefaultIncidentsPerScenario(clinic), 1);
  EXPECT_EQ(testing::SmallClinic().incidents.incidents.size(), ScenarioNames().size());
}

// "Many" is relative to the organisation and to the user's own habits.
void ExpectBulkBeyondRoutine(const SyntheticWorld& w) {
  const auto events = EventsByIncident(w);
  int seen = 0;
  for (size_t i = 0; i < w.incidents.incidents.size(); ++i) {
    const Incident& incident = w.incidents.incidents[i];
    if (incident.scenario != "bulk_export") continue;
    int32_t routine_most = 0;
    for (const AccessEvent& e : w.events) {
      if (e.user == incident.user && e.incident == 0) {
        routine_most = std::max(routine_most, e.record_count);
      }
    }
    int32_t exported = 0;
    for (const AccessEvent* e : events.at(i)) {
      if (e->action == Action::kExport) exported = std::max(exported, e->record_count);
    }
    EXPECT_GE(exported, 150);
    EXPECT_GE(exported, 3 * routine_most);
    EXPECT_LE(exported, static_cast<int32_t>(w.hospital.patients.size()));
    ++seen;
  }
  EXPECT_GT(seen, 0);
}

TEST(DemoIncidents, BulkExportIsFarBeyondTheUsersRoutine) {
  ExpectBulkBeyondRoutine(testing::SmallHospital());
  ExpectBulkBeyondRoutine(testing::SmallClinic());
  // In a practice of 2,000 clients a few hundred records is already bulk.
  for (const AccessEvent& e : testing::SmallClinic().events) {
    if (e.incident != 0 && e.action == Action::kExport) {
      EXPECT_LT(e.record_count, 1000);
    }
  }
}

TEST(DemoIncidents, SensitiveRecordOpenedByARoleThatNeverNeedsIt) {
  for (const SyntheticWorld* w : {&testing::SmallHospital(), &testing::SmallClinic()}) {
    const auto events = EventsByIncident(*w);
    for (size_t i = 0; i < w->incidents.incidents.size(); ++i) {
      const Incident& incident = w->incidents.incidents[i];
      if (incident.scenario != kSensitiveWrongRole) continue;
      EXPECT_TRUE(IsOperationsRole(w->hospital.employees[incident.user].role));
      bool sensitive = false;
      for (const AccessEvent* e : events.at(i)) sensitive |= IsSensitiveRecord(e->record_type);
      EXPECT_TRUE(sensitive) << incident.description;
      // ...of a patient the user does legitimately deal with: one with an appointment.
      EXPECT_FALSE(w->appointments->OfPatient(static_cast<uint32_t>(incident.patient)).empty());
    }
  }
}

}  // namespace
}  // namespace phi::demo
