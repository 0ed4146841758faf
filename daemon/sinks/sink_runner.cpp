#include "daemon/sinks/sink_runner.hpp"

#include <algorithm>

#include "daemon/app/loggers.hpp"
#include "daemon/common/binary_codec.hpp"
#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr int64_t kRepeatFailureLogMs = 60'000;  // a sink that keeps failing: one line a minute

std::string CursorKey(const std::string& name) {
  return "sink/" + name;
}

std::string Megabytes(uint64_t bytes) {
  return std::to_string((bytes + (1u << 19)) >> 20) + " MB";
}

}  // namespace

SinkRunner::SinkRunner(SinkRunnerOptions options, std::unique_ptr<AlertSink> sink,
                       Timeline& timeline)
    : options_(std::move(options)),
      sink_(std::move(sink)),
      timeline_(timeline),
      store_(timeline),
      source_(options_.stream == SinkStream::kEvents
                  ? MakeEventStreamSource(timeline, options_.rewrite_event)
                  : MakeAlertLogSource(timeline, options_.filter, options_.rewrite)) {}

SinkRunner::~SinkRunner() {
  Stop();
}

Status SinkRunner::Start() {
  auto saved = timeline_.GetAux(AuxFamily::kMeta, CursorKey(options_.name));
  if (!saved.ok()) return saved.status();
  std::string_view checkpoint;
  if (saved.value() && saved.value()->size() >= 8) {
    cursor_ = GetFixed64BE(saved.value()->data());
    checkpoint = std::string_view(*saved.value()).substr(8);
  } else if (options_.start_at_end) {
    auto last = source_->LastPosition();
    if (!last.ok()) return last.status();
    cursor_ = last.value();
  }
  Status opened = sink_->Open(checkpoint);
  if (!opened.ok()) return opened;
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void SinkRunner::RequestStop() {
  stopping_ = true;
  source_->Wake();
}

void SinkRunner::Stop() {
  if (!thread_.joinable()) return;
  RequestStop();
  thread_.join();
}

Result<uint64_t> SinkRunner::Drain(milliseconds timeout) {
  auto last = source_->LastPosition();
  if (!last.ok()) return last.status();
  std::unique_lock<std::mutex> lock(mu_);
  cursor_moved_.wait_for(lock, timeout, [&] { return cursor_ >= last.value(); });
  return cursor_ >= last.value() ? 0 : last.value() - cursor_;
}

void SinkRunner::WaitFor(milliseconds timeout) {
  // Woken by a new record (events: polled), by Stop(), or by the timeout (retries,
  // confirmations).
  source_->WaitForMore(timeout, stopping_);
}

Result<bool> SinkRunner::SendNext(uint64_t& sent) {
  auto reached = source_->SendAfter(sent, options_.batch_records, *sink_);
  if (!reached.ok()) return reached.status();
  if (reached.value() == sent) {
    // Nothing new, but some sent and not confirmed yet: an empty send lets a stream notice
    // that its connection was lost (the runner then sends them again).
    if (cursor_ < sent) {
      Status probe = source_->SendNothing(sent, *sink_);
      if (!probe.ok()) return probe;
    }
    return false;
  }
  sent = reached.value();
  return true;
}

Status SinkRunner::SaveConfirmed() {
  const uint64_t confirmed = sink_->Confirmed();
  if (confirmed <= cursor_) return Status::Ok();
  std::string value;
  PutFixed64BE(confirmed, value);
  value += sink_->Checkpoint();
  Status s = timeline_.WriteAux({{AuxFamily::kMeta, CursorKey(options_.name), std::move(value)}});
  if (!s.ok()) return s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    cursor_ = confirmed;
  }
  cursor_moved_.notify_all();
  return Status::Ok();
}

void SinkRunner::CheckBacklog() {
  const auto now = steady_clock::now();
  if (now < next_backlog_check_) return;
  next_backlog_check_ = now + milliseconds(options_.backlog_check_ms);
  auto bytes = source_->BacklogBytes(cursor_);
  if (!bytes.ok()) return;
  const uint64_t budget = options_.backlog_budget_bytes;
  if (bytes.value() <= budget) {
    if (bytes.value() < budget / 2) over_budget_ = false;  // a new spell may alert again
    return;
  }
  if (over_budget_) return;
  over_budget_ = true;
  SinkLogger()->error(
      "sink {}: {} of {} wait for delivery, over its budget of {}; nothing is dropped (they "
      "stay in the timeline until the destination takes them), but the destination needs "
      "attention",
      options_.name, Megabytes(bytes.value()), source_->noun(), Megabytes(budget));
  Alert a;
  const TimeMicros at = WallClockNow();
  a.alert_id = "sink-backlog-" + options_.name + "-" + std::to_string(cursor_);
  a.rule_id = "sink_backlog";
  a.severity = Severity::kHigh;
  a.ts = a.last_ts = at;
  a.user = kDetectionActor;
  const std::string noun(source_->noun());
  a.summary = "Sink '" + options_.name + "' is behind: " + Megabytes(bytes.value()) + " of " +
              noun + " wait for delivery, over its budget of " + Megabytes(budget) + ".";
  a.explanation =
      "The destination has not confirmed delivery of the " + noun + " after position " +
      std::to_string(cursor_) +
      ". They are kept in the timeline and sent, in order, as soon as it accepts them again; "
      "nothing is dropped. Check the destination (the daemon's log names the error) or raise "
      "the sink's backlog_budget_mb.";
  bool first = true;
  a.evidence = "{";
  AppendJsonMember("sink", options_.name, first, a.evidence);
  AppendJsonMember("backlog_bytes", static_cast<int64_t>(bytes.value()), first, a.evidence);
  AppendJsonMember("budget_bytes", static_cast<int64_t>(budget), first, a.evidence);
  AppendJsonMember("confirmed_through", static_cast<int64_t>(cursor_), first, a.evidence);
  a.evidence += '}';
  a.tags = {"sink", "delivery"};
  a.last_sequence = 1;
  auto stored = store_.Apply({AlertChange{.alert = std::move(a)}}, nullptr);
  if (!stored.ok())
    SinkLogger()->error("sink {}: cannot store its backlog alert: {}", options_.name,
                        stored.status().message());
}

void SinkRunner::Run() {
  uint64_t sent = std::max<uint64_t>(cursor_, sink_->Confirmed());
  int64_t backoff_ms = 0;
  uint64_t failures = 0;
  auto last_failure_log = steady_clock::time_point{};
  while (!stopping_) {
    if (reopen_.exchange(false)) sink_->Reopen();
    auto sent_some = SendNext(sent);
    if (!sent_some.ok()) {
      ++failures;
      const auto now = steady_clock::now();
      if (failures == 1 || now - last_failure_log >= milliseconds(kRepeatFailureLogMs)) {
        SinkLogger()->warn(
            "sink {}: {} (attempt {}; {} after position {} wait in the timeline and are sent "
            "again)",
            options_.name, sent_some.status().message(), failures, source_->noun(), cursor_.load());
        last_failure_log = now;
      }
      backoff_ms =
          backoff_ms ? std::min(backoff_ms * 2, options_.retry_max_ms) : options_.retry_initial_ms;
      CheckBacklog();
      const auto until = steady_clock::now() + milliseconds(backoff_ms);
      while (!stopping_ && steady_clock::now() < until) WaitFor(milliseconds(backoff_ms));
      sink_->Reset();
      sent = std::max<uint64_t>(cursor_, sink_->Confirmed());
      continue;
    }
    if (failures) {
      SinkLogger()->info("sink {}: delivering again after {} failed attempt(s)", options_.name,
                         failures);
      failures = 0;
      backoff_ms = 0;
    }
    if (Status s = SaveConfirmed(); !s.ok()) {
      const auto now = steady_clock::now();
      if (now - last_failure_log >= milliseconds(kRepeatFailureLogMs)) {
        SinkLogger()->error("sink {}: cannot save its position: {}", options_.name, s.message());
        last_failure_log = now;
      }
      WaitFor(milliseconds(1000));  // the timeline is failing (disk full?): not a busy loop
      continue;
    }
    CheckBacklog();
    if (!sent_some.value()) {
      // Nothing new: wait for a record, or briefly while a stream confirms what it sent.
      WaitFor(milliseconds(cursor_ < sent ? 50 : 1000));
    }
  }
}

}  // namespace phi
