// Alerts in the timeline database: each alert by id (its latest state), a log of creations in
// order (what sinks read), and the detection engine's snapshot with its checkpoint, all written
// in one atomic batch. Replaying events after a crash re-derives alerts with the same ids; the
// store drops any change it already holds, so nothing is stored or sent twice.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "daemon/alerts/alert_filter.hpp"
#include "daemon/common/status.hpp"
#include "daemon/detection/detection_engine.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

// One change a person made to an alert, as `alerts show` lists them.
struct AlertTriageRecord {
  TimeMicros at = 0;
  std::string by;    // the OS user the daemon saw on its control socket
  std::string kind;  // acknowledged, assigned, noted, resolved, reopened
  std::string text;  // the assignee, the resolution or the note
  std::string note;  // a note given with the change (ack, resolve, reopen)
};

class AlertStore {
 public:
  explicit AlertStore(Timeline& timeline) : timeline_(timeline) {}

  // Loads the log position. REQUIRES: before Apply().
  Status Open();

  // Stores the changes not stored yet and, when `state` is given, the engine's snapshot.
  // Returns how many changes were new.
  // The counters go with the snapshot, for `phi-auditctl stats`.
  Result<size_t> Apply(const std::vector<AlertChange>& changes, const std::string* state,
                       const DetectionCounters* counters = nullptr);
  Result<std::optional<DetectionCounters>> LoadCounters() const;

  Result<std::optional<std::string>> LoadDetectionState() const;
  // The alert as detection left it, with its triage state (status, assignee, resolution).
  Result<std::optional<Alert>> Find(const std::string& alert_id) const;

  // A reviewer's change: `kind` acknowledged (open only), assigned (`text`: to whom), noted
  // (`text`: the note), resolved (`text`: true_positive, false_positive or benign) or reopened
  // (resolved only). Appends a record and updates the alert's triage state in one write; an
  // Invalid status says why a change does not apply. REQUIRES: the timeline's writer thread.
  Status Triage(const std::string& alert_id, const std::string& kind, const std::string& by,
                const std::string& text, const std::string& note, TimeMicros now);
  // Every triage change of an alert, oldest first.
  Result<std::vector<AlertTriageRecord>> History(const std::string& alert_id) const;
  // Newest first by creation: the first `limit` that match `filter` (all of the log is read
  // when fewer match).
  Result<std::vector<Alert>> List(size_t limit, const AlertFilter& filter = {}) const;
  // Log entries (creation order) after position `after`: (position, alert).
  Result<std::vector<std::pair<uint64_t, Alert>>> ReadLog(uint64_t after, size_t limit) const;
  uint64_t log_size() const { return next_log_ - 1; }

 private:
  Timeline& timeline_;
  uint64_t next_log_ = 1;
};

}  // namespace phi
