// The ingest pipeline: polls every file source, commits each batch of events, dead letters and
// read positions to the timeline in one write, and tells the operator what happened (rate-
// limited, without PHI). Single-threaded by design: it runs on the daemon's Asio thread (or in
// a plain loop for --once), so a batch is never half-committed when a stop is requested.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "collectors/tail/file_source.hpp"
#include "daemon/app/chain_keeper.hpp"
#include "daemon/app/data_dir_lock.hpp"
#include "daemon/app/detection_stage.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

struct SourceProgress {
  std::string source;
  uint64_t bytes = 0;
  uint64_t events = 0;
  uint64_t dead_letters = 0;
  uint64_t pending_bytes = 0;
  double seconds = 0;  // time spent polling and committing this source
};

class IngestPipeline {
 public:
  static Result<std::unique_ptr<IngestPipeline>> Create(const DaemonConfig& config);
  ~IngestPipeline();

  // Polls every source once, committing as it goes. Returns true when a source filled a batch
  // (more is waiting: poll again soon). `end_of_input`: batch mode, read everything there is.
  Result<bool> PollOnce(bool end_of_input);

  // Stores the detection snapshot, flushes alert sinks and writes every timeline memtable to
  // disk (stop, end of --once), so neither the next start nor a reader replays any log.
  Status Finish();
  // Starts a background flush of the timeline when writes are waiting and none came for
  // kIdleFlushMs, or the oldest has waited kMaxUnflushedMs: a reader (phi-auditctl, a new
  // process each time) then finds almost no write-ahead log to replay. Cheap; call often.
  // Checks first that the timeline is still in place (as PollOnce does, with the same
  // Corruption status): a flush into a removed directory fails, and RocksDB asserts when it
  // retries one. A failed flush is not retried until new writes come.
  Status FlushWhenIdle(int64_t now_ms);
  static constexpr int64_t kIdleFlushMs = 1'000;
  static constexpr int64_t kMaxUnflushedMs = 30'000;
  // Reloads the rules now (SIGHUP).
  void ReloadRules();

  std::vector<SourceProgress> Progress() const;
  Timeline& timeline() { return *timeline_; }
  // The context detection holds now (null when detection or its feeds are off); any thread.
  std::shared_ptr<const ContextSnapshot> context() const {
    return detection_ ? detection_->context() : nullptr;
  }

 private:
  struct SourceState;
  IngestPipeline() = default;
  // `stop_after`: read no further than the first event stamped later (see FileSource::Poll).
  Result<bool> PollSource(SourceState& state, bool end_of_input, size_t limit,
                          TimeMicros stop_after = INT64_MAX);
  void Report(SourceState& state, const IngestBatch& batch);
  // An error once data_dir/timeline was deleted or replaced under the daemon (checked every
  // few seconds): writing on into an unlinked database would lose everything.
  // `now_not_later`: look now, whenever it was last done. Once lost, always the same error.
  Status CheckTimelineInPlace(bool now_not_later = false);
  Status TimelineStillInPlace() const;

  DaemonConfig config_;
  std::unique_ptr<DataDirLock> data_dir_lock_;  // released last: after the timeline closes
  std::unique_ptr<Timeline> timeline_;
  std::unique_ptr<DetectionStage> detection_;  // null when detection is off
  std::unique_ptr<ChainKeeper> chain_keeper_;
  std::vector<std::unique_ptr<SourceState>> sources_;
  std::unique_ptr<SourceState> reads_;  // phi-auditctl's reads of PHI (kReadAuditSource)
  int64_t reads_polled_ms_ = 0;
  // Every source, the reads included.
  std::vector<SourceState*> AllSources();
  // Reads phi-auditctl's recorded reads, at most once a poll interval unless at the end.
  Status PollReads(bool end_of_input);
  IngestBatch batch_;
  uint64_t timeline_device_ = 0, timeline_inode_ = 0;
  int64_t timeline_checked_ms_ = 0;
  Status timeline_lost_;
  // FlushWhenIdle: the write count last seen, when it last changed, when writes began to wait.
  uint64_t unflushed_seen_ = 0;
  bool flush_failed_ = false;
  int64_t last_write_ms_ = 0, unflushed_since_ms_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace phi
