// The words every report writer shares for a report's kind: the identifier machine-readable
// outputs carry ("patient_access") and the title a reader sees ("Who accessed your health record").
#pragma once

#include <string_view>

#include "daemon/reports/access_report.hpp"

namespace phi {

// "patient_access", "user_activity" or "disclosures".
std::string_view ReportKindId(ReportKind kind);

// The report's title as printed on its first page.
std::string_view ReportTitle(ReportKind kind);

}  // namespace phi
