#include "daemon/common/time_util.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

TEST(TimeUtil, ParsesRfc3339WithZoneAndFraction) {
  auto t = ParseIsoTime("2024-03-01T12:00:00.250+01:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatIsoTime(*t), "2024-03-01T11:00:00.250Z");
}

TEST(TimeUtil, ParsesPostgresStyleWithZoneName) {
  auto t = ParseIsoTime("2023-02-03 20:29:44.139 GMT");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatIsoTime(*t), "2023-02-03T20:29:44.139Z");
}

TEST(TimeUtil, DateOnlyIsMidnightAndDefaultOffsetApplies) {
  EXPECT_EQ(FormatIsoTime(*ParseIsoTime("2024-02-29")), "2024-02-29T00:00:00.000Z");
  EXPECT_EQ(FormatIsoTime(*ParseIsoTime("2024-02-29 08:00:00", 8 * 3600)),
            "2024-02-29T00:00:00.000Z");
}

TEST(TimeUtil, RejectsInvalidDates) {
  EXPECT_FALSE(ParseIsoTime("2023-02-29T00:00:00Z").has_value());
  EXPECT_FALSE(ParseIsoTime("2023-13-01").has_value());
  EXPECT_FALSE(ParseIsoTime("2023-01-01T25:00:00Z").has_value());
  EXPECT_FALSE(ParseIsoTime("2023-01-01T10:00:00 CST").has_value());
  EXPECT_FALSE(ParseIsoTime("yesterday").has_value());
}

TEST(TimeUtil, FormatsMicrosecondsAndNegativeTimes) {
  EXPECT_EQ(FormatIsoTime(1), "1970-01-01T00:00:00.000001Z");
  EXPECT_EQ(FormatIsoTime(-kMicrosPerSecond), "1969-12-31T23:59:59.000Z");
}

TEST(TimeFormat, ParsesCustomFormats) {
  std::string error;
  auto f = TimeFormat::Compile("%m/%d/%Y %I:%M:%S %p", &error);
  ASSERT_TRUE(f.has_value()) << error;
  auto t = f->Parse("03/01/2024 01:05:09 PM", 0);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatIsoTime(*t), "2024-03-01T13:05:09.000Z");
  EXPECT_FALSE(f->Parse("03/01/2024 13:05:09 PM", 0).has_value());
  auto maria = TimeFormat::Compile("%Y%m%d %H:%M:%S", &error);
  ASSERT_TRUE(maria.has_value());
  EXPECT_EQ(FormatIsoTime(*maria->Parse("20201130 23:07:48", 3600)), "2020-11-30T22:07:48.000Z");
  EXPECT_FALSE(TimeFormat::Compile("%Q", &error).has_value());
  EXPECT_NE(error.find("%Q"), std::string::npos);
}

}  // namespace
}  // namespace phi
