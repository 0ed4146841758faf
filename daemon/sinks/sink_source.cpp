#include "daemon/sinks/sink_source.hpp"

#include <algorithm>
#include <utility>

namespace phi {
namespace {

class AlertLogSource : public SinkSource {
 public:
  AlertLogSource(Timeline& timeline, SinkFilter filter, std::function<void(AlertRecord&)> rewrite)
      : store_(timeline), filter_(std::move(filter)), rewrite_(std::move(rewrite)) {}

  Result<uint64_t> SendAfter(uint64_t after, size_t limit, AlertSink& sink) override {
    auto records = store_.ReadRecords(after, limit);
    if (!records.ok()) return records.status();
    if (records.value().empty()) return after;
    const uint64_t through = records.value().back().position;
    selected_.clear();
    for (AlertRecord& r : records.value()) {
      if (!filter_.Matches(r)) continue;
      if (rewrite_) rewrite_(r);
      selected_.push_back(std::move(r));
    }
    if (Status s = sink.Send(selected_, through); !s.ok()) return s;
    return through;
  }
  Status SendNothing(uint64_t through, AlertSink& sink) override { return sink.Send({}, through); }
  Result<uint64_t> LastPosition() const override { return store_.LastPosition(); }
  Result<uint64_t> BacklogBytes(uint64_t position) const override {
    return store_.ApproximateBytesAfter(position);
  }
  void WaitForMore(std::chrono::milliseconds timeout, const std::atomic<bool>& stop) override {
    AlertStore::WaitForAppend(timeout, stop);
  }
  void Wake() override { AlertStore::WakeWaiters(); }
  std::string_view noun() const override { return "alert records"; }

 private:
  AlertStore store_;
  SinkFilter filter_;
  std::function<void(AlertRecord&)> rewrite_;
  std::vector<AlertRecord> selected_;
};

class EventStreamSource : public SinkSource {
 public:
  EventStreamSource(Timeline& timeline, std::function<void(Event&)> rewrite)
      : timeline_(timeline), rewrite_(std::move(rewrite)) {}

  Result<uint64_t> SendAfter(uint64_t after, size_t limit, AlertSink& sink) override {
    if (Status s = timeline_.ReadEventsAfter(after, limit, events_); !s.ok()) return s;
    if (events_.empty()) return after;
    const uint64_t through = events_.back().sequence;
    if (rewrite_) {
      for (Event& e : events_) rewrite_(e);
    }
    if (Status s = sink.SendEvents(events_, through); !s.ok()) return s;
    return through;
  }
  Status SendNothing(uint64_t through, AlertSink& sink) override {
    return sink.SendEvents({}, through);
  }
  Result<uint64_t> LastPosition() const override { return timeline_.last_sequence(); }
  Result<uint64_t> BacklogBytes(uint64_t position) const override {
    const uint64_t last = timeline_.last_sequence();
    return last > position ? (last - position) * kEventBacklogBytesEstimate : 0;
  }
  void WaitForMore(std::chrono::milliseconds timeout, const std::atomic<bool>& stop) override {
    // Stop() wakes the alert waiters too, so a stopping runner does not sit out the interval.
    AlertStore::WaitForAppend(std::min(timeout, kEventPollInterval), stop);
  }
  void Wake() override { AlertStore::WakeWaiters(); }
  std::string_view noun() const override { return "events"; }

 private:
  Timeline& timeline_;
  std::function<void(Event&)> rewrite_;
  std::vector<Event> events_;  // reused per batch
};

}  // namespace

std::unique_ptr<SinkSource> MakeAlertLogSource(Timeline& timeline, SinkFilter filter,
                                               std::function<void(AlertRecord&)> rewrite) {
  return std::make_unique<AlertLogSource>(timeline, std::move(filter), std::move(rewrite));
}

std::unique_ptr<SinkSource> MakeEventStreamSource(Timeline& timeline,
                                                  std::function<void(Event&)> rewrite) {
  return std::make_unique<EventStreamSource>(timeline, std::move(rewrite));
}

}  // namespace phi
