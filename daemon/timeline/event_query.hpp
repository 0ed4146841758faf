// A query over the timeline: all events, or one patient's or one user's, within a time range,
// newest or oldest first, a page at a time with an opaque cursor to resume from.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "daemon/common/time_util.hpp"
#include "daemon/event/event.hpp"

namespace phi {

struct EventQuery {
  enum class By { kTime, kPatient, kUser };
  By by = By::kTime;
  std::string key;                 // the MRN or user id for kPatient / kUser
  std::optional<TimeMicros> from;  // inclusive
  std::optional<TimeMicros> to;    // exclusive
  bool newest_first = true;
  size_t limit = 100;
  std::string cursor;  // next_cursor of the previous page; empty for the first page
};

struct EventPage {
  std::vector<Event> events;  // index queries return summaries: no statement, no extra fields
  std::string next_cursor;    // empty when there is nothing more
};

}  // namespace phi
