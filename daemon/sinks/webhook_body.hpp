// The bodies a webhook posts, one per batch of alert records. JSON: one JSON array of alert
// record objects (a single well-formed document any JSON parser reads, with the standard
// application/json type; NDJSON would need its own line splitting and has no registered
// type). Splunk HEC: one event envelope per record, newline-separated, as the HTTP Event
// Collector's /services/collector/event endpoint accepts in a batch.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "daemon/alerts/alert_record.hpp"
#include "daemon/event/event.hpp"

namespace phi {

// [<record>,<record>,...]
void AppendWebhookJsonBody(std::span<const AlertRecord> records, std::string& out);

// {"time":<seconds.milliseconds of the change>,"host":<host>,"source":"phi-auditd",
//  "sourcetype":"phi:alert","event":<record>}\n per record.
void AppendSplunkHecBody(std::span<const AlertRecord> records, std::string_view host,
                         std::string& out);

// The same for events (a sink with `stream: events`): each the canonical phi-json event with
// its timeline_id; in HEC, "time" is the event's time and "sourcetype" is "phi:event".
void AppendWebhookJsonBody(std::span<const Event> events, std::string& out);
void AppendSplunkHecBody(std::span<const Event> events, std::string_view host, std::string& out);

}  // namespace phi
