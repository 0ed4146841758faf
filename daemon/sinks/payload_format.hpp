// The payload a sink writes for each alert record, chosen by name in a sink's configuration:
// the JSON object of the alert log, ArcSight CEF, IBM LEEF 2.0 or an OCSF Detection Finding; for
// a sink of the event stream, the canonical phi-json event, CEF, LEEF or an OCSF API Activity /
// Datastore Activity.
#pragma once

#include <string>
#include <string_view>

#include "daemon/alerts/alert_record.hpp"
#include "daemon/event/event.hpp"

namespace phi {

enum class PayloadFormat { kJson, kCef, kLeef, kOcsf };

// "json", "cef", "leef" or "ocsf"; false (and `out` untouched) for any other name.
bool ParsePayloadFormat(std::string_view name, PayloadFormat& out);
std::string_view PayloadFormatName(PayloadFormat format);

// Appends one record in `format`, without a trailing newline (framing is the sink's).
void AppendPayload(PayloadFormat format, const AlertRecord& record, std::string& out);
// The same for one event (json: the phi-json object with its provenance, timeline_id included).
void AppendEventPayload(PayloadFormat format, const Event& event, std::string& out);

}  // namespace phi
