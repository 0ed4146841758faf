#include "collectors/parse/pgaudit_jsonlog_parser.hpp"

#include <gtest/gtest.h>

#include "tests/unit/parse/parser_test_support.hpp"

namespace phi {
namespace {

class PgauditJsonlog : public testing::RecordParserTest {
 protected:
  void SetUp() override {
    UseFactory(MakePgauditJsonlogParser(testing::PgauditOptions("pgaudit-jsonlog")));
  }
};

constexpr std::string_view kAuditLine =
    R"({"timestamp":"2026-11-25 13:37:09.085 UTC","user":"clinician","dbname":"ehr","pid":4493,)"
    R"("remote_host":"[local]","session_id":"6b06e485.118d","line_num":3,"ps":"SELECT",)"
    R"("error_severity":"LOG","message":"AUDIT: SESSION,4,1,READ,SELECT,TABLE,public.patients,)"
    R"(\"SELECT \"\"name\"\" FROM patients\nWHERE mrn = $1\",MRN0001234",)"
    R"("application_name":"psql","backend_type":"client backend","query_id":0})";

TEST_F(PgauditJsonlog, ReadsAnAuditLine) {
  EXPECT_EQ(parser_->framing(), Framing::kLine);
  ASSERT_EQ(Parse(kAuditLine).code, ParseCode::kEvent);
  EXPECT_EQ(FormatIsoTime(event_.ts), "2026-11-25T13:37:09.085Z");
  EXPECT_EQ(event_.user, "clinician");
  EXPECT_EQ(event_.client_ip, "local");
  EXPECT_EQ(event_.workstation, "psql");
  EXPECT_EQ(event_.event_id, "6b06e485.118d:4:1");
  EXPECT_EQ(event_.statement, "SELECT \"name\" FROM patients\nWHERE mrn = $1");
  EXPECT_EQ(event_.patient, "MRN0001234");
  EXPECT_EQ(event_.record_type, "public.patients");
}

TEST_F(PgauditJsonlog, KeysEventIdsByPidWithoutASessionAndReusesItsBuffers) {
  std::string long_statement(5000, 'x');
  std::string big = R"({"timestamp":"2026-11-25 13:37:09 UTC","pid":77,"error_severity":"LOG",)"
                    R"("message":"AUDIT: SESSION,9,2,READ,SELECT,,,SELECT ')" +
                    long_statement + R"(',<none>"})";
  ASSERT_EQ(Parse(big).code, ParseCode::kEvent);
  EXPECT_EQ(event_.event_id, "77:9:2");
  EXPECT_EQ(event_.statement.size(), 2048u);
  ASSERT_EQ(Parse(kAuditLine).code, ParseCode::kEvent);
  EXPECT_EQ(event_.event_id, "6b06e485.118d:4:1");
}

TEST_F(PgauditJsonlog, ADeniedTableCarriesItsStatement) {
  ASSERT_EQ(
      Parse(
          R"({"timestamp":"2026-11-25 13:37:09.139 UTC","user":"intruder","dbname":"ehr",)"
          R"("pid":4498,"remote_host":"127.0.0.1","remote_port":39908,"session_id":"6b06e485.1192",)"
          R"("line_num":4,"error_severity":"ERROR","state_code":"42501",)"
          R"("message":"permission denied for table patients",)"
          R"("statement":"SELECT * FROM patients WHERE mrn = 'MRN0001234';"})")
          .code,
      ParseCode::kEvent);
  EXPECT_EQ(event_.outcome, "failure");
  EXPECT_EQ(event_.patient, "MRN0001234");
  EXPECT_EQ(event_.client_ip, "127.0.0.1");
  EXPECT_EQ(event_.event_id, "6b06e485.1192:L4");
}

TEST_F(PgauditJsonlog, SkipsOtherLines) {
  EXPECT_EQ(Parse(R"({"timestamp":"2026-11-25 13:37:08.953 UTC","pid":4481,)"
                  R"("error_severity":"LOG","message":"ending log output to stderr"})")
                .code,
            ParseCode::kSkip);
  EXPECT_EQ(Parse("").code, ParseCode::kSkip);
}

TEST_F(PgauditJsonlog, MalformedLinesAreErrorsWithoutRecordText) {
  std::string truncated(kAuditLine.substr(0, 200));
  std::string wrong_type(kAuditLine);
  wrong_type.replace(wrong_type.find("\"clinician\""), 11, "5");
  std::string bad_time(kAuditLine);
  bad_time.replace(bad_time.find("13:37"), 2, "33");
  std::string bad_payload(kAuditLine);
  bad_payload.replace(bad_payload.find("READ,SELECT"), 4, "READ\\\"");
  const std::string cases[] = {truncated, wrong_type, bad_time, bad_payload, "[1,2]", "nope"};
  for (const std::string& record : cases) {
    ParseOutcome outcome = Parse(record);
    ASSERT_EQ(outcome.code, ParseCode::kError) << record;
    EXPECT_FALSE(outcome.reason.empty());
    EXPECT_LE(outcome.column, record.size()) << outcome.reason;
    EXPECT_EQ(outcome.reason.find("MRN"), std::string::npos) << outcome.reason;
    EXPECT_EQ(outcome.reason.find("clinician"), std::string::npos) << outcome.reason;
  }
  EXPECT_GT(Parse(bad_payload).column, bad_payload.find("\"message\"") - 1);
}

}  // namespace
}  // namespace phi

namespace phi {
namespace {

TEST_F(PgauditJsonlog, ALineCutInsideAnEscapeIsReadUpToTheLastWholeOne) {
  const std::string line =
      R"({"timestamp":"2026-11-25 13:37:09.085 UTC","user":"snoop","dbname":"ehr","pid":1,)"
      R"("error_severity":"LOG","message":"AUDIT: SESSION,1,1,READ,SELECT,TABLE,t,)"
      R"(\"SELECT * FROM p WHERE mrn = 'MRN0009999' AND n = '\u00e9\\x)";
  for (size_t cut : {line.size() - 1, line.size() - 2, line.size() - 5, line.size() - 7}) {
    Event event;
    ASSERT_EQ(parser_->ParseCut(std::string_view(line).substr(0, cut), event).code,
              ParseCode::kEvent)
        << cut;
    EXPECT_EQ(event.user, "snoop");
    EXPECT_EQ(event.patient, "MRN0009999");
  }
  Event before;
  EXPECT_EQ(parser_->ParseCut(std::string_view(line).substr(0, 40), before).code,
            ParseCode::kError);
}

}  // namespace
}  // namespace phi
