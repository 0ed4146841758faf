#include "collectors/parse/mariadb_audit_parser.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/unit/parse/parser_test_support.hpp"

namespace phi {
namespace {

using testing::ExpectGolden;
using testing::ExpectGoldenText;
using testing::Parsed;

constexpr char kData[] = "tests/data/mariadb/";

// 2024-06-01T00:00:00Z: dates the syslog sample (its lines carry no year).
constexpr TimeMicros kJune2024 = 1717200000LL * kMicrosPerSecond;

ParserOptions Options() {
  ParserOptions o;
  o.format = "mariadb-audit";
  o.patient_pattern = R"(\b(MRN[0-9]{7})\b)";
  return o;
}

ParserFactory Factory(const ParserOptions& options = Options(), TimeMicros now = kJune2024) {
  return testing::FactoryOrFail(MakeMariadbAuditParser(options, [now] { return now; }));
}

Parsed ParseOne(std::string_view line, const ParserOptions& options = Options(),
                TimeMicros now = kJune2024) {
  return testing::ParseOne(Factory(options, now), line);
}

TEST(MariadbAudit, GoldenRealOutput2020) {
  ExpectGolden(Factory(), std::string(kData) + "mariadb_server_audit_file_2020_realoutput.log",
               std::string(kData) + "mariadb_server_audit_file_2020_realoutput.expected");
}

TEST(MariadbAudit, GoldenFixture2016WithTrailingSpaces) {
  ExpectGolden(Factory(), std::string(kData) + "mariadb_server_audit_file_2016_fixture.log",
               std::string(kData) + "mariadb_server_audit_file_2016_fixture.expected");
}

TEST(MariadbAudit, GoldenSyslogForm) {
  ExpectGolden(Factory(), std::string(kData) + "mariadb_server_audit_syslog.log",
               std::string(kData) + "mariadb_server_audit_syslog.expected");
}

// The upstream MTR result masks the time, server host and ids; put fixed values back so the rest
// of each real line (TABLE events, escaping, masking, truncation) is checked.
std::string UnmaskMtr(std::string text) {
  auto replace_all = [&](std::string_view from, std::string_view to) {
    for (size_t pos = text.find(from); pos != std::string::npos;
         pos = text.find(from, pos + to.size())) {
      text.replace(pos, from.size(), to);
    }
  };
  replace_all("TIME,HOSTNAME,", "20240102 03:04:05,dbhost,");
  replace_all(",ID,ID,", ",7,42,");
  replace_all(",ID,0,", ",7,0,");
  replace_all("FAILED_CONNECT,,,ID\n", "FAILED_CONNECT,,,1045\n");  // access denied
  replace_all("t_doesnt_exist',ID\n", "t_doesnt_exist',1146\n");    // no such table
  replace_all(",ID\n", ",1064\n");                                  // syntax errors
  return text;
}

TEST(MariadbAudit, GoldenMtrResultWithMaskedFieldsRestored) {
  std::string text = testing::ReadFile(
      testing::SourcePath(std::string(kData) + "mariadb_server_audit_mtr_masked.log"));
  ExpectGoldenText(Factory(), UnmaskMtr(text),
                   std::string(kData) + "mariadb_server_audit_mtr_masked.expected");
}

TEST(MariadbAudit, MtrResultAsMaskedIsRejectedAtTheTimeStamp) {
  std::string text = testing::ReadFile(
      testing::SourcePath(std::string(kData) + "mariadb_server_audit_mtr_masked.log"));
  auto parser = Factory()();
  for (const testing::InputRecord& record : testing::FrameRecords(text, Framing::kLine)) {
    Event event;
    ParseOutcome outcome = parser->Parse(record.text, event);
    ASSERT_EQ(outcome.code, ParseCode::kError);
    EXPECT_EQ(outcome.column, 0u);
    EXPECT_EQ(outcome.reason.find("HOSTNAME"), std::string::npos);
  }
}

// Real captures from MariaDB 10.11 (tests/data/mariadb_captured, written by another engineer):
// checked when present.
TEST(MariadbAudit, GoldenCapturedServerAudit) {
  const std::string dir = "tests/data/mariadb_captured/";
  if (!std::filesystem::exists(testing::SourcePath(dir + "server_audit.log"))) {
    GTEST_SKIP() << "no capture in " << dir;
  }
  ExpectGolden(Factory(), dir + "server_audit.log.1",
               std::string(kData) + "captured_server_audit.log.1.expected");
  ExpectGolden(Factory(), dir + "server_audit.log",
               std::string(kData) + "captured_server_audit.log.expected");
}

TEST(MariadbAudit, QueryObjectWithCommasQuotesAndEscapes) {
  Parsed p = ParseOne(
      R"(20240301 10:00:00,db1,clin,10.0.0.5,12,34,QUERY,ehr,'SELECT a, b FROM t WHERE n = \'O\\\'Brien, J\'\n AND x = \'\t\'',0)");
  ASSERT_EQ(p.outcome.code, ParseCode::kEvent) << p.outcome.reason;
  EXPECT_EQ(p.event.statement, "SELECT a, b FROM t WHERE n = 'O\\'Brien, J'\n AND x = '\t'");
  EXPECT_EQ(p.event.action, "query");
  EXPECT_EQ(p.event.outcome, "success");
  EXPECT_EQ(p.event.event_id, "12:34");
  EXPECT_EQ(p.event.client_ip, "10.0.0.5");
  EXPECT_EQ(p.event.extra, R"("server_host":"db1","database":"ehr","operation":"QUERY")");
}

TEST(MariadbAudit, DeniedQueryIsAFailureWithItsErrorCode) {
  Parsed p = ParseOne(
      R"(20261125 13:38:25,vm,intruder,127.0.0.1,9,39,QUERY,,'SELECT * FROM ehr.patients WHERE mrn = \'MRN0001234\'',1142)");
  ASSERT_EQ(p.outcome.code, ParseCode::kEvent) << p.outcome.reason;
  EXPECT_EQ(p.event.outcome, "failure");
  EXPECT_EQ(p.event.patient, "MRN0001234");
  EXPECT_EQ(p.event.extra, R"("server_host":"vm","operation":"QUERY","error_code":1142)");
}

TEST(MariadbAudit, TableEventsNameTheTable) {
  Parsed read = ParseOne("20261125 13:38:25,vm,clinician,127.0.0.1,6,19,READ,ehr,patients,");
  ASSERT_EQ(read.outcome.code, ParseCode::kEvent) << read.outcome.reason;
  EXPECT_EQ(read.event.action, "query");
  EXPECT_EQ(read.event.record_type, "ehr.patients");
  EXPECT_EQ(read.event.outcome, "success");
  EXPECT_EQ(ParseOne("20261125 13:38:25,vm,u,h,6,19,WRITE,ehr,notes,").event.action, "update");
  EXPECT_EQ(ParseOne("20261125 13:38:25,vm,u,h,6,19,DROP,ehr,notes,").event.action, "ddl");
}

TEST(MariadbAudit, ConnectionEvents) {
  Parsed failed = ParseOne(
      "20201130 23:08:44,localhost.localdomain,root,localhost,2,0,"
      "FAILED_CONNECT,,,1045");
  EXPECT_EQ(failed.event.action, "login");
  EXPECT_EQ(failed.event.outcome, "failure");
  Parsed login = ParseOne("20201130 23:08:46,h,root,localhost,3,0,CONNECT,ehr,,0");
  EXPECT_EQ(login.event.action, "login");
  EXPECT_EQ(login.event.outcome, "success");
  EXPECT_EQ(ParseOne("20201130 23:08:46,h,,,3,0,DISCONNECT,,,0").event.action, "logout");
}

TEST(MariadbAudit, LocalTimeUsesTheConfiguredOffset) {
  ParserOptions options = Options();
  options.utc_offset_seconds = -5 * 3600;
  Parsed p = ParseOne("20240301 23:30:00,h,u,c,1,0,CONNECT,,,0", options);
  EXPECT_EQ(FormatIsoTime(p.event.ts), "2024-03-02T04:30:00.000Z");
}

TEST(MariadbAudit, SyslogYearIsTheLatestNotAheadOfNow) {
  // Read on 2025-01-02: a line from Dec 31 belongs to 2024, one from Jan 1 to 2025.
  const TimeMicros jan2 = 1735776000LL * kMicrosPerSecond;
  std::string tail = " db mysql-server_auditing: db1,u,h,1,0,CONNECT,,,0";
  Parsed dec = ParseOne("<190>Dec 31 23:59:59" + tail, Options(), jan2);
  ASSERT_EQ(dec.outcome.code, ParseCode::kEvent) << dec.outcome.reason;
  EXPECT_EQ(FormatIsoTime(dec.event.ts), "2024-12-31T23:59:59.000Z");
  Parsed jan = ParseOne("Jan  1 00:00:01" + tail, Options(), jan2);
  ASSERT_EQ(jan.outcome.code, ParseCode::kEvent) << jan.outcome.reason;
  EXPECT_EQ(FormatIsoTime(jan.event.ts), "2025-01-01T00:00:01.000Z");
  Parsed iso = ParseOne("2024-04-13T14:43:13.5+02:00" + tail, Options(), jan2);
  ASSERT_EQ(iso.outcome.code, ParseCode::kEvent) << iso.outcome.reason;
  EXPECT_EQ(FormatIsoTime(iso.event.ts), "2024-04-13T12:43:13.500Z");
}

TEST(MariadbAudit, StatementIsCutAtAUtf8Boundary) {
  ParserOptions options = Options();
  options.statement_max_bytes = 11;
  // "SELECT 'M" is 9 bytes and ü takes two: a cut at 10 falls back before it.
  Parsed p =
      ParseOne("20240301 10:00:00,h,u,c,1,2,QUERY,,'SELECT \\'Müller\\' MRN0000123',0", options);
  ASSERT_EQ(p.outcome.code, ParseCode::kEvent) << p.outcome.reason;
  EXPECT_EQ(p.event.statement, "SELECT 'M\xC3\xBC");
  options.statement_max_bytes = 10;
  p = ParseOne("20240301 10:00:00,h,u,c,1,2,QUERY,,'SELECT \\'Müller\\' MRN0000123',0", options);
  EXPECT_EQ(p.event.statement, "SELECT 'M");
  EXPECT_EQ(p.event.patient, "MRN0000123");  // found in the whole statement, not the cut one
}

TEST(MariadbAudit, StatementActionTable) {
  struct Case {
    const char* statement;
    const char* action;
  };
  const Case cases[] = {
      {"SELECT * FROM patients", "query"},
      {"  (select 1) union (select 2)", "query"},
      {"SELECT * FROM patients INTO OUTFILE '/tmp/p.csv'", "export"},
      {"select mrn from patients into\n  dumpfile '/tmp/x'", "export"},
      {"SELECT 'into outfile' FROM dual", "query"},
      {"SELECT /*!40001 SQL_NO_CACHE */ * FROM `notes`", "query"},
      {"/*!50001 SELECT * FROM v */", "query"},
      {"/*!40100 SET @@SQL_MODE='' */", "misc"},
      {"/* app=ehr */ UPDATE patients SET x=1", "update"},
      {"-- note\nDELETE FROM notes", "delete"},
      {"# note\nINSERT INTO notes VALUES (1)", "create"},
      {"REPLACE INTO t VALUES (1)", "create"},
      {"LOAD DATA INFILE 'x' INTO TABLE t", "create"},
      {"TRUNCATE TABLE notes", "delete"},
      {"WITH a AS (SELECT 1) SELECT * FROM a", "query"},
      {"SHOW DATABASES", "query"},
      {"CREATE TABLE t (id int)", "ddl"},
      {"ALTER TABLE t1 RENAME renamed_t1", "ddl"},
      {"DROP TABLE t", "ddl"},
      {"CREATE USER u1 IDENTIFIED BY *****", "role"},
      {"CREATE OR REPLACE ROLE auditor", "role"},
      {"GRANT ALL ON sa_db TO u2", "role"},
      {"SET PASSWORD FOR u1 = PASSWORD(*****)", "role"},
      {"SET NAMES 'utf8mb4'", "misc"},
      {"CALL purge_old()", "execute"},
      {"PREPARE s FROM 'SELECT 1'", "misc"},
      {"USE ehr", "misc"},
      {"SELEC mrn FROM patients", "misc"},
      {"", "misc"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(MariadbStatementAction(c.statement), c.action) << c.statement;
  }
}

TEST(MariadbAudit, BadPatientPatternIsRejectedAtStartUp) {
  ParserOptions options = Options();
  options.patient_pattern = "MRN([0-9]+";
  auto factory = MakeMariadbAuditParser(options);
  ASSERT_FALSE(factory.ok());
  EXPECT_EQ(factory.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(factory.status().message().find("patient_pattern"), std::string::npos);
}

TEST(MariadbAudit, BlankLinesAreSkipped) {
  EXPECT_EQ(ParseOne("").outcome.code, ParseCode::kSkip);
  EXPECT_EQ(ParseOne("  \r").outcome.code, ParseCode::kSkip);
}

TEST(MariadbAudit, MalformedLinesNameTheProblemNotThePhi) {
  struct Case {
    std::string line;
    size_t column;
    const char* reason_part;
  };
  const std::string secret = "MRN0009999";
  const Case cases[] = {
      {"2024030 10:00:00,h,u,c,1,2,QUERY,,'" + secret + "',0", 0, "YYYYMMDD"},
      {"20240231 10:00:00,h,u,c,1,2,QUERY,,'" + secret + "',0", 0, "YYYYMMDD"},
      {"20240301 10:00:00,h," + secret + ",c", 31, "found 3"},
      {"20240301 10:00:00,h,u,c,1,2,QUERY,ehr", 34, "found 7"},
      {"20240301 10:00:00,h,u,c,1,2,QUERY,ehr,'" + secret + "'", 38, "no retcode"},
      {"20240301 10:00:00,h,u,c,1,2,QUERY,,'x " + secret + "',0x", 50, "retcode"},
      {"20240301 10:00:00,h,u,c,x1,2,QUERY,,'" + secret + "',0", 24, "connectionid"},
      {"20240301 10:00:00,h,u,c,1,2," + secret + ",,x,0", 28, "unknown server_audit operation"},
      {"20240301 10:00:00,h,u,c,1,2,QUERY,,'SELECT " + secret + ",0", 35, "unterminated"},
      {"<190>Foo 13 14:43:13 x: " + secret + ",a", 5, "syslog header"},
      {"<190>Apr 13 14:43:13 " + secret + " no tag", 21, "program tag"},
      {"{\"patient\":\"" + secret + "\"}", 0, "syslog header"},
  };
  for (const Case& c : cases) {
    Parsed p = ParseOne(c.line);
    ASSERT_EQ(p.outcome.code, ParseCode::kError) << c.line;
    EXPECT_NE(p.outcome.reason.find(c.reason_part), std::string::npos) << p.outcome.reason;
    EXPECT_EQ(p.outcome.reason.find(secret), std::string::npos) << p.outcome.reason;
    EXPECT_EQ(p.outcome.column, c.column) << c.line;
  }
}

TEST(MariadbAudit, ParserFactoryKnowsTheFormat) {
  auto factory = MakeParserFactory(Options());
  ASSERT_TRUE(factory.ok()) << factory.status().message();
  Event event;
  EXPECT_EQ((*factory)()->Parse("20240301 10:00:00,h,u,c,1,0,CONNECT,,,0", event).code,
            ParseCode::kEvent);
}

}  // namespace
}  // namespace phi
