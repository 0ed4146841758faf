#include "daemon/context/context_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/unit/context/context_test_support.hpp"

namespace phi {
namespace {

using testing::At;
using testing::FixtureFeeds;
using testing::ReadFile;
using testing::ScratchDir;
using testing::WriteFile;

bool AnyContains(const std::vector<ContextStore::Message>& messages, std::string_view text) {
  return std::any_of(messages.begin(), messages.end(), [&](const ContextStore::Message& m) {
    return m.text.find(text) != std::string::npos;
  });
}

class ContextStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ContextFeedPaths fixture = FixtureFeeds();
    paths_ = {(dir_ / "employees.csv").string(), (dir_ / "patients.csv").string(),
              (dir_ / "encounters.csv").string(), ""};
    std::filesystem::copy_file(fixture.employees, paths_.employees);
    std::filesystem::copy_file(fixture.patients, paths_.patients);
    std::filesystem::copy_file(fixture.encounters, paths_.encounters);
  }
  ScratchDir dir_;
  ContextFeedPaths paths_;
};

TEST_F(ContextStoreTest, LoadsSynchronouslyAndIgnoresUnchangedFiles) {
  ContextStore store(paths_, ContextOptions{});
  EXPECT_EQ(store.Current(), nullptr);
  ASSERT_TRUE(store.Load().ok());
  ASSERT_NE(store.Current(), nullptr);
  auto messages = store.TakeMessages();
  ASSERT_GE(messages.size(), 2u);
  EXPECT_EQ(
      messages[0].text,
      "context loaded: 6 employees, 6 patients, 5 encounters, 0 appointments, 12 rows skipped");
  EXPECT_FALSE(messages[0].warning);  // routine
  EXPECT_TRUE(messages[1].warning);   // a skipped row
  EXPECT_TRUE(AnyContains(messages, "employees.csv:7: user_id: required, empty"));
  EXPECT_EQ(store.generation(), 1u);
  EXPECT_EQ(store.Current()->patient_count(), 6u);
  EXPECT_EQ(store.last_report().skipped_rows, 12u);
  EXPECT_FALSE(store.Poll());
  EXPECT_FALSE(store.Poll());
}

TEST_F(ContextStoreTest, OpenLoadsOrSaysWhyNot) {
  auto opened = ContextStore::Open(paths_, ContextOptions{});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_NE(opened.value()->Current()->FindPatient("M1"), nullptr);
  std::filesystem::remove(paths_.encounters);
  auto failed = ContextStore::Open(paths_, ContextOptions{});
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("encounters.csv"), std::string::npos);
}

TEST_F(ContextStoreTest, InitialLoadFailsWhenAFeedIsMissing) {
  std::filesystem::remove(paths_.encounters);
  ContextStore store(paths_, ContextOptions{});
  Status st = store.Load();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("encounters.csv"), std::string::npos);
  EXPECT_EQ(store.Current(), nullptr);
}

TEST_F(ContextStoreTest, ReloadsWhenAFeedChangesAndKeepsOldSnapshotsAlive) {
  ContextStore store(paths_, ContextOptions{});
  ASSERT_TRUE(store.Load().ok());
  std::shared_ptr<const ContextSnapshot> before = store.Current();
  EXPECT_EQ(before->Explain("u_smith", "M10", At("2024-05-01")), Explanation::kNone);

  testing::AppendFile(paths_.patients, "Acme,M10,Ten,Tess Ten,,,1,,,\n");
  testing::AppendFile(paths_.encounters, "M10,Radiology,,2024-04-30,\n");
  ASSERT_TRUE(store.Poll());
  store.WaitForReload();
  EXPECT_EQ(store.generation(), 2u);
  auto after = store.Current();
  ASSERT_NE(after->FindPatient("M10"), nullptr);
  EXPECT_TRUE(after->FindPatient("M10")->vip);
  EXPECT_EQ(after->Explain("u_smith", "M10", At("2024-05-01")), Explanation::kDepartmentEncounter);
  // A reader that took the old snapshot keeps a consistent view.
  EXPECT_EQ(before->FindPatient("M10"), nullptr);
  EXPECT_EQ(before->patient_count(), 6u);
  auto messages = store.TakeMessages();
  EXPECT_TRUE(AnyContains(messages, "context reloaded: 6 employees, 7 patients, 6 encounters"));
  EXPECT_TRUE(store.TakeMessages().empty());
  EXPECT_FALSE(store.Poll());
}

TEST_F(ContextStoreTest, BrokenReloadKeepsTheOldSnapshotAndSaysWhy) {
  ContextStore store(paths_, ContextOptions{});
  ASSERT_TRUE(store.Load().ok());
  store.TakeMessages();
  // The new patients file lost its mrn column.
  WriteFile(paths_.patients, "name,vip\nFamous Star,1\n");
  ASSERT_TRUE(store.Poll());
  store.WaitForReload();
  EXPECT_EQ(store.generation(), 1u);
  ASSERT_NE(store.Current()->FindPatient("M2"), nullptr);
  auto messages = store.TakeMessages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(messages[0].warning);
  EXPECT_EQ(messages[0].text, "context reload failed, keeping the previous context: " +
                                  paths_.patients + ":1: header: missing required column 'mrn'");
  EXPECT_FALSE(AnyContains(messages, "Famous"));  // no PHI
  // The same broken file is not retried on every poll...
  EXPECT_FALSE(store.Poll());
  // ...but a fixed one is loaded.
  WriteFile(paths_.patients, ReadFile(FixtureFeeds().patients));
  ASSERT_TRUE(store.Poll());
  store.WaitForReload();
  EXPECT_EQ(store.generation(), 2u);
}

TEST_F(ContextStoreTest, MissingFileOnReloadKeepsTheOldSnapshot) {
  ContextStore store(paths_, ContextOptions{});
  ASSERT_TRUE(store.Load().ok());
  std::filesystem::remove(paths_.employees);
  ASSERT_TRUE(store.Poll());
  store.WaitForReload();
  EXPECT_EQ(store.generation(), 1u);
  EXPECT_NE(store.Current()->FindEmployee("u_att"), nullptr);
  EXPECT_TRUE(AnyContains(store.TakeMessages(), "cannot open"));
}

TEST_F(ContextStoreTest, DetectionReadsWhileAReloadRuns) {
  ContextStore store(paths_, ContextOptions{});
  ASSERT_TRUE(store.Load().ok());
  testing::AppendFile(paths_.employees, "u_late,Late Comer,Comer,ICU,nurse,,,,\n");
  ASSERT_TRUE(store.Poll());
  // Whatever the reload's progress, a snapshot is always there to read.
  for (int i = 0; i < 1000; ++i) {
    auto snap = store.Current();
    ASSERT_NE(snap, nullptr);
    ASSERT_NE(snap->FindEmployee("u_att"), nullptr);
  }
  store.WaitForReload();
  EXPECT_NE(store.Current()->FindEmployee("u_late"), nullptr);
}

}  // namespace
}  // namespace phi
