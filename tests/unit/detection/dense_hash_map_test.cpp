// DenseHashMap against std::unordered_map: random inserts, look-ups and erases (with keys that
// collide in the index, so probe runs and their backward shift are exercised), erase_if,
// growth past the scanned size and shrinking back.
#include "daemon/detection/dense_hash_map.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>

namespace phi {
namespace {

TEST(DenseHashMapTest, SmallMapsFindInsertAndErase) {
  DenseHashMap<std::string> map;
  EXPECT_TRUE(map.empty());
  map[7] = "seven";
  auto [value, inserted] = map.try_emplace(7, "other");
  EXPECT_FALSE(inserted);
  EXPECT_EQ(value, "seven");
  EXPECT_TRUE(map.try_emplace(9, "nine").second);
  ASSERT_NE(map.find(9), nullptr);
  EXPECT_EQ(*map.find(9), "nine");
  EXPECT_EQ(map.find(8), nullptr);
  EXPECT_TRUE(map.erase(7));
  EXPECT_FALSE(map.erase(7));
  EXPECT_FALSE(map.contains(7));
  EXPECT_EQ(map.size(), 1u);
  EXPECT_EQ(*map.find(9), "nine");  // moved into the erased place
}

TEST(DenseHashMapTest, AgreesWithUnorderedMapUnderRandomUse) {
  std::mt19937_64 random(42);
  DenseHashMap<uint64_t> map;
  std::unordered_map<uint64_t, uint64_t> expected;
  for (int round = 0; round < 200'000; ++round) {
    // Few distinct keys, many of them sharing their top bits (the same home slot).
    uint64_t key = (random() % 3000) | ((random() % 4) << 62);
    switch (random() % 4) {
      case 0:
      case 1:
        map[key] += round;
        expected[key] += round;
        break;
      case 2:
        EXPECT_EQ(map.erase(key), expected.erase(key) == 1);
        break;
      case 3: {
        const uint64_t* found = map.find(key);
        auto it = expected.find(key);
        ASSERT_EQ(found != nullptr, it != expected.end()) << key;
        if (found) {
          EXPECT_EQ(*found, it->second);
        }
        break;
      }
    }
    ASSERT_EQ(map.size(), expected.size());
    if (round % 50'000 == 0) {
      size_t erased = map.erase_if([](uint64_t k, uint64_t) { return k % 3 == 0; });
      size_t expected_erased =
          std::erase_if(expected, [](const auto& kv) { return kv.first % 3 == 0; });
      EXPECT_EQ(erased, expected_erased);
      map.shrink_to_fit();
    }
  }
  for (const auto& [key, value] : expected) {
    const uint64_t* found = map.find(key);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(*found, value);
  }
  size_t visited = 0;
  for (const auto& [key, value] : map) {
    EXPECT_EQ(expected.at(key), value);
    ++visited;
  }
  EXPECT_EQ(visited, expected.size());
}

TEST(DenseHashMapTest, ShrinksBackToAScannedMap) {
  DenseHashMap<int> map;
  for (uint64_t k = 1; k <= 1000; ++k) map[k * 0x1000000000ULL] = static_cast<int>(k);
  map.erase_if([](uint64_t k, int) { return k > 3 * 0x1000000000ULL; });
  map.shrink_to_fit();
  EXPECT_EQ(map.size(), 3u);
  EXPECT_EQ(*map.find(2 * 0x1000000000ULL), 2);
  EXPECT_EQ(map.find(4 * 0x1000000000ULL), nullptr);
}

}  // namespace
}  // namespace phi
