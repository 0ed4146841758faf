// Text formatting helpers for the generator (see text_format.hpp).
#include "daemon/demo/text_format.hpp"

namespace phi::demo {
namespace {

struct CivilDate {
  int64_t year;
  unsigned month;
  unsigned day;
};

// Howard Hinnant's civil_from_days.
CivilDate CivilFromDays(int64_t days) {
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (month <= 2), month, day};
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : (a - b + 1) / b;
}

}  // namespace

void AppendDecimal(uint64_t value, std::string& out) {
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) out += buf[--n];
}

void AppendZeroPadded(uint64_t value, int width, std::string& out) {
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (int i = n; i < width; ++i) out += '0';
  while (n > 0) out += buf[--n];
}

void AppendMrn(uint32_t mrn, std::string& out) {
  out += "MRN";
  AppendZeroPadded(mrn, 7, out);
}

void AppendUserId(uint32_t number, std::string& out) {
  out += 'u';
  AppendZeroPadded(number, 5, out);
}

std::string MrnText(uint32_t mrn) {
  std::string out;
  AppendMrn(mrn, out);
  return out;
}

void AppendCsvField(std::string_view value, std::string& out) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void AppendIsoDate(int64_t days_since_epoch, std::string& out) {
  CivilDate d = CivilFromDays(days_since_epoch);
  AppendZeroPadded(static_cast<uint64_t>(d.year), 4, out);
  out += '-';
  AppendZeroPadded(d.month, 2, out);
  out += '-';
  AppendZeroPadded(d.day, 2, out);
}

void TimeTextCache::Append(TimeMicros t, std::string& out) {
  int64_t second = FloorDiv(t, kMicrosPerSecond);
  if (second != second_) {
    second_ = second;
    int64_t days = FloorDiv(second, 86400);
    int64_t rem = second - days * 86400;
    CivilDate d = CivilFromDays(days);
    std::string& s = seconds_text_;
    s.clear();
    if (layout_ == TimeLayout::kUsSeconds) {
      AppendZeroPadded(d.month, 2, s);
      s += '/';
      AppendZeroPadded(d.day, 2, s);
      s += '/';
      AppendZeroPadded(static_cast<uint64_t>(d.year), 4, s);
    } else {
      AppendZeroPadded(static_cast<uint64_t>(d.year), 4, s);
      s += '-';
      AppendZeroPadded(d.month, 2, s);
      s += '-';
      AppendZeroPadded(d.day, 2, s);
    }
    s += layout_ == TimeLayout::kIso ? 'T' : ' ';
    AppendZeroPadded(static_cast<uint64_t>(rem / 3600), 2, s);
    s += ':';
    AppendZeroPadded(static_cast<uint64_t>(rem / 60 % 60), 2, s);
    s += ':';
    AppendZeroPadded(static_cast<uint64_t>(rem % 60), 2, s);
  }
  out += seconds_text_;
  uint64_t millis = static_cast<uint64_t>((t - second * kMicrosPerSecond) / 1000);
  switch (layout_) {
    case TimeLayout::kIso:
      out += '.';
      AppendZeroPadded(millis, 3, out);
      out += 'Z';
      break;
    case TimeLayout::kPostgres:
      out += '.';
      AppendZeroPadded(millis, 3, out);
      out += " UTC";
      break;
    case TimeLayout::kPostgresSeconds:
      out += " UTC";
      break;
    case TimeLayout::kUsSeconds:
      break;
  }
}

}  // namespace phi::demo
