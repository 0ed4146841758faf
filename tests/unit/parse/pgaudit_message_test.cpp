#include "collectors/parse/pgaudit_message.hpp"

#include <gtest/gtest.h>

#include "tests/unit/parse/parser_test_support.hpp"

namespace phi {
namespace {

class PgauditMessage : public ::testing::Test {
 protected:
  ParseOutcome Parse(std::string_view message, std::string_view severity = "LOG") {
    if (!parser_) {
      auto patients = PatientExtractor::Compile(options_.patient_pattern);
      EXPECT_TRUE(patients.ok());
      parser_ = std::make_unique<PgauditMessageParser>(options_, *patients);
    }
    context_.severity = severity;
    event_.Clear();
    return parser_->Parse(message, context_, event_);
  }

  ParserOptions options_ = testing::PgauditOptions();
  PgLogContext context_ = [] {
    PgLogContext c;
    c.backend = "6b06e484.1153";
    c.database = "ehr";
    return c;
  }();
  std::unique_ptr<PgauditMessageParser> parser_;
  Event event_;
};

TEST_F(PgauditMessage, FillsTheEventFromAnAuditEntry) {
  ASSERT_EQ(Parse("AUDIT: OBJECT,7,2,READ,SELECT,TABLE,public.patients,"
                  "\"SELECT name, dob FROM patients WHERE mrn = 'MRN0001234';\",<none>")
                .code,
            ParseCode::kEvent);
  EXPECT_EQ(event_.action, "query");
  EXPECT_EQ(event_.record_type, "public.patients");
  EXPECT_EQ(event_.statement, "SELECT name, dob FROM patients WHERE mrn = 'MRN0001234';");
  EXPECT_EQ(event_.event_id, "6b06e484.1153:7:2");
  EXPECT_EQ(event_.record_count, 1);
  EXPECT_EQ(event_.outcome, "success");
  EXPECT_EQ(event_.patient, "MRN0001234");
  EXPECT_EQ(event_.extra, R"("audit_type":"OBJECT","audit_class":"READ","command":"SELECT",)"
                          R"("object_type":"TABLE","database":"ehr")");
}

TEST_F(PgauditMessage, RowsFillTheRecordCount) {
  ASSERT_EQ(Parse("AUDIT: SESSION,120,1,WRITE,INSERT,TABLE,public.aaa,"
                  "\"INSERT INTO aaa VALUES (generate_series(1,100));\",<none>,100")
                .code,
            ParseCode::kEvent);
  EXPECT_EQ(event_.record_count, 100);
  EXPECT_EQ(event_.action, "create");
  ASSERT_EQ(Parse("AUDIT: SESSION,2,1,DDL,DROP TABLE,,,DROP TABLE t;,<none>,0").code,
            ParseCode::kEvent);
  EXPECT_EQ(event_.record_count, 0);
}

TEST_F(PgauditMessage, UnquotesCsvFields) {
  ASSERT_EQ(Parse("AUDIT: SESSION,35,2,DDL,CREATE TABLE,TABLE,public.do_table,"
                  "\"CREATE TABLE do_table (\"\"weird name\"\" INT)\",<none>")
                .code,
            ParseCode::kEvent);
  EXPECT_EQ(event_.statement, "CREATE TABLE do_table (\"weird name\" INT)");
}

TEST_F(PgauditMessage, LeavesOutStatementMarkersAndUsesTheDefaultRecordType) {
  options_.record_type_default = "database";
  ASSERT_EQ(Parse("AUDIT: OBJECT,1,1,READ,SELECT,,,<previously logged>,<previously logged>").code,
            ParseCode::kEvent);
  EXPECT_EQ(event_.statement, "");
  EXPECT_EQ(event_.record_type, "database");
  EXPECT_EQ(event_.extra,
            R"("audit_type":"OBJECT","audit_class":"READ","command":"SELECT","database":"ehr")");
}

TEST_F(PgauditMessage, CutsLongStatementsAtACharacterBoundary) {
  options_.statement_max_bytes = 12;
  // "SELECT 'Jos" is 11 bytes; "é" takes 2, so a 12-byte cut would split it.
  ASSERT_EQ(Parse("AUDIT: SESSION,1,1,READ,SELECT,,,SELECT 'José';,<none>").code,
            ParseCode::kEvent);
  EXPECT_EQ(event_.statement, "SELECT 'Jos");
}

TEST_F(PgauditMessage, FindsThePatientInABoundParameterFirst) {
  ASSERT_EQ(Parse("AUDIT: SESSION,1,1,WRITE,UPDATE,TABLE,public.patients,"
                  "UPDATE patients SET address = $1 WHERE mrn = $2;,"
                  "\"\"\"7 Bound Ave, Apt \"\"\"\"B\"\"\"\"\"\",MRN0001234\"")
                .code,
            ParseCode::kEvent);
  EXPECT_EQ(event_.patient, "MRN0001234");
  // A parameter beats the statement; the statement is the fallback.
  Parse("AUDIT: SESSION,2,1,READ,SELECT,,,SELECT 'MRN0000002' WHERE $1,MRN0000001");
  EXPECT_EQ(event_.patient, "MRN0000001");
  Parse("AUDIT: SESSION,3,1,READ,SELECT,,,SELECT 'MRN0000002',<none>");
  EXPECT_EQ(event_.patient, "MRN0000002");
  Parse("AUDIT: SESSION,4,1,READ,SELECT,,,SELECT 1,<not logged>");
  EXPECT_EQ(event_.patient, "");
}

TEST_F(PgauditMessage, EventIdsWithoutABackendKeepTheStatementIds) {
  context_.backend = {};
  ASSERT_EQ(Parse("AUDIT: SESSION,5,1,MISC,SET,,,SET x = 1;,<none>").code, ParseCode::kEvent);
  EXPECT_EQ(event_.event_id, "5:1");
  EXPECT_EQ(event_.action, "misc");
}

TEST_F(PgauditMessage, SkipsOtherMessages) {
  EXPECT_EQ(Parse("connection received: host=[local]").code, ParseCode::kSkip);
  EXPECT_EQ(Parse("SELECT * FROM patients WHERE mrn = 'MRN0001234';", "STATEMENT").code,
            ParseCode::kSkip);
  EXPECT_EQ(Parse("function pg_reload_cong() does not exist", "ERROR").code, ParseCode::kSkip);
  EXPECT_EQ(Parse("permission denied for schema ehr", "ERROR").code, ParseCode::kSkip);
  EXPECT_EQ(Parse("permission denied for table patients", "WARNING").code, ParseCode::kSkip);
  context_.sql_state = "42P01";
  EXPECT_EQ(Parse("permission denied for table patients", "ERROR").code, ParseCode::kSkip);
}

TEST_F(PgauditMessage, ADeniedTableAccessIsAFailedQuery) {
  context_.sql_state = "42501";
  context_.line_number = "6";
  context_.statement = "SELECT ssn FROM patients WHERE mrn = 'MRN0007890';";
  ASSERT_EQ(Parse("permission denied for table patients", "ERROR").code, ParseCode::kEvent);
  EXPECT_EQ(event_.action, "query");
  EXPECT_EQ(event_.outcome, "failure");
  EXPECT_EQ(event_.record_type, "patients");
  EXPECT_EQ(event_.statement, context_.statement);
  EXPECT_EQ(event_.patient, "MRN0007890");
  EXPECT_EQ(event_.event_id, "6b06e484.1153:L6");
  EXPECT_EQ(event_.extra, R"("sql_state":"42501","database":"ehr")");
  // PostgreSQL before 11 says "relation"; without a statement or line number less is known.
  context_ = PgLogContext();
  context_.backend = "4311";
  ASSERT_EQ(Parse("permission denied for relation notes", "ERROR").code, ParseCode::kEvent);
  EXPECT_EQ(event_.record_type, "notes");
  EXPECT_EQ(event_.statement, "");
  EXPECT_EQ(event_.event_id, "");
}

TEST_F(PgauditMessage, MalformedEntriesAreErrorsThatDoNotQuoteTheEntry) {
  struct Case {
    std::string_view message;
    size_t column;
  };
  const Case cases[] = {
      // Truncated: the line was cut after the class.
      {"AUDIT: SESSION,1,1,READ", 23},
      // Unterminated quote: column of the opening quote.
      {"AUDIT: SESSION,2,1,READ,SELECT,,,\"SELECT * FROM patients WHERE mrn = 'MRN0001234'", 33},
      {"AUDIT: SESSION,x,1,READ,SELECT,,,SELECT 'MRN0001234',<none>", 15},
      {"AUDIT: SESSION,1,1,READ,SELECT,,,SELECT 'MRN0001234',<none>,many", 60},
      {"AUDIT: SESS,1,1,READ,SELECT,,,SELECT 'MRN0001234',<none>", 7},
      {"AUDIT: SESSION,1,1,READ,SELECT,,,SELECT 'MRN0001234',<none>,1,extra", 67},
  };
  for (const Case& c : cases) {
    ParseOutcome outcome = Parse(c.message);
    ASSERT_EQ(outcome.code, ParseCode::kError) << c.message;
    EXPECT_EQ(outcome.column, c.column) << c.message << ": " << outcome.reason;
    EXPECT_EQ(outcome.reason.find("MRN"), std::string::npos) << outcome.reason;
    EXPECT_EQ(outcome.reason.find("SELECT *"), std::string::npos) << outcome.reason;
    EXPECT_FALSE(outcome.reason.empty());
  }
}

}  // namespace
}  // namespace phi
