// What the SIEM payloads (CEF, LEEF, OCSF) say the same way: the product that sends them, the
// alert's severity on the 0-10 scale CEF and LEEF share, lists as one value, and times in
// milliseconds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/time_util.hpp"
#include "daemon/detection/alert.hpp"

namespace phi {

inline constexpr std::string_view kSiemVendor = "phi-auditd";
inline constexpr std::string_view kSiemProduct = "phi-auditd";

// The version of this build, from project(... VERSION) in CMakeLists.txt.
std::string_view ProductVersion();

// low 3, medium 5, high 8, critical 10: where CEF's and LEEF's scales put the four levels.
int SeverityScore(Severity severity);

// A list (patients, tags) as one value of the line formats: the items joined with ",".
std::string JoinedWithCommas(const std::vector<std::string>& items);

// Milliseconds since the epoch, rounded down (also before 1970).
int64_t MillisSinceEpoch(TimeMicros t);

// Opens an OCSF 1.1 `metadata` object with its version and product; the caller adds its own
// members (`first` is false after this) and closes it.
void OpenOcsfMetadata(bool& first, std::string& out);

}  // namespace phi
