// Where a SinkRunner reads what it delivers, by position: the alert log (positions are
// AlertRecord::position) or the timeline's normalised events (positions are Event::sequence,
// the timeline id). The runner owns the cursor, retries, backlog and drain; a source knows
// only how to read its stream after a position, prepare it (filter, pseudonymise) and hand it
// to the sink's matching Send, how far the stream reaches, and how to wait for more.
// Not thread-safe: used from the runner's thread, except LastPosition (any thread).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

#include "daemon/alerts/alert_store.hpp"
#include "daemon/sinks/alert_sink.hpp"
#include "daemon/sinks/sink_filter.hpp"

namespace phi {

enum class SinkStream { kAlerts, kEvents };

class SinkSource {
 public:
  virtual ~SinkSource() = default;

  // Reads up to `limit` items after `after` and sends those that pass to `sink`; returns the
  // position reached, or `after` itself when there was nothing new (nothing was sent).
  virtual Result<uint64_t> SendAfter(uint64_t after, size_t limit, AlertSink& sink) = 0;
  // Sends nothing through `through`: lets a stream notice a lost connection (see AlertSink).
  virtual Status SendNothing(uint64_t through, AlertSink& sink) = 0;
  // The newest position in the stream (0: none yet): what Drain waits for.
  virtual Result<uint64_t> LastPosition() const = 0;
  // About how many bytes of the stream lie after `position` (the sink's backlog).
  virtual Result<uint64_t> BacklogBytes(uint64_t position) const = 0;
  // Returns when more may have arrived, `stop` is set (then Wake()), or after `timeout`.
  virtual void WaitForMore(std::chrono::milliseconds timeout, const std::atomic<bool>& stop) = 0;
  virtual void Wake() = 0;
  // "alert records" or "events", for messages.
  virtual std::string_view noun() const = 0;
};

// The alert log, filtered by `filter` and rewritten by `rewrite` (when set). Woken at once by
// every append in this process.
std::unique_ptr<SinkSource> MakeAlertLogSource(Timeline& timeline, SinkFilter filter,
                                               std::function<void(AlertRecord&)> rewrite);

// The timeline's events, rewritten by `rewrite` (when set). Events arrive with the pipeline's
// commits, which signal nothing: WaitForMore polls, returning within kEventPollInterval (or on
// an alert append, which often follows a commit). The backlog is the sequence lag (events
// committed after the cursor) times kEventBacklogBytesEstimate: events are keyed by time, so
// the bytes after a sequence number cannot be measured directly.
inline constexpr std::chrono::milliseconds kEventPollInterval{100};
inline constexpr uint64_t kEventBacklogBytesEstimate = 512;  // an event, its indexes, on disk
std::unique_ptr<SinkSource> MakeEventStreamSource(Timeline& timeline,
                                                  std::function<void(Event&)> rewrite);

}  // namespace phi
