#include "daemon/sinks/webhook_body.hpp"

#include <cstdio>

#include "daemon/common/json_writer.hpp"
#include "daemon/event/event_json.hpp"

namespace phi {
namespace {

// Epoch seconds with milliseconds ("1700000000.123"), as HEC's "time" field takes them; the
// microseconds are dropped, rounding down.
void AppendEpochSecondsWithMillis(TimeMicros at, std::string& out) {
  constexpr TimeMicros kMicrosPerMilli = 1000;
  TimeMicros millis = at / kMicrosPerMilli;
  if (at % kMicrosPerMilli < 0) --millis;  // floor, for times before 1970
  if (millis < 0) out += '-';
  const unsigned long long magnitude = millis < 0 ? 0ULL - static_cast<unsigned long long>(millis)
                                                  : static_cast<unsigned long long>(millis);
  char text[32];
  std::snprintf(text, sizeof text, "%llu.%03llu", magnitude / 1000, magnitude % 1000);
  out += text;
}

}  // namespace

void AppendWebhookJsonBody(std::span<const AlertRecord> records, std::string& out) {
  out += '[';
  for (size_t i = 0; i < records.size(); ++i) {
    if (i > 0) out += ',';
    AppendAlertRecordJson(records[i], out);
  }
  out += ']';
}

void AppendSplunkHecBody(std::span<const AlertRecord> records, std::string_view host,
                         std::string& out) {
  for (const AlertRecord& record : records) {
    out += "{\"time\":";
    AppendEpochSecondsWithMillis(record.at, out);
    out += ",\"host\":";
    AppendJsonString(host, out);
    out += R"(,"source":"phi-auditd","sourcetype":"phi:alert","event":)";
    AppendAlertRecordJson(record, out);
    out += "}\n";
  }
}

void AppendWebhookJsonBody(std::span<const Event> events, std::string& out) {
  out += '[';
  for (size_t i = 0; i < events.size(); ++i) {
    if (i > 0) out += ',';
    AppendEventJson(events[i], EventJsonOptions{}, out);
  }
  out += ']';
}

void AppendSplunkHecBody(std::span<const Event> events, std::string_view host, std::string& out) {
  for (const Event& event : events) {
    out += "{\"time\":";
    AppendEpochSecondsWithMillis(event.ts, out);
    out += ",\"host\":";
    AppendJsonString(host, out);
    out += R"(,"source":"phi-auditd","sourcetype":"phi:event","event":)";
    AppendEventJson(event, EventJsonOptions{}, out);
    out += "}\n";
  }
}

}  // namespace phi
