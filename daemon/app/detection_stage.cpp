#include "daemon/app/detection_stage.hpp"

#include <fstream>
#include <sstream>

#include <algorithm>
#include <chrono>

#include "daemon/app/loggers.hpp"
#include "daemon/detection/rule_loader.hpp"
#include "daemon/integrity/sha256.hpp"

namespace phi {
namespace {

constexpr size_t kReplayBatch = 10'000;
// Events stamped further in the future than this are stored but not evaluated: one bad clock
// would otherwise move every window, suppression and baseline past the present.
constexpr TimeMicros kFutureTolerance = 24LL * 3600 * kMicrosPerSecond;
// A local file has no outage to wait out: at stop and at the end of --once it gets this long.
constexpr int64_t kFileDrainTimeoutMs = 20'000;  // within systemd's TimeoutStopSec (30 s)

// Loads and reloads are news; anything else from the context store needs attention.
// Logs the context store's messages; its loads and reloads (counts, no PHI) also go into the
// hash chain, so the trail says which context explained the accesses from then on.
void LogContextMessages(ContextStore& context, Timeline& timeline) {
  for (const auto& m : context.TakeMessages()) {
    DetectionLogger()->log(m.warning ? spdlog::level::warn : spdlog::level::info, "{}", m.text);
    if (m.warning) continue;
    Status recorded = timeline.RecordConfigChange(m.text);
    if (!recorded.ok()) DetectionLogger()->error("{}", recorded.message());
  }
}

// SHA-256 over each rule file's path and bytes, in path order: which rule pack was in force.
std::string RuleFilesDigest(const std::map<std::string, std::filesystem::file_time_type>& files) {
  std::string all;
  for (const auto& [path, time] : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    all += path + '\0' + Sha256(bytes.str());
  }
  return Sha256Hex(all);
}

void LogRuleErrors(const std::vector<std::string>& errors) {
  for (const auto& e : errors) DetectionLogger()->error("{}", e);
}

int64_t MonotonicMsNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

DetectionStage::DetectionStage(const DetectionConfig& config, Timeline& timeline,
                               std::vector<std::string> sources)
    : config_(config),
      timeline_(timeline),
      store_(timeline),
      silence_(std::move(sources), WallClockNow()) {}

Result<std::unique_ptr<DetectionStage>> DetectionStage::Create(const DetectionConfig& config,
                                                               Timeline& timeline,
                                                               std::vector<std::string> sources) {
  std::unique_ptr<DetectionStage> stage(new DetectionStage(config, timeline, std::move(sources)));
  RuleLoadResult rules = LoadRuleDirectory(config.rules_dir, {config.exceptions_file});
  if (!rules.rules) {
    LogRuleErrors(rules.errors);
    return Status::Invalid("the rules in " + config.rules_dir + " are not valid (" +
                           std::to_string(rules.errors.size()) + " error(s), listed above)");
  }
  stage->rule_times_ = stage->RuleFileTimes();
  stage->RecordRulesLoaded("rules loaded", rules.rules->rules.size());
  if (config.has_context()) {
    auto context = ContextStore::Open(config.context, config.context_options);
    if (!context.ok()) return context.status();
    stage->context_ = std::move(context.value());
    LogContextMessages(*stage->context_, timeline);
  }
  stage->engine_ = std::make_unique<DetectionEngine>(rules.rules, config.settings);
  std::vector<SinkConfig> sinks = config.sinks;
  if (!config.alerts_file.empty()) {
    SinkConfig file;
    file.runner.name = "file:" + config.alerts_file;
    file.path = config.alerts_file;
    file.drain_timeout_ms = kFileDrainTimeoutMs;
    sinks.push_back(std::move(file));
  }
  auto delivery = AlertDelivery::Start(sinks, timeline);
  if (!delivery.ok()) return delivery.status();
  stage->delivery_ = std::move(delivery.value());
  DetectionLogger()->info("{} rule(s) loaded from {}", rules.rules->rules.size(), config.rules_dir);
  return stage;
}

Status DetectionStage::Recover() {
  auto state = store_.LoadDetectionState();
  if (!state.ok()) return state.status();
  if (state.value()) {
    Status s = engine_->RestoreState(*state.value());
    if (!s.ok()) return s;
  }
  std::vector<Event> events;
  uint64_t replayed = 0;
  auto context = context_ ? context_->Current() : nullptr;
  while (true) {
    Status s = timeline_.ReadEventsAfter(engine_->last_sequence(), kReplayBatch, events);
    if (!s.ok()) return s;
    if (events.empty()) break;
    TimeMicros latest_allowed = WallClockNow() + kFutureTolerance;
    for (const Event& e : events) Evaluate(e, context.get(), latest_allowed);
    replayed += events.size();
    s = Store(false);
    if (!s.ok()) return s;
  }
  if (replayed > 0) {
    DetectionLogger()->info("replayed {} event(s) committed after the last detection snapshot",
                            replayed);
  }
  Status s = Store(true);
  if (!s.ok()) return s;
  worker_ = std::thread([this] { RunWorker(); });
  return Status::Ok();
}

DetectionStage::~DetectionStage() {
  if (worker_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    wake_worker_.notify_all();
    worker_.join();
  }
}

void DetectionStage::RunWorker() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_worker_.wait(lock, [&] {
      return stopping_ || !queue_.empty() || reload_requested_ || maintain_stats_.has_value();
    });
    if (!queue_.empty()) {
      std::vector<Event> events = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      lock.unlock();
      room_or_idle_.notify_all();
      ProcessBatch(events);
      lock.lock();
      events.clear();
      spare_.push_back(std::move(events));
      busy_ = false;
      room_or_idle_.notify_all();
      continue;
    }
    if (reload_requested_) {
      reload_requested_ = false;
      busy_ = true;
      lock.unlock();
      ReloadRulesOnWorker();
      lock.lock();
      busy_ = false;
      continue;
    }
    if (maintain_stats_) {
      TimelineStats stats = std::move(*maintain_stats_);
      maintain_stats_.reset();
      busy_ = true;
      lock.unlock();
      MaintainOnWorker(MonotonicMsNow(), stats);
      lock.lock();
      busy_ = false;
      room_or_idle_.notify_all();
      continue;
    }
    if (stopping_) break;
  }
}

void DetectionStage::ProcessBatch(const std::vector<Event>& events) {
  auto context = context_ ? context_->Current() : nullptr;
  TimeMicros latest_allowed = WallClockNow() + kFutureTolerance;
  for (const Event& e : events) Evaluate(e, context.get(), latest_allowed);
  const int64_t now_ms = MonotonicMsNow();
  if (future_events_ > 0 && now_ms - last_future_warning_ms_ >= 60'000) {
    DetectionLogger()->warn(
        "{} event(s) stamped more than a day in the future were stored but "
        "not evaluated (check the sources' clocks and time zones)",
        future_events_);
    future_events_ = 0;
    last_future_warning_ms_ = now_ms;
  }
  bool snapshot_due = now_ms - last_snapshot_ms_ >= config_.snapshot_interval_ms;
  Status s = Store(snapshot_due);
  if (s.ok() && snapshot_due) last_snapshot_ms_ = now_ms;
  if (!s.ok()) DetectionLogger()->error("{} (alerts are kept and stored again)", s.message());
}

void DetectionStage::Evaluate(const Event& event, const ContextSnapshot* context,
                              TimeMicros latest_allowed) {
  if (event.ts > latest_allowed) {
    ++future_events_;
    return;
  }
  engine_->Process(event, context, pending_);
}

Status DetectionStage::Store(bool with_snapshot) {
  std::string state;
  if (with_snapshot) engine_->SaveState(state);
  if (!pending_.empty() || with_snapshot) {
    auto stored = store_.Apply(pending_, with_snapshot ? &state : nullptr,
                               with_snapshot ? &engine_->counters() : nullptr);
    if (!stored.ok()) return stored.status();
    pending_.clear();
  }
  return Status::Ok();
}

Status DetectionStage::OnCommitted(const IngestBatch& batch, int64_t /*now_ms*/) {
  std::unique_lock<std::mutex> lock(mu_);
  room_or_idle_.wait(lock, [&] { return queue_.size() < kMaxQueuedBatches; });
  std::vector<Event> events;
  if (!spare_.empty()) {
    events = std::move(spare_.back());
    spare_.pop_back();
  }
  events.assign(batch.events.begin(), batch.events.begin() + batch.event_count);
  AppendParseErrors(batch, events);
  queue_.push_back(std::move(events));
  lock.unlock();
  wake_worker_.notify_one();
  return Status::Ok();
}

void DetectionStage::AppendParseErrors(const IngestBatch& batch, std::vector<Event>& events) {
  if (batch.event_count > 0) {
    TimeMicros& last = last_event_ts_[batch.source];
    for (size_t i = 0; i < batch.event_count; ++i) last = std::max(last, batch.events[i].ts);
  }
  if (batch.dead_letters.empty()) return;
  auto last = last_event_ts_.find(batch.source);
  for (const DeadLetter& d : batch.dead_letters) {
    Event& e = events.emplace_back();
    // In event time, as the rules' windows are: where the source's events had got to.
    e.ts = last != last_event_ts_.end() ? last->second : d.received;
    e.action = "parse_error";
    e.source = d.source;
    e.user = d.user;
  }
}

std::map<std::string, std::filesystem::file_time_type> DetectionStage::RuleFileTimes() const {
  std::map<std::string, std::filesystem::file_time_type> times;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(config_.rules_dir, ec)) {
    if (entry.path().extension() == ".yaml")
      times[entry.path().string()] = entry.last_write_time(ec);
  }
  if (!config_.exceptions_file.empty() && std::filesystem::exists(config_.exceptions_file, ec))
    times[config_.exceptions_file] = std::filesystem::last_write_time(config_.exceptions_file, ec);
  return times;
}

void DetectionStage::RecordRulesLoaded(const std::string& what, size_t rules) {
  Status recorded = timeline_.RecordConfigChange(
      what + " from " + config_.rules_dir + ": " + std::to_string(rules) +
      " rule(s), rule files and exceptions sha256 " + RuleFilesDigest(rule_times_));
  if (!recorded.ok()) DetectionLogger()->error("{}", recorded.message());
}

void DetectionStage::ReloadRules() {
  delivery_->Reopen();
  {
    std::lock_guard<std::mutex> lock(mu_);
    reload_requested_ = true;
  }
  wake_worker_.notify_one();
}

void DetectionStage::ReloadRulesOnWorker() {
  rule_times_ = RuleFileTimes();
  RuleLoadResult rules = LoadRuleDirectory(config_.rules_dir, {config_.exceptions_file});
  if (!rules.rules) {
    LogRuleErrors(rules.errors);
    DetectionLogger()->error("rule reload rejected ({} error(s)); the previous rules keep running",
                             rules.errors.size());
    return;
  }
  if (rules.rules->rules.empty() && !engine_->rules().rules.empty()) {
    // An emptied or renamed rule folder would silence detection without a word.
    DetectionLogger()->warn(
        "rule reload refused: {} now holds no rule; the previous {} rule(s) keep running",
        config_.rules_dir, engine_->rules().rules.size());
    return;
  }
  engine_->ReplaceRules(rules.rules);
  DetectionLogger()->info("rules reloaded: {} rule(s)", rules.rules->rules.size());
  RecordRulesLoaded("rules reloaded", rules.rules->rules.size());
}

void DetectionStage::Maintain(int64_t /*now_ms*/) {
  // The timeline's counts are read here, on the thread that commits (Timeline::Stats is not
  // for another thread while commits run), and handed to the worker.
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!worker_.joinable()) return;
    maintain_stats_ = timeline_.Stats();
  }
  wake_worker_.notify_one();
}

void DetectionStage::MaintainOnWorker(int64_t now_ms, const TimelineStats& stats) {
  if (now_ms - last_reload_check_ms_ >= config_.reload_check_ms) {
    last_reload_check_ms_ = now_ms;
    std::vector<AlertChange> silent;
    silence_.Check(engine_->rules(), stats, WallClockNow(), config_.settings, silent);
    bool raised = false;
    for (auto& change : silent) {
      if (silence_raised_.insert(change.alert.alert_id).second) {
        DetectionLogger()->warn("{}", change.alert.summary);
        pending_.push_back(std::move(change));
        raised = true;
      }
    }
    if (raised) {
      Status s = Store(false);
      if (!s.ok()) DetectionLogger()->error("{}", s.message());
    }
    if (RuleFileTimes() != rule_times_) ReloadRulesOnWorker();
    if (context_) {
      context_->Poll();
      LogContextMessages(*context_, timeline_);
    }
  }
  if (now_ms - last_snapshot_ms_ >= config_.snapshot_interval_ms) {
    Status s = Store(true);
    if (s.ok()) {
      last_snapshot_ms_ = now_ms;
    } else {
      DetectionLogger()->error("{}", s.message());
    }
  }
}

Status DetectionStage::Finish() {
  if (worker_.joinable()) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      room_or_idle_.wait(lock, [&] { return queue_.empty() && !busy_; });
      stopping_ = true;
    }
    wake_worker_.notify_all();
    worker_.join();
  }
  Status stored = Store(true);  // the worker has stopped: this thread owns the stage now
  delivery_->DrainAndStop();
  return stored;
}

}  // namespace phi
