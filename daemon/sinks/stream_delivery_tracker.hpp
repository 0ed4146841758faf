// Which alert-log positions a syslog receiver on a TCP or TLS stream can be counted on to hold.
// Plain syslog has no acknowledgement, and bytes written just before the receiver dies are lost,
// so a position counts as confirmed only once the peer's TCP has acknowledged every byte through
// it AND they stayed acknowledged for `settle` with the connection still up (time for the
// receiver to read what its kernel took and store it). The tracker only keeps the books; the sink
// measures (SIOCOUTQ for acknowledged bytes, poll for a closed connection) and feeds it.
// Not thread-safe: one sink thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

namespace phi {

class StreamDeliveryTracker {
 public:
  using Clock = std::chrono::steady_clock;

  explicit StreamDeliveryTracker(Clock::duration settle) : settle_(settle) {}

  // Counts `position` as confirmed: a cursor saved before, or a datagram handed to the network.
  void MarkConfirmed(uint64_t position);

  // A write on the current connection succeeded: everything through `through` is in the first
  // `stream_bytes` bytes the connection carried (a TLS connection counts its records' bytes).
  void Sent(uint64_t through, uint64_t stream_bytes);

  // At `now` the connection is still up and its peer has acknowledged `acknowledged_bytes`.
  void Acknowledged(uint64_t acknowledged_bytes, Clock::time_point now);

  // The connection is gone: what it carried unconfirmed is forgotten, to be sent again.
  void ConnectionLost();

  uint64_t confirmed() const { return confirmed_; }
  size_t unconfirmed_sends() const { return pending_.size(); }

 private:
  struct PendingSend {
    uint64_t through = 0;
    uint64_t stream_bytes = 0;
    std::optional<Clock::time_point> acknowledged_at;
  };

  Clock::duration settle_;
  uint64_t confirmed_ = 0;
  uint64_t confirmed_stream_bytes_ = 0;  // of the current connection
  std::deque<PendingSend> pending_;      // in stream order
};

}  // namespace phi
