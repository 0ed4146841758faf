// phi-auditctl's alert commands as a reviewer uses them: filters on the list, and one alert
// shown whole with the events behind it (issue 8, item 1), on a real daemon's timeline.
#include <gtest/gtest.h>

#include <filesystem>

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
  auto list = Ctl({"alerts", "--rule", "print_seen", "--format", "json"});
  size_t at = list.output.find("\"alert_id\":\"");
  ASSERT_NE(at, std::string::npos) << list.output;
  at += 12;
  std::string id = list.output.substr(at, list.output.find('"', at) - at);
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

}  // namespace
}  // namespace phi
