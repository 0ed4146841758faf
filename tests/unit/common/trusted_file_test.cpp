// Trusted files: a rule or context file others can write, something that is not a regular
// file, and a data directory others can write are refused with a message saying why.
#include "daemon/common/trusted_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/context/context_loader.hpp"
#include "daemon/context/csv_feed_reader.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

TEST(TrustedFile, AFileOnlyItsOwnerCanWriteIsRead) {
  testing::ScratchDir dir;
  testing::WriteFile(dir / "a.yaml", "rules: []\n");
  ::chmod((dir / "a.yaml").c_str(), 0644);
  auto text = ReadTrustedFile((dir / "a.yaml").string(), "rule file");
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(text.value(), "rules: []\n");
}

TEST(TrustedFile, AWorldWritableFileIsRefused) {
  testing::ScratchDir dir;
  testing::WriteFile(dir / "a.yaml", "rules: []\n");
  ::chmod((dir / "a.yaml").c_str(), 0666);
  auto text = ReadTrustedFile((dir / "a.yaml").string(), "rule file");
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("mode 0666 lets others change it"), std::string::npos)
      << text.status().message();
}

TEST(TrustedFile, AFifoIsNotAFileToTrust) {
  testing::ScratchDir dir;
  ASSERT_EQ(::mkfifo((dir / "feed.csv").c_str(), 0600), 0);
  auto text = ReadTrustedFile((dir / "feed.csv").string(), "context feed");  // never blocks
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("not a regular file"), std::string::npos);
}

TEST(TrustedFile, AContextFeedOthersCanWriteIsRefused) {
  testing::ScratchDir dir;
  testing::WriteFile(dir / "employees.csv", "user_id,department\nu1,Cardiology\n");
  ::chmod((dir / "employees.csv").c_str(), 0666);
  const FeedColumn columns[] = {{"user_id", true}, {"department", true}};
  ContextLoadReport report;
  auto reader = CsvFeedReader::Open((dir / "employees.csv").string(), columns, report);
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("refusing the context feed"), std::string::npos)
      << reader.status().message();
}

TEST(TrustedFile, ADataDirectoryOthersCanWriteIsRefusedAMissingOneIsFine) {
  testing::ScratchDir dir;
  EXPECT_TRUE(CheckDataDirectory((dir / "missing").string()).ok());
  std::filesystem::create_directories(dir / "data");
  ::chmod((dir / "data").c_str(), 0750);
  EXPECT_TRUE(CheckDataDirectory((dir / "data").string()).ok());
  ::chmod((dir / "data").c_str(), 0757);
  Status s = CheckDataDirectory((dir / "data").string());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("has mode 0757"), std::string::npos) << s.message();
  testing::WriteFile(dir / "file", "");
  EXPECT_FALSE(CheckDataDirectory((dir / "file").string()).ok());
}

}  // namespace
}  // namespace phi
