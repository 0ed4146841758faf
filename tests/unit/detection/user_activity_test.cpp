#include "daemon/detection/user_activity.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

constexpr TimeMicros kHour = 3600LL * kMicrosPerSecond;
constexpr int64_t kDay0 = 20'400;  // a local day number

TimeMicros At(int64_t day, int hour) {
  return (day * 24 + hour) * kHour;
}

// Works `hours` on each of `days` days from kDay0.
UserActivity Worker(std::initializer_list<int> hours, int days, PeerHours& peers) {
  UserActivity a;
  for (int d = 0; d < days; ++d) {
    for (int h : hours) a.Record(At(kDay0 + d, h), kDay0 + d, h, 1, peers);
  }
  return a;
}

TEST(UserActivity, UsualHoursAreTheWorkingSpanLearnedFromEarlierDays) {
  PeerHours peers;
  UserActivity day = Worker({8, 9, 10, 11, 13, 14, 15, 16}, 6, peers);
  EXPECT_TRUE(day.UsualHour(12, 3));  // the quiet lunch hour inside the span
  EXPECT_TRUE(day.UsualHour(17, 3));  // next to the last hour worked
  EXPECT_FALSE(day.UsualHour(3, 3));  // the middle of the night
  EXPECT_FALSE(day.UsualHour(21, 3));
  UserActivity night = Worker({19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6}, 6, peers);
  EXPECT_TRUE(night.UsualHour(3, 3));  // the span wraps past midnight
  EXPECT_FALSE(night.UsualHour(13, 3));
  UserActivity fresh = Worker({9}, 2, peers);
  EXPECT_TRUE(fresh.UsualHour(3, 3));  // too little history to call any hour unusual
}

TEST(UserActivity, TheSessionInProgressDoesNotTeachItsOwnHours) {
  PeerHours peers;
  UserActivity a = Worker({9, 10, 11, 12, 13, 14, 15, 16}, 6, peers);
  // A night session crossing midnight: its 23:00 may not make 00:00 look usual.
  a.Record(At(kDay0 + 6, 23) + kHour / 2, kDay0 + 6, 23, 1, peers);
  a.Record(At(kDay0 + 7, 0) + kHour / 6, kDay0 + 7, 0, 1, peers);
  EXPECT_FALSE(a.UsualHour(0, 3));
  EXPECT_FALSE(a.UsualHour(1, 3));
  // The run of work began before midnight (gaps under an hour).
  EXPECT_EQ(a.SessionStartAt(At(kDay0 + 7, 0) + kHour / 2), At(kDay0 + 6, 23) + kHour / 2);
}

TEST(UserActivity, BatchesAreRememberedForTwoPeriodsAndPeersUseAPercentile) {
  PeerHours peers;
  UserActivity a;
  a.Record(At(kDay0, 9), kDay0, 9, 50, peers);
  EXPECT_EQ(a.UsualRecordCount(kDay0 + 1), 50);
  EXPECT_EQ(a.UsualRecordCount(kDay0 + 40), 0);  // forgotten after two periods
  // Peers: nothing until five member-days with a batch, then the median, from 20 the 90th
  // percentile, so one member's huge export does not become the group's habit.
  PeerHours group;
  for (int d = 0; d < 4; ++d) group.batch_days.Push(40);
  EXPECT_EQ(group.UsualBatch(), 0);
  group.batch_days.Push(30'000);
  EXPECT_EQ(group.UsualBatch(), 40);
  for (int d = 0; d < 25; ++d) group.batch_days.Push(60);
  EXPECT_EQ(group.UsualBatch(), 60);
}

TEST(PeerHours, AGroupTooSmallToTellSaysNothingForTheHour) {
  PeerHours peers;
  EXPECT_FALSE(peers.Usual(3, 10, 10));
  for (int d = 0; d < 20; ++d) {
    peers.AddDay();
    peers.AddHour(3);
  }
  EXPECT_TRUE(peers.Usual(3, 10, 10));
  EXPECT_TRUE(peers.Usual(4, 10, 10));  // next to an hour the group works
  EXPECT_FALSE(peers.Usual(12, 10, 10));
}

}  // namespace
}  // namespace phi
