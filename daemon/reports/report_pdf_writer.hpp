// Writes an access report as a PDF for a patient or an investigator to read: who accessed the
// record, when, in what role and why; totals by person and by department; and how to check the
// report's integrity. US Letter portrait, DejaVu Sans embedded, pages numbered "Page N of M".
#pragma once

#include <string>

#include "daemon/common/status.hpp"
#include "daemon/common/time_zone.hpp"
#include "daemon/reports/access_report.hpp"

namespace phi {

struct PdfReportOptions {
  // Holds DejaVuSans.ttf and DejaVuSans-Bold.ttf (Debian package fonts-dejavu-core).
  std::string font_dir = "/usr/share/fonts/truetype/dejavu";
  TimeZone time_zone;  // the zone times are printed in (UTC unless set), named on the first page
};

// The PDF's bytes, or why there are none: a font file missing or unusable (the error names it),
// or an error inside libharu. Text from the logs is printed, never interpreted: controls and
// bidirectional overrides appear as escapes, and a value too long for its cell is cut with a note
// of how many characters were left out (the CSV and JSON forms hold every value whole).
Result<std::string> WriteReportPdf(const AccessReport& report,
                                   const PdfReportOptions& options = {});

}  // namespace phi
