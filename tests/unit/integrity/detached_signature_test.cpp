// Detached signatures: a report and its .sig verify; editing any byte of the report, any byte
// of the .sig, or checking with another key fails with the reason; text that is not a
// signature file (random bytes, huge or missing lines, CRLF) is an error naming the line.
#include "daemon/integrity/detached_signature.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <random>
#include <string>

#include "daemon/integrity/sha256.hpp"
#include "daemon/integrity/text_encoding.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

constexpr char kChainHash[] = "5f0c3a9e41d27b86c0e4f19a2b7d6e35a8c1f04b9e2d7a63c5b8f1e0d4a29c76";
constexpr TimeMicros kSignedAt = 1772446500'000000;  // 2026-03-02T10:15:00Z

const std::string& Report() {
  static const std::string report =
      "time,user,action,patient\n"
      "2026-03-01T08:00:00Z,dwhitfield,view,MRN123\n"
      "2026-03-01T08:05:00Z,dwhitfield,update,MRN123\n"
      "2026-03-01T09:12:00Z,jlee,print,MRN123\n";
  return report;
}

const SigningKey& Key() {
  static const SigningKey key = SigningKey::Generate();
  return key;
}

std::string Sign(std::string_view report = Report()) {
  return MakeDetachedSignature(Key(), report, "access-MRN123.csv", 4711, kChainHash, kSignedAt);
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The .sig with the value of line `key` replaced.
std::string WithField(std::string text, const std::string& key, const std::string& value) {
  const size_t start = text.find("\n" + key + ": ") + 1;
  const size_t end = text.find('\n', start);
  return text.replace(start, end - start, key + ": " + value);
}

TEST(DetachedSignature, HasTheDocumentedLayout) {
  const std::string sig = Sign();
  const std::string expected_prefix =
      std::string(
          "phi-auditd detached signature 1\n"
          "file: access-MRN123.csv\n"
          "sha256: ") +
      Sha256Hex(Report()) + "\nsize: " + std::to_string(Report().size()) +
      "\nchain-link: 4711\nchain-hash: " + kChainHash +
      "\nsigned-at: 2026-03-02T10:15:00.000Z\nkey: " + Key().Fingerprint() + "\nsignature: ";
  ASSERT_EQ(sig.substr(0, expected_prefix.size()), expected_prefix);
  EXPECT_EQ(sig.size(), expected_prefix.size() + 88 + 1);  // 64 bytes in base64, then LF
  EXPECT_EQ(sig.back(), '\n');
  // The signature is over every line above it, newlines included.
  auto check = VerifyDetachedSignature(Key().public_key(), Report(), sig);
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_TRUE(Key().public_key().Verify(expected_prefix.substr(0, expected_prefix.size() - 11),
                                        check->fields.signature));
}

// Written by a build of this format's first version with the RFC 8032 test key (the seed in
// fuzz/corpus/detached_signature/valid.sig): Ed25519 is deterministic, so any change to the
// layout shows here, and files already handed out must keep verifying.
TEST(DetachedSignature, TheFormatIsStable) {
  constexpr char kGolden[] =
      "phi-auditd detached signature 1\n"
      "file: access-MRN123.csv\n"
      "sha256: 4e39a8fed0ec35a9613bdb63074395fa9ed917b1a0a3b43d095f5a9512db5c1b\n"
      "size: 23\n"
      "chain-link: 4711\n"
      "chain-hash: 5f0c3a9e41d27b86c0e4f19a2b7d6e35a8c1f04b9e2d7a63c5b8f1e0d4a29c76\n"
      "signed-at: 2026-03-02T10:15:00.000Z\n"
      "key: 21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9\n"
      "signature: "
      "x4IGWbsObV2Ma89HaNeRpTj82SMKJOyvAoz1Mn9xLbia4/Jt0Py3WGYD07PRp8OThscPsvjNYOATIy/"
      "mJdbNDg==\n";
  const std::string report = "phi-auditd fuzz report\n";
  testing::ScratchDir dir;
  testing::WriteFile(dir / "rfc8032.key",
                     "-----BEGIN PRIVATE KEY-----\n"
                     "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
                     "-----END PRIVATE KEY-----\n");
  ASSERT_EQ(::chmod((dir / "rfc8032.key").c_str(), 0600), 0);
  auto key = SigningKey::Load((dir / "rfc8032.key").string());
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(MakeDetachedSignature(*key, report, "access-MRN123.csv", 4711, kChainHash, kSignedAt),
            kGolden);
  auto check = VerifyDetachedSignature(key->public_key(), report, kGolden);
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_TRUE(check->ok()) << check->reason;
  EXPECT_EQ(testing::ReadFile(testing::SourcePath("fuzz/corpus/detached_signature/valid.sig")),
            kGolden);
}

TEST(DetachedSignature, VerifiesAndReturnsTheFields) {
  auto check = VerifyDetachedSignature(Key().public_key(), Report(), Sign());
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_TRUE(check->ok()) << check->reason;
  EXPECT_EQ(check->verdict, SignatureVerdict::kValid);
  EXPECT_EQ(check->reason, "");
  EXPECT_EQ(check->fields.file_name, "access-MRN123.csv");
  EXPECT_EQ(check->fields.sha256_hex, Sha256Hex(Report()));
  EXPECT_EQ(check->fields.size, Report().size());
  EXPECT_EQ(check->fields.chain_link, 4711u);
  EXPECT_EQ(check->fields.chain_hash_hex, kChainHash);
  EXPECT_EQ(check->fields.signed_at, kSignedAt);
  EXPECT_EQ(check->fields.key_fingerprint_hex, Key().Fingerprint());
}

TEST(DetachedSignature, AnEmptyReportAndMicrosecondTimesVerify) {
  const std::string sig =
      MakeDetachedSignature(Key(), "", "empty.csv", 0, std::string(64, '0'), kSignedAt + 123);
  EXPECT_TRUE(Contains(sig, "signed-at: 2026-03-02T10:15:00.000123Z\n")) << sig;
  auto check = VerifyDetachedSignature(Key().public_key(), "", sig);
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_TRUE(check->ok()) << check->reason;
  EXPECT_EQ(check->fields.signed_at, kSignedAt + 123);
}

TEST(DetachedSignature, EditingAnyByteOfTheReportFails) {
  const std::string sig = Sign();
  for (size_t i = 0; i < Report().size(); ++i) {
    std::string edited = Report();
    edited[i] = static_cast<char>(edited[i] ^ 0x01);
    auto check = VerifyDetachedSignature(Key().public_key(), edited, sig);
    ASSERT_TRUE(check.ok()) << check.status().message();
    EXPECT_EQ(check->verdict, SignatureVerdict::kDigestDiffers) << "byte " << i;
    EXPECT_TRUE(Contains(check->reason, "changed after signing")) << check->reason;
  }
}

TEST(DetachedSignature, AddingOrRemovingBytesOfTheReportFailsOnTheSize) {
  const std::string sig = Sign();
  for (const std::string& edited :
       {Report() + "\n", Report().substr(0, Report().size() - 1), "x" + Report(), std::string()}) {
    auto check = VerifyDetachedSignature(Key().public_key(), edited, sig);
    ASSERT_TRUE(check.ok()) << check.status().message();
    EXPECT_EQ(check->verdict, SignatureVerdict::kSizeDiffers);
    EXPECT_TRUE(Contains(check->reason, "the file is " + std::to_string(edited.size()) +
                                            " bytes, the signed file was " +
                                            std::to_string(Report().size())))
        << check->reason;
  }
}

TEST(DetachedSignature, AnEditedSignatureFileFails) {
  const std::string sig = Sign();
  // The chain link moved (a report passed off as read at another point of the trail).
  auto link =
      VerifyDetachedSignature(Key().public_key(), Report(), WithField(sig, "chain-link", "4712"));
  ASSERT_TRUE(link.ok()) << link.status().message();
  EXPECT_EQ(link->verdict, SignatureVerdict::kSignatureInvalid);
  EXPECT_TRUE(Contains(link->reason, "the signature file was edited")) << link->reason;

  // The digest and size swapped for another report's, to make an edited report pass.
  const std::string other = Report() + "2026-03-01T10:00:00Z,mallory,export,MRN123\n";
  auto swapped = VerifyDetachedSignature(
      Key().public_key(), other,
      WithField(WithField(sig, "sha256", Sha256Hex(other)), "size", std::to_string(other.size())));
  ASSERT_TRUE(swapped.ok()) << swapped.status().message();
  EXPECT_EQ(swapped->verdict, SignatureVerdict::kSignatureInvalid);

  // The signature line replaced by a genuine signature of something else.
  auto replaced = VerifyDetachedSignature(
      Key().public_key(), Report(),
      WithField(sig, "signature", Base64Encode(Key().Sign("something else"))));
  ASSERT_TRUE(replaced.ok()) << replaced.status().message();
  EXPECT_EQ(replaced->verdict, SignatureVerdict::kSignatureInvalid);
}

TEST(DetachedSignature, EditingAnyByteOfTheSignatureFileFails) {
  const std::string sig = Sign();
  for (size_t i = 0; i < sig.size(); ++i) {
    for (const char flip : {'\x01', '\x20', '\x80'}) {
      std::string edited = sig;
      edited[i] = static_cast<char>(edited[i] ^ flip);
      auto check = VerifyDetachedSignature(Key().public_key(), Report(), edited);
      // Either not a signature file any more, or a signature file that does not verify.
      EXPECT_TRUE(!check.ok() || !check->ok()) << "byte " << i << " ^ " << int(flip);
    }
  }
}

TEST(DetachedSignature, AnotherKeyFailsNamingBothFingerprints) {
  const SigningKey other = SigningKey::Generate();
  auto check = VerifyDetachedSignature(other.public_key(), Report(), Sign());
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_EQ(check->verdict, SignatureVerdict::kWrongKey);
  EXPECT_TRUE(Contains(check->reason, Key().Fingerprint())) << check->reason;
  EXPECT_TRUE(Contains(check->reason, other.Fingerprint())) << check->reason;

  // Claiming the other key in the key line does not help: the signature is still Key()'s.
  auto claimed = VerifyDetachedSignature(other.public_key(), Report(),
                                         WithField(Sign(), "key", other.Fingerprint()));
  ASSERT_TRUE(claimed.ok()) << claimed.status().message();
  EXPECT_EQ(claimed->verdict, SignatureVerdict::kSignatureInvalid);
}

// Not a signature file: an error, never a crash or a verdict.
void ExpectMalformed(const std::string& text, const std::string& message_part) {
  auto check = VerifyDetachedSignature(Key().public_key(), Report(), text);
  ASSERT_FALSE(check.ok()) << "accepted: " << text.substr(0, 200);
  EXPECT_EQ(check.status().code(), Status::Code::kCorruption);
  EXPECT_TRUE(Contains(check.status().message(), message_part))
      << "expected \"" << message_part << "\" in: " << check.status().message();
}

TEST(DetachedSignature, MissingLinesAreNamed) {
  const std::string sig = Sign();
  ExpectMalformed("", "line 1: missing");
  // Cut after each complete line: the next line is reported missing.
  int line = 1;
  for (size_t pos = sig.find('\n'); pos + 1 < sig.size(); pos = sig.find('\n', pos + 1)) {
    ++line;
    ExpectMalformed(sig.substr(0, pos + 1), "line " + std::to_string(line) + ": missing");
  }
  EXPECT_EQ(line, 9);
  // A line left out in the middle: the next one is where "size:" was expected.
  std::string without_size = sig;
  without_size.erase(
      without_size.find("size: "),
      without_size.find('\n', without_size.find("size: ")) - without_size.find("size: ") + 1);
  ExpectMalformed(without_size, "line 4: expected \"size: ");
  ExpectMalformed(sig.substr(0, sig.size() - 1), "line 9: no line break");
}

TEST(DetachedSignature, StrictAboutEveryField) {
  const std::string sig = Sign();
  ExpectMalformed("phi-auditd detached signature 2\n" + sig.substr(sig.find('\n') + 1),
                  "line 1: format version 2; this build reads version 1");
  ExpectMalformed("-----BEGIN PGP SIGNATURE-----\n", "line 1: not a phi-auditd detached signature");
  ExpectMalformed(WithField(sig, "file", ""), "line 2:");
  ExpectMalformed(WithField(sig, "file", "../etc/passwd"), "line 2:");
  ExpectMalformed(WithField(sig, "file", "a\tb"), "line 2:");
  ExpectMalformed(WithField(sig, "sha256", Sha256Hex("x").substr(1)), "line 3:");
  ExpectMalformed(WithField(sig, "sha256", "F" + Sha256Hex("x").substr(1)), "line 3:");
  ExpectMalformed(WithField(sig, "size", "-1"), "line 4:");
  ExpectMalformed(WithField(sig, "size", "0123"), "line 4:");
  ExpectMalformed(WithField(sig, "size", "18446744073709551616"), "line 4:");  // 2^64
  ExpectMalformed(WithField(sig, "size", " 123"), "line 4:");
  ExpectMalformed(WithField(sig, "chain-link", "4711x"), "line 5:");
  ExpectMalformed(WithField(sig, "chain-hash", ""), "line 6:");
  ExpectMalformed(WithField(sig, "signed-at", "2026-03-02T10:15:00Z"), "line 7:");  // not ours
  ExpectMalformed(WithField(sig, "signed-at", "2026-03-02T11:15:00.000+01:00"), "line 7:");
  ExpectMalformed(WithField(sig, "signed-at", "yesterday"), "line 7:");
  ExpectMalformed(WithField(sig, "key", "00"), "line 8:");
  ExpectMalformed(WithField(sig, "signature", Base64Encode(std::string(63, 'x'))), "line 9:");
  ExpectMalformed(WithField(sig, "signature", "not base64!"), "line 9:");
  ExpectMalformed(sig + "comment: hello\n", "line 10: text after the signature line");
  ExpectMalformed(sig + "\n", "line 10:");
  std::string swapped = sig;  // two lines in the wrong order
  const size_t size_line = swapped.find("size: ");
  const size_t link_line = swapped.find("chain-link: ");
  const size_t link_end = swapped.find('\n', link_line) + 1;
  const std::string link = swapped.substr(link_line, link_end - link_line);
  swapped.erase(link_line, link_end - link_line);
  swapped.insert(size_line, link);
  ExpectMalformed(swapped, "line 4: expected \"size: ");
}

TEST(DetachedSignature, CrlfLineEndsAreNamed) {
  std::string crlf;
  for (const char c : Sign()) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  ExpectMalformed(crlf, "line 1: ends in a carriage return");
}

TEST(DetachedSignature, HugeInputAndHugeLinesAreRefusedBeforeParsing) {
  ExpectMalformed(std::string(100 * 1024 * 1024, 'a'), "larger than 4096 bytes");
  ExpectMalformed(Sign() + std::string(4096, '#'), "larger than 4096 bytes");
  const std::string sig = Sign();
  ExpectMalformed(WithField(sig, "file", std::string(600, 'a')), "line 2: longer than 512 bytes");
  ExpectMalformed(std::string(600, 'a'), "line 1: longer than 512 bytes");
  // A legal name at the limit still verifies.
  const std::string long_name(255, 'n');
  auto check = VerifyDetachedSignature(
      Key().public_key(), Report(),
      MakeDetachedSignature(Key(), Report(), long_name, 1, kChainHash, kSignedAt));
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_TRUE(check->ok());
  EXPECT_EQ(check->fields.file_name, long_name);
}

TEST(DetachedSignature, RandomBytesAreAnErrorNotACrash) {
  std::mt19937_64 random(20260302);
  const std::string sig = Sign();
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    if (round % 3 == 0) {  // pure noise, of every length up to past the limit
      text.resize(random() % 5000);
      for (char& c : text) c = static_cast<char>(random());
    } else {  // the real file with a few random bytes overwritten, inserted or cut
      text = sig;
      for (int edits = 1 + static_cast<int>(random() % 4); edits > 0; --edits) {
        const size_t pos = random() % text.size();
        switch (random() % 3) {
          case 0:
            text[pos] = static_cast<char>(random());
            break;
          case 1:
            text.insert(pos, 1, static_cast<char>(random()));
            break;
          default:
            text.erase(pos, 1 + random() % 8);
            break;
        }
        if (text.empty()) text = "x";
      }
    }
    auto check = VerifyDetachedSignature(Key().public_key(), Report(), text);
    if (text == sig) continue;
    EXPECT_TRUE(!check.ok() || !check->ok()) << "round " << round;
  }
}

TEST(DetachedSignature, InputsThatCannotBeWrittenAreRefusedBeforeSigning) {
  EXPECT_TRUE(CheckDetachedSignatureInputs("report.csv", kChainHash).ok());
  EXPECT_FALSE(CheckDetachedSignatureInputs("", kChainHash).ok());
  EXPECT_FALSE(CheckDetachedSignatureInputs("a/b.csv", kChainHash).ok());
  EXPECT_FALSE(CheckDetachedSignatureInputs("report\n.csv", kChainHash).ok());
  EXPECT_FALSE(CheckDetachedSignatureInputs(std::string(256, 'n'), kChainHash).ok());
  EXPECT_FALSE(CheckDetachedSignatureInputs("report.csv", "").ok());
  EXPECT_FALSE(CheckDetachedSignatureInputs("report.csv", std::string(64, 'A')).ok());
}

}  // namespace
}  // namespace phi
