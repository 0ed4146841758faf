#include "collectors/parse/mapped_json_parser.hpp"

#include <gtest/gtest.h>

#include "tests/unit/parse/parser_test_support.hpp"

namespace phi {
namespace {

using testing::Parsed;
using testing::Rule;

// A teletherapy platform's audit log: nested actor, client and subject objects.
ParserOptions TeletherapyOptions() {
  ParserOptions o;
  o.format = "json";
  auto& rules = o.mapping.rules;
  rules.push_back(Rule(EventField::kTs, "timestamp"));
  rules.push_back(Rule(EventField::kUser, "actor.id"));
  rules.push_back(Rule(EventField::kRole, "actor.role"));
  rules.push_back(Rule(EventField::kDepartment, "actor.org_unit"));
  FieldRule action = Rule(EventField::kAction, "event");
  action.values = {{"session.note.view", "view"},
                   {"session.note.print", "print"},
                   {"note.update", "update"},
                   {"chart.export", "export"},
                   {"auth.login", "login"}};
  rules.push_back(action);
  rules.push_back(Rule(EventField::kPatient, "subject.mrn"));
  FieldRule record_type = Rule(EventField::kRecordType, "subject.type");
  record_type.default_value = "chart";
  rules.push_back(record_type);
  rules.push_back(Rule(EventField::kRecordCount, "count"));
  rules.push_back(Rule(EventField::kWorkstation, "client.device"));
  rules.push_back(Rule(EventField::kClientIp, "client.ip"));
  FieldRule outcome = Rule(EventField::kOutcome, "result");
  outcome.values = {{"ok", "success"}, {"denied", "failure"}, {"error", "failure"}};
  outcome.values_exhaustive = true;
  rules.push_back(outcome);
  rules.push_back(Rule(EventField::kEventId, "request_id"));
  return o;
}

ParserFactory Factory(const ParserOptions& options = TeletherapyOptions()) {
  return testing::FactoryOrFail(MakeMappedJsonParser(options));
}

Parsed ParseOne(std::string_view line, const ParserOptions& options = TeletherapyOptions()) {
  return testing::ParseOne(Factory(options), line);
}

TEST(MappedJson, GoldenTeletherapyAuditLog) {
  testing::ExpectGolden(Factory(), "tests/data/json/teletherapy_audit.jsonl",
                        "tests/data/json/teletherapy_audit.expected");
}

TEST(MappedJson, NestedPathsValuesAndExtra) {
  Parsed p =
      ParseOne(R"({"timestamp":"2024-03-04T09:02:11-05:00","actor":{"id":"t.nguyen","mfa":true},)"
               R"("event":"session.note.view","subject":{"mrn":"MRN0048213"},"result":"ok",)"
               R"("app_version":"4.2.1","geo":{"country":"US"}})");
  ASSERT_EQ(p.outcome.code, ParseCode::kEvent) << p.outcome.reason;
  EXPECT_EQ(FormatIsoTime(p.event.ts), "2024-03-04T14:02:11.000Z");
  EXPECT_EQ(p.event.user, "t.nguyen");
  EXPECT_EQ(p.event.action, "view");
  EXPECT_EQ(p.event.patient, "MRN0048213");
  EXPECT_EQ(p.event.record_type, "chart");  // the default
  EXPECT_EQ(p.event.outcome, "success");
  EXPECT_EQ(p.event.extra, R"("actor.mfa":true,"app_version":"4.2.1","geo":{"country":"US"})");
}

TEST(MappedJson, UnmappedKeysAreDroppedWhenNotKept) {
  ParserOptions options = TeletherapyOptions();
  options.mapping.keep_unmapped = false;
  Parsed p = ParseOne(
      R"({"timestamp":"2024-03-04T09:02:11Z","actor":{"id":"a","mfa":true},"x":[1,2],"result":"ok"})",
      options);
  ASSERT_EQ(p.outcome.code, ParseCode::kEvent) << p.outcome.reason;
  EXPECT_EQ(p.event.user, "a");
  EXPECT_EQ(p.event.extra, "");
}

TEST(MappedJson, TimeFormatAndOffsetFromTheMapping) {
  ParserOptions options = TeletherapyOptions();
  options.mapping.rules[0].time_format = TimeFormat::Compile("%m/%d/%Y %H:%M", nullptr);
  options.mapping.utc_offset_seconds = -5 * 3600;
  Parsed p = ParseOne(R"({"timestamp":"03/04/2024 12:42","result":"ok"})", options);
  ASSERT_EQ(p.outcome.code, ParseCode::kEvent) << p.outcome.reason;
  EXPECT_EQ(FormatIsoTime(p.event.ts), "2024-03-04T17:42:00.000Z");
}

TEST(MappedJson, MalformedRecordsNameTheKeyNotThePhi) {
  const std::string secret = "MRN0009999";
  struct Case {
    std::string line;
    const char* reason_part;
  };
  const Case cases[] = {
      {R"({"subject":{"mrn":")" + secret + R"("},"result":"ok"})", "no time stamp: 'timestamp'"},
      {R"({"timestamp":")" + secret + R"(","result":"ok"})", "'timestamp' (mapped to ts)"},
      {R"({"timestamp":"2024-03-04T09:02:11Z","result":")" + secret + R"("})",
       "'result' (mapped to outcome): value is not in the mapping's values"},
      {R"({"timestamp":"2024-03-04T09:02:11Z","subject":{"mrn":[")" + secret + R"("]}})",
       "'subject.mrn' holds an array"},
      {R"({"timestamp":"2024-03-04T09:02:11Z","count":")" + secret + R"("})",
       "'count' (mapped to record_count): expected a whole number"},
      {R"([")" + secret + R"("])", "not a JSON object"},
      {R"({"timestamp":"2024-03-04T09:02:11Z","x":{")" + secret + R"(" 1}})", "invalid JSON"},
  };
  for (const Case& c : cases) {
    Parsed p = ParseOne(c.line);
    ASSERT_EQ(p.outcome.code, ParseCode::kError) << c.line;
    EXPECT_NE(p.outcome.reason.find(c.reason_part), std::string::npos)
        << c.line << " -> " << p.outcome.reason;
    EXPECT_EQ(p.outcome.reason.find(secret), std::string::npos) << p.outcome.reason;
    EXPECT_LE(p.outcome.column, c.line.size());
  }
}

TEST(MappedJson, ColumnPointsAtTheBadValue) {
  std::string line = R"({"timestamp":"2024-03-04T09:02:11Z","result":"maybe"})";
  Parsed p = ParseOne(line);
  ASSERT_EQ(p.outcome.code, ParseCode::kError);
  EXPECT_EQ(p.outcome.column, line.find("\"maybe\""));
}

TEST(MappedJson, InvalidMappingIsRejectedAtStartUp) {
  ParserOptions options = TeletherapyOptions();
  options.mapping.rules.erase(options.mapping.rules.begin());  // no ts rule
  auto factory = MakeMappedJsonParser(options);
  ASSERT_FALSE(factory.ok());
  EXPECT_NE(factory.status().message().find("'ts'"), std::string::npos);
}

}  // namespace
}  // namespace phi
