// OCSF 1.1.0 Detection Finding (class_uid 2004) for alert records: one JSON object per record,
// for data lakes and SIEMs that read OCSF (Amazon Security Lake, Splunk, Sentinel). The alert is
// the finding; the record's change is the finding's activity.
#pragma once

#include <string>

#include "daemon/alerts/alert_record.hpp"

namespace phi {

// Appends one JSON object (no trailing newline), always valid UTF-8:
// - activity_id: created 1 Create, resolved 3 Close, grew/acknowledged/assigned/noted/reopened
//   2 Update (anything else 99 Other, named by the change); type_uid = 200400 + activity_id.
// - severity_id: low 2, medium 3, high 4, critical 5. status_id: open 1 New, acknowledged
//   2 In Progress, resolved 4 Resolved, or 3 Suppressed when resolved as false_positive or
//   benign (OCSF's words for that case).
// - time (the change), start_time/end_time (first and latest event), count, message (summary),
//   comment (the note given with the change), all times in ms since the epoch.
// - metadata: version 1.1.0, product, uid and sequence = the record's log position (what a
//   receiver deduplicates by), correlation_uid = the alert id, shared by all its records.
// - finding_info: uid (alert id), title (summary), desc (explanation), types and analytic (the
//   rule), first_seen_time, last_seen_time, created_time on creation, else modified_time.
// - resources: one {type "patient", uid} per patient; evidences: [{actor.user.name = the
//   alert's user, data = the alert's evidence object}].
// - unmapped: change, record, changed_by, change_text, change_note, status, assignee,
//   resolution, tags, event_ids (the names the JSON payload uses).
void AppendOcsfDetectionFinding(const AlertRecord& record, std::string& out);

}  // namespace phi
