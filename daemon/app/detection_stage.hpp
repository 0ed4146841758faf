// The detection stage of the daemon: feeds every committed batch to the engine in timeline
// order, stores new and updated alerts with the engine's periodic snapshot, writes the alert
// sink, reloads rules and context feeds when they change (a rule set that fails validation is
// rejected and the old one keeps running), and after a restart or crash replays the events
// committed since the last snapshot so that no alert is missed or doubled.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "daemon/alerts/alert_store.hpp"
#include "daemon/alerts/jsonl_alert_sink.hpp"
#include "daemon/app/source_silence_watch.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/context/context_store.hpp"
#include "daemon/detection/detection_engine.hpp"
#include "daemon/event/ingest_batch.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

class DetectionStage {
 public:
  // `sources` are the configured source names, watched by `silence` rules.
  static Result<std::unique_ptr<DetectionStage>> Create(const DetectionConfig& config,
                                                        Timeline& timeline,
                                                        std::vector<std::string> sources);

  // Restores the last snapshot and replays the events committed after it.
  Status Recover();
  // REQUIRES: the batch was committed (its events carry their sequence numbers).
  Status OnCommitted(const IngestBatch& batch, int64_t now_ms);
  // Periodic work: reload rules and feeds that changed, store a snapshot when one is due.
  void Maintain(int64_t now_ms);
  // Reloads the rules now (SIGHUP).
  void ReloadRules();
  // Stores a final snapshot and flushes the sink (stop, end of --once).
  Status Finish();

  const DetectionCounters& counters() const { return engine_->counters(); }

 private:
  DetectionStage(const DetectionConfig& config, Timeline& timeline,
                 std::vector<std::string> sources);
  Status Store(bool with_snapshot);
  // Events stamped after `latest_allowed` (the wall clock plus a tolerance) are not evaluated.
  void Evaluate(const Event& event, const ContextSnapshot* context, TimeMicros latest_allowed);
  std::map<std::string, std::filesystem::file_time_type> RuleFileTimes() const;

  DetectionConfig config_;
  Timeline& timeline_;
  AlertStore store_;
  std::unique_ptr<JsonlAlertSink> sink_;
  std::unique_ptr<ContextStore> context_;
  std::unique_ptr<DetectionEngine> engine_;
  SourceSilenceWatch silence_;
  std::set<std::string> silence_raised_;  // alert ids of silent spells already stored
  std::vector<AlertChange> pending_;      // derived but not stored yet
  std::map<std::string, std::filesystem::file_time_type> rule_times_;
  int64_t last_snapshot_ms_ = 0;
  uint64_t future_events_ = 0;  // skipped since the last warning
  int64_t last_future_warning_ms_ = -60'000;
  int64_t last_reload_check_ms_ = 0;
};

}  // namespace phi
