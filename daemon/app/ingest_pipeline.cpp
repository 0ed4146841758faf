#include "daemon/app/ingest_pipeline.hpp"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "daemon/app/loggers.hpp"
#include "daemon/common/trusted_file.hpp"

namespace phi {
namespace {

int64_t MonotonicMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

constexpr int64_t kDeadLetterWarningIntervalMs = 60'000;
constexpr size_t kMergeBatch = 512;
// How far past the next source in event time one source may be read ahead.
constexpr TimeMicros kMergeSlack = 5 * 60 * kMicrosPerSecond;
constexpr int64_t kMaxHoldMs = 500;

// The keys a timeline is sealed with: the key file is created with a new timeline when
// encryption at rest is on, and never for an existing one (a new key would not open it); an
// existing key file is read whatever the setting (a sealed timeline stays sealed).
Result<std::shared_ptr<const AtRestKeyRing>> AtRestKeys(const DaemonConfig& config,
                                                        bool timeline_exists) {
  const std::string& path = config.integrity.at_rest_key;
  if (config.integrity.encrypt_at_rest && !timeline_exists) {
    auto keys = AtRestKeyRing::LoadOrCreate(path);
    if (!keys.ok()) return keys.status();
    return std::make_shared<const AtRestKeyRing>(std::move(keys.value()));
  }
  if (!timeline_exists) return std::shared_ptr<const AtRestKeyRing>();
  auto keys = AtRestKeyRing::Load(path);
  if (!keys.ok() && keys.status().code() == Status::Code::kNotFound)
    return std::shared_ptr<const AtRestKeyRing>();
  if (!keys.ok()) return keys.status();
  return std::make_shared<const AtRestKeyRing>(std::move(keys.value()));
}

}  // namespace

struct IngestPipeline::SourceState {
  std::unique_ptr<FileSource> source;
  SourceProgress progress;
  TimeMicros newest_event = INT64_MIN;  // latest event time committed from this source
  TimeMicros held_back = INT64_MAX;     // an event read and held back for the merge, if any
  int64_t held_since_ms = 0;            // when it was held back (monotonic)
  // Where the source stands in event time: the event it holds back, else its latest.
  TimeMicros position() const { return held_back != INT64_MAX ? held_back : newest_event; }
  bool drained = false;  // the last poll reached the end of its files
  int64_t drained_at_ms = 0;
  // Dead letters since the last warning, and what the newest one was about.
  uint64_t unreported_dead_letters = 0;
  std::string latest_dead_letter;
  int64_t last_dead_letter_warning_ms = -kDeadLetterWarningIntervalMs;
};

IngestPipeline::~IngestPipeline() = default;

Result<std::unique_ptr<IngestPipeline>> IngestPipeline::Create(const DaemonConfig& config) {
  std::unique_ptr<IngestPipeline> p(new IngestPipeline());
  p->config_ = config;
  // phi-auditctl's reads of PHI (daemon/ctl/read_audit.hpp) are one more source, always there.
  std::vector<SourceConfig> sources = config.sources;
  for (const auto& sc : sources) {
    if (sc.tail.source == kReadAuditSource)
      return Status::Invalid(config.config_path + ": the source name '" + kReadAuditSource +
                             "' is the daemon's own (phi-auditctl's reads); choose another");
  }
  SourceConfig reads;
  reads.tail.source = kReadAuditSource;
  reads.tail.paths = {DaemonConfig::read_audit_path(config.data_dir)};
  reads.parser.format = "phi-json";
  sources.push_back(std::move(reads));
  for (const auto& sc : sources) {
    auto factory = MakeParserFactory(sc.parser);
    if (!factory.ok()) {
      return Status::Invalid(config.config_path + ": source '" + sc.tail.source +
                             "': " + factory.status().message());
    }
    auto state = std::make_unique<SourceState>();
    state->source = std::make_unique<FileSource>(sc.tail, factory.value());
    state->progress.source = sc.tail.source;
    // The reads are polled beside the merge of the configured sources (PollReads), so that a
    // file of a few lines a day never holds up or reorders the others.
    if (sc.tail.source == kReadAuditSource) {
      p->reads_ = std::move(state);
    } else {
      p->sources_.push_back(std::move(state));
    }
  }
  // Whoever can write into data_dir can rewrite the timeline: refuse one that others can.
  Status trusted = CheckDataDirectory(config.data_dir);
  if (!trusted.ok()) return trusted;
  std::error_code created;  // with its parents; the daemon's umask (027) makes it 0750
  std::filesystem::create_directories(config.data_dir, created);
  if (created) {
    return Status::IoError("cannot create data_dir " + config.data_dir + ": " + created.message());
  }
  auto lock = DataDirLock::Acquire(config.data_dir);
  if (!lock.ok()) return lock.status();
  p->data_dir_lock_ = std::move(lock.value());
  // A timeline that existed once and is gone now was deleted: starting an empty one would
  // read every source again from its first byte. The marker says one existed.
  const std::string marker = config.data_dir + "/timeline-created";
  const bool existed = ::access(marker.c_str(), F_OK) == 0;
  if (existed && ::access((config.timeline.path + "/CURRENT").c_str(), F_OK) != 0) {
    return Status::Corruption(
        "the timeline " + config.timeline.path +
        " is missing, but one was created in this data_dir: restore it from a backup; to start "
        "a new, empty timeline that reads every source again from the beginning, remove " +
        marker);
  }
  TimelineOptions timeline_options = config.timeline;
  auto keys = AtRestKeys(config, ::access((config.timeline.path + "/CURRENT").c_str(), F_OK) == 0);
  if (!keys.ok()) return keys.status();
  timeline_options.at_rest_keys = std::move(keys.value());
  auto timeline = Timeline::Open(timeline_options);
  if (!timeline.ok() && timeline.status().code() == Status::Code::kPermissionDenied &&
      !timeline_options.at_rest_keys) {
    return Status::PermissionDenied(timeline.status().message() + ": the key file " +
                                    config.integrity.at_rest_key +
                                    " is missing (restore it from where it was kept)");
  }
  if (!timeline.ok()) return timeline.status();
  p->timeline_ = std::move(timeline.value());
  if (config.integrity.encrypt_at_rest && !p->timeline_->Stats().encrypted_at_rest) {
    TimelineLogger()->warn(
        "timeline {} was created without encryption at rest and stays in clear: a timeline is "
        "sealed from its creation (docs/encryption-at-rest.md)",
        config.timeline.path);
  }
  if (!existed) {
    int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
    if (fd < 0) return Status::IoError("cannot write " + marker + ": " + std::strerror(errno));
    ::fsync(fd);
    ::close(fd);
  }
  struct stat st {};
  if (::stat(config.timeline.path.c_str(), &st) == 0) {
    p->timeline_device_ = static_cast<uint64_t>(st.st_dev);
    p->timeline_inode_ = static_cast<uint64_t>(st.st_ino);
  }
  p->timeline_checked_ms_ = MonotonicMs();
  auto keeper = ChainKeeper::Start(config, *p->timeline_);
  if (!keeper.ok()) return keeper.status();
  p->chain_keeper_ = std::move(keeper.value());
  if (config.detection.enabled()) {
    std::vector<std::string> names;
    for (const auto& sc : config.sources) names.push_back(sc.tail.source);
    auto detection = DetectionStage::Create(config.detection, *p->timeline_, std::move(names));
    if (!detection.ok()) return detection.status();
    p->detection_ = std::move(detection.value());
    Status recovered = p->detection_->Recover();
    if (!recovered.ok()) return recovered;
  }
  for (auto* s : p->AllSources()) {
    auto saved = p->timeline_->Checkpoints(TailCheckpointPrefix(s->source->name()));
    if (!saved.ok()) return saved.status();
    s->source->Restore(saved.value());
  }
  return p;
}

void IngestPipeline::Report(SourceState& state, const IngestBatch& batch) {
  auto log = TailLogger();
  for (const auto& n : state.source->TakeNotices()) {
    switch (n.kind) {
      case SourceNotice::Kind::kPermissionDenied:
      case SourceNotice::Kind::kReadError:
        log->error("source {}: {}", state.source->name(), n.message);
        break;
      case SourceNotice::Kind::kTruncated:
        log->warn("source {}: {}", state.source->name(), n.message);
        break;
      default:
        log->info("source {}: {}", state.source->name(), n.message);
    }
  }
  if (!batch.dead_letters.empty()) {
    const DeadLetter& d = batch.dead_letters.back();
    state.unreported_dead_letters += batch.dead_letters.size();
    state.latest_dead_letter = d.path + " line " + std::to_string(d.line) + ", byte " +
                               std::to_string(d.offset) + ": " + d.reason;
  }
  int64_t now = MonotonicMs();
  if (state.unreported_dead_letters > 0 &&
      now - state.last_dead_letter_warning_ms >= kDeadLetterWarningIntervalMs) {
    log->warn(
        "source {}: {} record(s) did not parse and went to the dead-letter store (latest: {})",
        state.source->name(), state.unreported_dead_letters, state.latest_dead_letter);
    state.unreported_dead_letters = 0;
    state.last_dead_letter_warning_ms = now;
  }
}

Result<bool> IngestPipeline::PollSource(SourceState& state, bool end_of_input, size_t limit,
                                        TimeMicros stop_after) {
  auto start = std::chrono::steady_clock::now();
  batch_.Reset();
  PollStats stats =
      state.source->Poll(batch_, limit, MonotonicMs(), WallClockNow(), end_of_input, stop_after);
  if (stats.held_back != INT64_MAX && state.held_back == INT64_MAX)
    state.held_since_ms = MonotonicMs();
  state.held_back = stats.held_back;
  TimeMicros received = WallClockNow();
  MarkImplausibleTimes(batch_, received, config_.plausible_time);
  Status committed = timeline_->Commit(batch_, received);
  if (!committed.ok()) {
    state.source->Rewind();
    state.source->TakeNotices();
    return committed;
  }
  state.source->Committed();
  if (detection_ && (batch_.event_count > 0 || !batch_.dead_letters.empty())) {
    Status detected = detection_->OnCommitted(batch_, MonotonicMs());
    if (!detected.ok())
      DetectionLogger()->error("{} (alerts are kept and stored again)", detected.message());
  }
  state.progress.bytes += stats.bytes;
  state.progress.events += batch_.event_count;
  state.progress.dead_letters += batch_.dead_letters.size();
  for (size_t i = 0; i < batch_.event_count; ++i) {
    // A source's position in the merge is its latest believable time: one event dated 2099
    // must not make it look ahead of the others for good.
    if (!batch_.events[i].implausible_time)
      state.newest_event = std::max(state.newest_event, batch_.events[i].ts);
  }
  state.progress.seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Report(state, batch_);
  return stats.batch_full;
}

Status IngestPipeline::CheckTimelineInPlace(bool now_not_later) {
  constexpr int64_t kCheckIntervalMs = 5'000;
  if (!timeline_lost_.ok()) return timeline_lost_;
  const int64_t now = MonotonicMs();
  if (!now_not_later && now - timeline_checked_ms_ < kCheckIntervalMs) return Status::Ok();
  timeline_checked_ms_ = now;
  timeline_lost_ = TimelineStillInPlace();
  // Not another byte into it, and no close that would purge files from the path's new owner.
  if (!timeline_lost_.ok()) timeline_->Abandon();
  return timeline_lost_;
}

Status IngestPipeline::TimelineStillInPlace() const {
  struct stat st {};
  const std::string& path = config_.timeline.path;
  // The directory, and the file that names its current state (gone first under `rm -r`).
  if (::stat(path.c_str(), &st) != 0 || ::access((path + "/CURRENT").c_str(), F_OK) != 0) {
    return Status::Corruption("the timeline " + path + " was removed while the daemon ran (" +
                              std::strerror(errno) +
                              "); stopping: restore it from a backup before starting again");
  }
  if (static_cast<uint64_t>(st.st_dev) != timeline_device_ ||
      static_cast<uint64_t>(st.st_ino) != timeline_inode_) {
    return Status::Corruption("the timeline " + path +
                              " was replaced by another directory while the daemon ran; "
                              "stopping: find out who replaced it before starting again");
  }
  return Status::Ok();
}

std::vector<IngestPipeline::SourceState*> IngestPipeline::AllSources() {
  std::vector<SourceState*> all;
  for (auto& s : sources_) all.push_back(s.get());
  all.push_back(reads_.get());
  return all;
}

Status IngestPipeline::PollReads(bool end_of_input) {
  const int64_t now = MonotonicMs();
  if (!end_of_input && now - reads_polled_ms_ < config_.poll_interval_ms) return Status::Ok();
  reads_polled_ms_ = now;
  for (;;) {
    auto more = PollSource(*reads_, end_of_input, config_.batch_events);
    if (!more.ok()) return more.status();
    if (!more.value()) return Status::Ok();
  }
}

Result<bool> IngestPipeline::PollOnce(bool end_of_input) {
  Status in_place = CheckTimelineInPlace();
  if (!in_place.ok()) return in_place;
  Status reads = PollReads(end_of_input);
  if (!reads.ok()) return reads;
  if (sources_.size() > 1) {
    // Several sources: read from the one furthest behind in event time, a small batch at a
    // time, so detection sees the sources merged in (nearly) time order even when one has a
    // backlog. A round ends when every source has reached the end of its files. While the
    // daemon follows live files, a source that reached its end is polled again after one poll
    // interval even if another is still catching up, so a long backfill never starves it.
    int64_t now = MonotonicMs();
    for (auto& s : sources_) {
      if (!end_of_input && s->drained && now - s->drained_at_ms >= config_.poll_interval_ms) {
        s->drained = false;
      }
    }
    SourceState* behind = nullptr;
    for (auto& s : sources_) {
      if (!s->drained && (!behind || s->position() < behind->position())) behind = s.get();
    }
    // ...and no further than a little past the next source in event time: a sparse source
    // (a few rows a day) must not hand detection a fortnight at once. While following live
    // files, an event is held back a moment at most: a source far behind (a backlog being
    // read) must not hold up the others' live events.
    bool release = false;
    if (!end_of_input) {
      for (auto& s : sources_) {
        if (s->held_back != INT64_MAX && now - s->held_since_ms >= kMaxHoldMs) {
          behind = s.get();
          release = true;
          break;
        }
      }
    }
    if (behind) {
      TimeMicros horizon = INT64_MAX;
      for (auto& s : sources_) {
        if (!release && s.get() != behind && !s->drained)
          horizon = std::min(horizon, s->position());
      }
      if (horizon != INT64_MAX && horizon != INT64_MIN) horizon += kMergeSlack;
      if (release) horizon = behind->held_back;  // let the held event go, and hold the next
      auto r = PollSource(*behind, end_of_input,
                          std::min<size_t>(config_.batch_events, kMergeBatch), horizon);
      if (!r.ok()) return r.status();
      behind->drained = !r.value();
      behind->drained_at_ms = now;
    }
    if (detection_) detection_->Maintain(MonotonicMs());
    chain_keeper_->Maintain(MonotonicMs());
    bool more =
        std::any_of(sources_.begin(), sources_.end(), [](const auto& s) { return !s->drained; });
    if (!more) {
      for (auto& s : sources_) s->drained = false;  // the next round polls everything again
    }
    return more;
  }
  bool more = false;
  for (auto& s : sources_) {
    auto r = PollSource(*s, end_of_input, config_.batch_events);
    if (!r.ok()) return r.status();
    more = more || r.value();
  }
  if (detection_) detection_->Maintain(MonotonicMs());
  chain_keeper_->Maintain(MonotonicMs());
  return more;
}

Status IngestPipeline::Finish() {
  // Reads recorded up to the stop are in the timeline before it closes.
  Status reads = PollReads(true);
  if (!reads.ok()) TailLogger()->error("{}", reads.message());
  Status detection = detection_ ? detection_->Finish() : Status::Ok();
  Status signed_end = chain_keeper_->Finish();
  Status flushed = timeline_->Flush();
  if (!detection.ok()) return detection;
  return signed_end.ok() ? flushed : signed_end;
}

Status IngestPipeline::FlushWhenIdle(int64_t now_ms) {
  const uint64_t writes = timeline_->unflushed_writes();
  if (writes == 0) {
    unflushed_seen_ = 0;
    return Status::Ok();
  }
  if (unflushed_seen_ == 0) unflushed_since_ms_ = now_ms;
  if (writes != unflushed_seen_) {
    unflushed_seen_ = writes;
    last_write_ms_ = now_ms;
    flush_failed_ = false;
  }
  if (flush_failed_) return Status::Ok();
  if (now_ms - last_write_ms_ < kIdleFlushMs && now_ms - unflushed_since_ms_ < kMaxUnflushedMs)
    return Status::Ok();
  Status in_place = CheckTimelineInPlace(true);
  if (!in_place.ok()) return in_place;
  Status s = timeline_->StartFlush();
  if (!s.ok()) {
    TimelineLogger()->warn("{} (tried again after the next write)", s.message());
    flush_failed_ = true;
    return Status::Ok();
  }
  unflushed_seen_ = 0;
  return Status::Ok();
}

void IngestPipeline::ReloadRules() {
  if (detection_) detection_->ReloadRules();
}

std::vector<SourceProgress> IngestPipeline::Progress() const {
  std::vector<SourceProgress> out;
  for (const auto& s : sources_) {
    SourceProgress p = s->progress;
    p.pending_bytes = s->source->PendingBytes();
    out.push_back(p);
  }
  return out;
}

}  // namespace phi
