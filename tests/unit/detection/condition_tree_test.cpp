#include "daemon/detection/condition_tree.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

TEST(ConditionTreeTest, TextSetScansShortListsAndHashesLongOnes) {
  TextSet small({"a", "bb"});
  EXPECT_TRUE(small.Contains("bb"));
  EXPECT_FALSE(small.Contains("b"));
  std::vector<std::string> many;
  for (int i = 0; i < 100; ++i) many.push_back("user" + std::to_string(i));
  TextSet large(many);
  EXPECT_TRUE(large.Contains("user99"));
  EXPECT_FALSE(large.Contains("user100"));
  EXPECT_EQ(large.size(), 100u);
}

TEST(ConditionTreeTest, NumberSet) {
  NumberSet numbers({7, -3, 42});
  EXPECT_TRUE(numbers.Contains(-3));
  EXPECT_TRUE(numbers.Contains(42));
  EXPECT_FALSE(numbers.Contains(0));
}

TEST(ConditionTreeTest, CidrSetMergesOverlappingBlocks) {
  CidrSet set;
  for (const char* block : {"10.0.0.0/8", "10.1.0.0/16", "11.0.0.0/8", "192.168.1.7",
                            "2001:db8::/32", "2001:db8:1::/48", "::1"}) {
    EXPECT_TRUE(set.Add(block)) << block;
  }
  set.Seal();
  EXPECT_TRUE(set.Contains("10.255.255.255"));
  EXPECT_TRUE(set.Contains("11.0.0.0"));
  EXPECT_FALSE(set.Contains("12.0.0.0"));
  EXPECT_FALSE(set.Contains("9.255.255.255"));
  EXPECT_TRUE(set.Contains("192.168.1.7"));
  EXPECT_FALSE(set.Contains("192.168.1.8"));
  EXPECT_TRUE(set.Contains("2001:db8:ffff::1"));
  EXPECT_FALSE(set.Contains("2001:db9::"));
  EXPECT_TRUE(set.Contains("::1"));
  EXPECT_FALSE(set.Contains("::2"));
  EXPECT_FALSE(set.Contains(""));
  EXPECT_FALSE(set.Contains("10.0.0"));
  EXPECT_FALSE(set.Contains("10.0.0.1 "));
  EXPECT_FALSE(set.Contains(std::string(100, '1')));
  EXPECT_FALSE(set.Contains("10.0.0.01"));  // leading zeros are ambiguous (octal), as inet_pton
  EXPECT_FALSE(set.Contains("10.0.0.1."));
  EXPECT_FALSE(set.Contains("10..0.1"));
  EXPECT_FALSE(set.Contains("10.0.0.1000"));
  EXPECT_TRUE(set.Contains("10.0.0.0"));
}

TEST(ConditionTreeTest, CidrSetRejectsMalformedBlocks) {
  CidrSet set;
  for (const char* bad : {"10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8x", "::/129",
                          "10.0.0.256", "1.2.3.4.5", "1.2.3", "clinic", "", "10.0.0.0/8/8"}) {
    EXPECT_FALSE(set.Add(bad)) << bad;
  }
}

TEST(ConditionTreeTest, ContainsIgnoringCase) {
  EXPECT_TRUE(ContainsIgnoringCase("SELECT * FROM Patients", "from patients"));
  EXPECT_TRUE(ContainsIgnoringCase("abc", ""));
  EXPECT_FALSE(ContainsIgnoringCase("ab", "abc"));
  EXPECT_FALSE(ContainsIgnoringCase("SELECT", "selekt"));
}

}  // namespace
}  // namespace phi
