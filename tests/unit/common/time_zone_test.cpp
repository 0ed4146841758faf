#include "daemon/common/time_zone.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

TEST(TimeZone, UtcAndFixedOffsets) {
  TimeZone utc;
  EXPECT_EQ(utc.OffsetAt(0), 0);
  auto india = TimeZone::Load("+05:30");
  ASSERT_TRUE(india.ok());
  EXPECT_EQ(india->OffsetAt(0), 5 * 3600 + 1800);
}

TEST(TimeZone, IanaZoneFollowsDaylightSaving) {
  auto ny = TimeZone::Load("America/New_York");
  ASSERT_TRUE(ny.ok()) << ny.status().message();
  EXPECT_EQ(ny->OffsetAt(*ParseIsoTime("2026-01-15T12:00:00Z")), -5 * 3600);
  EXPECT_EQ(ny->OffsetAt(*ParseIsoTime("2026-07-15T12:00:00Z")), -4 * 3600);
  // DST starts 2026-03-08 at 07:00 UTC (02:00 EST).
  EXPECT_EQ(ny->OffsetAt(*ParseIsoTime("2026-03-08T06:59:59Z")), -5 * 3600);
  EXPECT_EQ(ny->OffsetAt(*ParseIsoTime("2026-03-08T07:00:00Z")), -4 * 3600);
  auto berlin = TimeZone::Load("Europe/Berlin");
  ASSERT_TRUE(berlin.ok());
  EXPECT_EQ(berlin->OffsetAt(*ParseIsoTime("2026-07-01T00:00:00Z")), 2 * 3600);
}

TEST(TimeZone, UnknownZonesAreClearErrors) {
  auto bad = TimeZone::Load("Mars/Olympus_Mons");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("Mars/Olympus_Mons"), std::string::npos);
  EXPECT_FALSE(TimeZone::Load("../../etc/passwd").ok());
}

}  // namespace
}  // namespace phi
