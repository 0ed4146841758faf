// phi-auditctl's alert commands as a reviewer uses them: filters on the list, and one alert
// shown whole with the events behind it (issue 8, item 1), on a real daemon's timeline.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/integration/daemon_process.hpp"
#include "tests/integration/phi_json_folder.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

constexpr char kRules[] = R"(rules:
  - id: print_seen
    severity: low
    when: action == 'print'
    summary: "{user} printed a record"
  - id: export_seen
    severity: high
    when: action == 'export'
    summary: "{user} exported records"
)";

class AlertCommands : public testing::PhiJsonFolderTest {
 protected:
  void SetUp() override {
    PhiJsonFolderTest::SetUp();
    std::filesystem::create_directories(dir_ / "rules");
    testing::WriteFile(dir_ / "rules" / "r.yaml", kRules);
    testing::WriteFile(
        dir_ / "logs" / "ehr.jsonl",
        R"({"ts":"2026-03-01T08:00:00Z","user":"u1","action":"print","patient":"MRN0000001","workstation":"ws-7"})"
        "\n"
        R"({"ts":"2026-03-02T09:00:00Z","user":"u2","action":"export","patient":"MRN0000002","record_count":40})"
        "\n");
    testing::WriteFile(config_,
                       "data_dir: data\nlog_level: info\n"
                       "sources:\n  - {name: ehr, format: phi-json, paths: [logs/*.jsonl]}\n"
                       "detection:\n  rules_dir: rules\n  alerts_file: alerts.jsonl\n");
    auto run = testing::RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  static size_t Lines(const std::string& text) {
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  }
  // The id of the first alert of `rule`.
  std::string AlertOf(const std::string& rule) {
    auto list = Ctl({"alerts", "--rule", rule, "--format", "json"});
    size_t at = list.output.find("\"alert_id\":\"");
    if (at == std::string::npos) return "";
    at += 12;
    return list.output.substr(at, list.output.find('"', at) - at);
  }
};

TEST_F(AlertCommands, TheListIsFilteredByRuleUserSeverityStatusAndTime) {
  auto all = Ctl({"alerts", "--format", "json"});
  ASSERT_EQ(all.exit_code, 0) << all.output;
  EXPECT_EQ(Lines(all.output), 2u) << all.output;
  auto by_rule = Ctl({"alerts", "list", "--rule", "export_seen", "--format", "json"});
  EXPECT_EQ(Lines(by_rule.output), 1u) << by_rule.output;
  EXPECT_NE(by_rule.output.find("\"user\":\"u2\""), std::string::npos) << by_rule.output;
  auto by_user = Ctl({"alerts", "--user", "u1", "--format", "json"});
  EXPECT_EQ(Lines(by_user.output), 1u) << by_user.output;
  EXPECT_NE(by_user.output.find("print_seen"), std::string::npos) << by_user.output;
  auto high = Ctl({"alerts", "--severity", "high", "--format", "json"});
  EXPECT_EQ(Lines(high.output), 1u) << high.output;
  EXPECT_EQ(Lines(Ctl({"alerts", "--severity", "critical"}).output), 0u);
  EXPECT_EQ(Lines(Ctl({"alerts", "--status", "open", "--format", "json"}).output), 2u);
  EXPECT_EQ(Lines(Ctl({"alerts", "--status", "resolved"}).output), 0u);
  auto since = Ctl({"alerts", "--since", "2026-03-02", "--format", "json"});
  EXPECT_EQ(Lines(since.output), 1u) << since.output;
  auto bad = Ctl({"alerts", "--severity", "urgent"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("--severity must be"), std::string::npos) << bad.output;
}

TEST_F(AlertCommands, ShowGivesTheWhyTheEvidenceAndTheEventsBehindAnAlert) {
  std::string id = AlertOf("print_seen");
  ASSERT_FALSE(id.empty());
  auto shown = Ctl({"alerts", "show", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_NE(shown.output.find("u1 printed a record"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("evidence: {"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("events behind it (1 of 1 kept)"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("MRN0000001"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("ws-7"), std::string::npos) << "the event itself: " << shown.output;
  EXPECT_EQ(shown.output.find("MRN0000002"), std::string::npos) << "not another alert's event";
  auto json = Ctl({"alerts", "show", id, "--format", "json"});
  EXPECT_EQ(Lines(json.output), 2u) << "the alert, then its event: " << json.output;
  auto missing = Ctl({"alerts", "show", "no-such-alert"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("no alert no-such-alert"), std::string::npos) << missing.output;
}

TEST_F(AlertCommands, CasesGroupAUsersAlertsRiskiestFirst) {
  testing::AppendFile(
      dir_ / "logs" / "ehr.jsonl",
      R"({"ts":"2026-03-03T08:00:00Z","user":"u1","action":"print","patient":"MRN0000003"})"
      "\n");
  ASSERT_EQ(testing::RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"}).exit_code, 0);
  // u2: one high alert (7); u1: two low ones (1 + 1).
  auto list = Ctl({"cases", "--format", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.output;
  ASSERT_EQ(Lines(list.output), 2u) << list.output;
  EXPECT_LT(list.output.find("\"user\":\"u2\",\"risk\":7"), list.output.find("\"user\":\"u1\""))
      << list.output;
  EXPECT_NE(list.output.find("\"user\":\"u1\",\"risk\":2,\"open\":2"), std::string::npos)
      << list.output;
  auto shown = Ctl({"cases", "show", "u1"});
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_NE(shown.output.find("MRN0000003"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("MRN0000001"), std::string::npos) << shown.output;
  EXPECT_EQ(shown.output.find("u2"), std::string::npos) << shown.output;
  EXPECT_EQ(Ctl({"cases", "show", "nobody"}).exit_code, 1);
}

// Triage writes: through the running daemon (one writer), refused with a reason without it.
TEST_F(AlertCommands, TriageGoesThroughTheRunningDaemonAndIsKeptWithWhoAndWhen) {
  std::string id = AlertOf("export_seen");
  ASSERT_FALSE(id.empty());
  auto offline = Ctl({"alerts", "ack", id});
  EXPECT_EQ(offline.exit_code, 1);
  EXPECT_NE(offline.output.find("not running"), std::string::npos) << offline.output;

  testing::DaemonProcess daemon({PHI_AUDITD_BIN, "--config", config_}, dir_ / "daemon.out");
  for (int i = 0; i < 200; ++i) {
    if (std::filesystem::exists(dir_ / "daemon.out") &&
        testing::ReadFile(dir_ / "daemon.out").find("answered on") != std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  auto ack = Ctl({"alerts", "ack", id, "--note", "looking into it"});
  ASSERT_EQ(ack.exit_code, 0) << ack.output;
  EXPECT_EQ(ack.output, "alert " + id + " acknowledged\n");
  EXPECT_EQ(Ctl({"alerts", "assign", id, "bob"}).exit_code, 0);
  EXPECT_EQ(Ctl({"alerts", "note", id, "export was for a subpoena"}).exit_code, 0);
  auto twice = Ctl({"alerts", "ack", id});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.output.find("is acknowledged"), std::string::npos) << twice.output;
  EXPECT_NE(Ctl({"alerts", "resolve", id, "maybe"}).exit_code, 0);
  EXPECT_EQ(Ctl({"alerts", "resolve", id, "benign"}).exit_code, 0);

  auto resolved = Ctl({"alerts", "--status", "resolved", "--format", "json"});
  EXPECT_EQ(Lines(resolved.output), 1u) << resolved.output;
  EXPECT_NE(resolved.output.find("\"assignee\":\"bob\""), std::string::npos) << resolved.output;
  EXPECT_NE(resolved.output.find("\"resolution\":\"benign\""), std::string::npos);
  EXPECT_GT(Lines(Ctl({"alerts", "--status", "open"}).output), 0u);
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(), 0);

  // Kept in the timeline: the history reads the same with the daemon stopped.
  auto shown = Ctl({"alerts", "show", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  for (const char* line : {"acknowledged by root (looking into it)", "assigned by root: bob",
                           "noted by root: export was for a subpoena", "resolved by root: benign",
                           "assigned to bob"}) {
    EXPECT_NE(shown.output.find(line), std::string::npos) << line << "\n" << shown.output;
  }
}

TEST_F(AlertCommands, AFalsePositiveWithExceptStopsTheRuleForThatUserAndPatientOnly) {
  std::string id = AlertOf("print_seen");
  ASSERT_FALSE(id.empty());
  testing::DaemonProcess daemon({PHI_AUDITD_BIN, "--config", config_}, dir_ / "daemon.out");
  auto daemon_says = [&](const std::string& what) {
    for (int i = 0; i < 400; ++i) {
      if (std::filesystem::exists(dir_ / "daemon.out") &&
          testing::ReadFile(dir_ / "daemon.out").find(what) != std::string::npos)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  };
  ASSERT_TRUE(daemon_says("answered on"));
  auto wrong = Ctl({"alerts", "resolve", id, "true_positive", "--except"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.output.find("--except goes with a false_positive"), std::string::npos)
      << wrong.output;
  auto resolved = Ctl({"alerts", "resolve", id, "false_positive", "--except", "--note", "ok"});
  ASSERT_EQ(resolved.exit_code, 0) << resolved.output;
  EXPECT_NE(resolved.output.find("exception added"), std::string::npos) << resolved.output;
  const auto file = dir_ / "data" / "triage-exceptions.yaml";
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_NE(testing::ReadFile(file).find("u1:MRN0000001"), std::string::npos);
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::others_all,
            std::filesystem::perms::none);
  ASSERT_TRUE(daemon_says("rules reloaded")) << "the exception is picked up like a rule edit";

  // The same user and patient again: no alert; another patient, another user: alerts.
  testing::AppendFile(
      dir_ / "logs" / "ehr.jsonl",
      R"({"ts":"2026-03-03T08:00:00Z","user":"u1","action":"print","patient":"MRN0000001"})"
      "\n"
      R"({"ts":"2026-03-03T08:01:00Z","user":"u1","action":"print","patient":"MRN0000009"})"
      "\n"
      R"({"ts":"2026-03-03T08:02:00Z","user":"u3","action":"print","patient":"MRN0000001"})"
      "\n");
  std::string listed;
  for (int i = 0; i < 200 && Lines(listed) < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    listed = Ctl({"alerts", "--rule", "print_seen", "--format", "json"}).output;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // an alert too many would show
  listed = Ctl({"alerts", "--rule", "print_seen", "--format", "json"}).output;
  EXPECT_EQ(Lines(listed), 3u) << listed;
  EXPECT_NE(listed.find("MRN0000009"), std::string::npos) << listed;
  EXPECT_NE(listed.find("\"user\":\"u3\""), std::string::npos) << listed;
  std::string shown = Ctl({"alerts", "show", id}).output, unwrapped;
  for (char c : shown) {  // the table wraps long lines
    if (!std::isspace(static_cast<unsigned char>(c)) ||
        (!unwrapped.empty() && unwrapped.back() != ' '))
      unwrapped += std::isspace(static_cast<unsigned char>(c)) ? ' ' : c;
  }
  EXPECT_NE(unwrapped.find("exception added: rule print_seen no longer matches user u1 with "
                           "patient MRN0000001"),
            std::string::npos)
      << shown;
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(), 0);
}

}  // namespace
}  // namespace phi
