// Rules change while the daemon runs: a new rule file takes effect without a restart, a broken
// one is rejected with its reason while the previous rules keep running, and a silent source
// raises one alert.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/integration/daemon_process.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::ScratchDir;

bool WaitFor(const std::function<bool()>& condition) {
  for (int i = 0; i < 100; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

constexpr char kPrintRule[] = R"(rules:
  - id: print_seen
    severity: low
    when: action == 'print'
    summary: "{user} printed"
  - id: quiet_feed
    severity: medium
    silence: {after: 1s, sources: [quiet]}
    summary: "source {source} is silent"
)";

TEST(RuleReload, NewRulesApplyBrokenRulesAreRejectedSilentSourcesAlert) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "rules");
  std::filesystem::create_directories(dir / "logs");
  testing::WriteFile(dir / "rules" / "a.yaml", kPrintRule);
  testing::WriteFile(dir / "logs" / "ehr.jsonl", "");
  std::string config = (dir / "phi.yaml").string();
  testing::WriteFile(config,
                     "data_dir: data\nlog_level: info\npoll_interval_ms: 20\nsources:\n"
                     "  - {name: ehr, format: phi-json, paths: [logs/ehr.jsonl]}\n"
                     "  - {name: quiet, format: phi-json, paths: [logs/none.jsonl]}\n"
                     "detection:\n  rules_dir: rules\n  alerts_file: alerts.jsonl\n"
                     "  reload_check_ms: 100\n");
  testing::DaemonProcess daemon({PHI_AUDITD_BIN, "--config", config}, dir / "daemon.log");
  auto alerts = [&] {
    return std::filesystem::exists(dir / "alerts.jsonl") ? testing::ReadFile(dir / "alerts.jsonl")
                                                         : std::string();
  };
  auto event = [&](const std::string& user, const std::string& action) {
    testing::AppendFile(
        dir / "logs" / "ehr.jsonl",
        R"({"ts":"2026-11-02T10:00:00Z","user":")" + user + R"(","action":")" + action + "\"}\n");
  };
  EXPECT_TRUE(WaitFor([&] {
    return alerts().find("\"rule_id\":\"quiet_feed\"") != std::string::npos;
  })) << testing::ReadFile(dir / "daemon.log");
  event("u1", "print");
  EXPECT_TRUE(WaitFor([&] { return alerts().find("\"user\":\"u1\"") != std::string::npos; }));

  // A broken rule file: rejected, and the running rules go on.
  testing::WriteFile(dir / "rules" / "b.yaml",
                     "rules:\n  - id: broken\n    severity: loud\n"
                     "    when: action == 'export'\n    summary: x\n");
  EXPECT_TRUE(WaitFor([&] {
    return testing::ReadFile(dir / "daemon.log").find("rule reload rejected") != std::string::npos;
  }));
  EXPECT_NE(testing::ReadFile(dir / "daemon.log").find("b.yaml:3: rules[0] (broken).severity"),
            std::string::npos)
      << testing::ReadFile(dir / "daemon.log");
  event("u2", "print");
  EXPECT_TRUE(WaitFor([&] { return alerts().find("\"user\":\"u2\"") != std::string::npos; }));

  // Fixed: the new rule applies without a restart.
  testing::WriteFile(dir / "rules" / "b.yaml",
                     "rules:\n  - id: export_seen\n    severity: high\n"
                     "    when: action == 'export'\n    summary: x\n");
  EXPECT_TRUE(WaitFor([&] {
    return testing::ReadFile(dir / "daemon.log").find("rules reloaded: 3 rule(s)") !=
           std::string::npos;
  }));
  event("u3", "export");
  EXPECT_TRUE(WaitFor([&] {
    return alerts().find("\"rule_id\":\"export_seen\"") != std::string::npos;
  })) << alerts();
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(), 0);
  EXPECT_EQ(Count(alerts(), "\"rule_id\":\"quiet_feed\""), 1u) << alerts();
}

}  // namespace
}  // namespace phi
