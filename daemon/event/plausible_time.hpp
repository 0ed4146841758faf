// Which event times are believable at ingest. A time from before the audited systems existed or
// from the future is a clock fault or a forgery: such events are still stored and shown, but
// flagged (Event::implausible_time) so reviewers and retention do not take the time at its word.
#pragma once

#include "daemon/common/time_util.hpp"
#include "daemon/event/ingest_batch.hpp"

namespace phi {

struct PlausibleTimeRange {
  TimeMicros earliest = 631152000LL * kMicrosPerSecond;  // 1990-01-01T00:00:00Z
  TimeMicros max_ahead = 86400LL * kMicrosPerSecond;     // how far past the wall clock: a day
};

// Sets implausible_time on the batch's events dated before range.earliest or more than
// range.max_ahead after `now` (the wall clock at ingest). Returns how many were flagged.
size_t MarkImplausibleTimes(IngestBatch& batch, TimeMicros now, const PlausibleTimeRange& range);

}  // namespace phi
