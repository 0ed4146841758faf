// phi-auditd and phi-auditctl as an operator uses them: real processes, real files, a real
// RocksDB timeline.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <thread>

#include "tests/integration/daemon_process.hpp"
#include "tests/integration/phi_json_folder.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::RunProcess;
using testing::ScratchDir;

constexpr char kEvents[] =
    R"({"ts":"2026-03-01T08:00:00Z","user":"u1","role":"nurse","department":"Cardiology","action":"view","patient":"MRN0000001","record_type":"clinical_note","workstation":"ws-1","client_ip":"10.0.0.5"})"
    "\n"
    R"({"ts":"2026-03-01T09:00:00Z","user":"u2","action":"print","patient":"MRN0000001","record_count":3})"
    "\n"
    R"({"ts":"2026-03-02T10:00:00Z","user":"u1","action":"view","patient":"MRN0000002","shift":"night"})"
    "\n"
    "this line is not json\n";

class DaemonCli : public testing::PhiJsonFolderTest {
 protected:
  void SetUp() override {
    PhiJsonFolderTest::SetUp();
    testing::WriteFile(dir_ / "logs" / "ehr.jsonl", kEvents);
  }
  // Runs `phi-auditd --once` with one source (its YAML list item) and the default rule pack
  // writing alerts.jsonl; returns the daemon's output and the alerts file.
  std::pair<testing::ProcessResult, std::string> OnceWithTheRulePack(const std::string& source) {
    testing::WriteFile(config_,
                       "data_dir: data\nlog_level: info\nsources:\n" + source +
                           "detection:\n  rules_dir: " + testing::SourcePath("rules").string() +
                           "\n  alerts_file: alerts.jsonl\n");
    auto run = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
    return {run, std::filesystem::exists(dir_ / "alerts.jsonl")
                     ? testing::ReadFile(dir_ / "alerts.jsonl")
                     : std::string()};
  }
};

TEST_F(DaemonCli, OnceReadsEverythingAndASecondRunAddsNothing) {
  auto first = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  auto stats = Ctl({"stats"});
  ASSERT_EQ(stats.exit_code, 0) << stats.output;
  EXPECT_NE(stats.output.find("events: 3\n"), std::string::npos) << stats.output;
  EXPECT_NE(stats.output.find("dead letters: 1\n"), std::string::npos) << stats.output;
  auto second = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  stats = Ctl({"stats"});
  EXPECT_NE(stats.output.find("events: 3\n"), std::string::npos) << stats.output;
  EXPECT_NE(stats.output.find("dead letters: 1\n"), std::string::npos) << stats.output;
  // The dead letter says where and why, and the daemon's warning carries no record text.
  auto dead = Ctl({"dead-letters"});
  EXPECT_NE(dead.output.find("ehr.jsonl line 4 byte"), std::string::npos) << dead.output;
  EXPECT_EQ(first.output.find("this line is not json"), std::string::npos) << first.output;
}

TEST_F(DaemonCli, EventsByPatientAndUserInEveryFormat) {
  ASSERT_EQ(RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"}).exit_code, 0);
  auto json = Ctl({"events", "--patient", "MRN0000001", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_EQ(std::count(json.output.begin(), json.output.end(), '\n'), 2) << json.output;
  EXPECT_LT(json.output.find("\"user\":\"u2\""), json.output.find("\"user\":\"u1\""))
      << "newest first: " << json.output;
  auto csv = Ctl({"events", "--user", "u1", "--format", "csv", "--oldest-first"});
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_EQ(csv.output.substr(0, csv.output.find('\n')),
            "ts,user,role,department,action,patient,record_type,record_count,workstation,"
            "client_ip,outcome,timeline_id");
  EXPECT_NE(csv.output.find("2026-03-01T08:00:00.000Z,u1,nurse,Cardiology,view,MRN0000001,"
                            "clinical_note,1,ws-1,10.0.0.5,,1\n"),
            std::string::npos)
      << csv.output;
  auto ranged = Ctl({"events", "--user", "u1", "--from", "2026-03-02", "--format", "csv"});
  EXPECT_EQ(std::count(ranged.output.begin(), ranged.output.end(), '\n'), 2) << ranged.output;
  auto table = Ctl({"events", "--patient", "MRN0000002"});
  EXPECT_NE(table.output.find("MRN0000002"), std::string::npos) << table.output;
  auto paged = Ctl({"events", "--patient", "MRN0000001", "--limit", "1", "--format", "json"});
  EXPECT_NE(paged.output.find("more: --cursor "), std::string::npos) << paged.output;
}

TEST_F(DaemonCli, DaemonFollowsNewLinesAnswersQueriesAndStopsCleanlyOnSigterm) {
  testing::DaemonProcess daemon({PHI_AUDITD_BIN, "--config", config_}, dir_ / "daemon.out");
  auto wait_for_events = [&](const std::string& expected) {
    for (int i = 0; i < 100; ++i) {
      auto stats = Ctl({"stats"});
      if (stats.output.find(expected) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  };
  EXPECT_TRUE(wait_for_events("events: 3\n"));
  testing::AppendFile(
      dir_ / "logs" / "ehr.jsonl",
      R"({"ts":"2026-03-03T10:00:00Z","user":"u9","action":"view","patient":"MRN0000009"})"
      "\n");
  EXPECT_TRUE(wait_for_events("events: 4\n"));
  auto json = Ctl({"events", "--patient", "MRN0000009", "--format", "json"});
  EXPECT_NE(json.output.find("\"user\":\"u9\""), std::string::npos) << json.output;
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(), 0) << testing::ReadFile(dir_ / "daemon.out");
  // Files the daemon created are not readable by other users.
  struct stat st;
  ASSERT_EQ(stat((dir_ / "data" / "timeline").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0007, 0u);
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "data" / "timeline")) {
    ASSERT_EQ(stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0007, 0u) << entry.path();
  }
}

// Issue 7 (b): a pgaudit statement longer than max_record_bytes is an event all the same, cut,
// marked truncated, and found under the patient named in the part that was read.
TEST_F(DaemonCli, OversizedPgauditRecordIsATruncatedEventFoundByItsPatient) {
  std::filesystem::create_directories(dir_ / "pg");
  testing::WriteFile(dir_ / "pg" / "postgresql.log",
                     "2026-11-25 13:37:06.166 UTC [4309] snoop@ehr LOG:  AUDIT: "
                     "SESSION,1,1,READ,SELECT,TABLE,public.patients,\"SELECT * FROM patients "
                     "WHERE mrn = 'MRN0009999' OR note = '" +
                         std::string(70'000, 'z') + "';\",<none>\n");
  testing::WriteFile(config_,
                     "data_dir: data\nlog_level: info\n"
                     "sources:\n  - name: db\n    format: pgaudit-stderr\n"
                     "    patient_pattern: 'MRN\\d{7}'\n"
                     "    paths: [pg/*.log]\n");
  auto run = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto json = Ctl({"events", "--patient", "MRN0009999", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_NE(json.output.find("\"user\":\"snoop\""), std::string::npos) << json.output;
  EXPECT_NE(json.output.find("\"truncated\":true"), std::string::npos) << json.output;
  auto stats = Ctl({"stats"});
  EXPECT_NE(stats.output.find("dead letters: 0\n"), std::string::npos) << stats.output;
}

// Issue 7 (c): records that do not parse reach the rules (never the timeline) as parse errors.
TEST_F(DaemonCli, ABurstOfUnparseableRecordsRaisesAnAlert) {
  std::string lines = kEvents;
  for (int i = 0; i < 25; ++i) lines += "{\"ts\": broken record " + std::to_string(i) + "\n";
  testing::WriteFile(dir_ / "logs" / "ehr.jsonl", lines);
  auto [run, alerts] =
      OnceWithTheRulePack("  - {name: ehr, format: phi-json, paths: [logs/*.jsonl]}\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(alerts.find("\"rule_id\":\"parse_error_burst\""), std::string::npos) << alerts;
  auto stats = Ctl({"stats"});
  EXPECT_NE(stats.output.find("events: 3\n"), std::string::npos) << stats.output;
}

// Issue 7 (b): unparseable records whose log prefix names the user are that user's burst.
TEST_F(DaemonCli, UnparseablePgauditRecordsOfOneUserRaiseAnAlertOnThatUser) {
  std::filesystem::create_directories(dir_ / "pg");
  std::string lines;
  for (int i = 0; i < 3; ++i) {
    lines += "2026-11-25 13:3" + std::to_string(i) +
             ":06.166 UTC [4309] snoop@ehr LOG:  AUDIT: SESSION,1," + std::to_string(i + 1) +
             ",READ\n";
  }
  testing::WriteFile(dir_ / "pg" / "postgresql.log", lines);
  auto [run, alerts] =
      OnceWithTheRulePack("  - {name: db, format: pgaudit-stderr, paths: [pg/*.log]}\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(alerts.find("\"rule_id\":\"parse_error_burst_by_user\""), std::string::npos) << alerts;
  EXPECT_NE(alerts.find("\"user\":\"snoop\""), std::string::npos) << alerts;
  EXPECT_EQ(run.output.find("snoop"), std::string::npos) << "no user in the daemon's log";
}

TEST_F(DaemonCli, ConfigurationErrorsNameFileLineAndKey) {
  testing::WriteFile(config_,
                     "data_dir: data\nsources:\n  - name: ehr\n    format: phi-json\n"
                     "    paths: [x]\n    start: end\n");
  auto r = RunProcess({PHI_AUDITD_BIN, "--config", config_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("phi.yaml:6: unknown key 'sources[0].start'"), std::string::npos)
      << r.output;
  testing::WriteFile(config_,
                     "data_dir: data\nsources:\n  - name: db\n    format: pgaudit-stderr\n"
                     "    paths: [x]\n    patient_pattern: '(unclosed'\n");
  r = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("source 'db'"), std::string::npos) << r.output;
  r = RunProcess({PHI_AUDITD_BIN, "--config", (dir_ / "missing.yaml").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("missing.yaml"), std::string::npos) << r.output;
}

TEST_F(DaemonCli, CtlWithoutATimelineSaysSo) {
  auto r = Ctl({"stats"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("no timeline"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace phi
