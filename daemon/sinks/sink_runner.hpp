// Drives one sink on a thread of its own. The stream the sink carries (the alert log, or the
// timeline's events: see SinkSource) plus the sink's cursor (also in the timeline) is the
// sink's durable outbox: the runner reads what follows the cursor, filters and pseudonymises
// it, hands it to the sink, and moves the cursor only as far as the destination has confirmed.
// Delivery is at-least-once and in order; a failed destination is retried with capped
// exponential backoff from the confirmed position, so ingest and detection never wait on it and
// nothing is dropped. When what waits for a sink passes its disk budget, the runner logs an
// error and raises an alert about the sink (alert sinks deliver it); nothing is dropped.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "daemon/alerts/alert_store.hpp"
#include "daemon/sinks/alert_sink.hpp"
#include "daemon/sinks/sink_filter.hpp"
#include "daemon/sinks/sink_source.hpp"

namespace phi {

struct SinkRunnerOptions {
  std::string name;  // unique among sinks: names the cursor
  SinkStream stream = SinkStream::kAlerts;
  bool start_at_end = false;                  // a new sink (no cursor yet) skips the stream's past
  SinkFilter filter;                          // alerts only
  std::function<void(AlertRecord&)> rewrite;  // pseudonymisation; empty: records as stored
  std::function<void(Event&)> rewrite_event;  // the same for events
  size_t batch_records = 500;
  int64_t retry_initial_ms = 500;
  int64_t retry_max_ms = 60'000;
  uint64_t backlog_budget_bytes = 256ull << 20;
  int64_t backlog_check_ms = 5'000;
};

class SinkRunner {
 public:
  SinkRunner(SinkRunnerOptions options, std::unique_ptr<AlertSink> sink, Timeline& timeline);
  ~SinkRunner();
  SinkRunner(const SinkRunner&) = delete;
  SinkRunner& operator=(const SinkRunner&) = delete;

  // Loads the cursor, opens the sink with what it saved, and starts the thread.
  Status Start();
  // Waits up to `timeout` for the sink to confirm everything its stream held when called (every
  // alert record logged, or every event committed, so far); returns how many positions are
  // still waiting (0: drained).
  Result<uint64_t> Drain(std::chrono::milliseconds timeout);
  // Asks the thread to stop after the send in flight; Stop() also waits for it. The cursor stays.
  void RequestStop();
  void Stop();
  // Has the sink reopen its files (SIGHUP), on its thread.
  void RequestReopen() { reopen_ = true; }

  const std::string& name() const { return options_.name; }
  uint64_t cursor() const { return cursor_; }

 private:
  void Run();
  // Sends the next batch after `sent`; false when there was nothing to send.
  Result<bool> SendNext(uint64_t& sent);
  Status SaveConfirmed();
  void CheckBacklog();
  void WaitFor(std::chrono::milliseconds timeout);

  SinkRunnerOptions options_;
  std::unique_ptr<AlertSink> sink_;
  Timeline& timeline_;
  AlertStore store_;  // for the backlog alert
  std::unique_ptr<SinkSource> source_;
  std::atomic<uint64_t> cursor_ = 0;  // confirmed and saved
  std::atomic<bool> stopping_ = false;
  std::atomic<bool> reopen_ = false;
  bool over_budget_ = false;
  std::chrono::steady_clock::time_point next_backlog_check_{};
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cursor_moved_;
};

}  // namespace phi
