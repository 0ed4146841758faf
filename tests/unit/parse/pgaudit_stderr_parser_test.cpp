#include "collectors/parse/pgaudit_stderr_parser.hpp"

#include <gtest/gtest.h>

#include "tests/unit/parse/parser_test_support.hpp"

namespace phi {
namespace {

std::unique_ptr<RecordParser> MakeParser(std::string prefix = "%m [%p] %q%u@%d ") {
  return testing::FactoryOrFail(
      MakePgauditStderrParser(testing::PgauditOptions("pgaudit-stderr", std::move(prefix))))();
}

class PgauditStderr : public testing::RecordParserTest {
 protected:
  void SetUp() override { parser_ = MakeParser(); }
};

TEST_F(PgauditStderr, FramesTabContinuations) {
  EXPECT_EQ(parser_->framing(), Framing::kIndentedContinuation);
}

TEST_F(PgauditStderr, ReadsAnAuditLine) {
  ASSERT_EQ(Parse("2026-11-25 13:37:06.166 UTC [4309] clinician@ehr LOG:  AUDIT: "
                  "SESSION,1,1,READ,SELECT,TABLE,public.patients,"
                  "SELECT name FROM patients WHERE mrn = 'MRN0001234';,<none>")
                .code,
            ParseCode::kEvent);
  EXPECT_EQ(FormatIsoTime(event_.ts), "2026-11-25T13:37:06.166Z");
  EXPECT_EQ(event_.user, "clinician");
  EXPECT_EQ(event_.action, "query");
  EXPECT_EQ(event_.record_type, "public.patients");
  EXPECT_EQ(event_.event_id, "4309:1:1");
  EXPECT_EQ(event_.patient, "MRN0001234");
  EXPECT_EQ(event_.workstation, "");
}

TEST_F(PgauditStderr, JoinsAMultiLineStatementWithoutTheContinuationTabs) {
  ASSERT_EQ(Parse("2026-11-25 13:37:06.167 UTC [4309] clinician@ehr LOG:  AUDIT: "
                  "SESSION,2,1,READ,SELECT,TABLE,public.patients,\"SELECT p.mrn,\n"
                  "\t       p.name\n"
                  "\t  FROM patients p\n"
                  "\t WHERE p.mrn = 'MRN0000123';\",<none>")
                .code,
            ParseCode::kEvent);
  EXPECT_EQ(event_.statement,
            "SELECT p.mrn,\n       p.name\n  FROM patients p\n WHERE p.mrn = 'MRN0000123';");
  EXPECT_EQ(event_.patient, "MRN0000123");
}

TEST_F(PgauditStderr, FindsThePatientInABoundParameter) {
  ASSERT_EQ(Parse("2026-11-25 13:37:06.250 UTC [4324] clinician@ehr LOG:  AUDIT: "
                  "SESSION,1,1,READ,SELECT,TABLE,public.patients,"
                  "\"SELECT mrn, name, ssn FROM patients WHERE mrn = $1;\",MRN0001234")
                .code,
            ParseCode::kEvent);
  EXPECT_EQ(event_.patient, "MRN0001234");
}

TEST_F(PgauditStderr, SkipsOtherLinesAndTheStatementOfAnError) {
  EXPECT_EQ(Parse("2026-11-25 13:37:05.989 UTC [4295] LOG:  listening on IPv4 address").code,
            ParseCode::kSkip);
  EXPECT_EQ(Parse("2026-11-25 13:37:06.087 UTC [4307] [unknown]@[unknown] LOG:  connection "
                  "received: host=[local]")
                .code,
            ParseCode::kSkip);
  EXPECT_EQ(Parse("2026-11-25 13:37:06.179 UTC [4311] billing@ehr STATEMENT:  SELECT ssn FROM "
                  "patients WHERE mrn = 'MRN0007890';")
                .code,
            ParseCode::kSkip);
  EXPECT_EQ(
      Parse("2026-11-25 13:37:06.212 UTC [4317] intruder@ehr DETAIL:  Connection matched").code,
      ParseCode::kSkip);
  EXPECT_EQ(Parse("").code, ParseCode::kSkip);
}

TEST_F(PgauditStderr, ADeniedTableIsAFailedQuery) {
  ASSERT_EQ(Parse("2026-11-25 13:37:06.179 UTC [4311] billing@ehr ERROR:  permission denied "
                  "for table patients")
                .code,
            ParseCode::kEvent);
  EXPECT_EQ(event_.user, "billing");
  EXPECT_EQ(event_.outcome, "failure");
  EXPECT_EQ(event_.action, "query");
  EXPECT_EQ(event_.record_type, "patients");
}

TEST(PgauditStderrPrefix, TakesClientAndApplicationFromThePrefix) {
  auto parser = MakeParser("%m [%p] %q%u@%d %r %a ");
  Event event;
  ASSERT_EQ(parser
                ->Parse("2026-11-25 13:37:06.166 UTC [4309] clinician@ehr 127.0.0.1(39686) ehr "
                        "web LOG:  AUDIT: SESSION,1,1,WRITE,DELETE,TABLE,public.notes,DELETE FROM "
                        "notes;,<none>",
                        event)
                .code,
            ParseCode::kEvent);
  EXPECT_EQ(event.client_ip, "127.0.0.1");
  EXPECT_EQ(event.workstation, "ehr web");
  EXPECT_EQ(event.action, "delete");
}

TEST_F(PgauditStderr, MalformedLinesAreErrorsWithAColumnAndNoRecordText) {
  struct Case {
    const char* name;
    std::string_view record;
    size_t column;
    std::string_view user;  // named by the prefix when it parsed (per-user evasion rules)
  };
  const Case cases[] = {
      {"truncated payload",
       "2026-11-25 13:37:06.166 UTC [4309] clinician@ehr LOG:  AUDIT: SESSION,1,1,READ", 78,
       "clinician"},
      {"unterminated quote",
       "2026-11-25 13:37:06.166 UTC [4309] clinician@ehr LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,"
       "\"SELECT * FROM patients WHERE mrn = 'MRN0001234'",
       88, "clinician"},
      {"bad timestamp",
       "2026-02-30 13:37:06.166 UTC [4309] clinician@ehr LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,"
       "SELECT 'MRN0001234',<none>",
       0, ""},
      {"prefix mismatch",
       "2026-11-25 13:37:06.166 UTC {4309} clinician@ehr LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,"
       "SELECT 'MRN0001234',<none>",
       27, ""},
      {"no severity", "Tuesday: MRN0001234 was read", 0, ""},
  };
  for (const Case& c : cases) {
    ParseOutcome outcome = Parse(c.record);
    ASSERT_EQ(outcome.code, ParseCode::kError) << c.name;
    EXPECT_EQ(outcome.column, c.column) << c.name << ": " << outcome.reason;
    EXPECT_EQ(outcome.user, c.user) << c.name;
    EXPECT_LE(outcome.column, c.record.size()) << c.name;
    EXPECT_FALSE(outcome.reason.empty()) << c.name;
    EXPECT_EQ(outcome.reason.find("MRN"), std::string::npos) << c.name << ": " << outcome.reason;
    EXPECT_EQ(outcome.reason.find("clinician"), std::string::npos) << c.name;
  }
}

TEST(PgauditStderrFactory, RejectsBadOptionsWithAReason) {
  ParserOptions options;
  options.log_line_prefix = "%m [%p] %Z ";
  auto bad_prefix = MakePgauditStderrParser(options);
  ASSERT_FALSE(bad_prefix.ok());
  EXPECT_NE(bad_prefix.status().message().find("%Z"), std::string::npos);
  options = ParserOptions();
  options.patient_pattern = "MRN[";
  auto bad_pattern = MakePgauditStderrParser(options);
  ASSERT_FALSE(bad_pattern.ok());
  EXPECT_NE(bad_pattern.status().message().find("patient_pattern"), std::string::npos);
}

}  // namespace
}  // namespace phi
