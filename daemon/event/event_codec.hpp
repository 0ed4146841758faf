// Binary encoding of an Event for timeline values. `EventDetail::kSummary` leaves out the statement
// and the unknown fields: index entries carry a summary so a patient's or a user's history is
// one range scan; the full event lives once, in the events column family. Flags (implausible
// time) follow the fields only when one is set, so events stored before they existed decode with
// none and older readers ignore them.
#pragma once

#include <string>
#include <string_view>

#include "daemon/event/event.hpp"

namespace phi {

enum class EventDetail { kFull, kSummary };

void EncodeEvent(const Event& event, EventDetail detail, std::string& out);
// Returns false on a truncated or unknown encoding.
bool DecodeEvent(std::string_view data, Event& event);

// The summary encoding of a stored full event, cut out of it without decoding it (what the
// index entries hold), and views into `full` of its user and patient. False when `full` is
// not a full encoding. For the chain verifier, which derives every index entry again.
bool SummaryOfFullEvent(std::string_view full, std::string& summary, std::string_view& user,
                        std::string_view& patient);

}  // namespace phi
