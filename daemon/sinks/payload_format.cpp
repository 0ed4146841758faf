#include "daemon/sinks/payload_format.hpp"

#include <array>
#include <utility>

#include "daemon/event/event_json.hpp"
#include "daemon/sinks/cef_format.hpp"
#include "daemon/sinks/leef_format.hpp"
#include "daemon/sinks/ocsf_activity_format.hpp"
#include "daemon/sinks/ocsf_format.hpp"

namespace phi {
namespace {

constexpr std::array<std::pair<PayloadFormat, std::string_view>, 4> kFormatNames = {{
    {PayloadFormat::kJson, "json"},
    {PayloadFormat::kCef, "cef"},
    {PayloadFormat::kLeef, "leef"},
    {PayloadFormat::kOcsf, "ocsf"},
}};

}  // namespace

bool ParsePayloadFormat(std::string_view name, PayloadFormat& out) {
  for (const auto& [format, format_name] : kFormatNames) {
    if (format_name == name) {
      out = format;
      return true;
    }
  }
  return false;
}

std::string_view PayloadFormatName(PayloadFormat format) {
  for (const auto& [known, name] : kFormatNames) {
    if (known == format) return name;
  }
  return "json";  // not reached: the table names every format
}

void AppendPayload(PayloadFormat format, const AlertRecord& record, std::string& out) {
  switch (format) {
    case PayloadFormat::kJson:
      AppendAlertRecordJson(record, out);
      return;
    case PayloadFormat::kCef:
      AppendCef(record, out);
      return;
    case PayloadFormat::kLeef:
      AppendLeef(record, out);
      return;
    case PayloadFormat::kOcsf:
      AppendOcsfDetectionFinding(record, out);
      return;
  }
}

void AppendEventPayload(PayloadFormat format, const Event& event, std::string& out) {
  switch (format) {
    case PayloadFormat::kJson:
      AppendEventJson(event, EventJsonOptions{}, out);
      return;
    case PayloadFormat::kCef:
      AppendCefEvent(event, out);
      return;
    case PayloadFormat::kLeef:
      AppendLeefEvent(event, out);
      return;
    case PayloadFormat::kOcsf:
      AppendOcsfActivity(event, out);
      return;
  }
}

}  // namespace phi
