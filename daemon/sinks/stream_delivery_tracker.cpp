#include "daemon/sinks/stream_delivery_tracker.hpp"

#include <algorithm>

namespace phi {

void StreamDeliveryTracker::MarkConfirmed(uint64_t position) {
  confirmed_ = std::max(confirmed_, position);
}

void StreamDeliveryTracker::Sent(uint64_t through, uint64_t stream_bytes) {
  if (pending_.empty() && stream_bytes <= confirmed_stream_bytes_) {
    // Nothing new on the wire (records all filtered out): nothing to wait for.
    MarkConfirmed(through);
    return;
  }
  pending_.push_back({through, stream_bytes, std::nullopt});
}

void StreamDeliveryTracker::Acknowledged(uint64_t acknowledged_bytes, Clock::time_point now) {
  for (PendingSend& send : pending_) {
    if (send.stream_bytes > acknowledged_bytes) break;
    if (!send.acknowledged_at) send.acknowledged_at = now;
  }
  while (!pending_.empty() && pending_.front().acknowledged_at &&
         now - *pending_.front().acknowledged_at >= settle_) {
    MarkConfirmed(pending_.front().through);
    confirmed_stream_bytes_ = pending_.front().stream_bytes;
    pending_.pop_front();
  }
}

void StreamDeliveryTracker::ConnectionLost() {
  pending_.clear();
  confirmed_stream_bytes_ = 0;
}

}  // namespace phi
