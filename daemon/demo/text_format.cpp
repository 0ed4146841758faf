// Text formatting helpers for the generator (see text_format.hpp).
#include "daemon/demo/text_format.hpp"

namespace phi::demo {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : (a - b + 1) / b;
}

}  // namespace

void AppendDecimal(uint64_t value, std::string& out) {
  AppendZeroPadded(value, 1, out);
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

void AppendWorkstationId(Department department, uint16_t number, std::string& out) {
  out += "WS-";
  out += DepartmentCode(department);
  out += '-';
  AppendZeroPadded(number, 3, out);
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

void TimeTextCache::Append(TimeMicros t, std::string& out) {
  int64_t second = FloorDiv(t, kMicrosPerSecond);
  if (second != second_) {
    second_ = second;
    // phi's RFC 3339 text of the whole second, "2026-11-01T08:00:00.000Z", laid out again.
    std::string& s = seconds_text_;
    s.clear();
    AppendIsoTime(second * kMicrosPerSecond, s);
    s.resize(s.size() - 5);  // without ".000Z": the fraction and zone are per layout, below
    const size_t date_end = s.find('T');
    if (layout_ == TimeLayout::kUsSeconds) {  // YYYY-MM-DD -> MM/DD/YYYY, the same length
      const std::string year = s.substr(0, date_end - 6);
      s.replace(0, date_end,
                s.substr(date_end - 5, 2) + '/' + s.substr(date_end - 2, 2) + '/' + year);
    }
    if (layout_ != TimeLayout::kIso) s[date_end] = ' ';
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
