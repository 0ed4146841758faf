#include "collectors/parse/phi_json_parser.hpp"

#include <gtest/gtest.h>

#include "tests/unit/parse/parser_test_support.hpp"

namespace phi {
namespace {

using testing::Parsed;

ParserFactory Factory(int32_t utc_offset_seconds = 0) {
  ParserOptions options;
  options.utc_offset_seconds = utc_offset_seconds;
  return testing::FactoryOrFail(MakePhiJsonParser(options));
}

Parsed ParseOne(std::string_view line) {
  return testing::ParseOne(Factory(), line);
}

TEST(PhiJson, GoldenCanonicalEvents) {
  testing::ExpectGolden(Factory(), "tests/data/phi-json/canonical_events.jsonl",
                        "tests/data/phi-json/canonical_events.expected");
}

TEST(PhiJson, ReadsEveryCanonicalField) {
  Parsed p = ParseOne(
      R"({"ts":"2024-03-04T13:58:12.250+01:00","user":"kpatel","role":"therapist",)"
      R"("department":"Behavioral Health","action":"view","patient":"MRN0048213",)"
      R"("record_type":"psychotherapy_note","record_count":3,"workstation":"WS42",)"
      R"("client_ip":"10.20.4.17","outcome":"success","event_id":"e1","statement":"SELECT 1"})");
  ASSERT_EQ(p.outcome.code, ParseCode::kEvent) << p.outcome.reason;
  const Event& e = p.event;
  EXPECT_EQ(FormatIsoTime(e.ts), "2024-03-04T12:58:12.250Z");
  EXPECT_EQ(e.user, "kpatel");
  EXPECT_EQ(e.role, "therapist");
  EXPECT_EQ(e.department, "Behavioral Health");
  EXPECT_EQ(e.action, "view");
  EXPECT_EQ(e.patient, "MRN0048213");
  EXPECT_EQ(e.record_type, "psychotherapy_note");
  EXPECT_EQ(e.record_count, 3);
  EXPECT_EQ(e.workstation, "WS42");
  EXPECT_EQ(e.client_ip, "10.20.4.17");
  EXPECT_EQ(e.outcome, "success");
  EXPECT_EQ(e.event_id, "e1");
  EXPECT_EQ(e.statement, "SELECT 1");
  EXPECT_EQ(e.extra, "");
}

TEST(PhiJson, UnknownMembersAreKeptVerbatim) {
  Parsed p = ParseOne(
      R"({"ts":"2024-03-04T13:58:12Z", "app" : "web\u00e9" , "n":1.50e3,"o":{"a":[1,{"b":null}]},)"
      R"("l":[ ],"t":true,"z":null,"k\"q":"v"})");
  ASSERT_EQ(p.outcome.code, ParseCode::kEvent) << p.outcome.reason;
  EXPECT_EQ(p.event.extra,
            R"("app":"web\u00e9","n":1.50e3,"o":{"a":[1,{"b":null}]},"l":[ ],"t":true,)"
            R"("z":null,"k\"q":"v")");
}

TEST(PhiJson, OwnOutputReadsBackTheSame) {
  Event e;
  e.ts = 1709560692250000;
  e.user = "Jos\xC3\xA9";
  e.action = "export";
  e.patient = "MRN1";
  e.record_count = 4812;
  e.statement = "SELECT \"x\"\n\tFROM t";
  e.outcome = "failure";
  e.extra = R"("app":"web","geo":{"country":"US"})";
  std::string line;
  AppendEventJson(e, {.provenance = false}, line);
  Parsed p = ParseOne(line);
  ASSERT_EQ(p.outcome.code, ParseCode::kEvent) << p.outcome.reason;
  std::string again;
  AppendEventJson(p.event, {.provenance = false}, again);
  EXPECT_EQ(again, line);
}

TEST(PhiJson, NumbersAndNullForStringFields) {
  Parsed p = ParseOne(R"({"ts":"2024-03-04T13:58:12Z","patient":48213,"user":null,"event_id":-7})");
  ASSERT_EQ(p.outcome.code, ParseCode::kEvent) << p.outcome.reason;
  EXPECT_EQ(p.event.patient, "48213");
  EXPECT_EQ(p.event.user, "");
  EXPECT_EQ(p.event.event_id, "-7");
}

TEST(PhiJson, RecordCountFromNumberStringOrDefault) {
  EXPECT_EQ(ParseOne(R"({"ts":"2024-03-04T13:58:12Z","record_count":"25"})").event.record_count,
            25);
  EXPECT_EQ(ParseOne(R"({"ts":"2024-03-04T13:58:12Z","record_count":0})").event.record_count, 0);
  EXPECT_EQ(ParseOne(R"({"ts":"2024-03-04T13:58:12Z"})").event.record_count, 1);
  EXPECT_EQ(ParseOne(R"({"ts":"2024-03-04T13:58:12Z","record_count":null})").event.record_count, 1);
}

TEST(PhiJson, ZonelessTimeUsesTheConfiguredOffset) {
  auto parser = Factory(3600)();
  Event event;
  ASSERT_EQ(parser->Parse(R"({"ts":"2024-03-04 13:00:00"})", event).code, ParseCode::kEvent);
  EXPECT_EQ(FormatIsoTime(event.ts), "2024-03-04T12:00:00.000Z");
}

TEST(PhiJson, BlankLinesCrlfAndBomAreTolerated) {
  EXPECT_EQ(ParseOne("").outcome.code, ParseCode::kSkip);
  EXPECT_EQ(ParseOne(" \t\r").outcome.code, ParseCode::kSkip);
  Parsed crlf = ParseOne("{\"ts\":\"2024-03-04T13:58:12Z\",\"user\":\"a\"}\r");
  ASSERT_EQ(crlf.outcome.code, ParseCode::kEvent) << crlf.outcome.reason;
  EXPECT_EQ(crlf.event.user, "a");
  Parsed bom = ParseOne("\xEF\xBB\xBF{\"ts\":\"2024-03-04T13:58:12Z\",\"user\":\"b\"}");
  ASSERT_EQ(bom.outcome.code, ParseCode::kEvent) << bom.outcome.reason;
  EXPECT_EQ(bom.event.user, "b");
}

// statement_max_bytes holds for phi-json as for the database formats (found by fuzzing: the
// statement was kept whole), and the cut never splits a UTF-8 sequence.
TEST(PhiJson, StatementIsCutToTheSourceLimit) {
  ParserOptions options;
  options.statement_max_bytes = 8;
  auto parser = testing::FactoryOrFail(MakePhiJsonParser(options))();
  Event event;
  ASSERT_EQ(
      parser->Parse(R"({"ts":"2024-03-04T13:58:12Z","statement":"SELECT \u00e9\u00e9"})", event)
          .code,
      ParseCode::kEvent);
  EXPECT_EQ(event.statement, "SELECT ");  // "SELECT é" would be 9 bytes
  event.Clear();
  ASSERT_EQ(parser->Parse(R"({"ts":"2024-03-04T13:58:12Z","statement":"SELECT 1"})", event).code,
            ParseCode::kEvent);
  EXPECT_EQ(event.statement, "SELECT 1");
}

// One parser reuses its buffer: a short line after a long one must not see the long one's bytes.
TEST(PhiJson, BufferReuseAcrossLineLengths) {
  auto parser = Factory()();
  std::string long_statement(100000, 'x');
  std::string long_line =
      R"({"ts":"2024-03-04T13:58:12Z","statement":")" + long_statement + R"(","user":"a"})";
  Event event;
  ASSERT_EQ(parser->Parse(long_line, event).code, ParseCode::kEvent);
  EXPECT_EQ(event.statement.size(), ParserOptions{}.statement_max_bytes);  // the default limit
  event.Clear();
  ParseOutcome short_outcome = parser->Parse(R"({"ts":"2024-03-04T13:58:13Z","user":"b")", event);
  EXPECT_EQ(short_outcome.code, ParseCode::kError);  // truncated object, not the old bytes
  event.Clear();
  ASSERT_EQ(parser->Parse(R"({"ts":"2024-03-04T13:58:13Z","user":"b"})", event).code,
            ParseCode::kEvent);
  EXPECT_EQ(event.user, "b");
  EXPECT_EQ(event.statement, "");
}

TEST(PhiJson, MalformedRecordsNameTheProblemNotThePhi) {
  const std::string secret = "MRN0009999";
  struct Case {
    std::string line;
    const char* reason_part;
    size_t column;
  };
  const Case cases[] = {
      {R"({"user":"kpatel","patient":")" + secret + R"("})", "no 'ts'", 0},
      {R"({"ts":")" + secret + R"(","user":"kpatel"})", "'ts' is not an RFC 3339 time", 6},
      {R"({"ts":"2024-03-04","patient":")" + secret + R"("})", "'ts' is not an RFC 3339", 6},
      {R"({"ts":20240304,"patient":")" + secret + R"("})", "'ts' must be an RFC 3339", 6},
      {R"(["ts","2024-03-04T13:58:12Z",")" + secret + R"("])", "not a JSON object", 0},
      {"  \"" + secret + "\"", "not a JSON object", 2},
      {R"({"ts":"2024-03-04T13:58:12Z","user":true,"patient":")" + secret + R"("})",
       "'user' holds a boolean", 36},
      {R"({"ts":"2024-03-04T13:58:12Z","patient":[")" + secret + R"("]})",
       "'patient' holds an array", 39},
      {R"({"ts":"2024-03-04T13:58:12Z","record_count":-3,"p":")" + secret + R"("})",
       "'record_count' must be a whole number", 44},
      {R"({"ts":"2024-03-04T13:58:12Z","record_count":"3x","p":")" + secret + R"("})",
       "'record_count' must be a whole number", 44},
      {R"({"ts":"2024-03-04T13:58:12Z"} {"p":")" + secret + R"("})", "after the JSON object", 30},
      {R"({"ts":"2024-03-04T13:58:12Z","patient":")" + secret + R"(")", "invalid JSON", 0},
      {R"({"ts":"2024-03-04T13:58:12Z","patient":")" + secret + R"(\q"})", "invalid JSON", 0},
      {R"({"ts":"2024-03-04T13:58:12Z","x":{"a" ")" + secret + R"("}})",
       "invalid JSON in an unmapped field", 0},
      {R"({"ts":"2024-03-04T13:58:12Z","x":tru,"p":")" + secret + R"("})",
       "invalid JSON in an unmapped field", 0},
      {"{\"ts\":\"2024-03-04T13:58:12Z\",\"p\":\"" + secret + "\xC3\x28\"}", "invalid JSON", 0},
  };
  for (const Case& c : cases) {
    Parsed p = ParseOne(c.line);
    ASSERT_EQ(p.outcome.code, ParseCode::kError) << c.line;
    EXPECT_NE(p.outcome.reason.find(c.reason_part), std::string::npos)
        << c.line << " -> " << p.outcome.reason;
    EXPECT_EQ(p.outcome.reason.find(secret), std::string::npos) << p.outcome.reason;
    EXPECT_LE(p.outcome.column, c.line.size()) << c.line;
    if (c.column != 0) {
      EXPECT_EQ(p.outcome.column, c.column) << c.line;
    }
  }
}

TEST(PhiJson, BadOptionsAreRejected) {
  ParserOptions options;
  options.utc_offset_seconds = 90000;
  EXPECT_FALSE(MakePhiJsonParser(options).ok());
}

}  // namespace
}  // namespace phi
