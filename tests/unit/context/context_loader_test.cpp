#include "daemon/context/context_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/unit/context/context_test_support.hpp"

namespace phi {
namespace {

using testing::At;
using testing::FixtureFeeds;
using testing::ScratchDir;
using testing::WriteFile;

bool HasWarning(const ContextLoadReport& report, std::string_view suffix) {
  return std::any_of(report.warnings.begin(), report.warnings.end(),
                     [&](const std::string& w) { return w.ends_with(suffix); });
}

std::string Dump(const ContextLoadReport& report) {
  std::string out;
  for (const auto& w : report.warnings) out += w + "\n";
  return out;
}

class ContextLoaderFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = ContextLoader::Load(FixtureFeeds(), ContextOptions{}, report_);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    snap_ = loaded.value();
  }
  ContextLoadReport report_;
  std::shared_ptr<const ContextSnapshot> snap_;
};

TEST_F(ContextLoaderFixture, CountsRowsAndSkipsBadOnes) {
  EXPECT_EQ(snap_->employee_count(), 6u);
  EXPECT_EQ(snap_->patient_count(), 6u);
  EXPECT_EQ(snap_->encounter_count(), 5u);
  EXPECT_EQ(report_.skipped_rows, 12u) << Dump(report_);
}

TEST_F(ContextLoaderFixture, WarningsNameFileLineColumnAndReason) {
  const std::string dump = Dump(report_);
  EXPECT_TRUE(HasWarning(report_, "employees.csv:7: user_id: required, empty")) << dump;
  EXPECT_TRUE(HasWarning(report_,
                         "employees.csv:8: hired: expected an ISO 8601 date (YYYY-MM-DD or "
                         "RFC 3339)"))
      << dump;
  EXPECT_TRUE(HasWarning(report_, "employees.csv:9: user_id: duplicate of an earlier row")) << dump;
  EXPECT_TRUE(HasWarning(report_, "patients.csv:8: vip: expected 1/0, true/false or yes/no"))
      << dump;
  EXPECT_TRUE(HasWarning(report_, "patients.csv:9: mrn: required, empty")) << dump;
  EXPECT_TRUE(HasWarning(report_, "patients.csv:10: row: malformed CSV quoting at byte 16"))
      << dump;
  EXPECT_TRUE(HasWarning(report_, "patients.csv:11: row: expected 10 fields, found 4")) << dump;
  EXPECT_TRUE(HasWarning(report_, "patients.csv:13: mrn: duplicate of an earlier row")) << dump;
  EXPECT_TRUE(HasWarning(report_, "encounters.csv:5: mrn: no such patient in the patients feed"))
      << dump;
  EXPECT_TRUE(HasWarning(report_, "encounters.csv:7: discharged: before admitted")) << dump;
  EXPECT_TRUE(HasWarning(report_, "encounters.csv:9: admitted: required, empty")) << dump;
  EXPECT_TRUE(HasWarning(report_,
                         "encounters.csv: 1 row(s) name a clinician in attending_user_id who is "
                         "not in the employees feed; kept without that clinician"))
      << dump;
  // Messages never carry cell values (PHI).
  EXPECT_EQ(dump.find("Vip Maybe"), std::string::npos);
  EXPECT_EQ(dump.find("M404"), std::string::npos);
}

TEST_F(ContextLoaderFixture, ReadsEmployeeFields) {
  const EmployeeRecord* e = snap_->FindEmployee("u_onc");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->name, "Carol Onco");
  EXPECT_EQ(snap_->strings().Name(e->department), "Oncology");
  EXPECT_EQ(snap_->strings().Name(e->role), "nurse");
  EXPECT_EQ(snap_->strings().Name(e->last_name), "onco");
  EXPECT_EQ(e->hired, At("2017-01-01T00:00:00Z"));
  EXPECT_EQ(e->terminated, At("2023-06-30T17:00:00Z"));
  // The first of two rows with the same user_id wins.
  EXPECT_EQ(snap_->strings().Name(snap_->FindEmployee("u_att")->department), "Cardiology");
  // Empty cells are unknown.
  const EmployeeRecord* n = snap_->FindEmployee("u_new");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->department, 0u);
  EXPECT_EQ(n->hired, kNoTime);
  EXPECT_EQ(n->terminated, kNoTime);
  EXPECT_EQ(snap_->FindEmployee("u_bad"), nullptr);
  EXPECT_EQ(snap_->FindEmployee(""), nullptr);
  EXPECT_EQ(snap_->EmployeeIndex("nobody"), UINT32_MAX);
}

TEST_F(ContextLoaderFixture, ReadsPatientFieldsInAnyColumnOrder) {
  const PatientRecord* p = snap_->FindPatient("M1");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "John Public");
  EXPECT_EQ(snap_->strings().Name(p->address), "100 river rd unit 2");  // quoted, with a comma
  EXPECT_EQ(p->dob, At("1980-02-03"));
  EXPECT_FALSE(p->vip);
  EXPECT_TRUE(snap_->FindPatient("M2")->vip);
  EXPECT_EQ(snap_->FindPatient("M3")->employee_user_id, "u_card");
  const PatientRecord* m4 = snap_->FindPatient("M4");
  EXPECT_EQ(m4->deceased, At("2024-01-01"));
  ASSERT_EQ(m4->contact_names.size(), 2u);
  EXPECT_EQ(snap_->strings().Name(m4->contact_names[0]), "erin smith");
  EXPECT_EQ(snap_->strings().Name(m4->contact_names[1]), "grace smith");
  EXPECT_EQ(snap_->FindPatient("M5")->name, "Multi\nLine");  // quoted newline
  const PatientRecord* m9 = snap_->FindPatient("M9");
  ASSERT_NE(m9, nullptr);
  EXPECT_EQ(m9->dob, kNoTime);
  EXPECT_EQ(m9->address, 0u);
  EXPECT_TRUE(m9->contact_names.empty());
  EXPECT_EQ(snap_->FindPatient("M6"), nullptr);
  EXPECT_EQ(snap_->FindPatient("M404"), nullptr);
}

TEST_F(ContextLoaderFixture, GroupsEncountersByPatient) {
  auto m1 = snap_->EncountersOf(*snap_->FindPatient("M1"));
  ASSERT_EQ(m1.size(), 1u);
  EXPECT_EQ(m1[0].admitted, At("2024-03-01T08:00:00Z"));
  EXPECT_EQ(m1[0].discharged, At("2024-03-05T12:00:00Z"));
  EXPECT_EQ(&snap_->EmployeeAt(m1[0].attending), snap_->FindEmployee("u_att"));
  auto m2 = snap_->EncountersOf(*snap_->FindPatient("M2"));
  ASSERT_EQ(m2.size(), 1u);
  EXPECT_EQ(m2[0].discharged, kNoTime);  // still open
  EXPECT_EQ(m2[0].attending, UINT32_MAX);
  auto m3 = snap_->EncountersOf(*snap_->FindPatient("M3"));
  ASSERT_EQ(m3.size(), 1u);
  EXPECT_EQ(m3[0].attending, UINT32_MAX);  // not in the employees feed: kept, attending unknown
  EXPECT_EQ(snap_->EncountersOf(*snap_->FindPatient("M9")).size(), 1u);
  EXPECT_EQ(snap_->EncountersOf(*snap_->FindPatient("M9"))[0].department, 0u);
  EXPECT_TRUE(snap_->EncountersOf(*snap_->FindPatient("M5")).empty());
}

TEST(ContextLoader, MissingRequiredColumnIsAnErrorNamingFileAndColumn) {
  ScratchDir dir;
  ContextFeedPaths paths = FixtureFeeds();
  paths.encounters = (dir / "encounters.csv").string();
  WriteFile(paths.encounters, "mrn,department,attending_user_id,discharged\nM1,X,,\n");
  ContextLoadReport report;
  auto loaded = ContextLoader::Load(paths, ContextOptions{}, report);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(),
            paths.encounters + ":1: header: missing required column 'admitted'");
}

TEST(ContextLoader, MissingOrEmptyFileIsAnError) {
  ScratchDir dir;
  ContextFeedPaths paths = FixtureFeeds();
  paths.patients = (dir / "patients.csv").string();
  ContextLoadReport report;
  auto missing = ContextLoader::Load(paths, ContextOptions{}, report);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find(paths.patients), std::string::npos);
  WriteFile(paths.patients, "");
  auto empty = ContextLoader::Load(paths, ContextOptions{}, report);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(), paths.patients + ": empty file, expected a header row");
}

TEST(ContextLoader, HandlesBomCrlfNoFinalNewlineAndHeaderCase) {
  ScratchDir dir;
  ContextFeedPaths paths{(dir / "e.csv").string(), (dir / "p.csv").string(),
                         (dir / "n.csv").string(), ""};
  WriteFile(paths.employees, "\xEF\xBB\xBFUser_ID , Department\r\nu1,ICU\r\nu2,ER");
  WriteFile(paths.patients, "MRN\r\nP1\r\n\r\nP2\r\n");
  WriteFile(paths.encounters, "mrn,admitted,attending_user_id\nP1,2024-01-01,u2\n");
  ContextLoadReport report;
  auto loaded = ContextLoader::Load(paths, ContextOptions{}, report);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const ContextSnapshot& s = *loaded.value();
  EXPECT_TRUE(report.warnings.empty()) << Dump(report);
  EXPECT_EQ(s.employee_count(), 2u);
  EXPECT_EQ(s.strings().Name(s.FindEmployee("u2")->department), "ER");
  EXPECT_EQ(s.patient_count(), 2u);
  EXPECT_EQ(s.Explain("u2", "P1", At("2024-01-02")), Explanation::kAttending);
}

TEST(ContextLoader, AppointmentsCareTeamsAndTerminationDays) {
  ScratchDir dir;
  ContextFeedPaths paths{(dir / "e.csv").string(), (dir / "p.csv").string(),
                         (dir / "n.csv").string(), (dir / "a.csv").string()};
  WriteFile(paths.employees,
            "user_id,department,role,terminated\n"
            "doc,Clinic,Physician,\nrn,Clinic,Registered Nurse,2024-03-31\n"
            "desk,Front Office,Front Desk,2024-04-01T12:00:00Z\nother,Surgery,Surgeon,\n"
            "r1,Radiology,Radiologist,\nr2,Radiology,Radiologist,\nr3,Radiology,Radiologist,\n");
  WriteFile(paths.patients, "mrn\nP1\nP2\n");
  // A care team in one cell; an appointment with a provider and one without.
  WriteFile(paths.encounters,
            "mrn,department,attending_user_id,admitted,discharged\n"
            "P1,Ward,doc; rn | ghost,2024-01-01,2024-01-03\n");
  WriteFile(paths.appointments,
            "mrn,department,provider_user_id,scheduled_at\n"
            "P2,Clinic,doc,2024-02-10T09:00:00Z\nP2,Surgery,,2024-05-01T09:00:00Z\n"
            "P404,Clinic,doc,2024-02-10T09:00:00Z\n");
  ContextLoadReport report;
  auto loaded = ContextLoader::Load(paths, ContextOptions{}, report);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const ContextSnapshot& s = *loaded.value();
  EXPECT_EQ(s.encounter_count(), 3u);  // one row per listed clinician, the unknown one kept
  EXPECT_EQ(s.appointment_count(), 2u);
  EXPECT_TRUE(HasWarning(report, "a.csv:4: mrn: no such patient in the patients feed"))
      << Dump(report);
  EXPECT_EQ(s.Explain("rn", "P1", At("2024-01-02")), Explanation::kAttending);
  // Appointments: the provider within 72 h before to 7 days after; the department too.
  EXPECT_EQ(s.Explain("doc", "P2", At("2024-02-07T09:00:00Z")), Explanation::kAppointmentProvider);
  EXPECT_EQ(s.Explain("doc", "P2", At("2024-02-17T09:00:00Z")), Explanation::kAppointmentProvider);
  EXPECT_EQ(s.Explain("doc", "P2", At("2024-02-17T09:00:01Z")), Explanation::kCaseload);
  EXPECT_EQ(s.Explain("rn", "P2", At("2024-02-11")), Explanation::kDepartmentAppointment);
  EXPECT_EQ(s.Explain("other", "P2", At("2024-04-30")), Explanation::kDepartmentAppointment);
  EXPECT_EQ(s.Explain("desk", "P2", At("2024-02-11")), Explanation::kOperationsRole);
  // A date is the last day worked; a timestamp is the instant the account ended.
  EXPECT_EQ(s.FindEmployee("rn")->terminated_day, *ParseIsoTime("2024-03-31") / 86'400'000'000);
  EXPECT_EQ(s.FindEmployee("rn")->terminated, kNoTime);
  EXPECT_EQ(s.FindEmployee("desk")->terminated, At("2024-04-01T12:00:00Z"));
  EXPECT_EQ(s.FindEmployee("desk")->role_class, RoleClass::kOperations);
}

TEST(ContextLoader, InAPracticeOfOneDepartmentTheDepartmentExplainsNothing) {
  ScratchDir dir;
  ContextFeedPaths paths{(dir / "e.csv").string(), (dir / "p.csv").string(),
                         (dir / "n.csv").string(), (dir / "a.csv").string()};
  WriteFile(paths.employees,
            "user_id,department,role\nt1,Behavioral Health,Therapist\n"
            "t2,Behavioral Health,Therapist\nt3,Behavioral Health,Psychologist\n"
            "desk,Behavioral Health,Front Desk\nboss,Administration,Practice Manager\n");
  WriteFile(paths.patients, "mrn\nC1\n");
  WriteFile(paths.encounters, "mrn,department,attending_user_id,admitted,discharged\n");
  WriteFile(paths.appointments,
            "mrn,department,provider_user_id,scheduled_at\n"
            "C1,Behavioral Health,t1,2024-02-10T09:00:00Z\n");
  ContextLoadReport report;
  auto loaded = ContextLoader::Load(paths, ContextOptions{}, report);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const ContextSnapshot& s = *loaded.value();
  InternId bh = s.strings().Find("Behavioral Health");
  EXPECT_TRUE(s.IsWholeOrganisation(bh));
  // The client's own therapist: strong. A colleague of the same (only) department: nothing.
  EXPECT_EQ(s.Explain("t1", "C1", At("2024-02-10T09:30:00Z")), Explanation::kAppointmentProvider);
  EXPECT_EQ(s.Explain("t2", "C1", At("2024-02-10T09:30:00Z")), Explanation::kNone);
  // The front desk checks in every client of the practice around the visit.
  EXPECT_EQ(s.Explain("desk", "C1", At("2024-02-10T08:50:00Z")), Explanation::kOperationsRole);
}

TEST(ContextLoader, CapsWarningsButCountsEverySkippedRow) {
  ScratchDir dir;
  ContextFeedPaths paths = FixtureFeeds();
  paths.employees = (dir / "employees.csv").string();
  std::string csv = "user_id,hired\n";
  for (int i = 0; i < 250; ++i) csv += "u" + std::to_string(i) + ",yesterday\n";
  csv += "ok,2020-01-01\n";
  WriteFile(paths.employees, csv);
  ContextLoadReport report;
  auto loaded = ContextLoader::Load(paths, ContextOptions{}, report);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.value()->employee_count(), 1u);
  EXPECT_EQ(report.warnings.size(), 100u);
  EXPECT_GE(report.skipped_rows, 250u);
}

TEST(ContextLoader, UnclosedQuoteAtEndOfFileIsReported) {
  ScratchDir dir;
  ContextFeedPaths paths = FixtureFeeds();
  paths.employees = (dir / "employees.csv").string();
  WriteFile(paths.employees, "user_id,name\nu1,Ann\nu2,\"Never closed\nu3,Bob\n");
  ContextLoadReport report;
  auto loaded = ContextLoader::Load(paths, ContextOptions{}, report);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.value()->employee_count(), 1u);
  EXPECT_TRUE(HasWarning(report,
                         "employees.csv:3: row: quoted field not closed before the end "
                         "of the file"))
      << Dump(report);
}

}  // namespace
}  // namespace phi
