#include "daemon/common/time_util.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace phi {

TimeMicros WallClockNow() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// Reads 1..9 fractional digits at `pos`; returns microseconds and advances `pos`.
int64_t Fraction(std::string_view s, size_t& pos) {
  int64_t micros = 0;
  int digits = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    if (digits < 6) micros = micros * 10 + (s[pos] - '0');
    ++digits;
    ++pos;
  }
  for (int d = digits; d < 6; ++d) micros *= 10;
  return micros;
}

bool ValidDate(int64_t y, int64_t mo, int64_t d) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(mo == 2 && d == 29 && !leap);
}

TimeMicros Compose(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s,
                   int64_t micros, int32_t offset) {
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - offset;
  return secs * kMicrosPerSecond + micros;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int32_t> ParseUtcOffset(std::string_view t) {
  if (t == "Z" || t == "z" || t == "UTC" || t == "GMT" || t == "UT") return 0;
  if (t.size() < 3 || (t[0] != '+' && t[0] != '-')) return std::nullopt;
  int sign = t[0] == '-' ? -1 : 1;
  int64_t h = 0, m = 0;
  if (!Digits(t, 1, 2, h)) return std::nullopt;
  size_t pos = 3;
  if (pos < t.size() && t[pos] == ':') ++pos;
  if (pos < t.size()) {
    if (!Digits(t, pos, 2, m) || pos + 2 != t.size()) return std::nullopt;
  }
  if (h > 23 || m > 59) return std::nullopt;
  return static_cast<int32_t>(sign * (h * 3600 + m * 60));
}

std::optional<TimeMicros> ParseIsoTime(std::string_view s, int32_t default_offset) {
  int64_t y, mo, d, h = 0, mi = 0, sec = 0, micros = 0;
  if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d) || !ValidDate(y, mo, d)) {
    return std::nullopt;
  }
  size_t pos = 10;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!Digits(s, pos, 2, h) || pos + 2 >= s.size() || s[pos + 2] != ':' ||
        !Digits(s, pos + 3, 2, mi)) {
      return std::nullopt;
    }
    pos += 5;
    if (pos < s.size() && s[pos] == ':') {
      if (!Digits(s, pos + 1, 2, sec)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        micros = Fraction(s, pos);
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  }
  int32_t offset = default_offset;
  if (pos < s.size()) {
    std::string_view zone = s.substr(pos);
    if (zone.front() == ' ') zone.remove_prefix(1);
    auto parsed = ParseUtcOffset(zone);
    if (!parsed) return std::nullopt;
    offset = *parsed;
  }
  return Compose(y, mo, d, h, mi, sec, micros, offset);
}

void AppendIsoTime(TimeMicros t, std::string& out) {
  int64_t secs = t >= 0 ? t / kMicrosPerSecond : (t - kMicrosPerSecond + 1) / kMicrosPerSecond;
  int64_t micros = t - secs * kMicrosPerSecond;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t rem = secs - days * 86400;
  // civil_from_days
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2);
  char buf[40];
  int n;
  if (micros % 1000 == 0) {
    n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                      static_cast<long long>(year), month, day, static_cast<long long>(rem / 3600),
                      static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60),
                      static_cast<long long>(micros / 1000));
  } else {
    n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                      static_cast<long long>(year), month, day, static_cast<long long>(rem / 3600),
                      static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60),
                      static_cast<long long>(micros));
  }
  out.append(buf, static_cast<size_t>(n));
}

std::string FormatIsoTime(TimeMicros t) {
  std::string out;
  AppendIsoTime(t, out);
  return out;
}

void AppendIsoDate(int64_t days_since_epoch, std::string& out) {
  const size_t begin = out.size();
  AppendIsoTime(days_since_epoch * 86400 * kMicrosPerSecond, out);
  out.resize(out.find('T', begin));  // keep the date, drop "T00:00:00.000Z"
}

std::optional<TimeFormat> TimeFormat::Compile(std::string_view pattern, std::string* error) {
  static constexpr std::string_view kKnown = "YmdHMSfbyIpzZTe%";
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') continue;
    if (i + 1 >= pattern.size() || kKnown.find(pattern[i + 1]) == std::string_view::npos) {
      if (error) *error = "unsupported conversion in time format '" + std::string(pattern) + "'";
      return std::nullopt;
    }
    ++i;
  }
  TimeFormat f;
  f.pattern_ = std::string(pattern);
  return f;
}

std::optional<TimeMicros> TimeFormat::Parse(std::string_view s, int32_t default_offset) const {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  int64_t y = 1970, mo = 1, d = 1, h = 0, mi = 0, sec = 0, micros = 0;
  int32_t offset = default_offset;
  bool pm = false, has_ampm = false;
  size_t pos = 0;
  auto number = [&](size_t max_digits, int64_t& out) {
    size_t start = pos;
    int64_t v = 0;
    while (pos < s.size() && pos - start < max_digits && s[pos] >= '0' && s[pos] <= '9') {
      v = v * 10 + (s[pos++] - '0');
    }
    out = v;
    return pos > start;
  };
  const std::string& p = pattern_;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] != '%') {
      if (pos >= s.size() || s[pos] != p[i]) return std::nullopt;
      ++pos;
      continue;
    }
    char c = p[++i];
    bool ok = true;
    switch (c) {
      case 'Y':
        ok = number(4, y);
        break;
      case 'y':
        ok = number(2, y);
        y += y < 70 ? 2000 : 1900;
        break;
      case 'm':
        ok = number(2, mo);
        break;
      case 'd':
      case 'e':
        if (pos < s.size() && s[pos] == ' ') ++pos;
        ok = number(2, d);
        break;
      case 'H':
      case 'I':
        ok = number(2, h);
        break;
      case 'M':
        ok = number(2, mi);
        break;
      case 'S':
        ok = number(2, sec);
        break;
      case 'T':
        ok = number(2, h) && pos < s.size() && s[pos++] == ':' && number(2, mi) && pos < s.size() &&
             s[pos++] == ':' && number(2, sec);
        break;
      case 'f': {
        size_t start = pos;
        micros = Fraction(s, pos);
        ok = pos > start;
        break;
      }
      case 'b': {
        ok = false;
        if (pos + 3 <= s.size()) {
          std::string m3;
          for (size_t k = 0; k < 3; ++k) m3 += static_cast<char>(s[pos + k] | 0x20);
          for (size_t k = 0; k < kMonths.size(); ++k) {
            if (kMonths[k] == m3) {
              mo = static_cast<int64_t>(k) + 1;
              ok = true;
            }
          }
          pos += 3;
        }
        break;
      }
      case 'p': {
        has_ampm = true;
        ok = pos + 2 <= s.size();
        if (ok) {
          char a = static_cast<char>(s[pos] | 0x20);
          pm = a == 'p';
          ok = (a == 'a' || a == 'p') && (s[pos + 1] | 0x20) == 'm';
          pos += 2;
        }
        break;
      }
      case 'z':
      case 'Z': {
        size_t start = pos;
        while (pos < s.size() && s[pos] != ' ') ++pos;
        auto parsed = ParseUtcOffset(s.substr(start, pos - start));
        ok = parsed.has_value();
        if (ok) offset = *parsed;
        break;
      }
      case '%':
        ok = pos < s.size() && s[pos++] == '%';
        break;
      default:
        ok = false;
    }
    if (!ok) return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  if (has_ampm) {
    if (h < 1 || h > 12) return std::nullopt;
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (!ValidDate(y, mo, d) || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  return Compose(y, mo, d, h, mi, sec, micros, offset);
}

}  // namespace phi
