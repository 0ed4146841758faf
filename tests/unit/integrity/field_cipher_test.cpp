// AES-256-GCM sealing of PHI at rest and its key file: round trips, every kind of tampering
// refused, rotation keeps old values readable and index tokens stable.
#include "daemon/integrity/field_cipher.hpp"
#include "daemon/integrity/index_token.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/test_support.hpp"

namespace phi {
namespace {

AtRestKeyRing Ring(const std::string& text) {
  auto ring = AtRestKeyRing::Parse(text, "keys");
  EXPECT_TRUE(ring.ok()) << ring.status().message();
  return std::move(ring.value());
}

const std::string kKeys = "1 " + std::string(64, 'a') + "\n";

TEST(FieldCipher, SealedValuesOpenWithTheirAssociatedDataOnly) {
  AtRestKeyRing ring = Ring(kKeys);
  FieldCipher cipher(ring);
  std::string sealed, again, plain;
  cipher.Seal("MRN0000042 Zoë Ångström", "event-key-1", sealed);
  EXPECT_EQ(sealed.size(), std::string("MRN0000042 Zoë Ångström").size() + kSealOverhead);
  EXPECT_EQ(sealed.find("MRN0000042"), std::string::npos) << "no plaintext in the stored bytes";
  cipher.Seal("MRN0000042 Zoë Ångström", "event-key-1", again);
  EXPECT_NE(sealed, again) << "a fresh nonce each time";
  ASSERT_TRUE(cipher.Open(sealed, "event-key-1", plain).ok());
  EXPECT_EQ(plain, "MRN0000042 Zoë Ångström");
  EXPECT_FALSE(cipher.Open(sealed, "event-key-2", plain).ok()) << "moved to another record";
  EXPECT_TRUE(plain.empty());
}

TEST(FieldCipher, AnyAlteredOrCutByteIsRefused) {
  AtRestKeyRing ring = Ring(kKeys);
  FieldCipher cipher(ring);
  std::string sealed, plain;
  cipher.Seal("select * from patients where mrn = 'MRN0000042'", "k", sealed);
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string altered = sealed;
    altered[i] ^= 0x01;
    EXPECT_FALSE(cipher.Open(altered, "k", plain).ok()) << "byte " << i;
  }
  for (size_t n = 0; n < sealed.size(); ++n)
    EXPECT_FALSE(cipher.Open(sealed.substr(0, n), "k", plain).ok()) << n;
}

TEST(FieldCipher, RotationSealsWithTheNewKeyAndStillOpensTheOld) {
  AtRestKeyRing before = Ring(kKeys);
  std::string old_value, plain;
  FieldCipher(before).Seal("old", "k", old_value);
  auto rotated_text = RotatedKeyFileText(kKeys, "keys");
  ASSERT_TRUE(rotated_text.ok()) << rotated_text.status().message();
  EXPECT_TRUE(rotated_text.value().starts_with("2 ")) << rotated_text.value();
  AtRestKeyRing after = Ring(rotated_text.value());
  EXPECT_EQ(after.current().id, 2u);
  FieldCipher cipher(after);
  ASSERT_TRUE(cipher.Open(old_value, "k", plain).ok());
  EXPECT_EQ(plain, "old");
  std::string new_value;
  cipher.Seal("new", "k", new_value);
  auto status = FieldCipher(before).Open(new_value, "k", plain);
  EXPECT_EQ(status.code(), Status::Code::kNotFound) << "the old ring lacks key 2";
  EXPECT_NE(status.message().find("key 2"), std::string::npos) << status.message();
  // Index tokens do not change with a rotation, differ per identifier and per key file.
  EXPECT_EQ(IndexToken(before, "MRN0000042"), IndexToken(after, "MRN0000042"));
  EXPECT_EQ(IndexToken(after, "MRN0000042").size(), 16u);
  EXPECT_NE(IndexToken(after, "MRN0000042"), IndexToken(after, "MRN0000043"));
  EXPECT_NE(IndexToken(Ring("1 " + std::string(64, 'b') + "\n"), "MRN0000042"),
            IndexToken(before, "MRN0000042"));
}

TEST(AtRestKeyRing, TheKeyFileIsCreated0600AndBadFilesAreRefusedWithTheLine) {
  testing::ScratchDir dir;
  const std::string path = (dir / "timeline.key").string();
  auto first = AtRestKeyRing::LoadOrCreate(path);
  ASSERT_TRUE(first.ok()) << first.status().message();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = AtRestKeyRing::LoadOrCreate(path);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.value().current().bytes, first.value().current().bytes) << "the same key";
  ::chmod(path.c_str(), 0644);
  EXPECT_FALSE(AtRestKeyRing::LoadOrCreate(path).ok()) << "readable by others";

  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {"", "holds no key"},
           {"1 abc\n", "line 1: expected 64 lower-case hex digits"},
           {"x " + std::string(64, 'a'), "line 1: the key id must be a number"},
           {kKeys + "1 " + std::string(64, 'b') + "\n", "line 2: key id 1 appears twice"},
           {"0 " + std::string(64, 'a'), "line 1: key ids go from 1"},
       }) {
    auto ring = AtRestKeyRing::Parse(text, "keys");
    ASSERT_FALSE(ring.ok()) << text;
    EXPECT_NE(ring.status().message().find(expected), std::string::npos) << ring.status().message();
  }
}

}  // namespace
}  // namespace phi
