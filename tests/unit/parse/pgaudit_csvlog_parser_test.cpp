#include "collectors/parse/pgaudit_csvlog_parser.hpp"

#include <gtest/gtest.h>

#include "tests/unit/parse/parser_test_support.hpp"

namespace phi {
namespace {

class PgauditCsvlog : public testing::RecordParserTest {
 protected:
  void SetUp() override {
    UseFactory(MakePgauditCsvlogParser(testing::PgauditOptions("pgaudit-csvlog")));
  }
};

// A PostgreSQL 15 row (26 columns) around `message` (already CSV-quoted).
std::string Row(std::string_view message, std::string_view time = "2026-11-25 13:37:08.155 UTC",
                std::string_view from = "\"127.0.0.1:39858\"") {
  return std::string(time) + ",\"clinician\",\"ehr\",4435," + std::string(from) +
         ",6b06e484.1153,6,\"SELECT\",2026-11-25 13:37:08 UTC,3/20,0,LOG,00000," +
         std::string(message) + ",,,,,,,,,\"ehr-web\",\"client backend\",,0";
}

TEST_F(PgauditCsvlog, FramesQuotedNewlines) {
  EXPECT_EQ(parser_->framing(), Framing::kCsvQuoted);
}

TEST_F(PgauditCsvlog, ReadsAnAuditRow) {
  ASSERT_EQ(
      Parse(Row("\"AUDIT: SESSION,3,1,READ,SELECT,TABLE,public.patients,\"\"SELECT "
                "\"\"\"\"name\"\"\"\" FROM patients\n WHERE mrn = 'MRN0001234';\"\",<none>\""))
          .code,
      ParseCode::kEvent);
  EXPECT_EQ(FormatIsoTime(event_.ts), "2026-11-25T13:37:08.155Z");
  EXPECT_EQ(event_.user, "clinician");
  EXPECT_EQ(event_.client_ip, "127.0.0.1");
  EXPECT_EQ(event_.workstation, "ehr-web");
  EXPECT_EQ(event_.event_id, "6b06e484.1153:3:1");
  EXPECT_EQ(event_.statement, "SELECT \"name\" FROM patients\n WHERE mrn = 'MRN0001234';");
  EXPECT_EQ(event_.patient, "MRN0001234");
}

TEST_F(PgauditCsvlog, AcceptsOlderColumnCounts) {
  // PostgreSQL 12: 23 columns, ending at application_name; unix-socket client.
  std::string pg12 =
      "2021-02-09 09:51:29.164 UTC,\"pg\",\"postgres\",2286,\"[local]\",6021ea66.8ee,8,\"DELETE\","
      "2021-02-09 09:50:30 UTC,3/9,0,LOG,00000,\"AUDIT: SESSION,4,1,WRITE,DELETE,,,delete from "
      "account;,<not logged>\",,,,,,,,,\"psql\"";
  ASSERT_EQ(Parse(pg12).code, ParseCode::kEvent);
  EXPECT_EQ(event_.client_ip, "local");
  EXPECT_EQ(event_.workstation, "psql");
  EXPECT_EQ(event_.action, "delete");
  ParseOutcome too_few = Parse("2021-02-09 09:51:29.164 UTC,a,b,1,,s,1,,,,0,LOG,00000,m");
  ASSERT_EQ(too_few.code, ParseCode::kError);
  EXPECT_NE(too_few.reason.find("14 columns"), std::string::npos) << too_few.reason;
}

TEST_F(PgauditCsvlog, ADeniedTableCarriesItsStatement) {
  std::string row =
      "2026-11-25 13:37:08.160 UTC,\"intruder\",\"ehr\",4436,\"::1:39866\",6b06e484.1154,4,"
      "\"SELECT\",2026-11-25 13:37:08 UTC,4/17,0,ERROR,42501,\"permission denied for table "
      "patients\",,,,,,\"SELECT * FROM patients WHERE mrn = 'MRN0001234';\",,,\"psql\",\"client "
      "backend\",,0";
  ASSERT_EQ(Parse(row).code, ParseCode::kEvent);
  EXPECT_EQ(event_.outcome, "failure");
  EXPECT_EQ(event_.record_type, "patients");
  EXPECT_EQ(event_.statement, "SELECT * FROM patients WHERE mrn = 'MRN0001234';");
  EXPECT_EQ(event_.patient, "MRN0001234");
  EXPECT_EQ(event_.client_ip, "::1");
  EXPECT_EQ(event_.event_id, "6b06e484.1154:L4");
}

TEST_F(PgauditCsvlog, SkipsOtherRows) {
  EXPECT_EQ(Parse(Row("\"connection authorized: user=postgres database=ehr\"")).code,
            ParseCode::kSkip);
  EXPECT_EQ(Parse("").code, ParseCode::kSkip);
}

TEST_F(PgauditCsvlog, MalformedRowsAreErrorsWithAColumnAndNoRecordText) {
  std::string truncated_payload = Row("\"AUDIT: SESSION,3,1,READ\"");
  ParseOutcome outcome = Parse(truncated_payload);
  ASSERT_EQ(outcome.code, ParseCode::kError);
  EXPECT_GE(outcome.column, truncated_payload.find("\"AUDIT"));
  EXPECT_LE(outcome.column, truncated_payload.size());

  std::string unterminated = Row("\"AUDIT: SESSION,3,1,READ,SELECT,,,\"\"SELECT 'MRN0001234'\"");
  outcome = Parse(unterminated);
  ASSERT_EQ(outcome.code, ParseCode::kError);
  EXPECT_EQ(outcome.reason.find("MRN"), std::string::npos);

  std::string open_row = Row("\"AUDIT: SESSION,3,1,READ,SELECT,,,SELECT 'MRN0001234',<none>");
  open_row.erase(open_row.find(",,,,,,,,,"));
  outcome = Parse(open_row);
  ASSERT_EQ(outcome.code, ParseCode::kError);
  EXPECT_EQ(outcome.column, open_row.find("\"AUDIT"));

  outcome = Parse(Row("\"AUDIT: SESSION,3,1,READ,SELECT,,,SELECT 'MRN0001234',<none>\"",
                      "2026-11-25 25:37:08.155 UTC"));
  ASSERT_EQ(outcome.code, ParseCode::kError);
  EXPECT_NE(outcome.reason.find("log_time"), std::string::npos);
  EXPECT_EQ(outcome.column, 0u);
  EXPECT_EQ(outcome.reason.find("MRN"), std::string::npos);
}

}  // namespace
}  // namespace phi

namespace phi {
namespace {

TEST_F(PgauditCsvlog, ARowCutInsideItsStatementIsAnEventWithThePatientRead) {
  // 70 KB of statement naming the patient early; the source handed over its first 64 KiB.
  std::string row =
      Row("\"AUDIT: SESSION,3,1,READ,SELECT,TABLE,public.patients,\"\"SELECT * "
          "FROM patients WHERE mrn = 'MRN0009999' OR note = '" +
          std::string(70'000, 'x') + "';\"\",<none>\"");
  std::string_view cut = std::string_view(row).substr(0, 64 << 10);
  ASSERT_EQ(parser_->ParseCut(cut, event_).code, ParseCode::kEvent);
  EXPECT_EQ(event_.user, "clinician");
  EXPECT_EQ(event_.patient, "MRN0009999");
  EXPECT_EQ(FormatIsoTime(event_.ts), "2026-11-25T13:37:08.155Z");
  EXPECT_LE(event_.statement.size(), 2048u);
  EXPECT_EQ(event_.statement.rfind("SELECT * FROM patients WHERE mrn = 'MRN0009999'", 0), 0u);
  // A row cut before its message is no event.
  Event other;
  EXPECT_EQ(parser_->ParseCut(std::string_view(row).substr(0, 60), other).code, ParseCode::kError);
}

}  // namespace
}  // namespace phi
