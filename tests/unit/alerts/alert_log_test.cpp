// The alert log: every change to an alert is one record, in order, with who, when and the
// alert as it stood after it; records are never doubled by a replay, and appends from several
// threads never share a position.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "daemon/alerts/alert_store.hpp"
#include "tests/unit/alerts/alert_store_fixture.hpp"

namespace phi {
namespace {

class AlertLog : public testing::AlertStoreTest {
 protected:
  static Alert MakeAlert(const std::string& id, uint64_t last_sequence, uint64_t count) {
    Alert a;
    a.alert_id = id;
    a.rule_id = "print_seen";
    a.user = "u1";
    a.last_sequence = last_sequence;
    a.count = count;
    return a;
  }
  std::vector<AlertRecord> All() {
    auto records = store_->ReadRecords(0, 1000);
    EXPECT_TRUE(records.ok()) << records.status().message();
    return records.ok() ? records.value() : std::vector<AlertRecord>{};
  }
};

TEST_F(AlertLog, CreationGrowthAndTriageAreRecordsWithTheStateAfterEach) {
  ASSERT_TRUE(store_->Apply({AlertChange{MakeAlert("7-print_seen", 7, 1)}}, nullptr).ok());
  ASSERT_TRUE(store_->Triage("7-print_seen", "acknowledged", "alice", "", "looking", 100).ok());
  ASSERT_TRUE(store_->Apply({AlertChange{MakeAlert("7-print_seen", 9, 2), false}}, nullptr).ok());
  ASSERT_TRUE(store_->Triage("7-print_seen", "resolved", "bob", "true_positive", "", 200).ok());

  std::vector<AlertRecord> log = All();
  ASSERT_EQ(log.size(), 4u);
  for (size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].position, i + 1);
  EXPECT_EQ(log[0].change, "created");
  EXPECT_EQ(log[0].by, kDetectionActor);
  EXPECT_EQ(log[0].alert.status, "open");
  EXPECT_EQ(log[1].change, "acknowledged");
  EXPECT_EQ(log[1].by, "alice");
  EXPECT_EQ(log[1].note, "looking");
  EXPECT_EQ(log[1].at, 100);
  EXPECT_EQ(log[1].alert.status, "acknowledged");
  // Growth keeps the reviewer's status: the record says acknowledged, count 2.
  EXPECT_EQ(log[2].change, "grew");
  EXPECT_EQ(log[2].alert.count, 2u);
  EXPECT_EQ(log[2].alert.status, "acknowledged");
  EXPECT_EQ(log[3].change, "resolved");
  EXPECT_EQ(log[3].text, "true_positive");
  EXPECT_EQ(log[3].alert.resolution, "true_positive");
  EXPECT_EQ(log[3].alert.count, 2u);
  EXPECT_EQ(store_->LastPosition().value(), 4u);
  // Reading on from a position gives only what follows it.
  auto after = store_->ReadRecords(2, 10);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after.value().size(), 2u);
  EXPECT_EQ(after.value()[0].position, 3u);
}

TEST_F(AlertLog, AChangeAlreadyStoredIsNotLoggedAgainAndABatchLogsEachAlertOnce) {
  std::vector<AlertChange> batch = {AlertChange{MakeAlert("1-a", 1, 1)},
                                    AlertChange{MakeAlert("1-a", 3, 2), false},
                                    AlertChange{MakeAlert("2-b", 2, 1)}};
  ASSERT_EQ(store_->Apply(batch, nullptr).value(), 2u);
  // A replay after a crash derives the same changes: nothing new.
  ASSERT_EQ(store_->Apply(batch, nullptr).value(), 0u);
  std::vector<AlertRecord> log = All();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].alert.alert_id, "1-a");
  EXPECT_EQ(log[0].change, "created");
  EXPECT_EQ(log[0].alert.count, 2u) << "the latest version of the batch";
  EXPECT_EQ(log[1].alert.alert_id, "2-b");
}

TEST_F(AlertLog, AppendsFromManyThreadsTakeDistinctPositions) {
  ASSERT_TRUE(store_->Apply({AlertChange{MakeAlert("1-a", 1, 1)}}, nullptr).ok());
  constexpr int kPerThread = 50;
  std::thread detection([&] {
    for (int i = 0; i < kPerThread; ++i) {
      AlertStore own(*timeline_);  // a second store on the same timeline, as the daemon has
      ASSERT_TRUE(own.Apply({AlertChange{MakeAlert("1-a", 2 + i, 2 + i), false}}, nullptr).ok());
    }
  });
  for (int i = 0; i < kPerThread; ++i)
    ASSERT_TRUE(store_->Triage("1-a", "noted", "alice", "note " + std::to_string(i), "", i).ok());
  detection.join();
  std::vector<AlertRecord> log = All();
  ASSERT_EQ(log.size(), 1u + 2 * kPerThread);
  std::set<uint64_t> positions;
  for (const AlertRecord& r : log) positions.insert(r.position);
  EXPECT_EQ(positions.size(), log.size());
  EXPECT_EQ(*positions.rbegin(), log.size());
  EXPECT_EQ(log.back().alert.count, 1u + kPerThread) << "the last growth is the newest";
}

}  // namespace
}  // namespace phi
