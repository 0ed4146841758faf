// A report written with its .sig beside it: both 0640, verified from disk, and caught when
// either file is edited, the .sig is missing, or the pair is renamed.
#include "daemon/integrity/signed_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "tests/test_support.hpp"

namespace phi {
namespace {

constexpr char kChainHash[] = "5f0c3a9e41d27b86c0e4f19a2b7d6e35a8c1f04b9e2d7a63c5b8f1e0d4a29c76";
constexpr char kReport[] = "time,user,action,patient\n2026-03-01T08:00:00Z,dana,view,MRN123\n";

// Sets a known umask for the test and puts the old one back.
class UmaskGuard {
 public:
  explicit UmaskGuard(mode_t mask) : old_(::umask(mask)) {}
  ~UmaskGuard() { ::umask(old_); }

 private:
  mode_t old_;
};

mode_t ModeOf(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SignedFile, WritesBothFiles0640AndTheyVerify) {
  UmaskGuard umask(022);
  testing::ScratchDir dir;
  const SigningKey key = SigningKey::Generate();
  const std::string path = (dir / "access-MRN123.csv").string();
  ASSERT_TRUE(WriteFileWithSignature(path, kReport, key, 12, kChainHash).ok());
  EXPECT_EQ(testing::ReadFile(path), kReport);
  EXPECT_EQ(ModeOf(path), 0640u);
  EXPECT_EQ(ModeOf(path + ".sig"), 0640u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            2);  // no temporary file left behind

  auto check = VerifyFileWithSignature(path, key.public_key());
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_TRUE(check->ok()) << check->reason;
  EXPECT_TRUE(check->file_name_matches);
  EXPECT_EQ(check->fields.file_name, "access-MRN123.csv");
  EXPECT_EQ(check->fields.chain_link, 12u);
  // signed-at is the wall clock when no time is given.
  EXPECT_LE(check->fields.signed_at, WallClockNow());
  EXPECT_GT(check->fields.signed_at, WallClockNow() - 60 * kMicrosPerSecond);
}

TEST(SignedFile, RewritingReplacesBothFiles) {
  testing::ScratchDir dir;
  const SigningKey key = SigningKey::Generate();
  const std::string path = (dir / "report.csv").string();
  ASSERT_TRUE(WriteFileWithSignature(path, "first\n", key, 1, kChainHash, 1000).ok());
  ASSERT_TRUE(WriteFileWithSignature(path, "second\n", key, 2, kChainHash, 2000).ok());
  auto check = VerifyFileWithSignature(path, key.public_key());
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_TRUE(check->ok()) << check->reason;
  EXPECT_EQ(check->fields.chain_link, 2u);
  EXPECT_EQ(testing::ReadFile(path), "second\n");
}

TEST(SignedFile, AnEditedReportOrSignatureOnDiskFails) {
  testing::ScratchDir dir;
  const SigningKey key = SigningKey::Generate();
  const std::string path = (dir / "report.csv").string();
  ASSERT_TRUE(WriteFileWithSignature(path, kReport, key, 12, kChainHash, 1000).ok());
  const std::string signature = testing::ReadFile(path + ".sig");

  std::string edited = kReport;
  edited[edited.find("view")] = 'V';
  testing::WriteFile(path, edited);
  auto report_edited = VerifyFileWithSignature(path, key.public_key());
  ASSERT_TRUE(report_edited.ok()) << report_edited.status().message();
  EXPECT_EQ(report_edited->verdict, SignatureVerdict::kDigestDiffers);

  testing::WriteFile(path, kReport);
  std::string sig_edited = signature;
  sig_edited.replace(sig_edited.find("chain-link: 12"), 14, "chain-link: 13");
  testing::WriteFile(path + ".sig", sig_edited);
  auto signature_edited = VerifyFileWithSignature(path, key.public_key());
  ASSERT_TRUE(signature_edited.ok()) << signature_edited.status().message();
  EXPECT_EQ(signature_edited->verdict, SignatureVerdict::kSignatureInvalid);

  testing::WriteFile(path + ".sig", "garbage\n");
  auto garbage = VerifyFileWithSignature(path, key.public_key());
  ASSERT_FALSE(garbage.ok());
  EXPECT_TRUE(Contains(garbage.status().message(), path + ".sig: signature file line 1"))
      << garbage.status().message();

  testing::WriteFile(path + ".sig", std::string(1 << 20, '\n'));
  auto huge = VerifyFileWithSignature(path, key.public_key());
  ASSERT_FALSE(huge.ok());
  EXPECT_TRUE(Contains(huge.status().message(), "larger than 4096")) << huge.status().message();
}

TEST(SignedFile, AMissingSignatureOrReportIsNotFoundNamingThePath) {
  testing::ScratchDir dir;
  const SigningKey key = SigningKey::Generate();
  const std::string path = (dir / "report.csv").string();
  testing::WriteFile(path, kReport);
  auto no_sig = VerifyFileWithSignature(path, key.public_key());
  ASSERT_FALSE(no_sig.ok());
  EXPECT_EQ(no_sig.status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(Contains(no_sig.status().message(), path + ".sig")) << no_sig.status().message();

  ASSERT_TRUE(WriteFileWithSignature(path, kReport, key, 1, kChainHash).ok());
  std::filesystem::remove(path);
  auto no_report = VerifyFileWithSignature(path, key.public_key());
  ASSERT_FALSE(no_report.ok());
  EXPECT_EQ(no_report.status().code(), Status::Code::kNotFound);
}

TEST(SignedFile, ARenamedPairStillVerifiesButSaysTheNameChanged) {
  testing::ScratchDir dir;
  const SigningKey key = SigningKey::Generate();
  const std::string path = (dir / "report.csv").string();
  ASSERT_TRUE(WriteFileWithSignature(path, kReport, key, 1, kChainHash).ok());
  const std::string renamed = (dir / "copy.csv").string();
  std::filesystem::rename(path, renamed);
  std::filesystem::rename(path + ".sig", renamed + ".sig");
  auto check = VerifyFileWithSignature(renamed, key.public_key());
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_TRUE(check->ok()) << check->reason;
  EXPECT_FALSE(check->file_name_matches);
  EXPECT_EQ(check->fields.file_name, "report.csv");
}

TEST(SignedFile, NothingIsWrittenWhenTheInputsCannotBeSigned) {
  testing::ScratchDir dir;
  const SigningKey key = SigningKey::Generate();
  const std::string path = (dir / "report.csv").string();
  Status bad_hash = WriteFileWithSignature(path, kReport, key, 1, "not hex");
  ASSERT_FALSE(bad_hash.ok());
  EXPECT_EQ(bad_hash.code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(Contains(bad_hash.message(), path)) << bad_hash.message();
  Status bad_name =
      WriteFileWithSignature((dir / "bad\nname.csv").string(), kReport, key, 1, kChainHash);
  EXPECT_FALSE(bad_name.ok());
  EXPECT_FALSE(WriteFileWithSignature(dir.path().string() + "/", kReport, key, 1, kChainHash).ok());
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(SignedFile, AFifoInPlaceOfTheSignatureDoesNotHang) {
  testing::ScratchDir dir;
  const SigningKey key = SigningKey::Generate();
  const std::string path = (dir / "report.csv").string();
  testing::WriteFile(path, kReport);
  ASSERT_EQ(::mkfifo((path + ".sig").c_str(), 0600), 0);
  auto check = VerifyFileWithSignature(path, key.public_key());
  ASSERT_FALSE(check.ok());
  EXPECT_TRUE(Contains(check.status().message(), "not a regular file")) << check.status().message();
}

}  // namespace
}  // namespace phi
