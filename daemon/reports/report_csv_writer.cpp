#include "daemon/reports/report_csv_writer.hpp"

#include <vector>

#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// `value` with every ill-formed UTF-8 subsequence replaced by U+FFFD.
std::string WellFormed(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size();) {
    size_t ill_formed = 1;
    size_t n = WellFormedUtf8Length(value, i, &ill_formed);
    if (n > 0) {
      out.append(value.data() + i, n);
      i += n;
    } else {
      out += kReplacementCharacter;
      i += ill_formed;
    }
  }
  return out;
}

bool StartsFormula(std::string_view value) {
  if (value.empty()) return false;
  switch (value.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

}  // namespace

void AppendCsvTextCell(std::string_view value, std::string& out) {
  bool ascii = true;
  for (char c : value) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  std::string repaired;
  if (!ascii) repaired = WellFormed(value);
  std::string_view cell = ascii ? value : std::string_view(repaired);

  bool quoted = cell.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quoted) out += '"';
  if (StartsFormula(cell)) out += '\'';
  if (!quoted) {
    out += cell;
    return;
  }
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string WriteReportCsv(const AccessReport& report) {
  const bool user_activity = report.kind == ReportKind::kUserActivity;
  const bool disclosures = report.kind == ReportKind::kDisclosures;

  std::vector<std::string_view> header = {"time",       "user",   "user_name", "role",
                                          "department", "action", "patient"};
  if (user_activity) header.push_back("patient_name");
  for (std::string_view column :
       {"record_type", "record_count", "workstation", "outcome", "source", "explanation"}) {
    header.push_back(column);
  }
  if (disclosures) {
    header.push_back("recipient");
    header.push_back("purpose");
  }

  std::string out;
  out.reserve(256 * (report.rows.size() + 1));
  for (size_t i = 0; i < header.size(); ++i) {
    if (i > 0) out += ',';
    out += header[i];
  }
  out += "\r\n";

  for (const AccessRow& row : report.rows) {
    AppendIsoTime(row.ts, out);
    for (const std::string* text :
         {&row.user, &row.user_name, &row.role, &row.department, &row.action, &row.patient}) {
      out += ',';
      AppendCsvTextCell(*text, out);
    }
    if (user_activity) {
      out += ',';
      AppendCsvTextCell(row.patient_name, out);
    }
    out += ',';
    AppendCsvTextCell(row.record_type, out);
    out += ',';
    out += std::to_string(row.record_count);
    for (const std::string* text :
         {&row.workstation, &row.outcome, &row.source, &row.explanation}) {
      out += ',';
      AppendCsvTextCell(*text, out);
    }
    if (disclosures) {
      out += ',';
      AppendCsvTextCell(row.recipient, out);
      out += ',';
      AppendCsvTextCell(row.purpose, out);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace phi
