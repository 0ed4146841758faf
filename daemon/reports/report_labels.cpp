#include "daemon/reports/report_labels.hpp"

namespace phi {

std::string_view ReportKindId(ReportKind kind) {
  switch (kind) {
    case ReportKind::kPatientAccess:
      return "patient_access";
    case ReportKind::kUserActivity:
      return "user_activity";
    case ReportKind::kDisclosures:
      return "disclosures";
  }
  return "unknown";
}

std::string_view ReportTitle(ReportKind kind) {
  switch (kind) {
    case ReportKind::kPatientAccess:
      return "Who accessed your health record";
    case ReportKind::kUserActivity:
      return "User activity report";
    case ReportKind::kDisclosures:
      return "Accounting of disclosures";
  }
  return "Access report";
}

}  // namespace phi
