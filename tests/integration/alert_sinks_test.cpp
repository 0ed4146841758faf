// The daemon's sinks end to end (issue 8): alerts reach a real rsyslog over TLS as RFC 5424 with
// CEF bodies while another sink gets them pseudonymised, and neither killing the daemon with
// SIGKILL nor stopping the receiver in the middle of delivery loses a single alert record.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "tests/integration/daemon_process.hpp"
#include "tests/integration/rsyslog_receiver.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using std::chrono::milliseconds;

constexpr char kRules[] = R"(rules:
  - id: print_seen
    severity: medium
    when: action == 'print'
    summary: "{user} printed the record of {patient}"
)";

class AlertSinks : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "logs");
    std::filesystem::create_directories(dir_ / "rules");
    testing::WriteFile(dir_ / "rules" / "r.yaml", kRules);
    receiver_ = std::make_unique<testing::RsyslogReceiver>(dir_ / "rsyslog");
  }
  // `count` print events, each one alert, patients MRN1000000 + i.
  void AppendPrints(int count) {
    std::string lines;
    for (int i = 0; i < count; ++i, ++printed_) {
      lines += R"({"ts":"2026-03-01T08:)" + std::to_string(10 + printed_ / 60 % 50) + ":" +
               std::to_string(10 + printed_ % 50) + R"(Z","user":"u)" +
               std::to_string(printed_ % 7) + R"(","action":"print","patient":"MRN)" +
               std::to_string(1000000 + printed_) + "\"}\n";
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
  // Record positions rsyslog parsed (SD param `record`), each counted once.
  std::set<uint64_t> ReceivedRecords(size_t at_least) const {
    std::set<uint64_t> out;
    for (const auto& m : receiver_->WaitForMessages(at_least, milliseconds(20'000))) {
      auto sd = m.sd.find("phi@32473");
      if (sd != m.sd.end() && sd->second.count("record"))
        out.insert(std::stoull(sd->second.at("record")));
    }
    return out;
  }
  size_t LinesOf(const std::string& name) const {
    std::string text = testing::ReadFile(dir_ / name);
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  }

  testing::ScratchDir dir_;
  std::unique_ptr<testing::RsyslogReceiver> receiver_;
  int printed_ = 0;
};

TEST_F(AlertSinks, EveryAlertReachesRsyslogOverTlsAndAPseudonymisedFileGetsNoMrn) {
  AppendPrints(200);
  const auto key = dir_ / "siem.key";
  testing::WriteFile(key, "0123456789abcdef0123456789abcdef-a-test-key");
  std::filesystem::permissions(
      key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const auto& pki = receiver_->pki();
  testing::WriteFile(
      dir_ / "phi.yaml",
      Config("  - name: siem\n    type: syslog\n    transport: tls\n    host: 127.0.0.1\n"
             "    port: " +
             std::to_string(receiver_->tls_port()) + "\n    ca_file: " + pki.ca_cert.string() +
             "\n    server_name: localhost\n    format: cef\n    settle_ms: 100\n"
             "  - name: pseudonymised\n    type: jsonl\n    path: pseudo.jsonl\n"
             "    patients: hmac\n    pseudonym_key_file: siem.key\n"));
  auto run =
      testing::RunProcess({PHI_AUDITD_BIN, "--config", (dir_ / "phi.yaml").string(), "--once"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const size_t records = LinesOf("alerts.jsonl");
  EXPECT_EQ(records, 200u);
  std::set<uint64_t> received = ReceivedRecords(records);
  EXPECT_EQ(received.size(), records) << receiver_->Log();
  if (!received.empty()) {
    EXPECT_EQ(*received.rbegin(), records);
  }
  auto messages = receiver_->Received();
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages[0].input, "tls");
  EXPECT_NE(messages[0].msg.find("CEF:0|phi-auditd|phi-auditd|"), std::string::npos)
      << messages[0].msg;
  EXPECT_NE(messages[0].msg.find("MRN1000"), std::string::npos) << "the SIEM sink is clear";
  // The pseudonymised sink has every record, and no MRN at all.
  std::string pseudo = testing::ReadFile(dir_ / "pseudo.jsonl");
  EXPECT_EQ(LinesOf("pseudo.jsonl"), records);
  EXPECT_EQ(pseudo.find("MRN"), std::string::npos) << pseudo.substr(0, 400);
  EXPECT_NE(pseudo.find("\"patients\":[\"pt_"), std::string::npos) << pseudo.substr(0, 400);
  // A second run over the same logs adds nothing anywhere.
  const size_t messages_before = receiver_->Received().size();
  auto again =
      testing::RunProcess({PHI_AUDITD_BIN, "--config", (dir_ / "phi.yaml").string(), "--once"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(LinesOf("alerts.jsonl"), records);
  EXPECT_EQ(testing::ReadFile(dir_ / "pseudo.jsonl"), pseudo);
  EXPECT_EQ(receiver_->Received().size(), messages_before);
}

TEST_F(AlertSinks, KillingTheDaemonAndStoppingTheReceiverMidDeliveryLoseNoAlert) {
  const std::string config = (dir_ / "phi.yaml").string();
  testing::WriteFile(config, Config("  - name: siem\n    type: syslog\n    transport: tcp\n"
                                    "    host: 127.0.0.1\n    port: " +
                                    std::to_string(receiver_->tcp_port()) +
                                    "\n    settle_ms: 200\n    retry_initial_ms: 20\n"
                                    "    retry_max_ms: 200\n    drain_timeout_ms: 20000\n"));
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> life_ms(100, 500);
  for (int round = 0; round < 8; ++round) {
    AppendPrints(150);
    testing::DaemonProcess daemon({PHI_AUDITD_BIN, "--config", config}, dir_ / "daemon.out");
    if (round % 3 == 1) {
      // The receiver goes away while alerts are on their way, and comes back later.
      std::this_thread::sleep_for(milliseconds(life_ms(rng) / 2));
      receiver_->Stop(round % 2 ? SIGKILL : SIGTERM);
      std::this_thread::sleep_for(milliseconds(life_ms(rng)));
      daemon.Signal(SIGKILL);
      daemon.Wait();
      receiver_->Start();
      continue;
    }
    std::this_thread::sleep_for(milliseconds(life_ms(rng)));
    daemon.Signal(SIGKILL);
    daemon.Wait();
  }
  auto finish = testing::RunProcess({PHI_AUDITD_BIN, "--config", config, "--once"});
  ASSERT_EQ(finish.exit_code, 0) << finish.output;
  const size_t records = LinesOf("alerts.jsonl");
  EXPECT_EQ(records, 8u * 150);
  std::set<uint64_t> received = ReceivedRecords(records);
  std::vector<uint64_t> missing;
  for (uint64_t r = 1; r <= records; ++r)
    if (!received.count(r)) missing.push_back(r);
  EXPECT_TRUE(missing.empty()) << missing.size() << " record(s) never arrived, the first "
                               << (missing.empty() ? 0 : missing.front()) << "\n"
                               << testing::ReadFile(dir_ / "daemon.out").substr(0, 3000);
}

}  // namespace
}  // namespace phi
