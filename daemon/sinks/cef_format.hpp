// ArcSight CEF (Common Event Format, version 0) for alert records, one line per record, for SIEMs
// that read CEF (ArcSight, Microsoft Sentinel, Splunk, Elastic). Escaping follows the CEF
// Implementation Standard: \ and | in header fields; \, = and line breaks in extension values.
#pragma once

#include <string>

#include "daemon/alerts/alert_record.hpp"
#include "daemon/event/event.hpp"

namespace phi {

// Appends `CEF:0|phi-auditd|phi-auditd|<version>|<rule id>|<summary>|<severity>|<extension>`
// without a trailing newline. Severity: low 3, medium 5, high 8, critical 10. The extension, in
// this order, leaving out empty values: rt (the change, ms since the epoch), start and end (the
// alert's first and latest event), suser (the alert's user), externalId (alert id), act (the
// change: created, grew, acknowledged...), cnt (count), msg (explanation), cat (tags, joined
// with ","), outcome (resolution), reason (the note given with the change), cs1 alertId,
// cs2 ruleId, cs3 status, cs4 recordPosition (the log position receivers deduplicate by),
// cs5 changedBy, cs6 patients (joined with ","), flexString1 assignee, flexString2 changeText.
void AppendCef(const AlertRecord& record, std::string& out);

// One event of the normalised stream (a sink with `stream: events`):
// `CEF:0|phi-auditd|phi-auditd|<version>|phi-access:<action>|PHI access|<severity>|<extension>`,
// severity 1 (3 for a failed access). The extension, leaving out empty values: rt (the event's
// time, ms), act (action), suser (user), spriv (role), shost (workstation), src (client_ip),
// outcome, cnt (record_count), externalId (the source's event id), msg (statement),
// cs1 patient, cs2 recordType, cs3 department, cs4 source, cn1 timelineId (what receivers
// deduplicate by).
void AppendCefEvent(const Event& event, std::string& out);

}  // namespace phi
