// The payload a sink writes for each alert record, chosen by name in a sink's configuration:
// the JSON object of the alert log, ArcSight CEF, IBM LEEF 2.0 or an OCSF Detection Finding.
#pragma once

#include <string>
#include <string_view>

#include "daemon/alerts/alert_record.hpp"

namespace phi {

enum class PayloadFormat { kJson, kCef, kLeef, kOcsf };

// "json", "cef", "leef" or "ocsf"; false (and `out` untouched) for any other name.
bool ParsePayloadFormat(std::string_view name, PayloadFormat& out);
std::string_view PayloadFormatName(PayloadFormat format);

// Appends one record in `format`, without a trailing newline (framing is the sink's).
void AppendPayload(PayloadFormat format, const AlertRecord& record, std::string& out);

}  // namespace phi
