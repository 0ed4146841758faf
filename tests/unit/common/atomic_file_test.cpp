// Atomic file writes: the new contents replace the old with no temporary file left behind; a
// create never replaces what is there; a link at the path is replaced, never written through.
#include "daemon/common/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tests/test_support.hpp"

namespace phi {
namespace {

size_t EntriesIn(const std::filesystem::path& dir) {
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                           std::filesystem::directory_iterator()));
}

mode_t ModeOf(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST(AtomicFile, WriteReplacesTheContentsAndLeavesNoTemporaryFile) {
  testing::ScratchDir dir;
  const std::string path = (dir / "report.csv").string();
  ASSERT_TRUE(WriteFileAtomically(path, "old\n", 0600).ok());
  EXPECT_EQ(ModeOf(path), 0600u);
  ASSERT_TRUE(WriteFileAtomically(path, "new\n", 0600).ok());
  EXPECT_EQ(testing::ReadFile(path), "new\n");
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
}

TEST(AtomicFile, CreateNeverReplaces) {
  testing::ScratchDir dir;
  const std::string path = (dir / "signing.key").string();
  auto first = CreateFileAtomically(path, "first", 0600);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(first.value());
  auto second = CreateFileAtomically(path, "second", 0600);
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_FALSE(second.value());
  EXPECT_EQ(testing::ReadFile(path), "first");
  EXPECT_EQ(EntriesIn(dir.path()), 1u);
}

TEST(AtomicFile, ALinkAtThePathIsReplacedNotFollowed) {
  testing::ScratchDir dir;
  testing::WriteFile(dir / "target", "keep me");
  ASSERT_EQ(::symlink((dir / "target").c_str(), (dir / "report.csv").c_str()), 0);
  ASSERT_TRUE(WriteFileAtomically((dir / "report.csv").string(), "report", 0640).ok());
  EXPECT_EQ(testing::ReadFile(dir / "target"), "keep me");
  EXPECT_FALSE(std::filesystem::is_symlink(dir / "report.csv"));
  EXPECT_EQ(testing::ReadFile(dir / "report.csv"), "report");

  ASSERT_EQ(::symlink((dir / "elsewhere").c_str(), (dir / "new.key").c_str()), 0);
  auto created = CreateFileAtomically((dir / "new.key").string(), "key", 0600);
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_FALSE(created.value());  // something (the link) is there already
  EXPECT_FALSE(std::filesystem::exists(dir / "elsewhere"));
}

TEST(AtomicFile, AMissingDirectoryIsNotFoundNamingThePath) {
  testing::ScratchDir dir;
  const std::string path = (dir / "missing" / "report.csv").string();
  Status written = WriteFileAtomically(path, "x", 0640);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.code(), Status::Code::kNotFound);
  EXPECT_NE(written.message().find(path), std::string::npos) << written.message();
  EXPECT_FALSE(CreateFileAtomically(path, "x", 0600).ok());
}

}  // namespace
}  // namespace phi
