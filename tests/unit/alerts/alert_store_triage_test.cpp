// A reviewer's changes to an alert: the transitions that apply, the ones refused with a reason,
// the history kept, and a triage state that detection's later updates never undo.
#include <gtest/gtest.h>

#include "daemon/alerts/alert_store.hpp"
#include "tests/unit/alerts/alert_store_fixture.hpp"

namespace phi {
namespace {

class AlertTriage : public testing::AlertStoreTest {
 protected:
  void SetUp() override {
    AlertStoreTest::SetUp();
    alert_.alert_id = "7-print_seen";
    alert_.rule_id = "print_seen";
    alert_.user = "u1";
    alert_.last_sequence = 7;
    ASSERT_TRUE(store_->Apply({AlertChange{alert_}}, nullptr).ok());
  }
  Status Change(const std::string& kind, const std::string& text = "") {
    return store_->Triage(alert_.alert_id, kind, "alice", text, "", ++now_);
  }
  Alert Stored() { return *store_->Find(alert_.alert_id).value(); }

  Alert alert_;
  TimeMicros now_ = 1'000'000;
};

TEST_F(AlertTriage, AnAlertGoesFromOpenToResolvedAndBackWithItsHistory) {
  ASSERT_TRUE(Change("acknowledged").ok());
  EXPECT_EQ(Stored().status, "acknowledged");
  ASSERT_TRUE(Change("assigned", "bob").ok());
  ASSERT_TRUE(Change("noted", "called the user's manager").ok());
  ASSERT_TRUE(Change("resolved", "false_positive").ok());
  Alert a = Stored();
  EXPECT_EQ(a.status, "resolved");
  EXPECT_EQ(a.resolution, "false_positive");
  EXPECT_EQ(a.assignee, "bob");
  ASSERT_TRUE(Change("reopened").ok());
  EXPECT_EQ(Stored().status, "open");
  EXPECT_EQ(Stored().resolution, "");
  auto history = store_->History(alert_.alert_id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history.value().size(), 5u);
  EXPECT_EQ(history.value()[0].kind, "acknowledged");
  EXPECT_EQ(history.value()[1].text, "bob");
  EXPECT_EQ(history.value()[2].text, "called the user's manager");
  EXPECT_EQ(history.value()[3].text, "false_positive");
  EXPECT_EQ(history.value()[4].kind, "reopened");
  EXPECT_EQ(history.value()[4].by, "alice");
  EXPECT_LT(history.value()[0].at, history.value()[4].at);
}

TEST_F(AlertTriage, ChangesThatDoNotApplyAreRefusedAndLeaveNoRecord) {
  EXPECT_FALSE(Change("reopened").ok()) << "not resolved";
  EXPECT_FALSE(Change("resolved", "maybe").ok()) << "not a resolution";
  EXPECT_FALSE(Change("assigned", "").ok());
  EXPECT_FALSE(Change("noted", "").ok());
  EXPECT_FALSE(Change("deleted").ok());
  EXPECT_EQ(store_->Triage("9-nope", "acknowledged", "alice", "", "", 1).code(),
            Status::Code::kNotFound);
  ASSERT_TRUE(Change("resolved", "benign").ok());
  EXPECT_FALSE(Change("acknowledged").ok()) << "resolved";
  EXPECT_FALSE(Change("resolved", "true_positive").ok()) << "resolved already";
  EXPECT_FALSE(Change("assigned", "bob").ok()) << "resolved: reopen first";
  EXPECT_EQ(store_->History(alert_.alert_id).value().size(), 1u);
}

TEST_F(AlertTriage, DetectionGrowingTheAlertKeepsItsTriageState) {
  ASSERT_TRUE(Change("acknowledged").ok());
  ASSERT_TRUE(Change("assigned", "bob").ok());
  Alert grown = alert_;  // a later repeat, as the engine sends it: status "open" in its copy
  grown.count = 2;
  grown.last_sequence = 9;
  auto applied = store_->Apply({AlertChange{grown, false}}, nullptr);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(applied.value(), 1u);
  Alert a = Stored();
  EXPECT_EQ(a.count, 2u);
  EXPECT_EQ(a.status, "acknowledged");
  EXPECT_EQ(a.assignee, "bob");
}

}  // namespace
}  // namespace phi
