// Time stamps as microseconds since the Unix epoch (UTC), and the conversions every parser and
// query needs: RFC 3339 in and out, civil date arithmetic, strptime-like formats with an offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace phi {

using TimeMicros = int64_t;  // microseconds since 1970-01-01T00:00:00Z

constexpr TimeMicros kMicrosPerSecond = 1'000'000;

// The wall clock now.
TimeMicros WallClockNow();

// Days since the epoch for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

// Parses RFC 3339 / ISO 8601: "2024-03-01T12:00:00Z", "2024-03-01 12:00:00.123+01:00",
// "2024-03-01" (midnight). Without a zone the time is taken as UTC plus `default_offset_seconds`.
std::optional<TimeMicros> ParseIsoTime(std::string_view text, int32_t default_offset_seconds = 0);

// Parses a UTC offset: "Z", "UTC", "GMT", "+01", "+0100", "+01:00", "-05:30". Seconds east of UTC.
std::optional<int32_t> ParseUtcOffset(std::string_view text);

// Formats as RFC 3339 in UTC with milliseconds, or microseconds when they are not whole ms.
std::string FormatIsoTime(TimeMicros t);
void AppendIsoTime(TimeMicros t, std::string& out);

// Formats a day number (days since 1970-01-01) as an RFC 3339 full-date: "2026-11-01".
void AppendIsoDate(int64_t days_since_epoch, std::string& out);

// A time format in strftime notation (%Y %m %d %H %M %S %f %b %y %p %I %z %Z, literals), compiled
// once and applied per field. %f accepts 1 to 9 fractional digits.
class TimeFormat {
 public:
  static std::optional<TimeFormat> Compile(std::string_view pattern, std::string* error);
  std::optional<TimeMicros> Parse(std::string_view text, int32_t default_offset_seconds) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
};

}  // namespace phi
