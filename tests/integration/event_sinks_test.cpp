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
#include "tests/integration/rsyslog_sink_fixture.hpp"

namespace phi {
namespace {

using std::chrono::milliseconds;

// Detection must run for sinks to run; its rule never fires on the views below.
class EventSinks : public testing::RsyslogSinkTest {
 protected:
  // `count` chart views, patients MRN2000000 + i: one event each, no alert.
  void AppendViews(int count) { AppendAccesses(count, "view", 2000000); }
  std::string SyslogEventSink(const std::string& format) const {
    return "  - name: siem-events\n    type: syslog\n    stream: events\n    transport: tcp\n"
           "    host: 127.0.0.1\n    port: " +
           std::to_string(receiver_->tcp_port()) + "\n    format: " + format +
           "\n    settle_ms: 200\n    retry_initial_ms: 20\n    retry_max_ms: 200\n"
           "    drain_timeout_ms: 20000\n";
  }
  // Sequence numbers rsyslog parsed (SD param `seq`), each counted once.
  std::set<uint64_t> ReceivedSeqs(size_t at_least) const {
    return ReceivedIds(at_least, "event", "seq");
  }
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
