// Robust summaries: Summarise (selection, not a sort) against the sorting definition for every
// size a ring can hold, and a peer baseline's kept summary following each Push and Load.
#include "daemon/detection/baseline.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace phi {
namespace {

RobustSummary SortedSummary(std::vector<uint32_t> values) {
  RobustSummary s;
  s.samples = static_cast<int>(values.size());
  if (values.empty()) return s;
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  };
  std::vector<double> d(values.begin(), values.end());
  s.median = median(d);
  for (double& x : d) x = std::fabs(x - s.median);
  s.mad = median(d);
  return s;
}

TEST(BaselineTest, SummariseEqualsTheSortingDefinition) {
  std::mt19937 random(5);
  for (size_t n = 0; n <= 256; ++n) {
    std::vector<uint32_t> values(n);
    for (auto& v : values) v = random() % (n % 3 == 0 ? 5 : 100'000);  // ties, and spread
    RobustSummary got = Summarise(values.data(), n);
    RobustSummary want = SortedSummary(values);
    EXPECT_EQ(got.samples, want.samples);
    EXPECT_EQ(got.median, want.median) << n;
    EXPECT_EQ(got.mad, want.mad) << n;
  }
}

TEST(BaselineTest, PeerSummaryFollowsEveryPush) {
  PeerBaseline peers;
  EXPECT_EQ(peers.Summarise().samples, 0);
  peers.Push(10);
  EXPECT_EQ(peers.Summarise().median, 10);
  peers.Push(20);
  peers.Push(90);
  EXPECT_EQ(peers.Summarise().median, 20);
  EXPECT_EQ(peers.Summarise().mad, 10);
  std::string saved;
  peers.Save(saved);
  PeerBaseline loaded;
  loaded.Push(1000);  // summarised before the load: the load must not keep this summary
  EXPECT_EQ(loaded.Summarise().median, 1000);
  ByteReader in(saved);
  ASSERT_TRUE(loaded.Load(in));
  EXPECT_EQ(loaded.Summarise().median, 20);
  EXPECT_EQ(loaded.Summarise().samples, 3);
}

}  // namespace
}  // namespace phi

namespace phi {
namespace {

TEST(BaselineTest, DailyValuesAreExactBelow32768AndWithinAThousandthAbove) {
  for (uint32_t v : {0U, 1U, 25U, 4'095U, 32'767U})
    EXPECT_EQ(ExpandDailyValue(CompactDailyValue(v)), v);
  uint16_t previous = 0;
  for (uint32_t v = 32'768; v < 4'000'000'000U; v += v / 7 + 1) {
    const uint16_t code = CompactDailyValue(v);
    const double back = ExpandDailyValue(code);
    EXPECT_LE(std::abs(back - v) / v, 0.001) << v;
    EXPECT_GE(code, previous) << v;  // the order of values is kept
    previous = code;
  }
  EXPECT_GE(ExpandDailyValue(CompactDailyValue(UINT32_MAX)), 4'290'000'000U);
}

TEST(BaselineTest, RingSummaryOfLargeDailyValuesStaysClose) {
  DailyRing<28> ring;
  for (uint32_t day = 0; day < 28; ++day) ring.Push(1'000'000 + day * 1'000);
  const RobustSummary s = ring.Summarise();
  EXPECT_NEAR(s.median, 1'014'000, 1'014);
  EXPECT_NEAR(s.mad, 7'000, 1'100);
  EXPECT_NEAR(ring.Quantile(90), 1'025'000, 1'025);
}

}  // namespace
}  // namespace phi
