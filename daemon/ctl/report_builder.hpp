// Fills an AccessReport from the timeline and the context: every access to one patient's record
// (or every action of one user, or one patient's disclosures) over a period, oldest first, with
// names, roles and departments from the staff list and the reason for each access in words, the
// summaries by person and department, and where the report stands in the hash chain.
#pragma once

#include <string>

#include "daemon/common/status.hpp"
#include "daemon/context/context_snapshot.hpp"
#include "daemon/reports/access_report.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

struct ReportRequest {
  ReportKind kind = ReportKind::kPatientAccess;
  std::string subject;  // MRN, or user id for kUserActivity
  TimeMicros from = INT64_MIN, to = INT64_MAX;
  size_t max_rows = 100'000;  // beyond it the report says it is cut short
};

// True for an event that released information outside the organisation: action `disclose`
// or `release`, or any event that names a `recipient`.
bool IsDisclosure(const Event& event, std::string& recipient, std::string& purpose);

Result<AccessReport> BuildAccessReport(Timeline& timeline, const ContextSnapshot* context,
                                       const ReportRequest& request);

}  // namespace phi
