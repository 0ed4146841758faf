#include "daemon/sinks/siem_fields.hpp"

#include "daemon/common/json_writer.hpp"

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

void OpenOcsfMetadata(bool& first, std::string& out) {
  first = true;
  out += '{';
  AppendJsonMember("version", "1.1.0", first, out);
  out += ",\"product\":{";
  bool first_in_product = true;
  AppendJsonMember("name", kSiemProduct, first_in_product, out);
  AppendJsonMember("vendor_name", kSiemVendor, first_in_product, out);
  AppendJsonMember("version", ProductVersion(), first_in_product, out);
  out += '}';
}

}  // namespace phi
