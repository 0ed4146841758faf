// Small, allocation-free text formatting for the generator's hot loops: zero-padded numbers, MRNs,
// user and workstation ids, CSV fields, and time stamps cached per second in the layouts we
// write (the calendar arithmetic is phi's: AppendIsoTime, AppendIsoDate).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/common/time_util.hpp"
#include "daemon/demo/demo_vocabulary.hpp"

namespace phi::demo {

void AppendDecimal(uint64_t value, std::string& out);
void AppendZeroPadded(uint64_t value, int width, std::string& out);

void AppendMrn(uint32_t mrn, std::string& out);                                      // MRN0001234
void AppendUserId(uint32_t number, std::string& out);                                // u00042
void AppendWorkstationId(Department department, uint16_t number, std::string& out);  // WS-EMR-014
std::string MrnText(uint32_t mrn);

// RFC 4180: quoted (with quotes doubled) only when it holds a comma, quote, CR or LF.
void AppendCsvField(std::string_view value, std::string& out);

enum class TimeLayout {
  kIso,              // 2026-11-01T08:00:00.123Z
  kPostgres,         // 2026-11-01 08:00:00.123 UTC  (log_line_prefix %m, csvlog log_time)
  kPostgresSeconds,  // 2026-11-01 08:00:00 UTC  (csvlog session_start_time)
  kUsSeconds,        // 11/01/2026 08:00:00          (EHR export ACCESS_TIME, UTC)
};

// Formats time stamps in one layout, reusing the text of the last whole second.
class TimeTextCache {
 public:
  explicit TimeTextCache(TimeLayout layout) : layout_(layout) {}
  void Append(TimeMicros t, std::string& out);

 private:
  TimeLayout layout_;
  int64_t second_ = INT64_MIN;
  std::string seconds_text_;  // everything before the fraction
};

}  // namespace phi::demo
