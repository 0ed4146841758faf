// Writes an access report as one JSON object for other programs: the report's header, its
// integrity, every access and both summaries. Always valid UTF-8, whatever the logs held.
#pragma once

#include <string>

#include "daemon/reports/access_report.hpp"

namespace phi {

// {"kind", "organisation", "subject", "subject_name", "from", "to", "generated_at",
//  "generated_by", "integrity": {"chain_link", "chain_hash", "key_fingerprint",
//  "chain_verified"}, "truncated", "accesses": [...], "by_user": [...], "by_department": [...]}
// Times are RFC 3339 strings in UTC. Each access holds time, sequence, user, user_name, role,
// department, action, patient, record_type, record_count, workstation, outcome, source and
// explanation; user-activity reports add patient_name, disclosures add recipient and purpose.
// A by_user entry holds user, name, role, department, accesses, first, last; a by_department
// entry holds department, accesses, first, last.
std::string WriteReportJson(const AccessReport& report);

}  // namespace phi
