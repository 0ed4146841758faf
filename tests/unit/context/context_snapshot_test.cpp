#include "daemon/context/context_snapshot.hpp"

#include <gtest/gtest.h>

#include "daemon/context/context_loader.hpp"
#include "daemon/context/match_key.hpp"
#include "tests/unit/context/context_test_support.hpp"

namespace phi {
namespace {

using testing::At;
using testing::FixtureFeeds;

std::shared_ptr<const ContextSnapshot> LoadFixture(const ContextOptions& options = {}) {
  ContextLoadReport report;
  auto loaded = ContextLoader::Load(FixtureFeeds(), options, report);
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  return loaded.ok() ? loaded.value() : nullptr;
}

// Options with the follow-up windows closed, so that the grace windows can be tested alone.
ContextOptions GraceWindowsOnly() {
  ContextOptions options;
  options.follow_up_after = 0;
  options.follow_up_before = 0;
  options.caseload_after = 0;
  options.caseload_before = 0;
  return options;
}

// Fixture: M1 Cardiology, attending u_att, 2024-03-01T08:00Z .. 2024-03-05T12:00Z;
// M2 Oncology, open since 2024-03-10; M3 Radiology 2024-02-01 .. 02-02 (attending unknown);
// M4 Oncology, attending u_onc, 2023-01-01 .. 2023-01-10. Grace: 24 h before, 72 h after.
class ContextExplain : public ::testing::Test {
 protected:
  void SetUp() override {
    snap_ = LoadFixture();
    grace_only_ = LoadFixture(GraceWindowsOnly());
  }
  Explanation Explain(const char* user, const char* mrn, const char* ts) const {
    return snap_->Explain(user, mrn, At(ts));
  }
  Explanation GraceOnly(const char* user, const char* mrn, const char* ts) const {
    return grace_only_->Explain(user, mrn, At(ts));
  }
  std::shared_ptr<const ContextSnapshot> snap_, grace_only_;
};

TEST_F(ContextExplain, AttendingDuringTheEncounter) {
  EXPECT_EQ(Explain("u_att", "M1", "2024-03-02T10:00:00Z"), Explanation::kAttending);
  EXPECT_EQ(Explain("u_onc", "M4", "2023-01-05"), Explanation::kAttending);
}

TEST_F(ContextExplain, AttendingWinsOverDepartment) {
  // u_att is in Cardiology too; the attending reason comes first in the enum order.
  EXPECT_EQ(Explain("u_att", "M1", "2024-03-04"), Explanation::kAttending);
}

TEST_F(ContextExplain, DepartmentWithAnOpenEncounter) {
  EXPECT_EQ(Explain("u_card", "M1", "2024-03-02"), Explanation::kDepartmentEncounter);
  // M2's Oncology encounter has no discharge: open, so explained months later.
  EXPECT_EQ(Explain("u_onc", "M2", "2024-03-10T00:00:00Z"), Explanation::kDepartmentEncounter);
  EXPECT_EQ(Explain("u_onc", "M2", "2025-01-01"), Explanation::kDepartmentEncounter);
  // Another department, while the patient is in the hospital: only the weak presumption of a
  // consult or cross-cover.
  EXPECT_EQ(Explain("u_card", "M2", "2024-03-12"), Explanation::kInpatientCover);
  EXPECT_EQ(StrengthOf(Explanation::kInpatientCover), ExplanationStrength::kWeak);
}

TEST_F(ContextExplain, GraceBeforeAdmission) {
  EXPECT_EQ(GraceOnly("u_onc", "M2", "2024-03-09T00:00:00Z"), Explanation::kDepartmentEncounter);
  EXPECT_EQ(GraceOnly("u_onc", "M2", "2024-03-08T23:59:59Z"), Explanation::kNone);
  EXPECT_EQ(GraceOnly("u_att", "M1", "2024-02-29T08:00:00Z"), Explanation::kAttending);
  EXPECT_EQ(GraceOnly("u_att", "M1", "2024-02-29T07:59:59Z"), Explanation::kNone);
}

TEST_F(ContextExplain, GraceAfterDischarge) {
  EXPECT_EQ(GraceOnly("u_card", "M1", "2024-03-08T12:00:00Z"), Explanation::kDepartmentEncounter);
  EXPECT_EQ(GraceOnly("u_card", "M1", "2024-03-08T12:00:01Z"), Explanation::kNone);
  EXPECT_EQ(GraceOnly("u_att", "M1", "2024-03-08T11:00:00Z"), Explanation::kAttending);
}

TEST_F(ContextExplain, FollowUpIsWeakAndEndsWithItsWindow) {
  // Past the 72 h grace: the department's follow-up (weak), the attending's caseload (strong).
  EXPECT_EQ(Explain("u_card", "M1", "2024-03-08T12:00:01Z"), Explanation::kDepartmentFollowUp);
  EXPECT_EQ(StrengthOf(Explanation::kDepartmentFollowUp), ExplanationStrength::kWeak);
  EXPECT_EQ(Explain("u_att", "M1", "2024-06-01"), Explanation::kCaseload);
  EXPECT_EQ(StrengthOf(Explanation::kCaseload), ExplanationStrength::kStrong);
  // 90 days after discharge (2024-03-05T12:00Z) is the last moment of the follow-up.
  EXPECT_EQ(Explain("u_card", "M1", "2024-06-03T12:00:00Z"), Explanation::kDepartmentFollowUp);
  EXPECT_EQ(Explain("u_card", "M1", "2024-06-03T12:00:01Z"), Explanation::kNone);
  // Pre-visit preparation: up to 30 days before the admission.
  EXPECT_EQ(Explain("u_onc", "M2", "2024-02-09T00:00:00Z"), Explanation::kDepartmentFollowUp);
  EXPECT_EQ(Explain("u_onc", "M2", "2024-02-08T23:59:59Z"), Explanation::kNone);
}

TEST_F(ContextExplain, ClosedEncounterBeyondEveryWindowIsNotExplained) {
  EXPECT_EQ(Explain("u_att", "M1", "2024-12-01"), Explanation::kNone);
  EXPECT_EQ(Explain("u_onc", "M4", "2024-01-01"), Explanation::kNone);
}

TEST_F(ContextExplain, GracePeriodsAreConfigurable) {
  ContextOptions options = GraceWindowsOnly();
  options.grace_before_admission = 0;
  options.grace_after_discharge = 30LL * 86400 * kMicrosPerSecond;
  auto snap = LoadFixture(options);
  EXPECT_EQ(snap->Explain("u_onc", "M2", At("2024-03-09T23:00:00Z")), Explanation::kNone);
  EXPECT_EQ(snap->Explain("u_card", "M1", At("2024-04-01")), Explanation::kDepartmentEncounter);
}

TEST_F(ContextExplain, BillingFollowsCareFromItsStartToMonthsAfter) {
  // u_bill is a billing_clerk in Billing: no encounter in that department.
  EXPECT_EQ(Explain("u_bill", "M1", "2024-05-01"), Explanation::kOperationsRole);
  EXPECT_EQ(Explain("u_bill", "M3", "2024-02-01"), Explanation::kOperationsRole);
  EXPECT_EQ(Explain("u_bill", "M3", "2024-01-31"), Explanation::kNone);  // before care began
  EXPECT_EQ(Explain("u_bill", "M2", "2026-01-01"), Explanation::kOperationsRole);  // open
  // 90 days after M1's discharge (2024-03-05T12:00Z) has passed.
  EXPECT_EQ(Explain("u_bill", "M1", "2024-06-03T12:00:00Z"), Explanation::kOperationsRole);
  EXPECT_EQ(Explain("u_bill", "M1", "2024-06-03T12:00:01Z"), Explanation::kNone);
  // No encounter at all.
  EXPECT_EQ(Explain("u_bill", "M5", "2024-03-02"), Explanation::kNone);
  // Not an operations role: a clinician on an admitted patient is only weakly explained.
  EXPECT_EQ(Explain("u_smith", "M1", "2024-03-02"), Explanation::kInpatientCover);
}

TEST_F(ContextExplain, OperationsRolesAreAddedByNameAndFoundByTheirWords) {
  ContextOptions options;
  options.operations_roles = {"technologist"};
  auto snap = LoadFixture(options);
  // u_smith's Radiology holds encounters: operations staff of a clinical department work on
  // that department's patients only.
  EXPECT_EQ(snap->Explain("u_smith", "M3", At("2024-02-20")), Explanation::kOperationsRole);
  EXPECT_EQ(snap->Explain("u_smith", "M1", At("2024-03-02")), Explanation::kNone);
  // billing_clerk is an operations role by its words, listed or not.
  EXPECT_EQ(snap->Explain("u_bill", "M1", At("2024-03-02")), Explanation::kOperationsRole);
  EXPECT_EQ(snap->FindEmployee("u_bill")->role_class, RoleClass::kOperations);
  EXPECT_EQ(snap->FindEmployee("u_card")->role_class, RoleClass::kClinical);
}

TEST_F(ContextExplain, UnknownUserOrPatientIsNotExplained) {
  EXPECT_EQ(Explain("nobody", "M1", "2024-03-02"), Explanation::kNone);
  EXPECT_EQ(Explain("u_att", "M404", "2024-03-02"), Explanation::kNone);
  EXPECT_EQ(Explain("", "", "2024-03-02"), Explanation::kNone);
  // An employee without a department is not matched by an encounter without one (the visit is
  // a presumption of cover at most).
  EXPECT_EQ(Explain("u_new", "M9", "2024-01-01T10:30:00Z"), Explanation::kInpatientCover);
  EXPECT_EQ(Explain("u_new", "M9", "2024-01-01T11:30:00Z"), Explanation::kNone);
}

TEST_F(ContextExplain, RecordOverloadAgreesWithIds) {
  const EmployeeRecord* card = snap_->FindEmployee("u_card");
  const PatientRecord* m1 = snap_->FindPatient("M1");
  EXPECT_EQ(snap_->Explain(*card, *m1, At("2024-03-02")), Explanation::kDepartmentEncounter);
  EXPECT_EQ(ExplanationName(Explanation::kDepartmentEncounter), "department_encounter");
  EXPECT_EQ(ExplanationName(Explanation::kNone), "none");
}

TEST(ContextExplainContent, FrontDeskAndBillingNeedNoClinicalContent) {
  auto snap = LoadFixture();
  const EmployeeRecord* bill = snap->FindEmployee("u_bill");
  const PatientRecord* m1 = snap->FindPatient("M1");
  EXPECT_EQ(snap->ExplainDetailed(*bill, *m1, At("2024-03-02"), 0, false).explanation,
            Explanation::kOperationsRole);
  EXPECT_EQ(snap->ExplainDetailed(*bill, *m1, At("2024-03-02"), 0, true).explanation,
            Explanation::kNone);
}

TEST_F(ContextExplain, TheDepartmentTheEventNamesCountsForFloatStaff) {
  // u_smith (Radiology) working a shift in Cardiology, as the event says.
  const EmployeeRecord* smith = snap_->FindEmployee("u_smith");
  const PatientRecord* m1 = snap_->FindPatient("M1");
  InternId cardiology = snap_->strings().Find("Cardiology");
  EXPECT_EQ(snap_->ExplainDetailed(*smith, *m1, At("2024-03-02")).explanation,
            Explanation::kInpatientCover);
  ContextExplanation worked = snap_->ExplainDetailed(*smith, *m1, At("2024-03-02"), cardiology);
  EXPECT_EQ(worked.explanation, Explanation::kDepartmentEncounter);
  ASSERT_NE(worked.episode, nullptr);
  EXPECT_EQ(worked.episode->department, cardiology);
}

TEST(ContextMatchKey, NormalisesCasePunctuationAndWhitespace) {
  EXPECT_EQ(MatchKey("12 Oak St."), MatchKey("12 oak st"));
  EXPECT_EQ(MatchKey("  77  Maple\tStreet  "), "77 maple street");
  EXPECT_EQ(MatchKey("12 Oak St., Apt 4"), "12 oak st apt 4");
  EXPECT_EQ(MatchKey("O'Brien"), "obrien");
  EXPECT_EQ(MatchKey("Smith-Jones"), MatchKey("smith jones"));
  EXPECT_EQ(MatchKey("Müller"), "m\xc3\xbcller");  // UTF-8 kept; ASCII folded
  EXPECT_EQ(MatchKey(" .,; "), "");
}

TEST_F(ContextExplain, SameLastNameAddressAndListedContact) {
  const EmployeeRecord* smith = snap_->FindEmployee("u_smith");
  const EmployeeRecord* card = snap_->FindEmployee("u_card");
  const EmployeeRecord* fresh = snap_->FindEmployee("u_new");
  const PatientRecord* m4 = snap_->FindPatient("M4");
  const PatientRecord* m3 = snap_->FindPatient("M3");
  const PatientRecord* m9 = snap_->FindPatient("M9");
  EXPECT_TRUE(snap_->SameLastName(*smith, *m4));  // "Smith" vs "SMITH"
  EXPECT_TRUE(snap_->SameAddress(*smith, *m4));   // "  77  Maple   Street  " vs "77 Maple Street."
  EXPECT_TRUE(snap_->IsListedContact(*smith, *m4));  // "Erin Smith" among the contacts
  EXPECT_FALSE(snap_->SameLastName(*card, *m4));
  EXPECT_FALSE(snap_->IsListedContact(*card, *m4));
  EXPECT_TRUE(snap_->SameAddress(*card, *m3));  // "12 Oak St., Apt 4" vs "12 oak st apt 4"
  EXPECT_TRUE(snap_->SameLastName(*card, *m3));
  // Unknown (empty) values never match each other.
  EXPECT_FALSE(snap_->SameAddress(*fresh, *m9));
  EXPECT_FALSE(snap_->IsListedContact(*fresh, *m9));
}

TEST(ContextStringInterner, InternsAndFinds) {
  StringInterner strings;
  EXPECT_EQ(strings.Intern(""), 0u);
  InternId a = strings.Intern("cardiology");
  InternId b = strings.Intern("oncology");
  EXPECT_NE(a, b);
  EXPECT_EQ(strings.Intern("cardiology"), a);
  EXPECT_EQ(strings.Find("oncology"), b);
  EXPECT_EQ(strings.Find("radiology"), 0u);
  EXPECT_EQ(strings.Name(a), "cardiology");
  EXPECT_EQ(strings.Name(0), "");
  for (int i = 0; i < 10000; ++i) strings.Intern("s" + std::to_string(i));
  EXPECT_EQ(strings.size(), 10003u);
  EXPECT_EQ(strings.Name(strings.Find("s9999")), "s9999");
  EXPECT_EQ(strings.Find("cardiology"), a);
}

}  // namespace
}  // namespace phi
