#include "daemon/config/daemon_config.hpp"

#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace phi {
namespace {

Result<DaemonConfig> Parse(const std::string& yaml) {
  return ParseConfig(yaml, "test.yaml", "/base");
}

std::string ErrorOf(const std::string& yaml) {
  auto c = Parse(yaml);
  return c.ok() ? "(no error)" : c.status().message();
}

TEST(DaemonConfig, ReadsSourcesWithMappingsAndResolvesRelativePaths) {
  auto c = Parse(R"(
data_dir: var/data
timeline:
  sync: true
  retention_days: 30
  max_wal_mb: 32
sources:
  - name: ehr-csv
    format: csv
    paths: [logs/*.csv]
    start_at: end
    utc_offset: "-05:00"
    mapping:
      ts: {from: ACCESS_TIME, time_format: "%m/%d/%Y %H:%M:%S"}
      user: USER_ID
      action: {from: ACCESS_ACTION, values: {VIEW: view}, exhaustive: true}
)");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->data_dir, "/base/var/data");
  EXPECT_EQ(c->timeline.path, "/base/var/data/timeline");
  EXPECT_TRUE(c->timeline.sync);
  EXPECT_EQ(c->timeline.retention_days, 30);
  EXPECT_EQ(c->timeline.max_wal_mb, 32u);
  ASSERT_EQ(c->sources.size(), 1u);
  const SourceConfig& s = c->sources[0];
  EXPECT_EQ(s.tail.paths[0], "/base/logs/*.csv");
  EXPECT_TRUE(s.tail.start_at_end);
  EXPECT_EQ(s.parser.mapping.utc_offset_seconds, -5 * 3600);
  ASSERT_EQ(s.parser.mapping.rules.size(), 3u);
  EXPECT_TRUE(s.parser.mapping.rules[0].time_format.has_value());
  EXPECT_EQ(s.parser.mapping.rules[2].values.at("VIEW"), "view");
  EXPECT_TRUE(s.parser.mapping.rules[2].values_exhaustive);
}

TEST(DaemonConfig, UnknownKeysNameTheKeyAndTheLine) {
  std::string e = ErrorOf("data_dir: x\nsources:\n  - name: a\n    paths: [x]\n    pathz: [y]\n");
  EXPECT_NE(e.find("test.yaml:5"), std::string::npos) << e;
  EXPECT_NE(e.find("sources[0].pathz"), std::string::npos) << e;
  e = ErrorOf("data_dir: x\ntimline: {}\n");
  EXPECT_NE(e.find("test.yaml:2"), std::string::npos) << e;
  EXPECT_NE(e.find("'timline'"), std::string::npos) << e;
}

TEST(DaemonConfig, BadValuesSayWhatWasExpected) {
  EXPECT_NE(ErrorOf("data_dir: x\ntimeline:\n  retention_days: lots\n")
                .find("test.yaml:3: timeline.retention_days: expected a whole number"),
            std::string::npos);
  EXPECT_NE(ErrorOf("data_dir: x\nlog_level: loud\n").find("log_level"), std::string::npos);
  EXPECT_NE(ErrorOf("data_dir: x\nsources:\n  - name: a\n    paths: [x]\n    start_at: middle\n")
                .find("expected 'beginning' or 'end'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("data_dir: x\nsources:\n  - name: a\n    paths: [x]\n    format: csv\n")
                .find("needs a field mapping"),
            std::string::npos);
  EXPECT_NE(ErrorOf("data_dir: x\nsources:\n  - name: a\n    paths: [x]\n    format: json\n    "
                    "mapping: {usr: x}\n")
                .find("not a canonical field"),
            std::string::npos);
  EXPECT_NE(ErrorOf("data_dir: x\nsources:\n  - {name: a, paths: [x]}\n  - {name: a, paths: [y]}\n")
                .find("two sources are named 'a'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("data_dir: [unclosed\n").find("not valid YAML"), std::string::npos);
  EXPECT_NE(ErrorOf("sources: []\n").find("data_dir is required"), std::string::npos);
}

TEST(DaemonConfig, PlausibleTimeRangeHasDefaultsAndIsConfigurable) {
  auto defaults = Parse("data_dir: d\n");
  ASSERT_TRUE(defaults.ok()) << defaults.status().message();
  EXPECT_EQ(defaults->plausible_time.earliest, *ParseIsoTime("1990-01-01"));
  EXPECT_EQ(defaults->plausible_time.max_ahead, 86400LL * kMicrosPerSecond);
  auto c = Parse(
      "data_dir: d\ntimeline:\n  plausible_from: 2005-06-01\n"
      "  plausible_ahead_hours: 2\n");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->plausible_time.earliest, *ParseIsoTime("2005-06-01"));
  EXPECT_EQ(c->plausible_time.max_ahead, 2 * 3600LL * kMicrosPerSecond);
  EXPECT_EQ(ErrorOf("data_dir: d\ntimeline:\n  plausible_from: last year\n"),
            "test.yaml:3: timeline.plausible_from: expected a date or RFC 3339 time such as "
            "1990-01-01");
  EXPECT_NE(ErrorOf("data_dir: d\ntimeline:\n  plausible_ahead_hours: -1\n")
                .find("timeline.plausible_ahead_hours: must be between"),
            std::string::npos);
}

TEST(DaemonConfig, IntegrityHasDefaultsBesideTheTimelineAndIsConfigurable) {
  auto defaults = Parse("data_dir: var/data\n");
  ASSERT_TRUE(defaults.ok()) << defaults.status().message();
  EXPECT_EQ(defaults->integrity.signing_key, "/base/var/data/signing-key.pem");
  EXPECT_EQ(defaults->integrity.checkpoint_interval_ms, 300'000);
  EXPECT_TRUE(defaults->integrity.verify_on_start);
  auto set = Parse(
      "data_dir: var/data\nintegrity:\n  signing_key: keys/phi.pem\n"
      "  checkpoint_interval_s: 60\n  verify_on_start: false\n");
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->integrity.signing_key, "/base/keys/phi.pem");
  EXPECT_EQ(set->integrity.checkpoint_interval_ms, 60'000);
  EXPECT_FALSE(set->integrity.verify_on_start);
  EXPECT_NE(ErrorOf("data_dir: d\nintegrity:\n  checkpoint_interval_s: 0\n")
                .find("integrity.checkpoint_interval_s"),
            std::string::npos);
  EXPECT_NE(ErrorOf("data_dir: d\nintegrity:\n  sign_key: k\n").find("integrity.sign_key"),
            std::string::npos);
}

TEST(DaemonConfig, TheShippedDefaultConfigurationLoads) {
  auto c = LoadConfig(testing::SourcePath("etc/phi-auditd.yaml").string());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_FALSE(c->sources.empty());
  EXPECT_EQ(c->timeline.max_wal_mb, TimelineOptions().max_wal_mb) << "documented default drifted";
}

TEST(DaemonConfig, MissingFileIsAClearError) {
  auto c = LoadConfig("/nonexistent/phi.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("/nonexistent/phi.yaml"), std::string::npos);
}

// Retention in days (0: forever) or in whole years (six by default, ten selectable), never both.
TEST(DaemonConfig, RetentionIsSetInDaysOrInYears) {
  auto defaults = Parse("data_dir: x\n");
  ASSERT_TRUE(defaults.ok()) << defaults.status().message();
  EXPECT_EQ(defaults->timeline.retention_days, 2192) << "six years, two leap days";
  for (auto [years, days] :
       {std::pair{6, 2192}, std::pair{10, 3653}, std::pair{1, 366}, std::pair{100, 36525}}) {
    auto c = Parse("data_dir: x\ntimeline:\n  retention_years: " + std::to_string(years) + "\n");
    ASSERT_TRUE(c.ok()) << c.status().message();
    EXPECT_EQ(c->timeline.retention_days, days) << years << " years";
  }
  auto forever = Parse("data_dir: x\ntimeline:\n  retention_days: 0\n");
  ASSERT_TRUE(forever.ok()) << forever.status().message();
  EXPECT_EQ(forever->timeline.retention_days, 0);

  std::string both =
      ErrorOf("data_dir: x\ntimeline:\n  retention_days: 30\n  retention_years: 10\n");
  EXPECT_NE(both.find("test.yaml:4: timeline.retention_years: set retention_days or "
                      "retention_years, not both (retention_days is on line 3)"),
            std::string::npos)
      << both;
  for (const char* bad : {"0", "101", "-6"}) {
    std::string e =
        ErrorOf(std::string("data_dir: x\ntimeline:\n  retention_years: ") + bad + "\n");
    EXPECT_NE(e.find("test.yaml:3: timeline.retention_years: must be between 1 and 100"),
              std::string::npos)
        << bad << ": " << e;
  }
  for (const char* bad : {"6.5", "six", "[6]"}) {
    std::string e =
        ErrorOf(std::string("data_dir: x\ntimeline:\n  retention_years: ") + bad + "\n");
    EXPECT_NE(e.find("timeline.retention_years: expected a whole number"), std::string::npos)
        << bad << ": " << e;
  }
}

}  // namespace
}  // namespace phi
