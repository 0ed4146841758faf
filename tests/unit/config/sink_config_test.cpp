// The `sinks:` list: each sink's type, filter and delivery settings, with errors that name the
// file, the line and the key.
#include <gtest/gtest.h>

#include "daemon/config/daemon_config.hpp"

namespace phi {
namespace {

constexpr char kDetection[] = "data_dir: d\ndetection:\n  rules_dir: rules\n";

std::string ErrorOf(const std::string& yaml) {
  auto c = ParseConfig(yaml, "test.yaml", "/base");
  return c.ok() ? "(no error)" : c.status().message();
}

TEST(SinkConfig, ReadsAFileSinkWithItsFilterAndDeliverySettings) {
  auto c = ParseConfig(std::string(kDetection) + R"(
sinks:
  - name: high-only
    type: jsonl
    path: out/high.jsonl
    min_severity: high
    rules: [vip_access, bulk_export]
    changes: created
    backlog_budget_mb: 16
    retry_max_ms: 30000
    drain_timeout_ms: 1000
    patients: hmac
    people: drop
    pseudonym_key_file: keys/siem.key
)",
                       "test.yaml", "/base");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->detection.sinks.size(), 1u);
  const SinkConfig& s = c->detection.sinks[0];
  EXPECT_EQ(s.runner.name, "high-only");
  EXPECT_EQ(s.type, SinkConfig::Type::kJsonl);
  EXPECT_EQ(s.path, "/base/out/high.jsonl");
  EXPECT_EQ(s.runner.filter.min_severity, Severity::kHigh);
  EXPECT_EQ(s.runner.filter.rules, (std::vector<std::string>{"vip_access", "bulk_export"}));
  EXPECT_TRUE(s.runner.filter.creations_only);
  EXPECT_EQ(s.runner.backlog_budget_bytes, 16ull << 20);
  EXPECT_EQ(s.runner.retry_max_ms, 30000);
  EXPECT_EQ(s.drain_timeout_ms, 1000);
  EXPECT_EQ(s.pseudonyms.patients, PseudonymMode::kHmac);
  EXPECT_EQ(s.pseudonyms.people, PseudonymMode::kDrop);
  EXPECT_EQ(s.pseudonyms.key_file, "/base/keys/siem.key");
}

TEST(SinkConfig, MistakesNameTheLineAndTheKey) {
  const std::string d = kDetection;
  EXPECT_EQ(ErrorOf(d + "sinks:\n  - name: a\n    type: jsonl\n    path: x\n    colour: red\n"),
            "test.yaml:8: unknown key 'sinks[0].colour' (expected one of: backlog_budget_mb, "
            "batch_records, changes, drain_timeout_ms, min_severity, name, path, "
            "patients, people, pseudonym_key_file, retry_initial_ms, retry_max_ms, rules, "
            "start_at, stream, type)");
  EXPECT_NE(ErrorOf(d + "sinks:\n  - name: a\n    type: carrier-pigeon\n")
                .find("test.yaml:6: sinks[0].type: must be jsonl, syslog or webhook"),
            std::string::npos);
  EXPECT_NE(ErrorOf(d + "sinks:\n  - name: a b\n    type: jsonl\n    path: x\n").find("name"),
            std::string::npos);
  EXPECT_NE(ErrorOf(d + "sinks:\n  - {name: a, type: jsonl, path: x}\n"
                        "  - {name: a, type: jsonl, path: y}\n")
                .find("two sinks are named 'a'"),
            std::string::npos);
  EXPECT_NE(ErrorOf(d + "sinks:\n  - {name: a, type: jsonl, path: x, changes: some}\n")
                .find("changes: must be all"),
            std::string::npos);
  EXPECT_NE(ErrorOf(d + "sinks:\n  - {name: a, type: jsonl, path: x, patients: hmac}\n")
                .find("hmac needs a key file"),
            std::string::npos);
  EXPECT_NE(ErrorOf(d + "sinks:\n  - {name: a, type: jsonl, path: x, people: blur}\n")
                .find("people: must be clear, hmac or drop"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf("data_dir: d\nsinks:\n  - {name: a, type: jsonl, path: x}\n").find("need detection"),
      std::string::npos);
}

TEST(SinkConfig, AnEventsSinkReadsTheEventStreamAndSyslogSaysEvent) {
  auto c = ParseConfig(std::string(kDetection) + R"(
sinks:
  - {name: alerts, type: jsonl, path: a.jsonl}
  - name: siem-events
    type: syslog
    stream: events
    transport: tcp
    host: 127.0.0.1
    port: 6514
    format: ocsf
    patients: drop
)",
                       "test.yaml", "/base");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->detection.sinks.size(), 2u);
  EXPECT_EQ(c->detection.sinks[0].runner.stream, SinkStream::kAlerts);
  const SinkConfig& s = c->detection.sinks[1];
  EXPECT_EQ(s.runner.stream, SinkStream::kEvents);
  EXPECT_EQ(s.syslog.msgid, "event");
  EXPECT_EQ(s.format, PayloadFormat::kOcsf);
  EXPECT_EQ(s.pseudonyms.patients, PseudonymMode::kDrop);

  auto named = ParseConfig(std::string(kDetection) +
                               "sinks:\n  - {name: e, type: syslog, stream: events, transport: "
                               "tcp, host: h, port: 1, msgid: phi-evt}\n",
                           "test.yaml", "/base");
  ASSERT_TRUE(named.ok()) << named.status().message();
  EXPECT_EQ(named->detection.sinks[0].syslog.msgid, "phi-evt");
}

TEST(SinkConfig, AnEventsSinkRefusesTheAlertFilterNamingTheLine) {
  const std::string d = kDetection;
  EXPECT_EQ(ErrorOf(d + "sinks:\n  - name: a\n    type: jsonl\n    path: x\n"
                        "    stream: events\n    min_severity: high\n"),
            "test.yaml:9: sinks[0].min_severity: applies to alerts only, and this sink has "
            "stream: events");
  EXPECT_NE(ErrorOf(d + "sinks:\n  - name: a\n    type: jsonl\n    path: x\n"
                        "    stream: events\n    rules: [vip_access]\n")
                .find("test.yaml:9: sinks[0].rules: applies to alerts only"),
            std::string::npos);
  EXPECT_NE(ErrorOf(d + "sinks:\n  - name: a\n    stream: events\n    changes: created\n"
                        "    type: jsonl\n    path: x\n")
                .find("test.yaml:7: sinks[0].changes: applies to alerts only"),
            std::string::npos);
  EXPECT_NE(ErrorOf(d + "sinks:\n  - {name: a, type: jsonl, path: x, stream: audits}\n")
                .find("stream: must be alerts (the alert log) or events"),
            std::string::npos);
}

}  // namespace
}  // namespace phi
