#include "collectors/parse/pgaudit_line_prefix.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

std::shared_ptr<const PgLogLinePrefix> Compiled(std::string_view prefix, int32_t offset = 0) {
  auto compiled = PgLogLinePrefix::Compile(prefix, offset);
  EXPECT_TRUE(compiled.ok()) << compiled.status().message();
  return compiled.ok() ? *compiled : nullptr;
}

struct Matched {
  bool ok = false;
  PgPrefixFields fields;
  std::string reason;
  size_t column = 0;
};

Matched Match(const PgLogLinePrefix& prefix, std::string_view text) {
  Matched m;
  m.ok = prefix.Match(text, m.fields, m.reason, m.column);
  return m;
}

TEST(PgauditLinePrefix, MatchesDebiansDefaultForSessionLines) {
  auto prefix = Compiled("%m [%p] %q%u@%d ");
  Matched m = Match(*prefix, "2026-11-25 13:37:06.165 UTC [4309] clinician@ehr ");
  ASSERT_TRUE(m.ok) << m.reason;
  EXPECT_EQ(FormatIsoTime(m.fields.ts), "2026-11-25T13:37:06.165Z");
  EXPECT_EQ(m.fields.pid, "4309");
  EXPECT_EQ(m.fields.user, "clinician");
  EXPECT_EQ(m.fields.database, "ehr");
}

TEST(PgauditLinePrefix, StopsAtPercentQForProcessesWithoutASession) {
  auto prefix = Compiled("%m [%p] %q%u@%d ");
  Matched m = Match(*prefix, "2026-11-25 13:37:05.989 UTC [4295] ");
  ASSERT_TRUE(m.ok) << m.reason;
  EXPECT_EQ(m.fields.pid, "4295");
  EXPECT_EQ(m.fields.user, "");
}

TEST(PgauditLinePrefix, TheLastTextEscapeMayHoldSpaces) {
  auto prefix = Compiled("%m [%p] %q%u@%d/%a ");
  Matched m =
      Match(*prefix, "2022-05-22 10:01:00.495 UTC [52] postgres@postgres/DataGrip 2021.3.4 ");
  ASSERT_TRUE(m.ok) << m.reason;
  EXPECT_EQ(m.fields.application, "DataGrip 2021.3.4");
  EXPECT_EQ(m.fields.database, "postgres");
}

TEST(PgauditLinePrefix, ReadsTheOtherEscapes) {
  auto prefix = Compiled("%t [%p-%l] %q%c %r %e user=%u,db=%d,app=%a %x %v %i|%b|%Q|%s|100%% ");
  Matched m = Match(*prefix,
                    "2023-02-03 20:29:44 GMT [143-7] 63dd6f5e.8f 10.1.2.3(51234) 42501 "
                    "user=alice,db=ehr,app=ehr-web 0 3/6 SELECT|client backend|0|"
                    "2023-02-03 20:29:40 GMT|100% ");
  ASSERT_TRUE(m.ok) << m.reason << " at " << m.column;
  EXPECT_EQ(FormatIsoTime(m.fields.ts), "2023-02-03T20:29:44.000Z");
  EXPECT_EQ(m.fields.line_number, "7");
  EXPECT_EQ(m.fields.session_id, "63dd6f5e.8f");
  EXPECT_EQ(m.fields.client_host, "10.1.2.3");
  EXPECT_EQ(m.fields.sql_state, "42501");
  EXPECT_EQ(m.fields.user, "alice");
  EXPECT_EQ(m.fields.application, "ehr-web");
}

TEST(PgauditLinePrefix, ReadsEpochTimesHostsAndPadding) {
  auto prefix = Compiled("%n %h %-8u|%5p: ");
  Matched m = Match(*prefix, "1675456184.139 [local] bob     |  143: ");
  ASSERT_TRUE(m.ok) << m.reason << " at " << m.column;
  EXPECT_EQ(FormatIsoTime(m.fields.ts), "2023-02-03T20:29:44.139Z");
  EXPECT_EQ(m.fields.client_host, "local");
  EXPECT_EQ(m.fields.user, "bob");
  EXPECT_EQ(m.fields.pid, "143");
}

TEST(PgauditLinePrefix, UnknownZonesUseTheFallbackOffset) {
  auto prefix = Compiled("%m [%p] ", 8 * 3600);
  Matched m = Match(*prefix, "2021-02-09 09:51:29.164 CST [2286] ");
  ASSERT_TRUE(m.ok) << m.reason;
  EXPECT_EQ(FormatIsoTime(m.fields.ts), "2021-02-09T01:51:29.164Z");
}

TEST(PgauditLinePrefix, RejectsPrefixesItCannotRead) {
  auto unknown = PgLogLinePrefix::Compile("%m [%p] %z ", 0);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown escape %z"), std::string::npos)
      << unknown.status().message();
  auto no_time = PgLogLinePrefix::Compile("[%p] %u@%d ", 0);
  ASSERT_FALSE(no_time.ok());
  EXPECT_NE(no_time.status().message().find("no time stamp"), std::string::npos);
  auto adjacent = PgLogLinePrefix::Compile("%m %u%d ", 0);
  ASSERT_FALSE(adjacent.ok());
  EXPECT_NE(adjacent.status().message().find("%u is followed directly by %d"), std::string::npos);
  auto dangling = PgLogLinePrefix::Compile("%m %", 0);
  ASSERT_FALSE(dangling.ok());
}

TEST(PgauditLinePrefix, MismatchesNameTheEscapeAndColumn) {
  auto prefix = Compiled("%m [%p] %q%u@%d ");
  Matched bad_pid = Match(*prefix, "2026-11-25 13:37:06.165 UTC [abc] alice@ehr ");
  ASSERT_FALSE(bad_pid.ok);
  EXPECT_NE(bad_pid.reason.find("%p"), std::string::npos) << bad_pid.reason;
  EXPECT_EQ(bad_pid.column, 29u);
  Matched bad_time = Match(*prefix, "2026-11-35 13:37:06.165 UTC [1] alice@ehr ");
  ASSERT_FALSE(bad_time.ok);
  EXPECT_NE(bad_time.reason.find("%m"), std::string::npos) << bad_time.reason;
  EXPECT_EQ(bad_time.column, 0u);
  Matched no_at = Match(*prefix, "2026-11-25 13:37:06.165 UTC [1] alice ");
  ASSERT_FALSE(no_at.ok);
  EXPECT_EQ(no_at.reason.find("alice"), std::string::npos) << no_at.reason;
  EXPECT_EQ(no_at.column, 32u);
  Matched other_time = Match(*prefix, "2026-11-25T13:37:06Z [1] ");
  ASSERT_FALSE(other_time.ok);
}

}  // namespace
}  // namespace phi
