#include "daemon/timeline/hash_chain.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

ChainLink ALink() {
  ChainLink link;
  link.number = 7;
  link.previous_hash = std::string(kChainHashSize, 'p');
  link.kind = LinkKind::kCommit;
  link.wall_time = 1'767'225'600'000'000;
  link.first_sequence = 10;
  link.last_sequence = 12;
  link.operations = 9;
  link.content_hash = std::string(kChainHashSize, 'c');
  link.sealed = {{0, "k1"}, {4, std::string("\0\1", 2)}};
  link.sealed_hash = std::string(kChainHashSize, 's');
  return link;
}

std::string HashOf(
    std::initializer_list<std::tuple<ChainOp, uint32_t, std::string, std::string>> ops) {
  BatchHasher h;
  for (const auto& [op, family, key, value] : ops) h.Add(op, family, key, value);
  return h.Finish();
}

TEST(BatchHasher, EmptyIsTheSha256OfNothing) {
  EXPECT_EQ(HexOf(BatchHasher().Finish()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(BatchHasher, EveryPartOfAnOperationCounts) {
  std::string base = HashOf({{ChainOp::kPut, 0, "key", "value"}});
  EXPECT_EQ(base, HashOf({{ChainOp::kPut, 0, "key", "value"}}));
  EXPECT_NE(base, HashOf({{ChainOp::kPut, 0, "key", "valuf"}}));
  EXPECT_NE(base, HashOf({{ChainOp::kPut, 0, "kez", "value"}}));
  EXPECT_NE(base, HashOf({{ChainOp::kPut, 1, "key", "value"}}));
  EXPECT_NE(base, HashOf({{ChainOp::kDeleteRange, 0, "key", "value"}}));
}

TEST(BatchHasher, KeyAndValueBoundariesAreUnambiguous) {
  // Length prefixes: "ab"+"c" and "a"+"bc" must differ.
  EXPECT_NE(HashOf({{ChainOp::kPut, 0, "ab", "c"}}), HashOf({{ChainOp::kPut, 0, "a", "bc"}}));
  EXPECT_NE(HashOf({{ChainOp::kDelete, 0, "ab", ""}, {ChainOp::kDelete, 0, "c", ""}}),
            HashOf({{ChainOp::kDelete, 0, "a", ""}, {ChainOp::kDelete, 0, "bc", ""}}));
}

TEST(BatchHasher, OrderCountsAndFinishStartsOver) {
  BatchHasher h;
  h.Add(ChainOp::kPut, 0, "a", "1");
  h.Add(ChainOp::kPut, 0, "b", "2");
  EXPECT_EQ(h.count(), 2u);
  std::string ab = h.Finish();
  EXPECT_EQ(h.count(), 0u);
  h.Add(ChainOp::kPut, 0, "b", "2");
  h.Add(ChainOp::kPut, 0, "a", "1");
  EXPECT_NE(ab, h.Finish());
}

TEST(ChainLink, RoundTrips) {
  ChainLink link = ALink();
  ChainLink back;
  ASSERT_TRUE(DecodeChainLink(EncodeChainLink(link), back));
  EXPECT_EQ(back, link);
  uint64_t number = 0;
  ASSERT_TRUE(DecodeChainLinkKey(ChainLinkKey(258), number));
  EXPECT_EQ(number, 258u);
  EXPECT_EQ(ChainLinkKey(258), std::string("\0\0\0\0\0\0\1\2", 8));  // big-endian: sorts
}

TEST(ChainLink, RefusesTruncatedOrForeignValues) {
  std::string encoded = EncodeChainLink(ALink());
  ChainLink back;
  for (size_t n = 0; n < encoded.size(); ++n)
    EXPECT_FALSE(DecodeChainLink(encoded.substr(0, n), back)) << n;
  EXPECT_FALSE(DecodeChainLink(encoded + "x", back));
  std::string other_format = encoded;
  other_format[0] = 9;
  EXPECT_FALSE(DecodeChainLink(other_format, back));
}

TEST(ChainLink, HashCoversThePreviousHashAndEveryField) {
  ChainLink link = ALink();
  std::string encoded = EncodeChainLink(link);
  std::string hash = ChainLinkHash(link.previous_hash, encoded);
  EXPECT_EQ(hash.size(), kChainHashSize);
  EXPECT_NE(hash, ChainLinkHash(ChainGenesisHash(), encoded));
  for (auto change : std::initializer_list<void (*)(ChainLink&)>{
           [](ChainLink& l) { l.number++; },
           [](ChainLink& l) { l.wall_time++; },
           [](ChainLink& l) { l.last_sequence++; },
           [](ChainLink& l) { l.content_hash[0] ^= 1; },
           [](ChainLink& l) { l.sealed_hash[5] ^= 1; },
           [](ChainLink& l) { l.sealed[1].key += "x"; },
           [](ChainLink& l) { l.sealed.pop_back(); },
           [](ChainLink& l) { l.kind = LinkKind::kAux; },
       }) {
    ChainLink changed = link;
    change(changed);
    EXPECT_NE(ChainLinkHash(link.previous_hash, EncodeChainLink(changed)), hash);
  }
}

}  // namespace
}  // namespace phi
