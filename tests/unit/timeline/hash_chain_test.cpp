#include "daemon/timeline/hash_chain.hpp"
#include "daemon/integrity/text_encoding.hpp"

#include <gtest/gtest.h>

#include "daemon/common/siphash.hpp"

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
  link.events_hash = std::string(kChainHashSize, 'e');
  link.sealed = {{4, "k1"}, {7, std::string("\0\1", 2)}};
  link.sealed_hash = std::string(kChainHashSize, 's');
  link.note = "rules loaded";
  return link;
}

std::string HashOf(std::initializer_list<std::tuple<uint32_t, std::string, std::string>> records) {
  RecordHasher h;
  for (const auto& [family, key, value] : records) h.Add(family, key, value);
  return h.Finish();
}

TEST(RecordHasher, EmptyIsTheSha256OfNothing) {
  EXPECT_EQ(LowerHex(RecordHasher().Finish()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(RecordHasher, EveryPartOfARecordCounts) {
  std::string base = HashOf({{0, "key", "value"}});
  EXPECT_EQ(base, HashOf({{0, "key", "value"}}));
  EXPECT_NE(base, HashOf({{0, "key", "valuf"}}));
  EXPECT_NE(base, HashOf({{0, "kez", "value"}}));
  EXPECT_NE(base, HashOf({{1, "key", "value"}}));
}

TEST(RecordHasher, KeyAndValueBoundariesAreUnambiguous) {
  // Length prefixes: "ab"+"c" and "a"+"bc" must differ.
  EXPECT_NE(HashOf({{0, "ab", "c"}}), HashOf({{0, "a", "bc"}}));
  EXPECT_NE(HashOf({{0, "ab", ""}, {0, "c", ""}}), HashOf({{0, "a", ""}, {0, "bc", ""}}));
}

TEST(RecordHasher, OrderCountsAndFinishStartsOver) {
  RecordHasher h;
  h.Add(0, "a", "1");
  h.Add(0, "b", "2");
  EXPECT_EQ(h.count(), 2u);
  std::string ab = h.Finish();
  EXPECT_EQ(h.count(), 0u);
  h.Add(0, "b", "2");
  h.Add(0, "a", "1");
  EXPECT_NE(ab, h.Finish());
}

std::string EventKeyOf(char time, char seq) {
  std::string key(16, '\0');
  key[7] = time;
  key[15] = seq;
  return key;
}

TEST(EventsHasher, WriteOrderDoesNotMatterAndTheVerifiersKeyOrderGivesTheSameDigest) {
  EventsHasher written;
  written.Add(EventKeyOf(9, 1), "late");
  written.Add(EventKeyOf(2, 2), "early");
  written.Add(EventKeyOf(5, 3), "middle");
  std::string digest = written.Finish();
  EXPECT_TRUE(written.empty());

  OrderedEventsHasher read;
  read.Add(EventKeyOf(2, 2), "early");
  read.Add(EventKeyOf(5, 3), "middle");
  read.Add(EventKeyOf(9, 1), "late");
  EXPECT_EQ(read.Finish(), digest);

  // One byte of one value, or one event fewer, changes it.
  read.Add(EventKeyOf(2, 2), "early");
  read.Add(EventKeyOf(5, 3), "middlf");
  read.Add(EventKeyOf(9, 1), "late");
  EXPECT_NE(read.Finish(), digest);
  read.Add(EventKeyOf(2, 2), "early");
  read.Add(EventKeyOf(9, 1), "late");
  EXPECT_NE(read.Finish(), digest);
}

TEST(ChainLink, RoundTrips) {
  ChainLink link = ALink();
  ChainLink back;
  ASSERT_TRUE(DecodeChainLink(EncodeChainLink(link), back));
  EXPECT_EQ(back, link);
  uint64_t number = 0;
  ASSERT_TRUE(DecodeChainLinkKey(ChainLinkKey(kDaemonWriter, 258), kDaemonWriter, number));
  EXPECT_EQ(number, 258u);
  EXPECT_EQ(ChainLinkKey(kDaemonWriter, 258), std::string("L\0\0\0\0\0\0\0\0\1\2", 11));
  EXPECT_FALSE(DecodeChainLinkKey(ChainLinkKey(1, 258), kDaemonWriter, number))
      << "another writer's chain is not this one's";
  EXPECT_FALSE(DecodeChainLinkKey(ChainCheckpointKey(kDaemonWriter, 258), kDaemonWriter, number));
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
  ChainLink no_events_hash = ALink();
  no_events_hash.events_hash.clear();
  EXPECT_FALSE(DecodeChainLink(EncodeChainLink(no_events_hash), back))
      << "a link with events must carry their hash";
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
           [](ChainLink& l) { l.events_hash[0] ^= 1; },
           [](ChainLink& l) { l.sealed_hash[5] ^= 1; },
           [](ChainLink& l) { l.sealed[1].key += "x"; },
           [](ChainLink& l) { l.sealed.pop_back(); },
           [](ChainLink& l) { l.kind = LinkKind::kAux; },
           [](ChainLink& l) { l.note += "!"; },
           [](ChainLink& l) { l.removed_before = 5; },
       }) {
    ChainLink changed = link;
    change(changed);
    EXPECT_NE(ChainLinkHash(link.previous_hash, EncodeChainLink(changed)), hash);
  }
}

TEST(ChainCheckpoint, RoundTripsAndItsMessageNamesEverythingSigned) {
  ChainCheckpoint c;
  c.link = 41;
  c.link_hash = std::string(kChainHashSize, 'h');
  c.signed_at = 1'767'225'600'000'000;
  c.last_sequence = 1000;
  c.key_fingerprint_hex = std::string(64, 'f');
  c.signature = std::string(64, 's');
  ChainCheckpoint back;
  ASSERT_TRUE(DecodeChainCheckpoint(EncodeChainCheckpoint(c), back));
  EXPECT_EQ(back, c);
  std::string message = SignedCheckpointMessage(kDaemonWriter, c);
  EXPECT_NE(message.find("link 41\n"), std::string::npos);
  EXPECT_NE(message.find(LowerHex(c.link_hash)), std::string::npos);
  EXPECT_NE(message.find("last-sequence 1000\n"), std::string::npos);
  EXPECT_NE(SignedCheckpointMessage(1, c), message) << "the writer is signed too";
}

TEST(SipHash24, MatchesTheReferenceVectors) {
  // From the SipHash paper's reference implementation: key 00 01 .. 0f, input 00 01 .. (n-1).
  SipKey key{0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL};
  std::string input;
  EXPECT_EQ(SipHash24(key, input), 0x726fdb47dd0e0e31ULL);
  for (int i = 0; i < 15; ++i) input += static_cast<char>(i);
  EXPECT_EQ(SipHash24(key, input), 0xa129ca6149be45e5ULL);
}

}  // namespace
}  // namespace phi
