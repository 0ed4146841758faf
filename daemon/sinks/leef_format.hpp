// IBM QRadar LEEF 2.0 (Log Event Extended Format) for alert records, one line per record. LEEF
// has no escape character at all, so text is neutralised instead: the attribute delimiter (^) and
// the header's pipe become look-alike characters, line breaks and other controls a space.
#pragma once

#include <string>

#include "daemon/alerts/alert_record.hpp"
#include "daemon/event/event.hpp"

namespace phi {

// The attribute delimiter, declared in the LEEF 2.0 header. A caret rather than LEEF 1.0's tab:
// syslog relays commonly rewrite a tab (rsyslog's control-character escaping turns it into
// "#011"), a caret crosses them unchanged, and it is the delimiter IBM's own examples use.
inline constexpr char kLeefDelimiter = '^';

// Appends `LEEF:2.0|phi-auditd|phi-auditd|<version>|<rule id>|^|<attributes>` without a trailing
// newline. Attributes, in this order, leaving out empty text: devTime (the change) with
// devTimeFormat, sev (low 3, medium 5, high 8, critical 10), cat (the change: created, grew,
// acknowledged...), usrName (the alert's user), then keys of our own: alertId, severity,
// status, summary, explanation, patients (joined with ","), count, firstSeen, lastSeen,
// recordPosition (the log position receivers deduplicate by), changedBy, assignee, resolution,
// changeText, changeNote, tags (joined with ","). In text, ^ becomes U+FF3E (＾) and | becomes
// U+00A6 (¦); = is kept, since a receiver splits an attribute at its first =. The event id and
// usrName are cut to the 255 characters LEEF allows them.
void AppendLeef(const AlertRecord& record, std::string& out);

// One event of the normalised stream: `LEEF:2.0|phi-auditd|phi-auditd|<version>|phi-access:
// <action>|^|<attributes>`. Attributes, leaving out empty text: devTime (the event's time) with
// devTimeFormat, sev (1, or 3 for a failed access), cat (action), usrName (user), src
// (client_ip), identHostName (workstation), then our own: role, department, patient,
// recordType, recordCount, outcome, eventId (the source's), statement, source, timelineId
// (what receivers deduplicate by). Text is neutralised as for alerts.
void AppendLeefEvent(const Event& event, std::string& out);

}  // namespace phi
