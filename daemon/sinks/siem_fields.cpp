#include "daemon/sinks/siem_fields.hpp"

#ifndef PHI_VERSION
#error "PHI_VERSION comes from CMakeLists.txt (set_source_files_properties on this file)"
#endif

namespace phi {

std::string_view ProductVersion() {
  return PHI_VERSION;
}

int SeverityScore(Severity severity) {
  switch (severity) {
    case Severity::kLow:
      return 3;
    case Severity::kMedium:
      return 5;
    case Severity::kHigh:
      return 8;
    case Severity::kCritical:
      return 10;
  }
  return 5;  // not reached: the switch names every level
}

std::string JoinedWithCommas(const std::vector<std::string>& items) {
  std::string joined;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) joined += ',';
    joined += items[i];
  }
  return joined;
}

int64_t MillisSinceEpoch(TimeMicros t) {
  return t >= 0 ? t / 1000 : (t - 999) / 1000;
}

}  // namespace phi
