#include "collectors/parse/pgaudit_log_fields.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

std::string Iso(std::optional<TimeMicros> t) {
  return t ? FormatIsoTime(*t) : "none";
}

TEST(PgauditLogFields, ParsesTimestampsWithKnownZones) {
  EXPECT_EQ(Iso(ParsePgTimestamp("2023-02-03 20:29:44.139 GMT", 0)), "2023-02-03T20:29:44.139Z");
  EXPECT_EQ(Iso(ParsePgTimestamp("2026-11-25 13:37:07 UTC", 0)), "2026-11-25T13:37:07.000Z");
  EXPECT_EQ(Iso(ParsePgTimestamp("2023-02-03 20:29:44.139 +03", 0)), "2023-02-03T17:29:44.139Z");
  EXPECT_EQ(Iso(ParsePgTimestamp("2023-02-03 20:29:44 -0330", 0)), "2023-02-03T23:59:44.000Z");
}

TEST(PgauditLogFields, OtherZoneAbbreviationsUseTheFallbackOffset) {
  EXPECT_EQ(Iso(ParsePgTimestamp("2021-02-09 09:51:29.164 CST", 8 * 3600)),
            "2021-02-09T01:51:29.164Z");
  EXPECT_EQ(Iso(ParsePgTimestamp("2021-02-09 09:51:29 CET", 3600)), "2021-02-09T08:51:29.000Z");
  EXPECT_EQ(Iso(ParsePgTimestamp("2021-02-09 09:51:29.164 GMT", 8 * 3600)),
            "2021-02-09T09:51:29.164Z");
}

TEST(PgauditLogFields, RejectsWhatIsNotATimestamp) {
  EXPECT_EQ(Iso(ParsePgTimestamp("2021-13-09 09:51:29 UTC", 0)), "none");
  EXPECT_EQ(Iso(ParsePgTimestamp("2021-02-09 09:51:29 C5T", 0)), "none");
  EXPECT_EQ(Iso(ParsePgTimestamp("", 0)), "none");
  EXPECT_EQ(Iso(ParsePgTimestamp("yesterday noon", 0)), "none");
}

TEST(PgauditLogFields, ParsesEpochTimestamps) {
  EXPECT_EQ(Iso(ParsePgEpochTimestamp("1675456184.139")), "2023-02-03T20:29:44.139Z");
  EXPECT_EQ(Iso(ParsePgEpochTimestamp("1675456184")), "2023-02-03T20:29:44.000Z");
  EXPECT_EQ(Iso(ParsePgEpochTimestamp("1675456184.")), "none");
  EXPECT_EQ(Iso(ParsePgEpochTimestamp("x")), "none");
}

TEST(PgauditLogFields, NormalisesClientHosts) {
  EXPECT_EQ(PgClientHost("[local]"), "local");
  EXPECT_EQ(PgClientHost("fe80::1"), "fe80::1");
  EXPECT_EQ(PgClientHostFromConnection("172.22.0.1:56626"), "172.22.0.1");
  EXPECT_EQ(PgClientHostFromConnection("::1:5432"), "::1");
  EXPECT_EQ(PgClientHostFromConnection("[local]"), "local");
  EXPECT_EQ(PgClientHostFromConnection(""), "");
  EXPECT_EQ(PgClientHostFromRemote("10.0.0.5(51234)"), "10.0.0.5");
  EXPECT_EQ(PgClientHostFromRemote("[local]"), "local");
  EXPECT_EQ(PgKnownValue("[unknown]"), "");
  EXPECT_EQ(PgKnownValue("psql"), "psql");
}

}  // namespace
}  // namespace phi
