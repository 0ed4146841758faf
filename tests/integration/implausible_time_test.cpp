// Events dated 1970 and 2099 through the real daemon and phi-auditctl: stored, flagged, counted
// in stats and found by a patient query.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::RunProcess;
using testing::ScratchDir;

TEST(ImplausibleTime, EventsDated1970And2099AreStoredFlaggedCountedAndFound) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "logs");
  testing::WriteFile(
      dir / "logs" / "ehr.jsonl",
      R"({"ts":"1970-01-01T00:00:00Z","user":"u1","action":"view","patient":"MRN0000001"})"
      "\n"
      R"({"ts":"2099-12-31T23:00:00Z","user":"u2","action":"view","patient":"MRN0000001"})"
      "\n"
      R"({"ts":"2024-05-01T08:00:00Z","user":"u3","action":"view","patient":"MRN0000001"})"
      "\n");
  std::string config = (dir / "phi.yaml").string();
  testing::WriteFile(config,
                     "data_dir: data\ntimeline:\n  retention_days: 3650\n"
                     "sources:\n  - name: ehr\n    format: phi-json\n    paths: [logs/*.jsonl]\n");
  auto once = RunProcess({PHI_AUDITD_BIN, "--config", config, "--once"});
  ASSERT_EQ(once.exit_code, 0) << once.output;

  auto stats = RunProcess({PHI_AUDITCTL_BIN, "--config", config, "stats"});
  ASSERT_EQ(stats.exit_code, 0) << stats.output;
  EXPECT_NE(stats.output.find("events: 3\n"), std::string::npos) << stats.output;
  EXPECT_NE(stats.output.find("implausible times: 2 "), std::string::npos) << stats.output;
  EXPECT_NE(stats.output.find("source ehr: 3 events, 0 dead letters, 2 implausible times"),
            std::string::npos)
      << stats.output;
  EXPECT_NE(stats.output.find("newest event 2024-05-01T08:00:00.000Z"), std::string::npos)
      << stats.output;

  // The same figures without the configuration file (stats used to insist on reading it).
  auto by_dir = RunProcess({PHI_AUDITCTL_BIN, "--data-dir", (dir / "data").string(), "stats"});
  ASSERT_EQ(by_dir.exit_code, 0) << by_dir.output;
  EXPECT_NE(by_dir.output.find("timeline: " + (dir / "data").string() + "/timeline (schema"),
            std::string::npos)
      << by_dir.output;
  EXPECT_NE(by_dir.output.find("implausible times: 2 "), std::string::npos) << by_dir.output;

  auto json = RunProcess({PHI_AUDITCTL_BIN, "--config", config, "events", "--patient", "MRN0000001",
                          "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_EQ(std::count(json.output.begin(), json.output.end(), '\n'), 3) << json.output;
  EXPECT_NE(json.output.find(R"({"ts":"1970-01-01T00:00:00.000Z","implausible_time":true,)"),
            std::string::npos)
      << json.output;
  EXPECT_NE(json.output.find(R"({"ts":"2099-12-31T23:00:00.000Z","implausible_time":true,)"),
            std::string::npos)
      << json.output;
  EXPECT_NE(json.output.find(R"({"ts":"2024-05-01T08:00:00.000Z","user":"u3")"), std::string::npos)
      << json.output;

  auto table =
      RunProcess({PHI_AUDITCTL_BIN, "--config", config, "events", "--patient", "MRN0000001"});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("1970-01-01T00:00:00.000Z (implausible time)"), std::string::npos)
      << table.output;
  EXPECT_NE(table.output.find("2099-12-31T23:00:00.000Z (implausible time)"), std::string::npos)
      << table.output;
  EXPECT_EQ(table.output.find("2024-05-01T08:00:00.000Z (implausible"), std::string::npos)
      << table.output;
}

}  // namespace
}  // namespace phi
