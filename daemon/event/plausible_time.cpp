#include "daemon/event/plausible_time.hpp"

#include <cstdint>

namespace phi {

size_t MarkImplausibleTimes(IngestBatch& batch, TimeMicros now, const PlausibleTimeRange& range) {
  const TimeMicros latest = now > INT64_MAX - range.max_ahead ? INT64_MAX : now + range.max_ahead;
  size_t flagged = 0;
  for (size_t i = 0; i < batch.event_count; ++i) {
    Event& e = batch.events[i];
    e.implausible_time = e.ts < range.earliest || e.ts > latest;
    flagged += e.implausible_time ? 1 : 0;
  }
  return flagged;
}

}  // namespace phi
