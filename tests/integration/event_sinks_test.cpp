// Sinks of the event stream end to end (issue 8, `stream: events`): every normalised event
// reaches a real rsyslog as RFC 5424 with MSGID "event" and its structured data, counted by
// seq (the timeline id), while a JSON lines sink gets the same events with patients dropped;
// and killing the daemon with SIGKILL again and again in the middle of delivery loses none.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "tests/integration/daemon_process.hpp"
#include "tests/integration/rsyslog_receiver.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using std::chrono::milliseconds;

// Detection must run for sinks to run; this rule never fires on the views below.
constexpr char kRules[] = R"(rules:
  - id: print_seen
    severity: medium
    when: action == 'print'
    summary: "{user} printed the record of {patient}"
)";

class EventSinks : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "logs");
    std::filesystem::create_directories(dir_ / "rules");
    testing::WriteFile(dir_ / "rules" / "r.yaml", kRules);
    receiver_ = std::make_unique<testing::RsyslogReceiver>(dir_ / "rsyslog");
  }
  // `count` chart views, patients MRN2000000 + i: one event each, no alert.
  void AppendViews(int count) {
    std::string lines;
    for (int i = 0; i < count; ++i, ++written_) {
      lines += R"({"ts":"2026-03-01T09:)" + std::to_string(10 + written_ / 60 % 50) + ":" +
               std::to_string(10 + written_ % 50) + R"(Z","user":"u)" +
               std::to_string(written_ % 7) + R"(","action":"view","patient":"MRN)" +
               std::to_string(2000000 + written_) + "\"}\n";
    }
    testing::AppendFile(dir_ / "logs" / "ehr.jsonl", lines);
  }
  std::string Config(const std::string& sinks) const {
    return "data_dir: data\nlog_level: info\npoll_interval_ms: 10\n"
           "sources:\n  - {name: ehr, format: phi-json, paths: [logs/*.jsonl]}\n"
           "detection:\n  rules_dir: rules\n  alerts_file: alerts.jsonl\n"
           "  snapshot_interval_ms: 100\nsinks:\n" +
           sinks;
  }
  std::string SyslogEventSink(const std::string& format) const {
    return "  - name: siem-events\n    type: syslog\n    stream: events\n    transport: tcp\n"
           "    host: 127.0.0.1\n    port: " +
           std::to_string(receiver_->tcp_port()) + "\n    format: " + format +
           "\n    settle_ms: 200\n    retry_initial_ms: 20\n    retry_max_ms: 200\n"
           "    drain_timeout_ms: 20000\n";
  }
  // Sequence numbers rsyslog parsed (SD param `seq`), each counted once.
  std::set<uint64_t> ReceivedSeqs(size_t at_least) const {
    std::set<uint64_t> out;
    for (const auto& m : receiver_->WaitForMessages(at_least, milliseconds(20'000))) {
      auto sd = m.sd.find("phi@32473");
      if (m.msgid == "event" && sd != m.sd.end() && sd->second.count("seq"))
        out.insert(std::stoull(sd->second.at("seq")));
    }
    return out;
  }
  size_t LinesOf(const std::string& name) const {
    std::string text = testing::ReadFile(dir_ / name);
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  }
  static std::vector<uint64_t> Missing(const std::set<uint64_t>& received, uint64_t through) {
    std::vector<uint64_t> missing;
    for (uint64_t s = 1; s <= through; ++s)
      if (!received.count(s)) missing.push_back(s);
    return missing;
  }

  testing::ScratchDir dir_;
  std::unique_ptr<testing::RsyslogReceiver> receiver_;
  int written_ = 0;
};

TEST_F(EventSinks, EveryEventReachesRsyslogAsOcsfAndAFileGetsThemWithoutPatients) {
  AppendViews(300);
  testing::WriteFile(dir_ / "phi.yaml",
                     Config(SyslogEventSink("ocsf") +
                            "  - name: events-file\n    type: jsonl\n    stream: events\n"
                            "    path: events.jsonl\n    patients: drop\n"));
  auto run =
      testing::RunProcess({PHI_AUDITD_BIN, "--config", (dir_ / "phi.yaml").string(), "--once"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::set<uint64_t> received = ReceivedSeqs(300);
  EXPECT_EQ(received.size(), 300u) << receiver_->Log();
  EXPECT_TRUE(Missing(received, 300).empty());
  auto messages = receiver_->Received();
  ASSERT_FALSE(messages.empty());
  const auto& first = messages[0];
  EXPECT_EQ(first.msgid, "event");
  EXPECT_EQ(first.pri, "166") << "local4, informational";
  const auto& sd = first.sd.at("phi@32473");
  EXPECT_EQ(sd.at("action"), "view");
  EXPECT_EQ(sd.at("source"), "ehr");
  EXPECT_TRUE(sd.at("patient").starts_with("MRN2")) << "the SIEM sink is clear";
  EXPECT_NE(first.msg.find("\"class_uid\":6003"), std::string::npos) << first.msg;
  EXPECT_NE(first.msg.find("\"type_uid\":600302"), std::string::npos) << first.msg;
  // The file sink has every event once, in order, and no MRN at all.
  const std::string text = testing::ReadFile(dir_ / "events.jsonl");
  EXPECT_EQ(LinesOf("events.jsonl"), 300u);
  EXPECT_EQ(text.find("MRN"), std::string::npos) << text.substr(0, 400);
  EXPECT_NE(text.find("\"timeline_id\":\"300\""), std::string::npos) << text.substr(0, 400);
  if (std::filesystem::exists(dir_ / "alerts.jsonl")) {
    EXPECT_EQ(LinesOf("alerts.jsonl"), 0u) << "views raise no alert: events travel alone";
  }
}

TEST_F(EventSinks, KillingTheDaemonMidDeliveryLosesNoEvent) {
  const std::string config = (dir_ / "phi.yaml").string();
  testing::WriteFile(config, Config(SyslogEventSink("json")));
  std::mt19937 rng(17);
  std::uniform_int_distribution<int> life_ms(100, 500);
  constexpr int kRounds = 6, kPerRound = 200;
  for (int round = 0; round < kRounds; ++round) {
    AppendViews(kPerRound);
    testing::DaemonProcess daemon({PHI_AUDITD_BIN, "--config", config}, dir_ / "daemon.out");
    std::this_thread::sleep_for(milliseconds(life_ms(rng)));
    daemon.Signal(SIGKILL);
    daemon.Wait();
  }
  auto finish = testing::RunProcess({PHI_AUDITD_BIN, "--config", config, "--once"});
  ASSERT_EQ(finish.exit_code, 0) << finish.output;
  constexpr uint64_t kEvents = kRounds * kPerRound;
  std::set<uint64_t> received = ReceivedSeqs(kEvents);
  const std::vector<uint64_t> missing = Missing(received, kEvents);
  EXPECT_TRUE(missing.empty()) << missing.size() << " event(s) never arrived, the first "
                               << (missing.empty() ? 0 : missing.front()) << "\n"
                               << testing::ReadFile(dir_ / "daemon.out").substr(0, 3000);
  EXPECT_EQ(received.size(), kEvents) << "no sequence number beyond the events written";
  // Sent twice: a kill fell between sending and saving the cursor, so the test did what it says.
  size_t messages = 0;
  for (const auto& m : receiver_->Received()) messages += m.msgid == "event";
  EXPECT_GT(messages, kEvents) << "no kill fell mid-delivery";
}

}  // namespace
}  // namespace phi
