// What every alert sink implements: delivering records of the alert log, in log order, to one
// destination (a file, a syslog receiver, a webhook), or, for a sink configured with
// `stream: events`, the timeline's normalised events in sequence order. A SinkRunner drives each
// sink on a thread of its own, from the sink's own cursor in the timeline, so that ingest and
// detection never wait on a destination; what reaches a sink is already filtered and
// pseudonymised. A sink serves one stream: its positions are alert-log positions or event
// sequence numbers, never both.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/alerts/alert_record.hpp"
#include "daemon/common/status.hpp"
#include "daemon/event/event.hpp"

namespace phi {

class AlertSink {
 public:
  virtual ~AlertSink() = default;

  // Restores what Checkpoint() returned when the cursor was last saved ("" the first time),
  // and opens the destination if that can fail for good (a file that is not ours).
  virtual Status Open(std::string_view /*saved*/) { return Status::Ok(); }

  // Sends `records` in order; `through` is the log position they reach (records filtered out
  // are not passed, so `through` may be past the last record, and `records` may be empty).
  // An error means nothing from this call may be counted as delivered; the runner waits
  // (capped exponential backoff), calls Reset() and sends again from the confirmed position.
  virtual Status Send(const std::vector<AlertRecord>& records, uint64_t through) = 0;

  // The same for the event stream: `events` in sequence order, `through` the sequence number
  // they reach (Event::sequence, the timeline id). Sinks that cannot carry events keep this.
  virtual Status SendEvents(const std::vector<Event>& /*events*/, uint64_t /*through*/) {
    return Status::Invalid("this sink takes alerts only");
  }

  // The position (alert log or event sequence) through which the destination holds everything sent.
  // Sinks that hear back (a file written and synced, an HTTP 2xx) confirm in Send; a syslog stream
  // confirms once TCP has delivered the bytes and the connection stayed up a moment after.
  virtual uint64_t Confirmed() const = 0;

  // Forgets the connection after a failure (the next Send reconnects).
  virtual void Reset() {}
  // Reopens files (SIGHUP, after logrotate); sinks without files ignore it.
  virtual void Reopen() {}

  // Saved with the cursor in the same write (a file's length, for exactly-once files).
  virtual std::string Checkpoint() const { return ""; }
};

}  // namespace phi
