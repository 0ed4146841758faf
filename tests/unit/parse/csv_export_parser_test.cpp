#include "collectors/parse/csv_export_parser.hpp"

#include <gtest/gtest.h>

#include "tests/unit/parse/parser_test_support.hpp"

namespace phi {
namespace {

using testing::Rule;

// The EHR access-log export of the issue: ACCESS_TIME,USER_ID,PAT_MRN_ID,ACCESS_ACTION,
// METRIC_NAME,WORKSTATION_ID,ROW_COUNT, in US Eastern standard time.
ParserOptions EhrExportOptions() {
  ParserOptions o;
  o.format = "csv";
  auto& rules = o.mapping.rules;
  FieldRule ts = Rule(EventField::kTs, "ACCESS_TIME");
  ts.time_format = TimeFormat::Compile("%m/%d/%Y %H:%M:%S", nullptr);
  rules.push_back(ts);
  rules.push_back(Rule(EventField::kUser, "USER_ID"));
  rules.push_back(Rule(EventField::kPatient, "PAT_MRN_ID"));
  FieldRule action = Rule(EventField::kAction, "ACCESS_ACTION");
  action.values = {
      {"VIEW", "view"}, {"PRINT", "print"}, {"EXPORT", "export"}, {"MODIFY", "update"}};
  rules.push_back(action);
  rules.push_back(Rule(EventField::kRecordType, "METRIC_NAME"));
  rules.push_back(Rule(EventField::kWorkstation, "WORKSTATION_ID"));
  rules.push_back(Rule(EventField::kRecordCount, "ROW_COUNT"));
  o.mapping.utc_offset_seconds = -5 * 3600;
  return o;
}

ParserFactory Factory(const ParserOptions& options = EhrExportOptions()) {
  return testing::FactoryOrFail(MakeCsvExportParser(options));
}

constexpr char kHeader[] =
    "ACCESS_TIME,USER_ID,PAT_MRN_ID,ACCESS_ACTION,METRIC_NAME,WORKSTATION_ID,ROW_COUNT";

TEST(CsvExport, GoldenEhrAccessExport) {
  testing::ExpectGolden(Factory(), "tests/data/csv/ehr_access_export.csv",
                        "tests/data/csv/ehr_access_export.expected");
}

TEST(CsvExport, FramingAndHeaderAreDeclared) {
  auto parser = Factory()();
  EXPECT_EQ(parser->framing(), Framing::kCsvQuoted);
  EXPECT_TRUE(parser->wants_header());
}

TEST(CsvExport, MapsTheIssueExample) {
  auto parser = Factory()();
  ASSERT_EQ(parser->SetHeader(kHeader).code, ParseCode::kSkip);
  Event e;
  ParseOutcome outcome = parser->Parse(
      R"(03/04/2024 08:16:02,MREYES,000519027,MODIFY,"Print Job, Discharge",EDWS0117,2)", e);
  ASSERT_EQ(outcome.code, ParseCode::kEvent) << outcome.reason;
  EXPECT_EQ(FormatIsoTime(e.ts), "2024-03-04T13:16:02.000Z");
  EXPECT_EQ(e.user, "MREYES");
  EXPECT_EQ(e.patient, "000519027");
  EXPECT_EQ(e.action, "update");
  EXPECT_EQ(e.record_type, "Print Job, Discharge");
  EXPECT_EQ(e.workstation, "EDWS0117");
  EXPECT_EQ(e.record_count, 2);
  EXPECT_EQ(e.extra, "");
}

TEST(CsvExport, HeaderDecidesPositionsAndUnmappedColumnsGoToExtra) {
  auto parser = Factory()();
  ASSERT_EQ(parser
                ->SetHeader("\xEF\xBB\xBFPAT_MRN_ID;DEPT;ACCESS_TIME ;USER_ID;ACCESS_ACTION;"
                            "METRIC_NAME;WORKSTATION_ID;ROW_COUNT;NOTE\r")
                .code,
            ParseCode::kError);  // wrong delimiter: the columns are not found

  ParserOptions options = EhrExportOptions();
  options.csv_delimiter = ';';
  parser = Factory(options)();
  ASSERT_EQ(parser
                ->SetHeader("\xEF\xBB\xBFPAT_MRN_ID;DEPT;ACCESS_TIME ;USER_ID;ACCESS_ACTION;"
                            "METRIC_NAME;WORKSTATION_ID;ROW_COUNT;NOTE\r")
                .code,
            ParseCode::kSkip);
  Event e;
  ParseOutcome outcome = parser->Parse(
      "000482913;Behavioral Health;03/04/2024 07:58:12;KPATEL; VIEW ;Chart;WS1;;\"a \"\"b\"\"\"\r",
      e);
  ASSERT_EQ(outcome.code, ParseCode::kEvent) << outcome.reason;
  EXPECT_EQ(e.patient, "000482913");
  EXPECT_EQ(e.action, "view");   // blanks around the cell are trimmed
  EXPECT_EQ(e.record_count, 1);  // empty cell: the Event default
  EXPECT_EQ(e.extra, R"("DEPT":"Behavioral Health","NOTE":"a \"b\"")");
}

TEST(CsvExport, BlankRowsAndRepeatedHeadersAreSkipped) {
  auto parser = Factory()();
  ASSERT_EQ(parser->SetHeader(kHeader).code, ParseCode::kSkip);
  Event e;
  EXPECT_EQ(parser->Parse("", e).code, ParseCode::kSkip);
  EXPECT_EQ(parser->Parse("\r", e).code, ParseCode::kSkip);
  EXPECT_EQ(parser->Parse(kHeader, e).code, ParseCode::kSkip);
}

TEST(CsvExport, MissingMappedColumnIsAnErrorUnlessItHasADefault) {
  auto parser = Factory()();
  ParseOutcome outcome =
      parser->SetHeader("ACCESS_TIME,USER_ID,ACCESS_ACTION,METRIC_NAME,WORKSTATION_ID,ROW_COUNT");
  ASSERT_EQ(outcome.code, ParseCode::kError);
  EXPECT_NE(outcome.reason.find("no column 'PAT_MRN_ID'"), std::string::npos) << outcome.reason;
  Event e;
  outcome = parser->Parse("03/04/2024 07:58:12,KPATEL,VIEW,Chart,WS1,1", e);
  ASSERT_EQ(outcome.code, ParseCode::kError);
  EXPECT_NE(outcome.reason.find("header"), std::string::npos);

  ParserOptions options = EhrExportOptions();
  options.mapping.rules[2].default_value = "unknown";
  FieldRule department = Rule(EventField::kDepartment, "");
  department.default_value = "Radiology";  // a constant for the whole source
  options.mapping.rules.push_back(department);
  parser = Factory(options)();
  ASSERT_EQ(
      parser->SetHeader("ACCESS_TIME,USER_ID,ACCESS_ACTION,METRIC_NAME,WORKSTATION_ID,ROW_COUNT")
          .code,
      ParseCode::kSkip);
  e.Clear();
  outcome = parser->Parse("03/04/2024 07:58:12,KPATEL,VIEW,Chart,WS1,1", e);
  ASSERT_EQ(outcome.code, ParseCode::kEvent) << outcome.reason;
  EXPECT_EQ(e.patient, "unknown");
  EXPECT_EQ(e.department, "Radiology");
}

TEST(CsvExport, MalformedRowsNameTheColumnNotThePhi) {
  const std::string secret = "MRN0009999";
  ParserOptions options = EhrExportOptions();
  options.mapping.rules[3].values_exhaustive = true;
  auto parser = Factory(options)();
  ASSERT_EQ(parser->SetHeader(kHeader).code, ParseCode::kSkip);
  struct Case {
    std::string row;
    const char* reason_part;
    size_t column;
  };
  const Case cases[] = {
      {"03/04/2024 07:58:12,KPATEL," + secret + ",VIEW,Chart,WS1",
       "row has 6 fields, the header has 7", 52},
      {"03/04/2024 07:58:12,KPATEL," + secret + ",VIEW,Chart,WS1,1,x", "row has 8 fields", 55},
      {"03/04/2024 07:58," + secret + ",x,VIEW,Chart,WS1,1",
       "'ACCESS_TIME' (mapped to ts): expected a time in format '%m/%d/%Y %H:%M:%S'", 0},
      {",KPATEL," + secret + ",VIEW,Chart,WS1,1", "no time stamp: 'ACCESS_TIME'", 0},
      {"03/04/2024 07:58:12,KPATEL," + secret + ",DELETE,Chart,WS1,1",
       "'ACCESS_ACTION' (mapped to action): value is not in the mapping's values", 38},
      {"03/04/2024 07:58:12,KPATEL," + secret + ",VIEW,Chart,WS1,-2",
       "'ROW_COUNT' (mapped to record_count): expected a whole number", 53},
      {"03/04/2024 07:58:12,KPATEL,\"" + secret + "\"x,VIEW,Chart,WS1,1", "malformed CSV quoting",
       39},
      {"03/04/2024 07:58:12,KPATEL,\"" + secret + ",VIEW,Chart,WS1,1", "malformed CSV quoting", 27},
  };
  for (const Case& c : cases) {
    Event e;
    ParseOutcome outcome = parser->Parse(c.row, e);
    ASSERT_EQ(outcome.code, ParseCode::kError) << c.row;
    EXPECT_NE(outcome.reason.find(c.reason_part), std::string::npos)
        << c.row << " -> " << outcome.reason;
    EXPECT_EQ(outcome.reason.find(secret), std::string::npos) << outcome.reason;
    EXPECT_EQ(outcome.column, c.column) << c.row;
  }
}

TEST(CsvExport, InvalidOptionsAreRejectedAtStartUp) {
  ParserOptions options = EhrExportOptions();
  options.csv_delimiter = '"';
  EXPECT_FALSE(MakeCsvExportParser(options).ok());
  options = EhrExportOptions();
  options.mapping.rules[1].time_format = TimeFormat::Compile("%H", nullptr);
  auto factory = MakeCsvExportParser(options);
  ASSERT_FALSE(factory.ok());
  EXPECT_NE(factory.status().message().find("time_format only applies to 'ts'"), std::string::npos)
      << factory.status().message();
}

}  // namespace
}  // namespace phi
