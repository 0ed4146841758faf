// Retention with a legal hold through the real binaries (issue 9, item 5): a hold is placed and
// released through the running daemon's control socket only, logged without its patient id;
// the daemon's retention pass keeps the held patient's events and removes the rest; phi-auditctl
// with the daemon stopped shows exactly what the daemon showed (no expired index entries), and
// verify finds the trail intact.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "daemon/common/time_util.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/phi_json_folder.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

class LegalHoldCommands : public testing::PhiJsonFolderTest {
 protected:
  void SetUp() override {
    PhiJsonFolderTest::SetUp();
    // Two accesses of 2015, past a six-year retention, and one of yesterday.
    const std::string yesterday = FormatIsoTime(WallClockNow() - 86400LL * kMicrosPerSecond);
    testing::WriteFile(
        dir_ / "logs" / "ehr.jsonl",
        R"({"ts":"2015-03-01T08:00:00Z","user":"u1","action":"view","patient":"MRN0000001"})"
        "\n"
        R"({"ts":"2015-03-02T09:00:00Z","user":"u2","action":"view","patient":"MRN0000002"})"
        "\n"
        R"({"ts":")" +
            yesterday + R"(","user":"u3","action":"view","patient":"MRN0000001"})" + "\n");
    WriteConfig("retention_days: 0");
    auto run = testing::RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }

  void WriteConfig(const std::string& retention) {
    testing::WriteFile(config_,
                       "data_dir: data\nlog_level: info\npoll_interval_ms: 20\n"
                       "timeline:\n  " +
                           retention +
                           "\nsources:\n  - name: ehr\n    format: phi-json\n"
                           "    paths: [logs/*.jsonl]\n");
  }

  // Starts the daemon (its output in daemon.out, appended run after run) and waits for its
  // control socket.
  std::unique_ptr<testing::DaemonProcess> StartDaemon() {
    const auto out = dir_ / ("daemon" + std::to_string(++runs_) + ".out");
    auto daemon = std::make_unique<testing::DaemonProcess>(
        std::vector<std::string>{PHI_AUDITD_BIN, "--config", config_}, out);
    for (int i = 0; i < 400; ++i) {
      if (std::filesystem::exists(out) &&
          testing::ReadFile(out).find("answered on") != std::string::npos)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return daemon;
  }
  void Stop(std::unique_ptr<testing::DaemonProcess>& daemon) {
    daemon->Signal(SIGTERM);
    EXPECT_EQ(daemon->Wait(), 0);
    daemon.reset();
  }
  std::string DaemonLog() const {
    std::string all;
    for (int i = 1; i <= runs_; ++i)
      all += testing::ReadFile(dir_ / ("daemon" + std::to_string(i) + ".out"));
    return all;
  }
  // The EHR's accesses (not phi-auditctl's own recorded reads, source phi-auditd).
  static size_t EhrLines(const std::string& output) {
    size_t n = 0;
    for (size_t at = output.find(R"("source":"ehr")"); at != std::string::npos;
         at = output.find(R"("source":"ehr")", at + 1))
      ++n;
    return n;
  }
  size_t EventsOf(const std::string& option, const std::string& id) {
    auto events = Ctl({"events", option, id, "--format", "json"});
    EXPECT_EQ(events.exit_code, 0) << events.output;
    return EhrLines(events.output);
  }

  int runs_ = 0;
};

TEST_F(LegalHoldCommands, AHoldGoesThroughTheDaemonAndKeepsItsPatientPastRetention) {
  auto offline = Ctl({"hold", "add", "patient", "MRN0000001", "--reason", "litigation 2026-17"});
  EXPECT_EQ(offline.exit_code, 1);
  EXPECT_NE(offline.output.find("not running"), std::string::npos) << offline.output;
  EXPECT_NE(offline.output.find("legal holds"), std::string::npos) << offline.output;
  auto none = Ctl({"hold", "list"});
  EXPECT_EQ(none.exit_code, 0) << none.output;
  EXPECT_EQ(none.output, "no legal holds\n");

  // Retention off while the hold is placed.
  auto daemon = StartDaemon();
  // Usage errors stop in phi-auditctl (CLI11's exit codes), before the daemon is asked.
  auto bad = Ctl({"hold", "add", "department", "Oncology", "--reason", "x"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("department not in {patient,user,case}"), std::string::npos)
      << bad.output;
  auto no_reason = Ctl({"hold", "add", "patient", "MRN0000001"});
  EXPECT_NE(no_reason.exit_code, 0);
  EXPECT_NE(no_reason.output.find("--reason is required"), std::string::npos) << no_reason.output;
  auto placed = Ctl({"hold", "add", "patient", "MRN0000001", "--reason", "litigation 2026-17"});
  ASSERT_EQ(placed.exit_code, 0) << placed.output;
  EXPECT_EQ(placed.output, "legal hold 1 placed: patient MRN0000001\n");
  Stop(daemon);

  // Six years: the daemon's first pass, at start, removes 2015 except the held patient's.
  WriteConfig("retention_years: 6");
  daemon = StartDaemon();
  EXPECT_EQ(EventsOf("--patient", "MRN0000001"), 2u) << "held: 2015 and yesterday";
  EXPECT_EQ(EventsOf("--patient", "MRN0000002"), 0u);
  EXPECT_EQ(EventsOf("--user", "u1"), 1u) << "u1's 2015 access to the held patient";
  EXPECT_EQ(EventsOf("--user", "u2"), 0u);
  auto list = Ctl({"hold", "list", "--format", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find(R"("hold_id":1,"status":"active","kind":"patient",)"
                             R"("subject":"MRN0000001","reason":"litigation 2026-17")"),
            std::string::npos)
      << list.output;
  Stop(daemon);

  // The daemon stopped: phi-auditctl reads a secondary instance, before any compaction.
  EXPECT_EQ(EventsOf("--patient", "MRN0000002"), 0u) << "no expired index entry";
  EXPECT_EQ(EventsOf("--user", "u2"), 0u);
  EXPECT_EQ(EventsOf("--patient", "MRN0000001"), 2u);
  auto all = Ctl({"events", "--from", "2015-01-01", "--format", "json"});
  EXPECT_EQ(EhrLines(all.output), 2u) << all.output;
  auto verify = Ctl({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.output;

  daemon = StartDaemon();
  auto released = Ctl({"hold", "release", "1", "--reason", "case settled"});
  ASSERT_EQ(released.exit_code, 0) << released.output;
  EXPECT_EQ(released.output, "legal hold 1 released: patient MRN0000001\n");
  auto again = Ctl({"hold", "release", "1", "--reason", "case settled"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.output.find("released already"), std::string::npos) << again.output;
  EXPECT_EQ(EventsOf("--patient", "MRN0000001"), 1u) << "2015 is past retention, no longer held";
  Stop(daemon);
  daemon = StartDaemon();  // its pass removes what the hold kept
  EXPECT_EQ(EventsOf("--patient", "MRN0000001"), 1u);
  Stop(daemon);
  auto table = Ctl({"hold", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("1  released  patient MRN0000001  placed "), std::string::npos)
      << table.output;
  EXPECT_NE(table.output.find(": litigation 2026-17; released "), std::string::npos)
      << table.output;
  EXPECT_NE(table.output.find(": case settled"), std::string::npos) << table.output;
  EXPECT_EQ(Ctl({"verify"}).exit_code, 0);

  // Both changes are in the daemon's log with the hold's id and kind, never the patient's id.
  const std::string log = DaemonLog();
  EXPECT_NE(log.find("legal hold 1 on a patient placed by"), std::string::npos) << log;
  EXPECT_NE(log.find("legal hold 1 on a patient released by"), std::string::npos) << log;
  EXPECT_NE(log.find("1 event kept under legal hold"), std::string::npos) << log;
  EXPECT_EQ(log.find("MRN0000001"), std::string::npos) << log;
}

}  // namespace
}  // namespace phi
