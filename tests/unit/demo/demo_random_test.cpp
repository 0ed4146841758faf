// DemoRandom is what makes phi-demo-gen's output byte-identical for a seed: these tests pin its
// sequence (a change here changes every generated file) and the ranges of its draws.
#include "daemon/demo/demo_random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

namespace phi::demo {
namespace {

TEST(DemoRandomTest, SequenceIsPinnedForASeed) {
  DemoRandom rng(1);
  EXPECT_EQ(rng.Next(), 0xb3f2af6d0fc710c5ull);
  EXPECT_EQ(rng.Next(), 0x853b559647364ceaull);
  EXPECT_EQ(rng.Next(), 0x92f89756082a4514ull);
  EXPECT_EQ(DeriveSeed(1, {Salt("access"), 42, 3}), 12837814153526546707ull);
}

TEST(DemoRandomTest, SameSeedSameDrawsOtherSeedOtherDraws) {
  DemoRandom a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs |= x != c.Next();
  }
  EXPECT_TRUE(differs);
}

TEST(DemoRandomTest, DerivedSeedsDependOnEveryPart) {
  std::set<uint64_t> seeds;
  for (uint64_t user = 0; user < 50; ++user) {
    for (uint64_t day = 0; day < 20; ++day)
      seeds.insert(DeriveSeed(1, {Salt("access"), user, day}));
  }
  EXPECT_EQ(seeds.size(), 1000u);
  EXPECT_NE(DeriveSeed(1, {Salt("access"), 1, 2}), DeriveSeed(1, {Salt("access"), 2, 1}));
  EXPECT_NE(Salt("access"), Salt("incidents"));
}

TEST(DemoRandomTest, DrawsStayInRange) {
  DemoRandom rng(3);
  std::set<int64_t> seen;
  for (int i = 0; i < 10000; ++i) {
    EXPECT_LT(rng.Below(7), 7u);
    int64_t v = rng.Between(-2, 2);
    EXPECT_GE(v, -2);
    EXPECT_LE(v, 2);
    seen.insert(v);
    double u = rng.Unit();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
  EXPECT_EQ(seen.size(), 5u);  // both ends are reachable
  EXPECT_EQ(rng.Below(1), 0u);
}

TEST(DemoRandomTest, WeightedNeverPicksAZeroWeight) {
  DemoRandom rng(4);
  const int weights[] = {0, 3, 0, 1};
  int counts[4] = {};
  for (int i = 0; i < 4000; ++i) ++counts[rng.Weighted(weights)];
  EXPECT_EQ(counts[0], 0);
  EXPECT_EQ(counts[2], 0);
  EXPECT_GT(counts[1], counts[3] * 2);
}

TEST(DemoRandomTest, ShuffleIsAPermutation) {
  DemoRandom rng(5);
  std::vector<int> items(100);
  std::iota(items.begin(), items.end(), 0);
  rng.Shuffle(items);
  EXPECT_FALSE(std::is_sorted(items.begin(), items.end()));
  std::sort(items.begin(), items.end());
  for (int i = 0; i < 100; ++i) EXPECT_EQ(items[static_cast<size_t>(i)], i);
}

}  // namespace
}  // namespace phi::demo
