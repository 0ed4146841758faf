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
#include "tests/integration/rsyslog_sink_fixture.hpp"

namespace phi {
namespace {

using std::chrono::milliseconds;

class AlertSinks : public testing::RsyslogSinkTest {
 protected:
  // `count` print events, each one alert, patients MRN1000000 + i.
  void AppendPrints(int count) { AppendAccesses(count, "print", 1000000); }
  // Record positions rsyslog parsed (SD param `record`), each counted once.
  std::set<uint64_t> ReceivedRecords(size_t at_least) const {
    return ReceivedIds(at_least, "alert", "record");
  }
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
  // An IT manager sees how far each sink got.
  auto stats =
      testing::RunProcess({PHI_AUDITCTL_BIN, "--config", (dir_ / "phi.yaml").string(), "stats"});
  ASSERT_EQ(stats.exit_code, 0) << stats.output;
  EXPECT_NE(stats.output.find("alert log: 200 records"), std::string::npos) << stats.output;
  EXPECT_NE(stats.output.find("sink siem: confirmed through 200\n"), std::string::npos)
      << stats.output;
  EXPECT_NE(stats.output.find("sink pseudonymised: confirmed through 200\n"), std::string::npos)
      << stats.output;
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
  std::vector<uint64_t> missing = Missing(received, records);
  EXPECT_TRUE(missing.empty()) << missing.size() << " record(s) never arrived, the first "
                               << (missing.empty() ? 0 : missing.front()) << "\n"
                               << testing::ReadFile(dir_ / "daemon.out").substr(0, 3000);
}

}  // namespace
}  // namespace phi
