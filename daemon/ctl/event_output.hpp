// Renders query results for phi-auditctl: an aligned table for people, phi-json lines for
// programs, CSV for spreadsheets (compliance officers' access reports).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "daemon/event/event.hpp"

namespace phi {

enum class OutputFormat { kTable, kJson, kCsv };

bool ParseOutputFormat(const std::string& name, OutputFormat& format);
void WriteEvents(const std::vector<Event>& events, OutputFormat format, bool header,
                 std::ostream& out);

}  // namespace phi
