// The compact sliding window against a plain reference (a deque of entries with std::map
// counts, as the engine kept before): the same count, distinct, sum and consecutive runs after
// every event, with times out of order, repeated values, the entry cap, the last sequences and
// patients for the alert, and a save/load in the middle. Also the parts: the delta-encoded
// entry queue, the value counts with stable slots, and the compact string list.
#include "daemon/detection/sliding_window.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <string>

namespace phi {
namespace {

struct ReferenceEntry {
  TimeMicros ts;
  uint64_t sequence;
  uint64_t value;
  int64_t amount;
};

// The window as the engine kept it before the compact one: what the compact one must equal.
struct ReferenceWindow {
  std::deque<ReferenceEntry> entries;
  std::map<uint64_t, int> values;
  int64_t sum = 0;

  void Add(const ReferenceEntry& e) {
    entries.push_back(e);
    ++values[e.value];
    sum += e.amount;
  }
  void Expire(TimeMicros cutoff, size_t cap) {
    while (!entries.empty() && (entries.front().ts <= cutoff || entries.size() > cap)) {
      if (--values[entries.front().value] == 0) values.erase(entries.front().value);
      sum -= entries.front().amount;
      entries.pop_front();
    }
  }
  int64_t Run(int64_t v) const {
    int64_t low = v, high = v;
    while (values.count(static_cast<uint64_t>(low - 1))) --low;
    while (values.count(static_cast<uint64_t>(high + 1))) ++high;
    return high - low + 1;
  }
};

TEST(WindowEntryQueueTest, RoundTripsAnyTimesSequencesAndPayloads) {
  WindowEntryQueue queue;
  std::deque<WindowEntry> expected;
  std::mt19937_64 random(7);
  const TimeMicros extremes[] = {INT64_MIN, INT64_MAX, 0, -1, 1'700'000'000'000'000};
  for (int i = 0; i < 20'000; ++i) {
    WindowEntry e;
    e.ts = i % 97 == 0
               ? extremes[i % 5]
               : 1'700'000'000'000'000 + static_cast<TimeMicros>(random() % 100'000'000'000);
    e.sequence = i % 89 == 0 ? random() : static_cast<uint64_t>(i);
    e.payload = i % 83 == 0 ? UINT64_MAX : random() % 50;
    queue.Push(e);
    expected.push_back(e);
    if (random() % 3 == 0) {
      ASSERT_FALSE(queue.empty());
      EXPECT_EQ(queue.front().ts, expected.front().ts);
      EXPECT_EQ(queue.front().sequence, expected.front().sequence);
      EXPECT_EQ(queue.front().payload, expected.front().payload);
      queue.PopFront();
      expected.pop_front();
    }
    ASSERT_EQ(queue.size(), expected.size());
  }
  size_t i = 0;
  queue.ShrinkToFit();
  queue.ForEach([&](const WindowEntry& e) {
    EXPECT_EQ(e.ts, expected[i].ts);
    EXPECT_EQ(e.sequence, expected[i].sequence);
    EXPECT_EQ(e.payload, expected[i].payload);
    ++i;
  });
  EXPECT_EQ(i, expected.size());
  EXPECT_EQ(queue.back_ts(), expected.back().ts);
}

TEST(WindowValueCountsTest, CountsOccurrencesAndKeepsSlotsStable) {
  WindowValueCounts counts;
  std::map<uint64_t, int> expected;
  std::deque<std::pair<uint32_t, uint64_t>> added;  // slot, value
  std::mt19937_64 random(11);
  for (int i = 0; i < 50'000; ++i) {
    uint64_t value = random() % (i < 25'000 ? 20 : 400);  // few values, then many (indexed)
    uint32_t slot = counts.Add(value);
    EXPECT_EQ(counts.value_at(slot), value);
    added.emplace_back(slot, value);
    ++expected[value];
    while (added.size() > 300 || (random() % 2 == 0 && !added.empty())) {
      auto [old_slot, old_value] = added.front();
      ASSERT_EQ(counts.value_at(old_slot), old_value);  // slots never move
      counts.Remove(old_slot);
      if (--expected[old_value] == 0) expected.erase(old_value);
      added.pop_front();
    }
    ASSERT_EQ(counts.distinct(), expected.size());
    uint64_t probe = random() % 500;
    EXPECT_EQ(counts.Contains(probe), expected.count(probe) == 1) << probe;
    if (i % 10'000 == 0) counts.ShrinkToFit();
  }
}

TEST(CompactStringListTest, RecentAndUniqueLists) {
  CompactStringList recent;
  for (const char* p : {"MRN1", "MRN2", "", "MRN1", "MRN3", "MRN4"}) recent.PushRecent(p, 3);
  EXPECT_EQ(recent.ToVector(), (std::vector<std::string>{"MRN2", "MRN3", "MRN4"}));
  EXPECT_TRUE(recent.Contains("MRN3"));
  EXPECT_FALSE(recent.Contains("MRN1"));
  EXPECT_FALSE(recent.Contains("MRN"));  // whole strings only

  CompactStringList unique;
  std::string long_one(300, 'x');  // a length over one varint byte
  for (const std::string& p :
       {std::string("a"), long_one, std::string("a"), std::string("b"), std::string("c")}) {
    unique.AppendUnique(p, 3);
  }
  EXPECT_EQ(unique.ToVector(), (std::vector<std::string>{"a", long_one, "b"}));
  unique.PopFront();
  EXPECT_EQ(unique.size(), 2u);
  EXPECT_TRUE(unique.Contains(long_one));
  EXPECT_TRUE(unique.Contains("b"));
  EXPECT_FALSE(unique.Contains("a"));
}

TEST(CompactStringListTest, RecentListAgreesWithADeque) {
  CompactStringList list;
  std::deque<std::string> expected;
  std::mt19937 random(3);
  for (int i = 0; i < 20'000; ++i) {
    std::string s = random() % 50 == 0 ? "" : "MRN" + std::to_string(random() % 30);
    list.PushRecent(s, 10);
    if (!s.empty() && std::find(expected.begin(), expected.end(), s) == expected.end()) {
      if (expected.size() == 10) expected.pop_front();
      expected.push_back(s);
    }
    ASSERT_EQ(list.ToVector(), std::vector<std::string>(expected.begin(), expected.end()));
    std::string probe = "MRN" + std::to_string(random() % 40);
    ASSERT_EQ(list.Contains(probe),
              std::find(expected.begin(), expected.end(), probe) != expected.end());
  }
}

// Drives a compact window and the reference with the same events and compares every measure.
void CheckAgainstReference(WindowPayload payload, uint64_t seed) {
  std::mt19937_64 random(seed);
  SlidingWindow window(payload);
  ReferenceWindow reference;
  const TimeMicros span = 3600LL * kMicrosPerSecond;
  const size_t cap = 500;
  TimeMicros now = 1'790'000'000'000'000;
  for (uint64_t sequence = 1; sequence <= 30'000; ++sequence) {
    now += static_cast<TimeMicros>(random() % (30 * kMicrosPerSecond));
    // Now and then an event stamped in the past (another source, a late batch).
    TimeMicros ts = random() % 20 == 0 ? now - static_cast<TimeMicros>(random() % (2 * span)) : now;
    uint64_t value = payload == WindowPayload::kValue ? 1000 + random() % 60 : 0;
    int64_t amount =
        payload == WindowPayload::kAmount ? static_cast<int64_t>(random() % 200) - 50 : 1;
    window.Add(ts, sequence, value, amount);
    reference.Add({ts, sequence, value, payload == WindowPayload::kAmount ? amount : 0});
    // A burst now and then pushes the window over its cap.
    size_t this_cap = sequence % 5000 < 600 ? cap : SIZE_MAX;
    window.Expire(ts - span, this_cap);
    reference.Expire(ts - span, this_cap);
    ASSERT_EQ(window.count(), reference.entries.size()) << sequence;
    if (payload == WindowPayload::kValue) {
      ASSERT_EQ(window.distinct(), reference.values.size()) << sequence;
      ASSERT_EQ(window.ConsecutiveRun(static_cast<int64_t>(value)),
                reference.Run(static_cast<int64_t>(value)));
    }
    if (payload == WindowPayload::kAmount) {
      ASSERT_EQ(window.sum(), reference.sum);
    }
    if (!reference.entries.empty()) {
      ASSERT_EQ(window.newest_ts(), reference.entries.back().ts);
    }
    if (sequence % 7000 == 0) {  // a snapshot and a restart
      std::string saved;
      window.Save(saved);
      SlidingWindow loaded;
      ByteReader in(saved);
      ASSERT_TRUE(loaded.Load(in));
      window = std::move(loaded);
      window.ShrinkToFit();
    }
  }
  std::vector<uint64_t> last = window.LastSequences(100);
  ASSERT_EQ(last.size(), std::min<size_t>(100, reference.entries.size()));
  for (size_t i = 0; i < last.size(); ++i) {
    EXPECT_EQ(last[i], reference.entries[reference.entries.size() - last.size() + i].sequence);
  }
}

TEST(SlidingWindowTest, CountMatchesTheReference) {
  CheckAgainstReference(WindowPayload::kNone, 1);
}
TEST(SlidingWindowTest, DistinctAndConsecutiveMatchTheReference) {
  CheckAgainstReference(WindowPayload::kValue, 2);
}
TEST(SlidingWindowTest, SumMatchesTheReference) {
  CheckAgainstReference(WindowPayload::kAmount, 3);
}

TEST(SlidingWindowTest, KeepsTheLastDistinctPatientsAcrossASaveAndLoad) {
  SlidingWindow window(WindowPayload::kValue);
  uint64_t sequence = 0;
  for (const char* p : {"MRN1", "MRN2", "MRN1", "", "MRN3"}) {
    ++sequence;
    window.Add(static_cast<TimeMicros>(sequence), sequence, 5, 1);
    window.AddPatient(p);
  }
  for (int k = 10; k < 30; ++k) window.AddPatient("MRN" + std::to_string(k));
  std::string saved;
  window.Save(saved);
  SlidingWindow loaded;
  ByteReader in(saved);
  ASSERT_TRUE(loaded.Load(in));
  std::vector<std::string> patients = loaded.RecentPatients();
  ASSERT_EQ(patients.size(), SlidingWindow::kMaxRecentPatients);
  EXPECT_EQ(patients.front(), "MRN20");
  EXPECT_EQ(patients.back(), "MRN29");
  EXPECT_EQ(loaded.count(), 5u);
  EXPECT_EQ(loaded.distinct(), 1u);
  EXPECT_EQ(loaded.LastSequences(2), (std::vector<uint64_t>{4, 5}));
  SlidingWindow truncated;
  ByteReader short_in(std::string_view(saved).substr(0, saved.size() / 2));
  EXPECT_FALSE(truncated.Load(short_in));
}

}  // namespace
}  // namespace phi

namespace phi {
namespace {

TEST(SlidingWindowRun, AWalkMaySkipNumbersUpToTheStep) {
  SlidingWindow w(WindowPayload::kValue);
  uint64_t sequence = 0;
  // 100, 101, 103, 104, 106: one number skipped twice; then 110 after a gap of three.
  for (int64_t n : {100, 101, 103, 104, 106, 110}) {
    const TimeMicros at = 1'000 + static_cast<TimeMicros>(sequence);
    ++sequence;
    w.Add(at, sequence, static_cast<uint64_t>(n), 1);
  }
  EXPECT_EQ(w.ConsecutiveRun(103), 2);     // strictly consecutive: 103, 104
  EXPECT_EQ(w.ConsecutiveRun(103, 2), 5);  // 100 ... 106, each at most two apart
  EXPECT_EQ(w.ConsecutiveRun(110, 2), 1);  // 106 -> 110 is too far
  EXPECT_EQ(w.ConsecutiveRun(110, 4), 6);
}

}  // namespace
}  // namespace phi
