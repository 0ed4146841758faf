#include "daemon/reports/report_json_writer.hpp"

#include "daemon/common/json_writer.hpp"
#include "daemon/reports/report_labels.hpp"

namespace phi {
namespace {

void AppendTimeMember(std::string_view key, TimeMicros t, bool& first, std::string& out) {
  AppendJsonMember(key, FormatIsoTime(t), first, out);
}

// Appends `"key":` with a leading comma unless `first` is set; the value follows.
void AppendKey(std::string_view key, bool& first, std::string& out) {
  if (!first) out += ',';
  first = false;
  AppendJsonString(key, out);
  out += ':';
}

void AppendRawMember(std::string_view key, std::string_view json, bool& first, std::string& out) {
  AppendKey(key, first, out);
  out += json;
}

void AppendIntegrity(const ReportIntegrity& integrity, std::string& out) {
  bool first = true;
  out += '{';
  AppendRawMember("chain_link", std::to_string(integrity.chain_link), first, out);
  AppendJsonMember("chain_hash", integrity.chain_hash_hex, first, out);
  AppendJsonMember("key_fingerprint", integrity.key_fingerprint_hex, first, out);
  AppendRawMember("chain_verified", integrity.chain_verified ? "true" : "false", first, out);
  out += '}';
}

void AppendAccess(const AccessRow& row, ReportKind kind, std::string& out) {
  bool first = true;
  out += '{';
  AppendTimeMember("time", row.ts, first, out);
  AppendRawMember("sequence", std::to_string(row.sequence), first, out);
  AppendJsonMember("user", row.user, first, out);
  AppendJsonMember("user_name", row.user_name, first, out);
  AppendJsonMember("role", row.role, first, out);
  AppendJsonMember("department", row.department, first, out);
  AppendJsonMember("action", row.action, first, out);
  AppendJsonMember("patient", row.patient, first, out);
  if (kind == ReportKind::kUserActivity) {
    AppendJsonMember("patient_name", row.patient_name, first, out);
  }
  AppendJsonMember("record_type", row.record_type, first, out);
  AppendJsonMember("record_count", row.record_count, first, out);
  AppendJsonMember("workstation", row.workstation, first, out);
  AppendJsonMember("outcome", row.outcome, first, out);
  AppendJsonMember("source", row.source, first, out);
  AppendJsonMember("explanation", row.explanation, first, out);
  if (kind == ReportKind::kDisclosures) {
    AppendJsonMember("recipient", row.recipient, first, out);
    AppendJsonMember("purpose", row.purpose, first, out);
  }
  out += '}';
}

void AppendUserSummary(const AccessSummaryRow& row, std::string& out) {
  bool first = true;
  out += '{';
  AppendJsonMember("user", row.key, first, out);
  AppendJsonMember("name", row.name, first, out);
  AppendJsonMember("role", row.role, first, out);
  AppendJsonMember("department", row.department, first, out);
  AppendRawMember("accesses", std::to_string(row.accesses), first, out);
  AppendTimeMember("first", row.first, first, out);
  AppendTimeMember("last", row.last, first, out);
  out += '}';
}

void AppendDepartmentSummary(const AccessSummaryRow& row, std::string& out) {
  bool first = true;
  out += '{';
  AppendJsonMember("department", row.key, first, out);
  AppendRawMember("accesses", std::to_string(row.accesses), first, out);
  AppendTimeMember("first", row.first, first, out);
  AppendTimeMember("last", row.last, first, out);
  out += '}';
}

template <typename Row, typename AppendRow>
void AppendArray(const std::vector<Row>& rows, AppendRow append_row, std::string& out) {
  out += '[';
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out += ',';
    append_row(rows[i], out);
  }
  out += ']';
}

}  // namespace

std::string WriteReportJson(const AccessReport& report) {
  std::string out;
  out.reserve(512 + 400 * report.rows.size());
  bool first = true;
  out += '{';
  AppendJsonMember("kind", ReportKindId(report.kind), first, out);
  AppendJsonMember("organisation", report.organisation, first, out);
  AppendJsonMember("subject", report.subject, first, out);
  AppendJsonMember("subject_name", report.subject_name, first, out);
  AppendTimeMember("from", report.from, first, out);
  AppendTimeMember("to", report.to, first, out);
  AppendTimeMember("generated_at", report.generated_at, first, out);
  AppendJsonMember("generated_by", report.generated_by, first, out);
  AppendKey("integrity", first, out);
  AppendIntegrity(report.integrity, out);
  AppendRawMember("truncated", report.truncated ? "true" : "false", first, out);

  AppendKey("accesses", first, out);
  AppendArray(
      report.rows, [&](const AccessRow& row, std::string& o) { AppendAccess(row, report.kind, o); },
      out);
  AppendKey("by_user", first, out);
  AppendArray(report.by_user, AppendUserSummary, out);
  AppendKey("by_department", first, out);
  AppendArray(report.by_department, AppendDepartmentSummary, out);
  out += "}";
  return out;
}

}  // namespace phi
