// Alerts in the timeline database, event-sourced: every change to an alert (created, grew,
// acknowledged, assigned, noted, resolved, reopened) is one record appended to the alert log
// (what sinks read, each from its own cursor), written in one atomic batch with the alert's
// current state (the fold of its records, kept by id so that it is read in one look-up), the
// creation order (for listing) and, from detection, the engine's snapshot and checkpoint.
// Replaying events after a crash re-derives alerts with the same ids; the store drops any change
// it already holds, so nothing is stored or sent twice.
// Thread-safety: reads from any thread; appends (Apply, Triage) from any thread, serialised
// within the process, so detection's worker and a reviewer's change never take one position.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "daemon/alerts/alert_filter.hpp"
#include "daemon/alerts/alert_record.hpp"
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
  // The alert log: up to `limit` records after position `after`, oldest first.
  Result<std::vector<AlertRecord>> ReadRecords(uint64_t after, size_t limit) const;
  // About how many bytes the records after `position` take (a sink's backlog).
  Result<uint64_t> ApproximateBytesAfter(uint64_t position) const;
  // The position of the newest record (0: none yet).
  Result<uint64_t> LastPosition() const;
  // Waits until a record is appended in this process, `stop` is set (then WakeWaiters()), or
  // `timeout` passes (callers read the log to see). WakeWaiters() wakes every waiter now.
  static void WaitForAppend(std::chrono::milliseconds timeout, const std::atomic<bool>& stop);
  static void WakeWaiters();

 private:
  Timeline& timeline_;

  Result<uint64_t> NextPosition() const;
  // The record of a change, appended to `writes`; `next` is the record's position, advanced.
  static void AppendRecord(AlertRecord record, uint64_t& next, std::vector<AuxWrite>& writes);
};

}  // namespace phi
