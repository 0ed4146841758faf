// Made-up access reports for the report writers' tests: fictional people at a fictional
// hospital, a few named rows and as many generated ones as a test asks for.
#pragma once

#include <string>

#include "daemon/reports/access_report.hpp"

namespace phi::testing {

constexpr TimeMicros kReportFrom = 1'743'465'600'000'000;  // 2025-04-01T00:00:00Z
constexpr TimeMicros kReportTo = 1'775'001'600'000'000;    // 2026-04-01T00:00:00Z

inline AccessRow SampleRow(size_t i) {
  static const char* const kNames[][4] = {
      {"dwhitfield", "Dana Whitfield", "Physician", "Cardiology"},
      {"zangstrom", "Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m", "Registered Nurse", "Cardiology"},
      {"tnguyen", "Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B Lan", "Pharmacist", "Pharmacy"},
      {"mokafor", "Marcus Okafor", "Billing Specialist", "Patient Financial Services"},
  };
  static const char* const kActions[] = {"view", "update", "print", "export"};
  const auto& who = kNames[i % 4];
  AccessRow row;
  row.ts = kReportFrom + static_cast<TimeMicros>(i) * 3'600 * kMicrosPerSecond + 7'000'000;
  row.sequence = 1000 + i;
  row.user = who[0];
  row.user_name = who[1];
  row.role = who[2];
  row.department = who[3];
  row.action = kActions[i % 4];
  row.patient = "00123456";
  row.record_type = i % 3 == 0 ? "medication list" : "progress note";
  row.record_count = i % 4 == 2 ? 3 : 1;
  row.workstation = "CARD-WS-" + std::to_string(10 + i % 7);
  row.outcome = "success";
  row.source = "epic-access-log";
  row.explanation = i % 4 == 3 ? "No care relationship on record."
                               : "Treating clinician: attending for the patient's stay in "
                                 "Cardiology (admitted 2025-04-02).";
  return row;
}

inline AccessReport SampleReport(ReportKind kind, size_t rows) {
  AccessReport report;
  report.kind = kind;
  report.organisation = "Riverside General Hospital";
  report.subject = kind == ReportKind::kUserActivity ? "dwhitfield" : "00123456";
  report.subject_name =
      kind == ReportKind::kUserActivity ? "Dana Whitfield" : "Amelia Fictional-Smith";
  report.from = kReportFrom;
  report.to = kReportTo;
  report.generated_at = kReportTo + 3'600 * kMicrosPerSecond;
  report.generated_by = "privacy-officer";
  for (size_t i = 0; i < rows; ++i) {
    report.rows.push_back(SampleRow(i));
    if (kind == ReportKind::kUserActivity) report.rows.back().patient_name = "Amelia Fictional";
    if (kind == ReportKind::kDisclosures) {
      report.rows.back().recipient = "Lakeside Insurance Co.";
      report.rows.back().purpose = "payment";
    }
  }
  for (size_t i = 0; i < 4 && i < rows; ++i) {
    const AccessRow& row = report.rows[i];
    report.by_user.push_back({row.user, row.user_name, row.role, row.department, (rows + 3 - i) / 4,
                              row.ts, report.rows[rows - 1].ts});
  }
  report.by_department.push_back({"Cardiology", "", "", "", rows / 2, kReportFrom, kReportTo});
  report.integrity.chain_link = 48213;
  report.integrity.chain_hash_hex = std::string(32, 'a') + std::string(32, '7');
  report.integrity.key_fingerprint_hex = "3f9c" + std::string(60, '0');
  report.integrity.chain_verified = true;
  return report;
}

}  // namespace phi::testing
