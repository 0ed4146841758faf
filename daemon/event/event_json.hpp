// Writes an Event as one `phi-json` object (the canonical JSON-lines shape of PRODUCT.md), with
// provenance members (`source`, `offset`, `timeline_id`) when asked. Empty fields are left out;
// `"implausible_time":true` follows `ts` when the timeline flagged the time.
#pragma once

#include <string>

#include "daemon/event/event.hpp"

namespace phi {

struct EventJsonOptions {
  bool provenance = true;  // source, offset, timeline_id
};

void AppendEventJson(const Event& event, const EventJsonOptions& options, std::string& out);

// The timeline id of an event as users see it: its sequence number in decimal.
std::string TimelineId(const Event& event);

}  // namespace phi
