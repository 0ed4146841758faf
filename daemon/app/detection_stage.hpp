// The detection stage of the daemon: feeds every committed batch to the engine in timeline
// order, stores new and updated alerts with the engine's periodic snapshot, writes the alert
// sinks (each on its own thread, from its own cursor), reloads rules and context feeds when they
// change (a rule set that fails validation is rejected and the old one keeps running), and after a
// restart or crash replays the events committed since the last snapshot so that no alert is missed
// or doubled. Threading: detection runs on a worker thread of its own, fed committed batches
// through a small bounded queue, so ingest (parse, commit) and detection overlap on two cores; when
// the queue is full the ingest thread waits (back-pressure, nothing dropped). The public methods
// are called by the ingest thread; everything that touches the engine, the store, the sink or
// the context store runs on the worker (Recover and the final store of Finish excepted, which
// run while the worker is not).
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "daemon/alerts/alert_store.hpp"
#include "daemon/app/source_silence_watch.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/context/context_store.hpp"
#include "daemon/detection/detection_engine.hpp"
#include "daemon/event/ingest_batch.hpp"
#include "daemon/sinks/alert_delivery.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

class DetectionStage {
 public:
  // `sources` are the configured source names, watched by `silence` rules.
  static Result<std::unique_ptr<DetectionStage>> Create(const DetectionConfig& config,
                                                        Timeline& timeline,
                                                        std::vector<std::string> sources);

  ~DetectionStage();

  // Restores the last snapshot, replays the events committed after it, then starts the worker.
  Status Recover();
  // Hands a committed batch to the worker (waits while the queue is full).
  // REQUIRES: the batch was committed (its events carry their sequence numbers).
  Status OnCommitted(const IngestBatch& batch, int64_t now_ms);
  // Periodic work, done by the worker: reload rules and feeds that changed, watch for silent
  // sources (with the timeline's counts as of now), store a snapshot when one is due.
  void Maintain(int64_t now_ms);
  // The context now in force (null without feeds); any thread.
  std::shared_ptr<const ContextSnapshot> context() const {
    return context_ ? context_->Current() : nullptr;
  }
  // Reloads the rules now and reopens the sinks' files (SIGHUP).
  void ReloadRules();
  // Waits for the queued batches, stops the worker, stores a final snapshot and drains the
  // sinks (stop, end of --once).
  Status Finish();

 private:
  DetectionStage(const DetectionConfig& config, Timeline& timeline,
                 std::vector<std::string> sources);
  Status Store(bool with_snapshot);
  void RunWorker();
  void ProcessBatch(const std::vector<Event>& events);
  // Rules see a record that did not parse as an event with action `parse_error` and its
  // source; it is never stored (sequence 0), so it is not replayed after a crash.
  void AppendParseErrors(const IngestBatch& batch, std::vector<Event>& events);
  void MaintainOnWorker(int64_t now_ms, const TimelineStats& stats);
  void ReloadRulesOnWorker();
  // A link in the hash chain naming the rule pack now in force (its files' digest).
  void RecordRulesLoaded(const std::string& what, size_t rules);
  // Events stamped after `latest_allowed` (the wall clock plus a tolerance) are not evaluated.
  void Evaluate(const Event& event, const ContextSnapshot* context, TimeMicros latest_allowed);
  std::map<std::string, std::filesystem::file_time_type> RuleFileTimes() const;

  DetectionConfig config_;
  Timeline& timeline_;
  AlertStore store_;
  std::unique_ptr<AlertDelivery> delivery_;
  std::unique_ptr<ContextStore> context_;
  std::unique_ptr<DetectionEngine> engine_;
  SourceSilenceWatch silence_;
  std::set<std::string> silence_raised_;             // alert ids of silent spells already stored
  std::vector<AlertChange> pending_;                 // derived but not stored yet
  std::map<std::string, TimeMicros> last_event_ts_;  // newest event time by source (ingest thread)
  std::map<std::string, std::filesystem::file_time_type> rule_times_;
  int64_t last_snapshot_ms_ = 0;
  uint64_t future_events_ = 0;  // skipped since the last warning
  int64_t last_future_warning_ms_ = -60'000;
  int64_t last_reload_check_ms_ = 0;

  // The queue between the ingest thread and the worker.
  static constexpr size_t kMaxQueuedBatches = 4;
  std::thread worker_;
  std::mutex mu_;
  std::condition_variable wake_worker_;          // work queued, a request, or stopping
  std::condition_variable room_or_idle_;         // a batch taken, or the worker idle
  std::deque<std::vector<Event>> queue_;         // GUARDED_BY(mu_)
  std::vector<std::vector<Event>> spare_;        // GUARDED_BY(mu_): reused buffers
  bool busy_ = false;                            // GUARDED_BY(mu_)
  bool stopping_ = false;                        // GUARDED_BY(mu_)
  bool reload_requested_ = false;                // GUARDED_BY(mu_)
  std::optional<TimelineStats> maintain_stats_;  // GUARDED_BY(mu_): a Maintain request
};

}  // namespace phi
