// Writes an access report as RFC 4180 CSV for spreadsheets and other tools: a header row, then
// one row per access. Only the rows: the period, subject and integrity travel in the detached
// signature and in the JSON and PDF forms.
#pragma once

#include <string>
#include <string_view>

#include "daemon/reports/access_report.hpp"

namespace phi {

// Columns: time (RFC 3339, UTC), user, user_name, role, department, action, patient,
// patient_name (user-activity reports only), record_type, record_count, workstation, outcome,
// source, explanation, and recipient, purpose for disclosures. Records end with CRLF.
//
// Values come from audit logs, which an attacker may write to, so every text cell is made inert:
// one that a spreadsheet would read as a formula (first character = + - @ TAB or CR) gets a
// leading apostrophe, and bytes that are not well-formed UTF-8 become U+FFFD.
std::string WriteReportCsv(const AccessReport& report);

// Appends one text cell: neutralised as above, then quoted when it holds a comma, a double quote,
// CR or LF (quotes doubled).
void AppendCsvTextCell(std::string_view value, std::string& out);

}  // namespace phi
